package io.guichet.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three hundred buyers at once on a 200-seat hall with a 60-place standing area: they hold, check
 * out (some twice with the same key), pay, decline or walk away. Then PostgreSQL and the grid are
 * read and the invariants checked: no seat sold twice, every order a buyer saw paid is paid and
 * durable with its tickets, the grid shows exactly the sold and held seats PostgreSQL has, sold +
 * held + free = capacity; and once the abandoned payments expire, every unsold seat is on sale
 * again. The server's audit (GET /admin/v1/performances/{id}/audit, the load test's invariant
 * check) must agree, and must fail when PostgreSQL and the grid are made to disagree.
 */
class ConcurrentCheckoutTest extends ServerTest {
  private static final int BUYERS = 300;
  private static final int ROWS = 10;
  private static final int SEATS_PER_ROW = 20;
  private static final int STANDING = 60;

  @AfterEach
  void clockBack() {
    TestServer.CLOCK.reset();
  }

  private record Catalogue(String performanceId, String pos, String tariff) {}

  private record Outcome(String orderId, String status, int places) {}

  @Test
  void many_buyers_at_once_never_get_a_seat_twice_and_every_confirmed_order_is_durable()
      throws Exception {
    Catalogue c = catalogue();
    Map<String, Outcome> seen = new ConcurrentHashMap<>();
    AtomicInteger soldOut = new AtomicInteger();
    AtomicInteger unexpected = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> buyers = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < BUYERS; i++) {
      int quantity = new int[] {1, 2, 2, 2, 3, 4, 4, 6}[random.nextInt(8)];
      String category = random.nextInt(4) == 0 ? "G" : "A";
      int fate = random.nextInt(100);
      boolean twice = random.nextInt(10) == 0;
      buyers.add(
          buyer(c, category, quantity, fate, twice, seen, soldOut)
              .recover(
                  e -> {
                    unexpected.incrementAndGet();
                    failures.add(String.valueOf(e.getMessage()));
                    return Future.succeededFuture();
                  }));
    }
    Future.join(buyers).await();
    assertThat(failures).as("unexpected answers").isEmpty();
    assertThat(unexpected.get()).isZero();
    assertThat(soldOut.get()).as("the hall sold out for some").isPositive();

    UUID perf = UUID.fromString(c.performanceId());
    // No seat has two live tickets.
    assertThat(
            count(
                "select count(*) from (select seat_id from ticket where performance_id = $1 and"
                    + " status = 'LIVE' and seat_id is not null group by seat_id having count(*) > 1)"
                    + " t",
                perf))
        .isZero();
    // Every order a buyer saw paid is paid in PostgreSQL with all its tickets.
    long confirmed = 0;
    for (Outcome o : seen.values()) {
      if (o.status().equals("PAID")) {
        confirmed++;
        UUID id = UUID.fromString(o.orderId());
        assertThat(count("select count(*) from orders where id = $1 and status = 'PAID'", id))
            .as("order %s", id)
            .isEqualTo(1);
        assertThat(count("select count(*) from ticket where order_id = $1 and status = 'LIVE'", id))
            .isEqualTo(o.places());
      }
    }
    assertThat(confirmed).isPositive();
    // Standing places never above capacity.
    long standingSold =
        count(
            "select count(*) from ticket where performance_id = $1 and status = 'LIVE' and"
                + " ga_area is not null",
            perf);
    assertThat(standingSold).isLessThanOrEqualTo(STANDING);

    // The grid agrees with PostgreSQL: sold seats, held seats (orders waiting for payment).
    Set<String> sold =
        seats(
            "select seat_id from ticket where performance_id = $1 and status = 'LIVE' and seat_id is not null",
            perf);
    Set<String> held =
        seats(
            "select l.seat_id from order_line l join orders o on o.id = l.order_id where"
                + " l.performance_id = $1 and o.status = 'PENDING_PAYMENT' and l.seat_id is not"
                + " null",
            perf);
    Map<Character, Set<String>> grid = gridStates(c);
    assertThat(grid.getOrDefault('S', Set.of())).isEqualTo(sold);
    assertThat(grid.getOrDefault('H', Set.of())).isEqualTo(held);
    int total = grid.values().stream().mapToInt(Set::size).sum();
    assertThat(total).isEqualTo(ROWS * SEATS_PER_ROW);
    long standingHeld =
        count(
            "select count(*) from order_line l join orders o on o.id = l.order_id where"
                + " l.performance_id = $1 and o.status = 'PENDING_PAYMENT' and l.ga_area is not"
                + " null",
            perf);
    assertThat(standingAvailable(c)).isEqualTo(STANDING - standingSold - standingHeld);

