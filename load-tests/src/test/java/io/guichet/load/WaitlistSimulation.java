package io.guichet.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The waiting-list step of the on-sale load test: the stadium sold out ({@link WaitlistSetup}: every
 * seat held, some holds short, a few orders waiting for their payment), then the queue signs up to
 * the waiting list (an open workload of guests at {@code signupRate} for {@code signupSeconds}, 5 %
 * of them sending their sign-up twice, as a retry or a second tab does), then seats come back (a
 * share of the holds released, the short holds lapsing, the pending orders cancelled) while the
 * first {@code confirm} buyers confirm their address through their e-mail's link and watch their
 * entry: when an offer comes (its e-mail's link), 85 % take it into a cart, check out and pay, the
 * others let it lapse (the offers last {@code offerSeconds}), and its seats go to the next.
 *
 * <p>Reported (the step's JSON, judged by summary.py): sign-ups per second and their latency
 * (Gatling's "sign-up" kind), the server's figures (offers made, taken, lapsed; the time from a
 * seat freed to its offer), what the buyers saw, and the invariant check, which covers the list.
 */
public class WaitlistSimulation extends Simulation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] SIZES = {1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 5, 6, 8};

  private final String base = System.getProperty("base", "http://127.0.0.1:8080");
  private final String admin = System.getProperty("admin", "");
  private final Path serverLog = Path.of(System.getProperty("serverLog", "server.log"));
  private final double signupRate = Double.parseDouble(System.getProperty("signupRate", "1000"));
  private final int signupSeconds = Integer.parseInt(System.getProperty("signupSeconds", "10"));
  private final int confirm = Integer.parseInt(System.getProperty("confirm", "1500"));
  private final double releaseShare = Double.parseDouble(System.getProperty("releaseShare", "0.03"));
  private final int offerSeconds = Integer.parseInt(System.getProperty("offerSeconds", "60"));
  private final int watchSeconds = Integer.parseInt(System.getProperty("watchSeconds", "100"));
  private final Path out = Path.of(System.getProperty("out", "target/waitlist.json"));

  private final WaitlistSetup.SoldOut soldOut =
      WaitlistSetup.soldOut(base, admin, offerSeconds);
  private final String perf = soldOut.step().performanceId();
  private final Emails emails = new Emails(serverLog);

  /** Entries made, in the order their sign-ups were answered: {id, secret}. */
  private final Queue<String[]> entries = new ConcurrentLinkedQueue<>();
  /** What the step gives back: cart items to release, orders to cancel. */
  private final Queue<WaitlistSetup.Held> toFree = new ConcurrentLinkedQueue<>();

  private final AtomicLong signedUp = new AtomicLong();
  private final AtomicLong duplicatesRefused = new AtomicLong();
  private final AtomicLong confirmed = new AtomicLong();
  private final AtomicLong offersSeen = new AtomicLong();
  private final AtomicLong taken = new AtomicLong();
  private final AtomicLong paid = new AtomicLong();
  private final AtomicLong letLapse = new AtomicLong();
  private final AtomicLong freed = new AtomicLong();
  private final List<String> paidOrders = Collections.synchronizedList(new ArrayList<>());
  private final long started = System.currentTimeMillis();

  {
    List<WaitlistSetup.Held> held = new ArrayList<>(soldOut.held());
    Collections.shuffle(held);
    int releases = (int) Math.ceil(held.size() * releaseShare);
    toFree.addAll(held.subList(0, Math.min(releases, held.size())));
    toFree.addAll(soldOut.pending());
  }

  private final HttpProtocolBuilder protocol =
      http.baseUrl(base)
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .disableFollowRedirect()
          .shareConnections();

  private Session buyer(Session s) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String body =
        "{\"quantity\":"
            + SIZES[r.nextInt(SIZES.length)]
            + ",\"together\":"
            + (r.nextInt(4) != 0)
            + ",\"buyer\":{\"email\":\"wl-"
            + UUID.randomUUID()
            + "@example.org\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}}";
    return s.set("signUpBody", body).set("fate", r.nextInt(100));
  }

  private final ScenarioBuilder signUps =
      scenario("sign-ups")
          .exec(this::buyer)
          .exec(
              http("sign-up")
                  .post("/api/v1/performances/" + perf + "/waitlist?pos=web")
                  .body(StringBody("#{signUpBody}"))
                  .check(status().is(201))
                  .check(jsonPath("$.id").saveAs("entryId"))
                  .check(jsonPath("$.secret").saveAs("entrySecret")))
          .exec(
              s -> {
                signedUp.incrementAndGet();
                entries.add(new String[] {s.getString("entryId"), s.getString("entrySecret")});
                return s;
              })
          // 5 % send it again (a retry, a second tab): the same buyer, no second entry
          .doIf(s -> s.getInt("fate") < 5)
          .then(
              exec(http("sign-up again")
                      .post("/api/v1/performances/" + perf + "/waitlist?pos=web")
                      .body(StringBody("#{signUpBody}"))
                      .check(status().is(409)))
                  .exec(
                      s -> {
                        duplicatesRefused.incrementAndGet();
                        return s;
                      }));

  /** Seats come back: one release of a held cart item, or one cancellation, per user. */
  private final ScenarioBuilder freeing =
      scenario("seats back")
          .exec(
              s -> {
                WaitlistSetup.Held h = toFree.poll();
                return h == null
                    ? s.set("free", "none")
                    : s.set("free", h.orderId() == null ? "release" : "cancel")
                        .set("pos", h.pos())
                        .set("cartId", h.cartId())
                        .set("cartSecret", h.secret())
                        .set("itemId", h.itemId() == null ? "-" : h.itemId())
                        .set("orderId", h.orderId() == null ? "-" : h.orderId())
                        .set("orderSecret", h.orderSecret() == null ? "-" : h.orderSecret());
              })
          .doIf(s -> "release".equals(s.getString("free")))
          .then(
              exec(http("release")
                      .delete("/api/v1/carts/#{cartId}/items/#{itemId}?pos=#{pos}")
                      .header("X-Cart-Secret", "#{cartSecret}")
                      .check(status().is(204)))
                  .exec(this::countFreed))
          .doIf(s -> "cancel".equals(s.getString("free")))
          .then(
              exec(http("cancel")
                      .post("/api/v1/orders/#{orderId}/cancel?pos=#{pos}")
                      .header("X-Order-Secret", "#{orderSecret}")
                      .check(status().is(200)))
                  .exec(this::countFreed));

  private Session countFreed(Session s) {
    freed.incrementAndGet();
    return s;
  }

  /** A buyer at the front of the list: confirms, watches, takes (or not) what is offered. */
  private final ScenarioBuilder watchers =
      scenario("list buyers")
          .exec(
              s -> {
                String[] e = entries.poll();
                return e == null
                    ? s.set("entryId", "none")
                    : s.set("entryId", e[0])
                        .set("entrySecret", e[1])
                        .set("fate", ThreadLocalRandom.current().nextInt(100))
                        .set("since", System.currentTimeMillis());
              })
          .doIf(s -> !"none".equals(s.getString("entryId")))
          .then(
              // the confirmation e-mail: its link
              exec(waitFor(s -> emails.confirmation(s.getString("entryId")) != null))
                  .doIf(s -> emails.confirmation(s.getString("entryId")) != null)
                  .then(confirmAndWatch()));

  private ChainBuilder confirmAndWatch() {
    return exec(s -> s.set("confirmToken", emails.confirmation(s.getString("entryId"))))
        .exec(
            http("confirm")
                .post("/api/v1/waitlist/entries/#{entryId}/confirmation?pos=web")
                .body(StringBody("{\"token\":\"#{confirmToken}\"}"))
                .check(status().is(200)))
        .exec(
            s -> {
              confirmed.incrementAndGet();
              return s.set("status", "WAITING").set("since", System.currentTimeMillis());
            })
        .asLongAs(
            s ->
                !"OFFERED".equals(s.getString("status"))
                    && System.currentTimeMillis() - s.getLong("since") < watchSeconds * 1000L)
        .on(
            exec(pause(Duration.ofSeconds(2)))
                .exec(
                    http("entry")
                        .get("/api/v1/waitlist/entries/#{entryId}?pos=web")
                        .header("X-Waitlist-Secret", "#{entrySecret}")
                        .check(status().is(200))
                        .check(jsonPath("$.status").saveAs("status"))
                        .check(jsonPath("$.offer.id").optional().saveAs("offerId"))))
        .doIf(s -> "OFFERED".equals(s.getString("status")))
        .then(
            exec(s -> {
                  offersSeen.incrementAndGet();
                  return s;
                })
                .exec(waitFor(s -> emails.offer(s.getString("offerId")) != null))
                .doIf(s -> s.getInt("fate") < 85 && emails.offer(s.getString("offerId")) != null)
                .then(takeAndPay())
                .doIf(s -> s.getInt("fate") >= 85)
                .then(
                    exec(
                        s -> {
                          letLapse.incrementAndGet();
                          return s;
                        })));
  }

  /** Waits (0.2 s at a time, 60 s at most) for something the buyer's mailbox will show. */
  private static ChainBuilder waitFor(java.util.function.Predicate<Session> arrived) {
    return exec(s -> s.set("waitedSince", System.currentTimeMillis()))
        .asLongAs(
            s -> !arrived.test(s) && System.currentTimeMillis() - s.getLong("waitedSince") < 60_000)
        .on(pause(Duration.ofMillis(200)));
  }

  private ChainBuilder takeAndPay() {
    return exec(s -> s.set("offerToken", emails.offer(s.getString("offerId"))))
        .exec(
            http("take offer")
                .post("/api/v1/waitlist/offers/#{offerId}/cart?pos=web")
                .body(StringBody("{\"token\":\"#{offerToken}\"}"))
                .check(status().is(201))
                .check(jsonPath("$.id").saveAs("cartId"))
                .check(jsonPath("$.secret").saveAs("cartSecret")))
        .exec(
            s -> {
              taken.incrementAndGet();
              return s;
            })
        .exec(
            http("checkout")
                .post("/api/v1/carts/#{cartId}/checkout?pos=web")
                .header("X-Cart-Secret", "#{cartSecret}")
                .header("Idempotency-Key", s -> UUID.randomUUID().toString())
                .body(
                    StringBody(
                        "{\"deliveryMode\":\"E_TICKET\",\"buyer\":{\"email\":\"list@example.org\","
                            + "\"firstName\":\"List\",\"lastName\":\"Buyer\"}}"))
                .check(status().is(201))
                .check(jsonPath("$.id").saveAs("orderId"))
                .check(jsonPath("$.secret").saveAs("orderSecret"))
                .check(jsonPath("$.payment.url").saveAs("payUrl"))
                .check(jsonPath("$.payment.fields").saveAs("payFields")))
        .exec(s -> s.set("payForm", OnSaleSimulation.form(s.getString("payFields"), "accept")))
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
                .check(jsonPath("$.status").saveAs("orderStatus")))
        .exec(
            s -> {
              if ("PAID".equals(s.getString("orderStatus"))) {
                paid.incrementAndGet();
                paidOrders.add(s.getString("orderId"));
              }
              return s;
            });
  }

  {
    int frees = toFree.size();
    setUp(
            signUps
                .injectOpen(constantUsersPerSec(signupRate).during(signupSeconds))
                .andThen(
                    watchers.injectOpen(atOnceUsers(confirm)),
                    freeing.injectOpen(
                        nothingFor(Duration.ofSeconds(5)),
                        constantUsersPerSec(Math.max(1, frees / 20.0))
                            .during(Duration.ofSeconds(20)))))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(signupSeconds * 3L + watchSeconds + 240));
  }

  @Override
  public void after() {
    emails.close();
    try {
      JsonNode overview =
          WaitlistSetup.call(base, admin, "GET", "/admin/v1/performances/" + perf + "/waitlist", null);
      JsonNode audit =
          WaitlistSetup.call(base, admin, "GET", "/admin/v1/performances/" + perf + "/audit", null);
      List<String> missing = new ArrayList<>();
      for (String order : List.copyOf(paidOrders)) {
        JsonNode o = WaitlistSetup.call(base, admin, "GET", "/admin/v1/orders/" + order, null);
        if (!"PAID".equals(o.path("status").asText())) {
          missing.add(order);
        }
      }
      ObjectNode facts = JSON.createObjectNode();
      facts.put("performanceId", perf);
      facts.put("soldOutSeats", soldOut.seats());
      facts.put("signupRate", signupRate);
      facts.put("signupSeconds", signupSeconds);
      facts.put("signedUp", signedUp.get());
      facts.put("duplicatesRefused", duplicatesRefused.get());
      facts.put("confirmed", confirmed.get());
      facts.put("seatsBackActions", freed.get());
      facts.put("shortHoldSeats", soldOut.shortSeats());
      facts.put("offersSeenByBuyers", offersSeen.get());
      facts.put("offersTakenByBuyers", taken.get());
      facts.put("offersLetLapse", letLapse.get());
      facts.put("ordersPaidFromOffers", paid.get());
      facts.put("seconds", (System.currentTimeMillis() - started) / 1000);
      facts.set("server", overview);
      facts.set("audit", audit);
      facts.putArray("paidButNotPaidInPostgres").addAll(
          missing.stream().map(JSON.getNodeFactory()::textNode).toList());
      facts.put("invariantsHold", audit.path("ok").asBoolean(false) && missing.isEmpty());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(facts));
    } catch (Exception e) {
      throw new IllegalStateException("the waiting-list step's check could not run: " + e, e);
    }
  }
}
