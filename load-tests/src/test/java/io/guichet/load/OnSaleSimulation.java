package io.guichet.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One step of the on-sale: visitors arrive at a constant rate (an open workload: arrivals do not
 * wait for the server, so slow answers cannot hide behind fewer requests) on a fresh performance of
 * the demo stadium behind its own waiting room. Each visitor joins the queue, polls as told until
 * admitted, opens a cart, holds best-available seats (1–8, mostly 2 and 4, mostly in the best
 * categories), sometimes changes their mind (releases and holds again) or walks away (the hold
 * expires), and otherwise checks out, pays through the simulated provider, reads the paid order
 * and downloads its mobile ticket.
 *
 * <p>System properties: {@code base} (server URL), {@code admin} (admin key), {@code rate}
 * (visitors/s), {@code duration} (s), {@code out} (file for the step's facts), and for the overload
 * step {@code admissionPerMinute} (the operator's admission rate; default: everyone at once).
 */
public class OnSaleSimulation extends Simulation {
  private static final String BASE = System.getProperty("base", "http://127.0.0.1:8080");
  private static final String ADMIN = System.getProperty("admin", "");
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "20"));
  private static final int DURATION = Integer.parseInt(System.getProperty("duration", "20"));
  private static final Path OUT = Path.of(System.getProperty("out", "target/step.json"));
  private static final int ADMISSION =
      Integer.parseInt(System.getProperty("admissionPerMinute", "1000000"));

  private static final Setup.Step STEP = Setup.freshPerformance(BASE, ADMIN, ADMISSION);

  /** Orders the buyers saw PAID. */
  static final ConcurrentLinkedQueue<String> CONFIRMED = new ConcurrentLinkedQueue<>();

  static final AtomicLong CONFIRMED_IN_TIME = new AtomicLong();
  static final AtomicLong GAVE_UP_IN_QUEUE = new AtomicLong();
  static final AtomicLong NO_SEATS = new AtomicLong();
  static final long STARTED = System.currentTimeMillis();

  private static final String[] CATEGORIES = {
    "CAT1", "CAT1", "CAT1", "CAT1", "CAT2", "CAT2", "CAT2", "CAT3", "CAT3", "PIT"
  };

  private final HttpProtocolBuilder protocol =
      http.baseUrl(BASE)
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .disableFollowRedirect()
          .shareConnections();

  private static Session pickParty(Session s) {
    return Parties.pick(s, STEP.tariffs()).set("fate", ThreadLocalRandom.current().nextInt(100));
  }

  private static final String HOLD_BODY = Parties.holdBody(STEP.performanceId());

  private static ChainBuilder hold(String name) {
    return exec(session -> pickParty(session))
        .exec(
            http(name)
                .post("/api/v1/carts/#{cartId}/items?pos=web")
                .header("X-Cart-Secret", "#{cartSecret}")
                .header("X-Visitor-Id", "#{visitorId}")
                .header("X-Access-Token", "#{accessToken}")
                .body(StringBody(HOLD_BODY))
                // 409 sold-out (or isolated seat): a business answer, not a failure
                .check(status().in(201, 409).saveAs("holdStatus"))
                .check(jsonPath("$.id").optional().saveAs("itemId")));
  }

  private final ScenarioBuilder onSale =
      scenario("on-sale")
          .exec(
              http("join")
                  .post("/api/v1/onsales/" + STEP.onSaleId() + "/queue")
                  .check(status().is(201))
                  .check(jsonPath("$.visitorId").saveAs("visitorId"))
                  .check(jsonPath("$.queueTicket").saveAs("ticket"))
                  .check(jsonPath("$.state").saveAs("state"))
                  // (the join's answer may already be the admission, after a tick in between)
                  .check(jsonPath("$.accessToken").optional().saveAs("accessToken")))
          .exec(s -> s.set("joinedAt", System.currentTimeMillis()).set("pollAfter", 1))
          // Poll as the server says (pollAfterSeconds), until admitted; give up after the step.
          .asLongAs(
              s ->
                  !"ADMITTED".equals(s.getString("state"))
                      && System.currentTimeMillis() - s.getLong("joinedAt") < DURATION * 1000L)
          .on(
              exec(pause(s -> Duration.ofSeconds(s.getInt("pollAfter"))))
                  .exec(
                      http("poll")
                          .get("/api/v1/onsales/" + STEP.onSaleId() + "/queue/#{visitorId}")
                          .header("X-Queue-Ticket", "#{ticket}")
                          .check(status().is(200))
                          .check(jsonPath("$.state").saveAs("state"))
                          .check(jsonPath("$.pollAfterSeconds").ofInt().optional().saveAs("pollAfter"))
                          .check(jsonPath("$.accessToken").optional().saveAs("accessToken"))))
          .doIfOrElse(s -> !"ADMITTED".equals(s.getString("state")))
          .then(
              exec(
                  s -> {
                    GAVE_UP_IN_QUEUE.incrementAndGet();
                    return s;
                  }))
          .orElse(
              exec(
                      http("cart")
                          .post("/api/v1/carts?pos=web")
                          .check(status().is(201))
                          .check(jsonPath("$.id").saveAs("cartId"))
                          .check(jsonPath("$.secret").saveAs("cartSecret")))
                  .exec(hold("hold"))
                  // 8 % change their mind: release, then hold again (maybe elsewhere)
                  .doIf(s -> s.getInt("holdStatus") == 201 && s.getInt("fate") < 8)
                  .then(
                      exec(http("release")
                              .delete("/api/v1/carts/#{cartId}/items/#{itemId}?pos=web")
                              .header("X-Cart-Secret", "#{cartSecret}")
                              .check(status().is(204)))
                          .exec(s -> s.set("fate", 50))
                          .exec(hold("hold")))
                  .doIfOrElse(s -> s.getInt("holdStatus") != 201)
                  .then(
                      exec(
                          s -> {
                            NO_SEATS.incrementAndGet();
                            return s;
                          }))
                  // 15 % walk away: the hold expires on its own (channel's timeout)
                  .orElse(
                      doIf(s -> s.getInt("fate") >= 15)
                          .then(checkoutAndPay())));

  private static ChainBuilder checkoutAndPay() {
    return exec(http("checkout")
            .post("/api/v1/carts/#{cartId}/checkout?pos=web")
            .header("X-Cart-Secret", "#{cartSecret}")
            .header("Idempotency-Key", s -> UUID.randomUUID().toString())
            .body(
                StringBody(
                    "{\"deliveryMode\":\"E_TICKET\",\"buyer\":{\"email\":\"load@example.org\","
                        + "\"firstName\":\"Load\",\"lastName\":\"Test\"}}"))
            .check(status().is(201))
            .check(jsonPath("$.id").saveAs("orderId"))
            .check(jsonPath("$.secret").saveAs("orderSecret"))
            .check(jsonPath("$.payment.url").saveAs("payUrl"))
            .check(jsonPath("$.payment.fields").saveAs("payFields")))
        // The buyer's browser posts the form to the (simulated) provider, which notifies Guichet
        // server to server and sends the browser back; 95 % pay, 5 % are declined.
        .exec(
            s -> {
              String decision = s.getInt("fate") < 95 ? "accept" : "decline";
              return s.set("payForm", form(s.getString("payFields"), decision))
                  .set("decision", decision);
            })
        .exec(
            http("pay")
                .post("#{payUrl}")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(StringBody("#{payForm}"))
                .check(status().in(302, 303))
                .check(header("Location").saveAs("backUrl")))
        .exec(http("payment-return").get("#{backUrl}").check(status().in(200, 302, 303)))
        .exec(
            http("order")
                .get("/api/v1/orders/#{orderId}?pos=web")
                .header("X-Order-Secret", "#{orderSecret}")
                .check(status().is(200))
                .check(jsonPath("$.status").saveAs("orderStatus"))
                .check(jsonPath("$.tickets[0].id").optional().saveAs("ticketId")))
        // a paying buyer downloads the mobile ticket (its signed code, shown as a QR code)
        .doIf(s -> "PAID".equals(s.getString("orderStatus")) && s.contains("ticketId"))
        .then(
            exec(
                http("mobile-ticket")
                    .get("/api/v1/tickets/#{ticketId}?pos=web")
                    .header("X-Order-Secret", "#{orderSecret}")
                    .check(status().is(200))
                    .check(jsonPath("$.code").exists())))
        .exec(
            s -> {
              if ("PAID".equals(s.getString("orderStatus"))) {
                CONFIRMED.add(s.getString("orderId"));
                if (System.currentTimeMillis() - STARTED <= DURATION * 1000L + 2000) {
                  CONFIRMED_IN_TIME.incrementAndGet();
                }
              }
              return s;
            });
  }

  /** The provider's form as the browser would post it: the order's fields, and the choice. */
  static String form(String fieldsJson, String decision) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> e : Setup.flatObject(fieldsJson).entrySet()) {
      body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .append('&');
    }
    return body.append("SIM_DECISION=").append(decision).toString();
  }

  {
    setUp(onSale.injectOpen(constantUsersPerSec(RATE).during(DURATION)))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(DURATION * 3L + 30));
  }

  @Override
  public void after() {
    Setup.afterStep(BASE, ADMIN, STEP, OUT, RATE, DURATION);
  }
}