    // The server's own audit (the load test's invariant check) agrees, and counts the same.
    JsonObject audit = adminGet("/admin/v1/performances/" + perf + "/audit").json();
    assertThat(audit.getJsonArray("violations")).as("%s", audit).isEmpty();
    assertThat(audit.getBoolean("ok")).isTrue();
    assertThat(audit.getJsonObject("seats").getInteger("sold")).isEqualTo(sold.size());
    assertThat(audit.getJsonObject("seats").getInteger("held")).isEqualTo(held.size());
    assertThat(audit.getJsonObject("standing").getInteger("sold")).isEqualTo((int) standingSold);
    assertThat(audit.getLong("liveTickets")).isEqualTo(sold.size() + standingSold);

    // ... and it fails loudly when PostgreSQL and the grid disagree: a live ticket appears for a
    // seat the grid has free (as if the grid had lost a sale), then is taken away again.
    String orderOfSomeone =
        seen.values().stream()
            .filter(o -> o.status().equals("PAID"))
            .findFirst()
            .orElseThrow()
            .orderId();
    // (a seat the grid has free or held: the hall may be sold out)
    Map<Character, Set<String>> states = gridStates(c);
    String freeSeat =
        java.util.stream.Stream.concat(
                states.getOrDefault('F', Set.of()).stream(),
                states.getOrDefault('H', Set.of()).stream())
            .findFirst()
            .orElseThrow();
    UUID forged = UUID.randomUUID();
    // (a ticket belongs to an order line: forge both)
    TestServer.get()
        .services()
        .pool()
        .preparedQuery(
            "insert into order_line (order_id, line_no, performance_id, item_id, hold_id, seat_id,"
                + " category, tariff_id, price, seat_hidden) select order_id, 9999,"
                + " performance_id, item_id, hold_id, $2, category, tariff_id, price, seat_hidden"
                + " from order_line where order_id = $1 limit 1")
        .execute(Tuple.of(UUID.fromString(orderOfSomeone), freeSeat))
        .await();
    TestServer.get()
        .services()
        .pool()
        .preparedQuery(
            "insert into ticket (id, order_id, line_no, performance_id, seat_id, status, created_at)"
                + " values ($1, $2, 9999, $3, $4, 'LIVE', now())")
        .execute(Tuple.of(forged, UUID.fromString(orderOfSomeone), perf, freeSeat))
        .await();
    try {
      JsonObject broken = adminGet("/admin/v1/performances/" + perf + "/audit").json();
      assertThat(broken.getBoolean("ok")).isFalse();
      assertThat(broken.getJsonArray("violations").encode())
          .contains("sold-seat-not-sold-in-grid")
          .contains(freeSeat);
    } finally {
      TestServer.get()
          .services()
          .pool()
          .preparedQuery("delete from ticket where id = $1")
          .execute(Tuple.of(forged))
          .await();
      TestServer.get()
          .services()
          .pool()
          .preparedQuery("delete from order_line where order_id = $1 and line_no = 9999")
          .execute(Tuple.of(UUID.fromString(orderOfSomeone)))
          .await();
    }

