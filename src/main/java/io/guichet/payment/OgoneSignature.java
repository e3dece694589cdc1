package io.guichet.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ogone (Ingenico e-Commerce) message signatures. SHA-IN signs what the shop sends: every parameter
 * with a value, names in upper case, sorted alphabetically, each written {@code NAME=value}
 * followed by the pass phrase, hashed and written in upper-case hex. SHA-OUT signs what the
 * provider sends back (the browser redirect and the server-to-server notification) the same way,
 * over a fixed list of feedback parameters only.
 */
public final class OgoneSignature {
  /** The feedback parameters covered by SHA-OUT (Ogone's list; others are not signed). */
  public static final Set<String> SHA_OUT_PARAMETERS =
      Set.of(
          "AAVADDRESS",
          "AAVCHECK",
          "AAVMAIL",
          "AAVNAME",
          "AAVPHONE",
          "AAVZIP",
          "ACCEPTANCE",
          "ALIAS",
          "AMOUNT",
          "BIC",
          "BIN",
          "BRAND",
          "CARDNO",
          "CCCTY",
          "CN",
          "COLLECTOR_BIC",
          "COLLECTOR_IBAN",
          "COMPLUS",
          "CREATION_STATUS",
          "CREDITDEBIT",
          "CURRENCY",
          "CVCCHECK",
          "DCC_COMMPERCENTAGE",
          "DCC_CONVAMOUNT",
          "DCC_CONVCCY",
          "DCC_EXCHRATE",
          "DCC_EXCHRATESOURCE",
          "DCC_EXCHRATETS",
          "DCC_INDICATOR",
          "DCC_MARGINPERCENTAGE",
          "DCC_VALIDHOURS",
          "DEVICEID",
          "DIGESTCARDNO",
          "ECI",
          "ED",
          "EMAIL",
          "ENCCARDNO",
          "FXAMOUNT",
          "FXCURRENCY",
          "IP",
          "IPCTY",
          "MANDATEID",
          "MOBILEMODE",
          "NBREMAILUSAGE",
          "NBRIPUSAGE",
          "NBRIPUSAGE_ALLTX",
          "NBRUSAGE",
          "NCERROR",
          "ORDERID",
          "PAYID",
          "PAYIDSUB",
          "PAYMENT_REFERENCE",
          "PM",
          "SCO_CATEGORY",
          "SCORING",
          "SEQUENCETYPE",
          "SIGNDATE",
          "STATUS",
          "SUBBRAND",
          "SUBSCRIPTION_ID",
          "TICKET",
          "TRXDATE",
          "VC");

  /** The hash algorithms an Ogone account can be set to. */
  public enum Algorithm {
    SHA1("SHA-1"),
    SHA256("SHA-256"),
    SHA512("SHA-512");

    private final String jdkName;

    Algorithm(String jdkName) {
      this.jdkName = jdkName;
    }

    public static Algorithm parse(String name) {
      return switch (name.toUpperCase(Locale.ROOT).replace("-", "")) {
        case "SHA1" -> SHA1;
        case "SHA256" -> SHA256;
        case "SHA512" -> SHA512;
        default -> throw new IllegalArgumentException("unknown hash algorithm " + name);
      };
    }
  }

  private OgoneSignature() {}

  /** SHA-IN: over every parameter with a value but SHASIGN itself. */
  public static String shaIn(Map<String, String> params, String passphrase, Algorithm algorithm) {
    return sign(params, passphrase, algorithm, null);
  }

  /** SHA-OUT: over the feedback parameters of {@link #SHA_OUT_PARAMETERS} only. */
  public static String shaOut(Map<String, String> params, String passphrase, Algorithm algorithm) {
    return sign(params, passphrase, algorithm, SHA_OUT_PARAMETERS);
  }

  /** Constant-time comparison of two hex signatures, case ignored. */
  public static boolean matches(String expected, String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        presented.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  private static String sign(
      Map<String, String> params, String passphrase, Algorithm algorithm, Set<String> only) {
    Map<String, String> sorted = new TreeMap<>();
    params.forEach(
        (name, value) -> {
          String upper = name.toUpperCase(Locale.ROOT);
          if (value != null
              && !value.isEmpty()
              && !upper.equals("SHASIGN")
              && (only == null || only.contains(upper))) {
            sorted.put(upper, value);
          }
        });
    StringBuilder text = new StringBuilder();
    sorted.forEach((name, value) -> text.append(name).append('=').append(value).append(passphrase));
    try {
      byte[] digest =
          MessageDigest.getInstance(algorithm.jdkName)
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm.jdkName + " is part of every JDK", e);
    }
  }
}
