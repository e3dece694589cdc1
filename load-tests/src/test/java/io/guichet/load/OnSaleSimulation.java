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
import java.util.List;
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
  // Read per instance, not per class: the generator (Generator.java) runs step after step in one
  // warm JVM, a new instance of the simulation each time.
  private final String base = System.getProperty("base", "http://127.0.0.1:8080");
  private final String admin = System.getProperty("admin", "");
  private final double rate = Double.parseDouble(System.getProperty("rate", "20"));
  private final int duration = Integer.parseInt(System.getProperty("duration", "20"));
  private final Path out = Path.of(System.getProperty("out", "target/step.json"));
  private final int admission =
      Integer.parseInt(System.getProperty("admissionPerMinute", "1000000"));

  private final Setup.Step step = Setup.freshPerformance(base, admin, admission);

  /** Orders the buyers saw PAID. */
  private final ConcurrentLinkedQueue<String> confirmed = new ConcurrentLinkedQueue<>();

  private final AtomicLong confirmedInTime = new AtomicLong();
  private final AtomicLong gaveUpInQueue = new AtomicLong();
  private final AtomicLong noSeats = new AtomicLong();
  private final long started = System.currentTimeMillis();

  private final HttpProtocolBuilder protocol =
      http.baseUrl(base)
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .disableFollowRedirect()
          .shareConnections();

  private Session pickParty(Session s) {
    return Parties.pick(s, step.tariffs()).set("fate", ThreadLocalRandom.current().nextInt(100));
  }

  private final String holdBody = Parties.holdBody(step.performanceId());

  private ChainBuilder hold(String name) {
    return exec(session -> pickParty(session))
        .exec(
            http(name)
                .post("/api/v1/carts/#{cartId}/items?pos=web")
                .header("X-Cart-Secret", "#{cartSecret}")
                .header("X-Visitor-Id", "#{visitorId}")
                .header("X-Access-Token", "#{accessToken}")
                .body(StringBody(holdBody))
                // 409 sold-out (or isolated seat): a business answer, not a failure
                .check(status().in(201, 409).saveAs("holdStatus"))
                .check(jsonPath("$.id").optional().saveAs("itemId")));
  }

  private final ScenarioBuilder onSale =
      scenario("on-sale")
          .exec(
              http("join")
                  .post("/api/v1/onsales/" + step.onSaleId() + "/queue")
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
                      && System.currentTimeMillis() - s.getLong("joinedAt") < duration * 1000L)
          .on(
              exec(pause(s -> Duration.ofSeconds(s.getInt("pollAfter"))))
                  .exec(
                      http("poll")
                          .get("/api/v1/onsales/" + step.onSaleId() + "/queue/#{visitorId}")
                          .header("X-Queue-Ticket", "#{ticket}")
                          .check(status().is(200))
                          .check(jsonPath("$.state").saveAs("state"))
                          .check(jsonPath("$.pollAfterSeconds").ofInt().optional().saveAs("pollAfter"))
                          .check(jsonPath("$.accessToken").optional().saveAs("accessToken"))))
          .doIfOrElse(s -> !"ADMITTED".equals(s.getString("state")))
          .then(
              exec(
                  s -> {
                    gaveUpInQueue.incrementAndGet();
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
                            noSeats.incrementAndGet();
                            return s;
                          }))
                  // 15 % walk away: the hold expires on its own (channel's timeout)
                  .orElse(
                      doIf(s -> s.getInt("fate") >= 15)
                          .then(checkoutAndPay())));

  private ChainBuilder checkoutAndPay() {
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
                confirmed.add(s.getString("orderId"));
                if (System.currentTimeMillis() - started <= duration * 1000L + 2000) {
                  confirmedInTime.incrementAndGet();
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
    setUp(onSale.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(duration * 3L + 30));
  }

  @Override
  public void after() {
    Setup.afterStep(
        base,
        admin,
        step,
        out,
        rate,
        duration,
        List.copyOf(confirmed),
        confirmedInTime.get(),
        gaveUpInQueue.get(),
        noSeats.get());
  }
}
