package io.guichet.payment;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A payment provider speaking Ogone's e-Commerce protocol, built in for development and tests
 * (never mounted when a real provider is configured). Its hosted page checks the shop's SHA-IN
 * signature, lets the "buyer" accept, decline or cancel, then — like Ogone set to send its
 * post-sale request online — posts the SHA-OUT-signed notification to the shop and redirects the
 * browser to the shop's return URL with the same parameters. Its DirectLink maintenance page
 * refunds captured payments once.
 *
 * <p>Tests and load tests skip the HTML page by posting the page's form with {@code
 * SIM_DECISION=accept|decline|cancel}.
 */
public final class PspSimulator {
  public static final String BASE = "/psp-sim/ncol";
  private static final Logger LOG = LoggerFactory.getLogger(PspSimulator.class);

  /** The simulator's own field naming a refund: a key is refunded once, its answer repeated. */
  public static final String REFUND_KEY = "SIM_REFUNDKEY";

  private static final Set<String> SIMULATOR_FIELDS = Set.of("SHASIGN", "SIM_DECISION", REFUND_KEY);
  private static final DateTimeFormatter TRXDATE =
      DateTimeFormatter.ofPattern("MM/dd/yy").withZone(ZoneOffset.UTC);

  /** A captured payment and how much of it was refunded. */
  public record Capture(String payId, String orderId, long hundredths, long refunded) {}

  private final PaymentConfig config;
  private final WebClient client;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Capture> captures = new ConcurrentHashMap<>();
  private final List<String> refunds = new CopyOnWriteArrayList<>();
  private final Map<String, String[]> refundAnswers = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger refusals =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger lostAnswers =
      new java.util.concurrent.atomic.AtomicInteger();

  public PspSimulator(PaymentConfig config, WebClient client) {
    this.config = config;
    this.client = client;
  }

  public void mount(Router router) {
    // its forms are read by the server's body handler and decoded as strictly as the shop's
    router.post(BASE + "/orderstandard_utf8.asp").handler(this::hostedPage);
    router.post(BASE + "/maintenancedirect.asp").handler(this::maintenance);
  }

  /** PAYIDs refunded so far (tests check that a late payment was refunded, once). */
  public List<String> refunds() {
    return List.copyOf(refunds);
  }

  /** Tests: the next {@code n} refund requests are refused (NCERROR 50001046, status 0). */
  public void refuseRefunds(int n) {
    refusals.set(n);
  }

  /**
   * Tests: the next {@code n} refund requests are carried out but their answers are lost (the
   * connection closes before the answer), as when the network fails after the provider acted.
   */
  public void loseRefundAnswers(int n) {
    lostAnswers.set(n);
  }

  /** How much of a captured payment was refunded, in minor units times 100 / 10^digits. */
  public long refundedHundredths(String payId) {
    Capture c = captures.get(payId);
    return c == null ? 0 : c.refunded();
  }

  private void hostedPage(RoutingContext rc) {
    MultiMap form = io.guichet.http.FormBodies.fields(rc);
    Map<String, String> fields = fields(form);
    String expected = OgoneSignature.shaIn(fields, config.shaIn(), config.algorithm());
    if (!config.pspId().equals(fields.get("PSPID"))
        || !OgoneSignature.matches(expected, form.get("SHASIGN"))) {
      // Ogone answers "unknown order/1/s" on a bad SHA-IN, and takes no payment.
      rc.response()
          .setStatusCode(400)
          .putHeader("content-type", "text/plain")
          .end("unknown order/1/s");
      return;
    }
    String decision = form.get("SIM_DECISION");
    if (decision == null) {
      rc.response()
          .putHeader("content-type", "text/html; charset=utf-8")
          .end(page(fields, form.get("SHASIGN")));
      return;
    }
    int status =
        switch (decision) {
          case "accept" -> 9;
          case "decline" -> 2;
          case "cancel" -> 1;
          default -> -1;
        };
    if (status < 0) {
      rc.response().setStatusCode(400).end("SIM_DECISION is accept, decline or cancel");
      return;
    }
    Map<String, String> feedback = feedback(fields, status);
    notifyShop(feedback)
        .onComplete(
            done -> {
              String back =
                  switch (status) {
                    case 9 -> fields.get("ACCEPTURL");
                    case 1 -> fields.getOrDefault("CANCELURL", fields.get("ACCEPTURL"));
                    default -> fields.getOrDefault("DECLINEURL", fields.get("ACCEPTURL"));
                  };
              rc.response()
                  .setStatusCode(303)
                  .putHeader("Location", back + (back.contains("?") ? "&" : "?") + query(feedback))
                  .end();
            });
  }

  private Map<String, String> feedback(Map<String, String> request, int status) {
    String payId = String.valueOf(3_000_000_000L + random.nextInt(1_000_000_000));
    String currency = request.get("CURRENCY");
    long hundredths = Long.parseLong(request.get("AMOUNT"));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("orderID", request.get("ORDERID"));
    out.put("currency", currency);
    out.put(
        "amount",
        new java.math.BigDecimal(hundredths).movePointLeft(2).stripTrailingZeros().toPlainString());
    out.put("PM", "CreditCard");
    out.put("ACCEPTANCE", status == 9 ? "SIM" + (100000 + random.nextInt(900000)) : "");
    out.put("STATUS", String.valueOf(status));
    out.put("CARDNO", "XXXXXXXXXXXX1111");
    out.put("ED", "1230");
    out.put("CN", request.getOrDefault("CN", ""));
    out.put("TRXDATE", TRXDATE.format(java.time.Instant.now()));
    out.put("PAYID", payId);
    out.put("NCERROR", status == 2 ? "30001001" : "0");
    out.put("BRAND", "VISA");
    out.put("IP", "127.0.0.1");
    out.put("SHASIGN", OgoneSignature.shaOut(out, config.shaOut(), config.algorithm()));
    if (status == 9) {
      captures.put(payId, new Capture(payId, request.get("ORDERID"), hundredths, 0));
    }
    return out;
  }

