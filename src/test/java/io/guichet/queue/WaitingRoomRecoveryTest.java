package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting room through the HTTP API when Redis loses everything in the middle of an on-sale
 * (FLUSHALL, as a replaced or failed-over empty Redis would): the server's own ticks, real time.
 */
class WaitingRoomRecoveryTest extends ServerTest {
  private static final int PER_MINUTE = 120;
  private static Fixtures f;

  @BeforeAll
  static void fixtures() {
    f = Fixtures.create();
  }

  @BeforeEach
  void clock() {
    TestServer.CLOCK.reset();
  }

  private record Visitor(String id, String ticket) {}

  @Test
  void aFlushedRedisIsRebuiltFromTheVisitorsPollsInTheirOrderAndNobodyIsAdmittedTwice() {
    String performance = performance();
    Instant starts = Instant.now().plusSeconds(3);
    String onSale = onSale(performance, starts).getString("id");
    List<Visitor> visitors = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      visitors.add(join(onSale));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(starts));
    for (int i = 0; i < 20; i++) {
      visitors.add(join(onSale));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> figures(onSale).getLong("admittedInAll") >= 6);
    Map<String, JsonObject> before = pollAll(onSale, visitors);
    List<Visitor> lineBefore = inLine(before, visitors);
    Map<String, String> accessBefore = accesses(before);
    long admittedBefore = figures(onSale).getLong("admittedInAll");
    assertThat(accessBefore).hasSizeGreaterThanOrEqualTo(6);

    redis(Request.cmd(Command.FLUSHALL));

    // Everyone polls back, in any order: the waiting are put back at their places, the admitted
    // get their access back (the same token).
    List<Visitor> shuffled = new ArrayList<>(visitors);
    Collections.shuffle(shuffled, new Random(11));
    Map<String, JsonObject> after = pollAll(onSale, shuffled);
    Map<String, String> accessAfter = accesses(after);
    assertThat(accessAfter).containsAllEntriesOf(accessBefore);
    // Once everyone has polled (their positions meanwhile count only those back), the line is the
    // one before the flush, less those admitted at its front between the last poll and the flush.
    Map<String, JsonObject> settled = pollAll(onSale, visitors);
    List<Visitor> line = inLine(settled, visitors);
    assertThat(line)
        .isEqualTo(lineBefore.subList(lineBefore.size() - line.size(), lineBefore.size()));
    assertThat(lineBefore.subList(0, lineBefore.size() - line.size()))
        .allMatch(v -> accessAfter.containsKey(v.id()));
    for (int i = 0; i < line.size(); i++) {
      assertThat(settled.get(line.get(i).id()).getLong("position")).isEqualTo(i + 1);
      assertThat(settled.get(line.get(i).id()).getLong("queueLength")).isEqualTo(line.size());
    }
    assertThat(figures(onSale).getLong("admittedInAll")).isGreaterThanOrEqualTo(admittedBefore);

    // An access from before the flush still admits its holds.
    Visitor shopper =
        visitors.stream().filter(v -> accessBefore.containsKey(v.id())).findFirst().orElseThrow();
    Reply held = hold(Shop.cart(f.posCode), performance, shopper, accessBefore.get(shopper.id()));
    assertThat(held.status()).as("%s", held.body()).isEqualTo(201);