    // The abandoned payments expire: their seats come back, the paid ones stay sold.
    TestServer.CLOCK.advance(Duration.ofMinutes(25));
    while (TestServer.get().services().orders().expireDue().await() > 0) {
      // until none is left
    }
    Map<Character, Set<String>> after = gridStates(c);
    assertThat(after.getOrDefault('H', Set.of())).isEmpty();
    assertThat(after.getOrDefault('S', Set.of())).isEqualTo(sold);
    assertThat(after.getOrDefault('F', Set.of())).hasSize(ROWS * SEATS_PER_ROW - sold.size());
    assertThat(standingAvailable(c)).isEqualTo(STANDING - standingSold);
    assertThat(adminGet("/admin/v1/performances/" + perf + "/audit").json().getBoolean("ok"))
        .isTrue();
  }

  /** One buyer's path, asynchronous; answers when the buyer is done. */
  private Future<Void> buyer(
      Catalogue c,
      String category,
      int quantity,
      int fate,
      boolean twice,
      Map<String, Outcome> seen,
      AtomicInteger soldOut) {
    return client
        .post("/api/v1/carts?pos=" + c.pos())
        .send()
        .compose(
            created -> {
              JsonObject cart = created.bodyAsJsonObject();
              String path = "/api/v1/carts/" + cart.getString("id");
              JsonObject item =
                  new JsonObject()
                      .put("performanceId", c.performanceId())
                      .put(
                          "quantities",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("category", category)
                                      .put("tariffId", c.tariff())
                                      .put("quantity", quantity)));
              return client
                  .post(path + "/items?pos=" + c.pos())
                  .putHeader("X-Cart-Secret", cart.getString("secret"))
                  .sendJsonObject(item)
                  .compose(
                      added -> {
                        if (added.statusCode() == 409) {
                          soldOut.incrementAndGet();
                          return Future.succeededFuture();
                        }
                        expect(added, 201);
                        return checkout(c, path, cart.getString("secret"), twice)
                            .compose(order -> settle(order, quantity, fate, seen));
                      });
            });
  }

  private Future<JsonObject> checkout(Catalogue c, String path, String secret, boolean twice) {
    JsonObject body =
        new JsonObject()
            .put("deliveryMode", "E_TICKET")
            .put(
                "buyer",
                new JsonObject()
                    .put("email", "crowd@example.org")
                    .put("firstName", "C")
                    .put("lastName", "D"));
    String key = UUID.randomUUID().toString();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int k = 0; k < (twice ? 2 : 1); k++) {
      calls.add(
          client
              .post(path + "/checkout?pos=" + c.pos())
              .putHeader("X-Cart-Secret", secret)
              .putHeader("Idempotency-Key", key)
              .sendJsonObject(body));
    }
    return Future.join(calls)
        .transform(
            done -> {
              Set<String> ids = new HashSet<>();
              JsonObject order = null;
              for (Future<HttpResponse<Buffer>> call : calls) {
                HttpResponse<Buffer> r = call.result();
                if (r == null) {
                  return Future.failedFuture(call.cause());
                }
                if (r.statusCode() == 409
                    && r.bodyAsJsonObject().getString("type").endsWith("checkout-in-progress")) {
                  continue; // the twin request arrived while the first was being written
                }
                expect(r, r.statusCode() == 200 ? 200 : 201);
                order = r.bodyAsJsonObject();
                ids.add(order.getString("id"));
              }
              if (ids.size() != 1) {
                return Future.failedFuture(new AssertionError("orders of one cart: " + ids));
              }
              return Future.succeededFuture(order);
            });
  }

  private Future<Void> settle(JsonObject order, int quantity, int fate, Map<String, Outcome> seen) {
    String id = order.getString("id");
    if (fate >= 85) {
      seen.put(id, new Outcome(id, order.getString("status"), quantity));
      return Future.succeededFuture(); // walks away
    }
    String decision = fate < 70 ? "accept" : "decline";
    JsonObject payment = order.getJsonObject("payment");
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    payment
        .getJsonObject("fields")
        .forEach(e -> form.add(e.getKey(), String.valueOf(e.getValue())));
    form.add("SIM_DECISION", decision);
    return client
        .postAbs(payment.getString("url"))
        .followRedirects(false)
        .sendForm(form)
        .compose(page -> client.getAbs(page.getHeader("Location")).followRedirects(false).send())
        .compose(
            back -> {
              expect(back, 200);
              String status = back.bodyAsJsonObject().getString("status");
              String expected = decision.equals("accept") ? "PAID" : "PENDING_PAYMENT";
              if (!status.equals(expected)) {
                return Future.failedFuture(
                    new AssertionError(id + " is " + status + " after " + decision));
              }
              seen.put(id, new Outcome(id, status, quantity));
              return Future.succeededFuture();
            });
  }

  private static void expect(HttpResponse<Buffer> r, int status) {
    if (r.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + ", got " + r.statusCode() + ": " + r.bodyAsString());
    }
  }

  private static Set<String> seats(String sql, UUID perf) {
    Set<String> out = new HashSet<>();
    for (Row r :
        TestServer.get().services().pool().preparedQuery(sql).execute(Tuple.of(perf)).await()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private Map<Character, Set<String>> gridStates(Catalogue c) {
    JsonObject map =
        get("/api/v1/performances/" + c.performanceId() + "/seatmap?pos=" + c.pos()).json();
    Map<Character, Set<String>> byState = new HashMap<>();
    for (Object o : map.getJsonArray("rows")) {
      JsonObject row = (JsonObject) o;
      JsonArray ids = row.getJsonArray("ids");
      String states = row.getString("states");
      for (int i = 0; i < ids.size(); i++) {
        byState.computeIfAbsent(states.charAt(i), k -> new HashSet<>()).add(ids.getString(i));
      }
    }
    return byState;
  }

  private long standingAvailable(Catalogue c) {
    JsonObject map =
        get("/api/v1/performances/" + c.performanceId() + "/seatmap?pos=" + c.pos()).json();
    for (Object o : map.getJsonArray("sections")) {
      JsonObject s = (JsonObject) o;
      if (s.containsKey("generalAdmission")) {
        return s.getJsonObject("generalAdmission").getLong("available");
      }
    }
    throw new AssertionError("no standing area");
  }

  /** A 200-seat hall (10 rows of 20) in category A and 60 standing places in G. */
  private static Catalogue catalogue() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String org =
        create(
                "/admin/v1/organizers",
                new JsonObject().put("name", "Crowd " + suffix).put("currency", "EUR"))
            .getString("id");
    String tariff =
        create(
                "/admin/v1/organizers/" + org + "/tariffs",
                new JsonObject().put("code", "FULL").put("name", "Full"))
            .getString("id");
    String venue =
        create("/admin/v1/venues", new JsonObject().put("organizerId", org).put("name", "Hall"))
            .getString("id");
    JsonArray seats = new JsonArray();
    for (int r = 1; r <= ROWS; r++) {
      for (int p = 1; p <= SEATS_PER_ROW; p++) {
        seats.add(
            new JsonObject()
                .put("id", "R" + r + "-" + p)
                .put("section", "HALL")
                .put("row", "R" + r)
                .put("pos", p)
                .put("x", p)
                .put("y", r)
                .put("rank", r * 100 + Math.abs(10 - p))
                .put("category", "A"));
      }
    }
    JsonObject map =
        new JsonObject()
            .put("name", "Crowd hall")
            .put(
                "categories",
                new JsonArray()
                    .add(new JsonObject().put("code", "A").put("name", "Seated"))
                    .add(new JsonObject().put("code", "G").put("name", "Standing")))
            .put(
                "sections",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "HALL")
                            .put("name", "Hall")
                            .put(
                                "bounds",
                                new JsonObject()
                                    .put("x", 0)
                                    .put("y", 0)
                                    .put("width", 30)
                                    .put("height", 20)))
                    .add(
                        new JsonObject()
                            .put("id", "PIT")
                            .put("name", "Pit")
                            .put(
                                "generalAdmission",
                                new JsonObject().put("capacity", STANDING).put("category", "G"))))
            .put("seats", seats);
    String seatMap = create("/admin/v1/venues/" + venue + "/seatmaps", map).getString("id");
    String event =
        create("/admin/v1/events", new JsonObject().put("organizerId", org).put("name", "Crowd"))
            .getString("id");
    String perf =
        create(
                "/admin/v1/performances",
                new JsonObject()
                    .put("eventId", event)
                    .put("seatMapId", seatMap)
                    .put(
                        "startsAt",
                        Instant.now()
                            .plus(5, ChronoUnit.DAYS)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString())
                    .put(
                        "prices",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("category", "A")
                                    .put("tariffId", tariff)
                                    .put("amount", 5000))
                            .add(
                                new JsonObject()
                                    .put("category", "G")
                                    .put("tariffId", tariff)
                                    .put("amount", 3000))))
            .getString("id");
    JsonObject channel =
        io.guichet.Fixtures.channel(org, "PUBLIC")
            .put("isolatedSeatTrigger", 0)
            .put("allowSplit", true)
            .put("maxPerPerformance", 6);
    String channelId = create("/admin/v1/channels", channel).getString("id");
    String pos = "crowd-" + suffix;
    create(
        "/admin/v1/points-of-sale",
        new JsonObject().put("channelId", channelId).put("code", pos).put("name", "Crowd"));
    create(
        "/admin/v1/performances/" + perf + "/onsale-windows",
        new JsonObject()
            .put("channelId", channelId)
            .put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(4, ChronoUnit.DAYS).toString()));
    return new Catalogue(perf, pos, tariff);
  }
}