  /** The post-sale request, online: the redirect waits for it (its failure is only logged). */
  private Future<Void> notifyShop(Map<String, String> feedback) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    feedback.forEach(form::add);
    return client
        .postAbs(config.notifyUrl())
        .timeout(15_000)
        .sendForm(form)
        .onSuccess(
            r -> {
              if (r.statusCode() >= 300) {
                LOG.info(
                    "the shop answered {} to the notification of {}",
                    r.statusCode(),
                    feedback.get("orderID"));
              }
            })
        .onFailure(e -> LOG.warn("notification of {} failed", feedback.get("orderID"), e))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  private void maintenance(RoutingContext rc) {
    MultiMap form = io.guichet.http.FormBodies.fields(rc);
    Map<String, String> fields = fields(form);
    String expected = OgoneSignature.shaIn(fields, config.shaIn(), config.algorithm());
    String payId = fields.getOrDefault("PAYID", "");
    if (!OgoneSignature.matches(expected, form.get("SHASIGN"))
        || !config.pspId().equals(fields.get("PSPID"))
        || !config.apiUser().equals(fields.get("USERID"))
        || !config.apiPassword().equals(fields.get("PSWD"))) {
      xml(rc, payId, "0", "50001111");
      return;
    }
    if (!"RFD".equals(fields.get("OPERATION"))) {
      xml(rc, payId, "0", "50001112");
      return;
    }
    long amount;
    try {
      amount = Long.parseLong(fields.getOrDefault("AMOUNT", ""));
    } catch (NumberFormatException e) {
      xml(rc, payId, "0", "50001113");
      return;
    }
    String key = form.get(REFUND_KEY);
    String[] answer;
    synchronized (refundAnswers) {
      answer = key == null ? null : refundAnswers.get(key);
      if (answer == null) {
        answer = refund(payId, amount);
        if (key != null && "8".equals(answer[0])) { // a refusal did nothing: a retry tries again
          refundAnswers.put(key, answer);
        }
      }
    }
    if (decrementIfPositive(lostAnswers)) {
      rc.request().connection().close();
      return;
    }
    xml(rc, payId, answer[0], answer[1]);
  }

  /** Refunds once (or refuses, on demand or beyond what is left); answers STATUS and NCERROR. */
  private String[] refund(String payId, long amount) {
    if (decrementIfPositive(refusals)) {
      return new String[] {"0", "50001046"};
    }
    Capture[] done = new Capture[1];
    captures.computeIfPresent(
        payId,
        (id, c) -> {
          if (c.refunded() + amount <= c.hundredths()) {
            done[0] = new Capture(id, c.orderId(), c.hundredths(), c.refunded() + amount);
            return done[0];
          }
          return c;
        });
    if (done[0] == null) {
      // unknown payment, or more than is left to refund
      return new String[] {"0", "50001127"};
    }
    refunds.add(payId);
    return new String[] {"8", "0"};
  }

  private static boolean decrementIfPositive(java.util.concurrent.atomic.AtomicInteger n) {
    return n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
  }

  private static void xml(RoutingContext rc, String payId, String status, String ncError) {
    rc.response()
        .putHeader("content-type", "text/xml")
        .end(
            "<?xml version=\"1.0\"?><ncresponse orderID=\"\" PAYID=\""
                + payId.replaceAll("[^0-9]", "")
                + "\" PAYIDSUB=\"1\" NCSTATUS=\""
                + ("0".equals(ncError) ? "0" : "5")
                + "\" NCERROR=\""
                + ncError
                + "\" NCERRORPLUS=\"!\" ACCEPTANCE=\"\" STATUS=\""
                + status
                + "\"></ncresponse>");
  }

  private static Map<String, String> fields(MultiMap form) {
    Map<String, String> fields = new LinkedHashMap<>();
    form.forEach(
        e -> {
          String name = e.getKey().toUpperCase(java.util.Locale.ROOT);
          if (!SIMULATOR_FIELDS.contains(name)) {
            fields.put(name, e.getValue());
          }
        });
    return fields;
  }

  private static String query(Map<String, String> params) {
    StringBuilder q = new StringBuilder();
    params.forEach(
        (k, v) -> {
          if (q.length() > 0) {
            q.append('&');
          }
          q.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return q.toString();
  }

  private static String page(Map<String, String> fields, String signature) {
    StringBuilder hidden = new StringBuilder();
    fields.forEach((k, v) -> hidden.append(input(k, v)));
    hidden.append(input("SHASIGN", signature));
    String amount =
        new java.math.BigDecimal(fields.getOrDefault("AMOUNT", "0"))
            .movePointLeft(2)
            .toPlainString();
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Payment (simulated)</title>"
        + "</head><body><h1>Simulated payment</h1><p>Order "
        + escape(fields.getOrDefault("ORDERID", ""))
        + ": "
        + escape(amount)
        + " "
        + escape(fields.getOrDefault("CURRENCY", ""))
        + "</p><form method=\"post\">"
        + hidden
        + "<button name=\"SIM_DECISION\" value=\"accept\">Pay</button>"
        + "<button name=\"SIM_DECISION\" value=\"decline\">Decline</button>"
        + "<button name=\"SIM_DECISION\" value=\"cancel\">Cancel</button>"
        + "</form></body></html>";
  }

  private static String input(String name, String value) {
    return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
  }

  private static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