    // After the pause, admission goes on from the front of the same line, one access each.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> accesses(pollAll(onSale, visitors)).size() >= accessAfter.size() + 6);
    Map<String, JsonObject> last = pollAll(onSale, visitors);
    Map<String, String> accessLast = accesses(last);
    assertThat(accessLast).containsAllEntriesOf(accessAfter);
    List<Visitor> newlyAdmitted =
        line.stream().filter(v -> accessLast.containsKey(v.id())).toList();
    assertThat(newlyAdmitted).isEqualTo(line.subList(0, newlyAdmitted.size()));
    assertThat(inLine(last, visitors)).isEqualTo(line.subList(newlyAdmitted.size(), line.size()));
  }

  // --- helpers ---

  private static Map<String, JsonObject> pollAll(String onSale, List<Visitor> visitors) {
    Map<String, JsonObject> places = new LinkedHashMap<>();
    for (Visitor v : visitors) {
      Reply reply = place(onSale, v);
      assertThat(reply.status()).as("%s: %s", v.id(), reply.body()).isEqualTo(200);
      places.put(v.id(), reply.json());
    }
    return places;
  }

  /** The waiting visitors, by position. */
  private static List<Visitor> inLine(Map<String, JsonObject> places, List<Visitor> visitors) {
    return visitors.stream()
        .filter(v -> "WAITING".equals(places.get(v.id()).getString("state")))
        .sorted(Comparator.comparingLong(v -> places.get(v.id()).getLong("position")))
        .toList();
  }

  /** The access tokens of the admitted visitors, by visitor. */
  private static Map<String, String> accesses(Map<String, JsonObject> places) {
    Map<String, String> tokens = new HashMap<>();
    places.forEach(
        (visitor, place) -> {
          if ("ADMITTED".equals(place.getString("state"))) {
            tokens.put(visitor, place.getString("accessToken"));
          }
        });
    return tokens;
  }

  private static void redis(Request request) {
    TestServer.get().services().redis().send(request).await();
  }

  private static Visitor join(String onSale) {
    Reply reply = send(client.post("/api/v1/onsales/" + onSale + "/queue"), null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return new Visitor(reply.json().getString("visitorId"), reply.json().getString("queueTicket"));
  }

  private static Reply place(String onSale, Visitor v) {
    return send(
        client
            .get("/api/v1/onsales/" + onSale + "/queue/" + v.id())
            .putHeader("X-Queue-Ticket", v.ticket()),
        null);
  }

  private static JsonObject figures(String onSale) {
    Reply reply = adminGet("/admin/v1/onsales/" + onSale);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json().getJsonObject("figures");
  }

  private static Reply hold(Shop.Cart cart, String performance, Visitor v, String token) {
    HttpRequest<Buffer> request =
        client
            .post(cart.path() + "/items?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret())
            .putHeader("X-Visitor-Id", v.id())
            .putHeader("X-Access-Token", token);
    return send(
        request,
        new JsonObject()
            .put("performanceId", performance)
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", "B")
                            .put("tariffId", f.fullTariff())
                            .put("quantity", 2))));
  }

  /** A new performance of the fixture's event, on sale on the fixture's channel now. */
  private static String performance() {
    JsonObject p =
        create(
            "/admin/v1/performances",
            new JsonObject()
                .put("eventId", f.event.getString("id"))
                .put("seatMapId", f.seatMap.getString("id"))
                .put(
                    "startsAt",
                    Instant.now()
                        .plus(10, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
                .put(
                    "prices",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("category", "A")
                                .put("tariffId", f.fullTariff())
                                .put("amount", 4500))
                        .add(
                            new JsonObject()
                                .put("category", "B")
                                .put("tariffId", f.fullTariff())
                                .put("amount", 2500))));
    create(
        "/admin/v1/performances/" + p.getString("id") + "/onsale-windows",
        new JsonObject()
            .put("channelId", f.channel.getString("id"))
            .put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(9, ChronoUnit.DAYS).toString()));
    return p.getString("id");
  }

  private static JsonObject onSale(String performance, Instant starts) {
    return create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
        new JsonObject()
            .put("name", "Recovery " + performance.substring(0, 8))
            .put("performanceIds", new JsonArray().add(performance))
            .put("queueOpensAt", Instant.now().minus(Duration.ofMinutes(5)).toString())
            .put("saleStartsAt", starts.toString())
            .put("admissionPerMinute", PER_MINUTE)
            .put("maxActiveShoppers", 1000)
            .put("accessTokenSeconds", 600));
  }
}
