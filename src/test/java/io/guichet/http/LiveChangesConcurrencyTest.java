package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The organizer changes a channel and its point of sale again and again (maximum per performance,
 * hold timeout, fees, the sale switch, the channel on and off) while a crowd opens carts, holds,
 * checks out and pays. Every answer is one the contract allows for a change (created, or refused as
 * not selling, sold out, over the maximum); then: no seat is sold or ordered twice, every order
 * kept the fees and total its buyer was shown, every cart kept the deadline it was given, orders
 * awaiting payment when the sale stopped were paid, and the server's audit finds the grid and
 * PostgreSQL in agreement.
 */
class LiveChangesConcurrencyTest extends ServerTest {
  private static final int BUYERS = 80;
  private static final int CHANGES = 40;

  private record Placed(String id, long total, long fees) {}

  @Test
  void settings_changed_under_holds_and_checkouts_never_sell_a_seat_twice_nor_reprice_an_order() {
    Fixtures f = Fixtures.create();
    String channel = "/admin/v1/channels/" + f.channel.getString("id");
    String pos = "/admin/v1/points-of-sale/" + f.pos.getString("id");
    Map<String, Placed> placed = new ConcurrentHashMap<>();
    Map<String, JsonObject> carts = new ConcurrentHashMap<>();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(11);

    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < BUYERS; i++) {
      int quantity = 1 + random.nextInt(2);
      boolean pays = random.nextInt(4) != 0;
      all.add(buyer(f, quantity, pays, placed, carts, wrong));
    }
    all.add(organizer(channel, pos, new Random(5)));
    Future.join(all).await();
    assertThat(wrong).as("answers no change allows").isEmpty();
    assertThat(placed).as("some buyers got through").isNotEmpty();

