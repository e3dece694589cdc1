package io.guichet.payment;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.WebClient;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guichet's side of Ogone's e-Commerce protocol: the signed form that sends the buyer's browser to
 * the hosted payment page, the check of the signed feedback (browser return and server-to-server
 * notification), and refunds through the DirectLink maintenance request.
 */
public final class OgoneGateway {
  public static final String RETURN_PATH = "/api/v1/payments/ogone/return";
  public static final String NOTIFY_PATH = "/api/v1/payments/ogone/notify";
  private static final Pattern XML_ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final PaymentConfig config;
  private final WebClient client;

  public OgoneGateway(PaymentConfig config, WebClient client) {
    this.config = config;
    this.client = client;
  }

  public PaymentConfig config() {
    return config;
  }

  /** A form the buyer's browser posts to the provider's hosted payment page. */
  public record HostedPage(String url, String method, Map<String, String> fields) {}

  public HostedPage hostedPage(
      String attemptRef,
      long amount,
      String currency,
      String language,
      String buyerName,
      String buyerEmail) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("PSPID", config.pspId());
    fields.put("ORDERID", attemptRef);
    fields.put("AMOUNT", hundredths(amount, currency));
    fields.put("CURRENCY", currency);
    fields.put("LANGUAGE", language);
    fields.put("CN", buyerName);
    fields.put("EMAIL", buyerEmail);
    String back = config.publicUrl() + RETURN_PATH;
    fields.put("ACCEPTURL", back);
    fields.put("DECLINEURL", back);
    fields.put("EXCEPTIONURL", back);
    fields.put("CANCELURL", back);
    fields.put("SHASIGN", OgoneSignature.shaIn(fields, config.shaIn(), config.algorithm()));
    return new HostedPage(config.baseUrl() + "/orderstandard_utf8.asp", "POST", fields);
  }

  /**
   * Checks and reads a feedback message (return or notification). A missing or wrong SHA-OUT
   * signature, or a malformed field, is refused before anything is looked up.
   */
  public OgoneFeedback feedback(MultiMap params) {
    Map<String, String> upper = new LinkedHashMap<>();
    params.forEach(
        e -> {
          String name = e.getKey().toUpperCase(Locale.ROOT);
          if (upper.put(name, e.getValue()) != null) {
            throw DomainException.invalid("parameter " + name + " is given twice");
          }
        });
    String expected = OgoneSignature.shaOut(upper, config.shaOut(), config.algorithm());
    if (!OgoneSignature.matches(expected, upper.get("SHASIGN"))) {
      throw new DomainException(
          Failure.BAD_SIGNATURE, "the SHA-OUT signature of this payment message is not valid");
    }
    String currency = upper.get("CURRENCY");
    String ref = upper.get("ORDERID");
    String status = upper.get("STATUS");
    if (ref == null || currency == null || status == null || upper.get("AMOUNT") == null) {
      throw DomainException.invalid("orderID, amount, currency and STATUS are required");
    }
    try {
      return new OgoneFeedback(
          ref,
          minorUnits(upper.get("AMOUNT"), currency),
          currency,
          Integer.parseInt(status),
          upper.getOrDefault("PAYID", ""),
          upper.getOrDefault("NCERROR", ""));
    } catch (NumberFormatException | ArithmeticException e) {
      throw DomainException.invalid("amount or STATUS is not a number");
    }
  }

  /** Asks the provider to refund a captured payment; succeeds when the provider accepted. */
  public Future<Boolean> refund(String payId, long amount, String currency) {
    return refund(payId, amount, currency, null).map(RefundAnswer::refunded);
  }

  /**
   * What the provider answered to a refund request: refunded, or refused with its error code.
   *
   * @param ncError the provider's NCERROR ("0" when refunded)
   */
  public record RefundAnswer(boolean refunded, String ncError, String status) {}

  /** How long a refund request may take before its outcome counts as unknown. */
  public static final long REFUND_DEADLINE_MS = 10_000;

  /**
   * Asks the provider to refund {@code amount} of a captured payment (DirectLink maintenance
   * request, operation RFD, signed with SHA-IN). No answer before {@link #REFUND_DEADLINE_MS}, or a
   * lost connection, fails with {@link DependencyUnavailable} (payment provider): the refund may or
   * may not have happened. {@code key}, when given, names the refund: the built-in simulated
   * provider refunds one key once and answers a repeated key as it did the first time; Ogone's
   * maintenance request has no such field, so it is not sent there.
   */
  public Future<RefundAnswer> refund(String payId, long amount, String currency, String key) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("PSPID", config.pspId());
    fields.put("USERID", config.apiUser());
    fields.put("PSWD", config.apiPassword());
    fields.put("PAYID", payId);
    fields.put("AMOUNT", hundredths(amount, currency));
    fields.put("OPERATION", "RFD");
    fields.put("SHASIGN", OgoneSignature.shaIn(fields, config.shaIn(), config.algorithm()));
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    fields.forEach(form::add);
    if (key != null && config.simulated()) {
      form.add(PspSimulator.REFUND_KEY, key);
    }
    return client
        .postAbs(config.baseUrl() + "/maintenancedirect.asp")
        .timeout(REFUND_DEADLINE_MS)
        .sendForm(form)
        .recover(
            e ->
                Future.failedFuture(
                    new DependencyUnavailable(
                        DependencyUnavailable.Dependency.PAYMENT_PROVIDER,
                        e instanceof java.util.concurrent.TimeoutException,
                        e)))
        .compose(
            response -> {
              if (response.statusCode() >= 500) {
                return Future.failedFuture(
                    new DependencyUnavailable(
                        DependencyUnavailable.Dependency.PAYMENT_PROVIDER,
                        false,
                        new IllegalStateException("HTTP " + response.statusCode())));
              }
              Map<String, String> answer = xmlAttributes(response.bodyAsString());
              String status = answer.getOrDefault("STATUS", "");
              String ncError = answer.getOrDefault("NCERROR", "");
              boolean refunded =
                  "0".equals(ncError)
                      && (status.equals("8") || status.equals("81") || status.equals("85"));
              return Future.succeededFuture(new RefundAnswer(refunded, ncError, status));
            });
  }

  static Map<String, String> xmlAttributes(String xml) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (xml != null) {
      Matcher m = XML_ATTRIBUTE.matcher(xml);
      while (m.find()) {
        attributes.put(m.group(1).toUpperCase(Locale.ROOT), m.group(2));
      }
    }
    return attributes;
  }

  /** Ogone's request AMOUNT: the amount times 100, whatever the currency's minor unit. */
  public static String hundredths(long minorUnits, String currency) {
    int digits = fractionDigits(currency);
    return BigDecimal.valueOf(minorUnits).movePointRight(2 - digits).toBigIntegerExact().toString();
  }

  /** Ogone's feedback amount (e.g. {@code 45.5}) in minor units; exact or an exception. */
  public static long minorUnits(String amount, String currency) {
    return new BigDecimal(amount).movePointRight(fractionDigits(currency)).longValueExact();
  }

  /** The feedback amount as Ogone writes it: major units, no trailing zeros. */
  public static String major(long minorUnits, String currency) {
    BigDecimal value =
        BigDecimal.valueOf(minorUnits).movePointLeft(fractionDigits(currency)).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
  }

  private static int fractionDigits(String currency) {
    try {
      return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid("unknown currency " + currency);
    }
  }
}
