package io.guichet.tickets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Wallet passes in Apple's .pkpass structure: a zip of pass.json, images, manifest.json (the SHA-1
 * of every file) and signature (a detached PKCS#7 signature of the manifest with the pass
 * certificate, and Apple's WWDR intermediate when configured). Blocking: run on a worker thread.
 */
public final class WalletPass {
  /** The certificate that signs passes, its key and the chain to send with it. */
  public record Signer(
      PrivateKey key,
      X509Certificate certificate,
      List<X509Certificate> chain,
      boolean selfSigned) {

    /** From a PKCS#12 file (the certificate Apple issues for a pass type id) and a WWDR PEM. */
    public static Signer load(Path pkcs12, String password, Path wwdr) {
      try (InputStream in = Files.newInputStream(pkcs12)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] pass = password == null ? new char[0] : password.toCharArray();
        store.load(in, pass);
        String alias =
            java.util.Collections.list(store.aliases()).stream()
                .filter(
                    a -> {
                      try {
                        return store.isKeyEntry(a);
                      } catch (GeneralSecurityException e) {
                        return false;
                      }
                    })
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(pkcs12 + " holds no private key"));
        List<X509Certificate> chain = new ArrayList<>();
        if (wwdr != null) {
          try (InputStream w = Files.newInputStream(wwdr)) {
            chain.add(
                (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(w));
          }
        }
        return new Signer(
            (PrivateKey) store.getKey(alias, pass),
            (X509Certificate) store.getCertificate(alias),
            chain,
            false);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read the pass certificate " + pkcs12, e);
      }
    }

    /** A self-signed certificate for development and tests (wallets will not accept it). */
    public static Signer selfSigned(String passTypeId, String teamId) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + passTypeId + ", OU=" + teamId + ", O=Guichet");
        Instant now = Instant.now();
        X509Certificate cert =
            new JcaX509CertificateConverter()
                .getCertificate(
                    new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(1, ChronoUnit.DAYS)),
                            Date.from(now.plus(3650, ChronoUnit.DAYS)),
                            name,
                            pair.getPublic())
                        .build(
                            new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new Signer(pair.getPrivate(), cert, List.of(), true);
      } catch (GeneralSecurityException | OperatorCreationException e) {
        throw new IllegalStateException("cannot make a self-signed pass certificate", e);
      }
    }

    /** Writes this key and certificate as a PKCS#12 file (what {@link #load} reads). */
    public void writePkcs12(Path file, String password) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
            "pass",
            key,
            password.toCharArray(),
            new java.security.cert.Certificate[] {certificate});
        try (var out = Files.newOutputStream(file)) {
          store.store(out, password.toCharArray());
        }
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot write " + file, e);
      }
    }
  }

  private static final byte[] ICON = png(29);
  private static final byte[] ICON_2X = png(58);
  private static final byte[] ICON_3X = png(87);

  private WalletPass() {}

  /** The .pkpass file of one pass.json. */
  public static byte[] build(JsonObject passJson, Signer signer) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("pass.json", passJson.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("icon.png", ICON);
    files.put("icon@2x.png", ICON_2X);
    files.put("icon@3x.png", ICON_3X);
    JsonObject manifest = new JsonObject();
    files.forEach((name, bytes) -> manifest.put(name, sha1(bytes)));
    byte[] manifestBytes = manifest.encode().getBytes(StandardCharsets.UTF_8);
    files.put("manifest.json", manifestBytes);
    files.put("signature", sign(manifestBytes, signer));
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The pass.json of an event ticket. */
  public static JsonObject passJson(
      String passTypeId,
      String teamId,
      String organization,
      String serial,
      String event,
      String date,
      Instant startsAt,
      String venue,
      String place,
      String category,
      String tariffAndPrice,
      String beneficiary,
      String reference,
      String code,
      boolean voided) {
    JsonObject barcode =
        new JsonObject()
            .put("format", "PKBarcodeFormatQR")
            .put("message", code)
            .put("messageEncoding", "iso-8859-1");
    JsonArray back =
        new JsonArray()
            .add(field("reference", "Order", reference))
            .add(field("tariff", "Tariff", tariffAndPrice))
            .add(field("category", "Category", category));
    if (beneficiary != null) {
      back.add(field("beneficiary", "Beneficiary", beneficiary));
    }
    return new JsonObject()
        .put("formatVersion", 1)
        .put("passTypeIdentifier", passTypeId)
        .put("teamIdentifier", teamId)
        .put("serialNumber", serial)
        .put("organizationName", organization)
        .put("description", "Ticket: " + event)
        .put("relevantDate", startsAt.toString())
        .put("voided", voided)
        .put("barcode", barcode)
        .put("barcodes", new JsonArray().add(barcode))
        .put(
            "eventTicket",
            new JsonObject()
                .put("primaryFields", new JsonArray().add(field("event", "Event", event)))
                .put("secondaryFields", new JsonArray().add(field("place", "Place", place)))
                .put(
                    "auxiliaryFields",
                    new JsonArray()
                        .add(field("date", "Date", date))
                        .add(field("venue", "Venue", venue)))
                .put("backFields", back));
  }

  private static JsonObject field(String key, String label, String value) {
    return new JsonObject().put("key", key).put("label", label).put("value", value);
  }

  private static byte[] sign(byte[] manifest, Signer signer) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(signer.key()),
                  signer.certificate()));
      List<X509Certificate> certificates = new ArrayList<>();
      certificates.add(signer.certificate());
      certificates.addAll(signer.chain());
      generator.addCertificates(new JcaCertStore(certificates));
      return generator.generate(new CMSProcessableByteArray(manifest), false).getEncoded();
    } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign a pass", e);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] png(int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x1f, 0x3a, 0x5f));
    g.fillRect(0, 0, size, size);
    g.setColor(Color.WHITE);
    g.fillRect(size / 4, size / 4, size / 2, size / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