    UUID perf = UUID.fromString(f.performanceId());
    assertThat(
            count(
                "select count(*) from (select seat_id from ticket where performance_id = $1 and"
                    + " status = 'LIVE' and seat_id is not null group by seat_id"
                    + " having count(*) > 1) t",
                perf))
        .as("seats with two live tickets")
        .isZero();
    assertThat(
            count(
                "select count(*) from (select l.seat_id from order_line l join orders o"
                    + " on o.id = l.order_id where l.performance_id = $1 and o.status in"
                    + " ('PENDING_PAYMENT', 'PAID') and l.seat_id is not null group by l.seat_id"
                    + " having count(*) > 1) t",
                perf))
        .as("seats in two live orders")
        .isZero();
    for (Placed p : placed.values()) {
      assertThat(
              count(
                  "select count(*) from orders where id = $1 and total = $2 and fees_total = $3",
                  UUID.fromString(p.id()),
                  p.total(),
                  p.fees()))
          .as("order %s keeps the price its buyer was shown", p.id())
          .isEqualTo(1);
    }
    for (JsonObject cart : carts.values()) {
      Reply now =
          send(
              client
                  .get("/api/v1/carts/" + cart.getString("id") + "?pos=" + f.posCode)
                  .putHeader("X-Cart-Secret", cart.getString("secret")),
              null);
      assertThat(now.status()).as("%s", now.body()).isEqualTo(200);
      assertThat(now.json().getString("expiresAt"))
          .as("cart %s keeps its deadline", cart.getString("id"))
          .isEqualTo(cart.getString("expiresAt"));
    }
    JsonObject audit = adminGet("/admin/v1/performances/" + perf + "/audit").json();
    assertThat(audit.getBoolean("ok")).as("%s", audit).isTrue();
  }

  /** Changes the channel and its point of sale, one change after another, while buyers buy. */
  private Future<Void> organizer(String channel, String pos, Random random) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < CHANGES; i++) {
      JsonObject change;
      String path = channel;
      switch (i % 5) {
        case 0 -> change = new JsonObject().put("maxPerPerformance", 1 + random.nextInt(4));
        case 1 -> change = new JsonObject().put("holdTimeoutSeconds", 300 + random.nextInt(600));
        case 2 -> change = new JsonObject().put("perTicketFee", random.nextInt(300));
        case 3 -> {
          path = pos;
          change =
              new JsonObject().put("settings", new JsonObject().put("sale", random.nextBoolean()));
        }
        default -> change = new JsonObject().put("enabled", random.nextInt(3) != 0);
      }
      String target = path;
      JsonObject body = change;
      chain =
          chain.compose(
              v ->
                  client
                      .patch(target)
                      .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                      .sendJsonObject(body)
                      .<Void>map(
                          r -> {
                            if (r.statusCode() != 200) {
                              throw new AssertionError(target + " " + r.bodyAsString());
                            }
                            return null;
                          }));
    }
    // finally on again, so that the payments still in flight finish on a selling shop too
    return chain
        .compose(
            v ->
                client
                    .patch(pos)
                    .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                    .sendJsonObject(
                        new JsonObject()
                            .put("settings", new JsonObject().put("sale", true))
                            .put("enabled", true)))
        .compose(
            v ->
                client
                    .patch(channel)
                    .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                    .sendJsonObject(new JsonObject().put("enabled", true)))
        .mapEmpty();
  }

  private Future<Void> buyer(
      Fixtures f,
      int quantity,
      boolean pays,
      Map<String, Placed> placed,
      Map<String, JsonObject> carts,
      List<String> wrong) {
    return client
        .post("/api/v1/carts?pos=" + f.posCode)
        .send()
        .compose(
            created -> {
              if (refused(created, wrong, "not-allowed-here")) {
                return Future.succeededFuture();
              }
              JsonObject cart = created.bodyAsJsonObject();
              String path = "/api/v1/carts/" + cart.getString("id");
              JsonObject item =
                  new JsonObject()
                      .put("performanceId", f.performanceId())
                      .put(
                          "quantities",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("category", "A")
                                      .put("tariffId", f.fullTariff())
                                      .put("quantity", quantity)));
              return client
                  .post(path + "/items?pos=" + f.posCode)
                  .putHeader("X-Cart-Secret", cart.getString("secret"))
                  .sendJsonObject(item)
                  .compose(
                      added -> {
                        if (refused(
                            added,
                            wrong,
                            "not-allowed-here",
                            "sold-out",
                            "max-per-performance",
                            "isolated-seat")) {
                          return Future.succeededFuture();
                        }
                        carts.put(cart.getString("id"), cart);
                        return checkout(f, path, cart.getString("secret"), placed, wrong)
                            .compose(order -> pays && order != null ? pay(order, wrong) : done());
                      });
            });
  }

  private static Future<Void> done() {
    return Future.succeededFuture();
  }

  private Future<JsonObject> checkout(
      Fixtures f, String path, String secret, Map<String, Placed> placed, List<String> wrong) {
    JsonObject body =
        new JsonObject()
            .put("deliveryMode", "E_TICKET")
            .put(
                "buyer",
                new JsonObject()
                    .put("email", "live@example.org")
                    .put("firstName", "L")
                    .put("lastName", "C"));
    return client
        .post(path + "/checkout?pos=" + f.posCode)
        .putHeader("X-Cart-Secret", secret)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(body)
        .map(
            r -> {
              if (refused(r, wrong, "not-allowed-here")) {
                return null;
              }
              JsonObject order = r.bodyAsJsonObject();
              placed.put(
                  order.getString("id"),
                  new Placed(
                      order.getString("id"),
                      order.getLong("total"),
                      order.getJsonObject("fees").getLong("total")));
              return order;
            });
  }

  private Future<Void> pay(JsonObject order, List<String> wrong) {
    JsonObject payment = order.getJsonObject("payment");
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    payment
        .getJsonObject("fields")
        .forEach(e -> form.add(e.getKey(), String.valueOf(e.getValue())));
    form.add("SIM_DECISION", "accept");
    return client
        .postAbs(payment.getString("url"))
        .followRedirects(false)
        .sendForm(form)
        .compose(page -> client.getAbs(page.getHeader("Location")).followRedirects(false).send())
        .<Void>map(
            back -> {
              String status = back.bodyAsJsonObject().getString("status");
              if (!"PAID".equals(status)) {
                wrong.add(order.getString("id") + " is " + status + " after paying");
              }
              return null;
            });
  }

  /**
   * Whether the answer is a refusal of one of these types (then the buyer stops); a success goes
   * on; anything else is wrong.
   */
  private static boolean refused(HttpResponse<Buffer> r, List<String> wrong, String... allowed) {
    if (r.statusCode() == 200 || r.statusCode() == 201) {
      return false;
    }
    String type = "";
    try {
      type = r.bodyAsJsonObject().getString("type", "");
    } catch (RuntimeException e) {
      // not a problem: wrong below
    }
    for (String slug : allowed) {
      if (type.endsWith("/" + slug)) {
        return true;
      }
    }
    wrong.add(r.statusCode() + " " + r.bodyAsString());
    return true;
  }
}
