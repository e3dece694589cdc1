package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guichet.TestServer;
import io.guichet.ops.QueueVisitors.Snapshot;
import io.guichet.ops.QueueVisitors.Visitor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting room across restarts of a real node on its embedded services and data directory: a
 * kill -9 of the JVM alone, then of the JVM and its Redis, then a SIGTERM. Every visitor must be
 * back at their place and in their order, every admitted shopper with the same access (and able to
 * hold seats again), the counters as they were, admission at the operator's rate with no burst for
 * the time the node was down, and never more active shoppers than the maximum.
 */
class QueueRestartTest {
  private static final String KEY = "queue-restart-key";
  private static final String ON_SALE = "5ad1a0e5-0000-4000-8000-000000000001";
  private static final int PER_MINUTE = 600;
  private static final int TOKEN_SECONDS = 900;

  private Path dataDir;
  private int port;
  private NodeProcess node;
  private final List<String> logs = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    if (node != null) {
      node.close();
    }
    if (dataDir != null) {
      NodeProcess.stopLeftovers(dataDir);
    }
  }

  @Test
  void everyVisitorAccessAndCounterSurvivesAKillOfTheJvmOfTheJvmAndRedisAndASigterm()
      throws Exception {
    assumeTrue(System.getenv("GUICHET_PG_URL") == null, "only for the embedded services");
    dataDir = Files.createTempDirectory("guichet-queue-restart-");
    port = TestServer.freePort();
    node = start("run-1.log");

    Instant starts = Instant.now().plusSeconds(4);
    settings(
        new JsonObject()
            .put("enabled", true)
            .put("queueOpensAt", Instant.now().minusSeconds(60).toString())
            .put("saleStartsAt", starts.toString())
            .put("admissionPerMinute", PER_MINUTE)
            .put("maxActiveShoppers", 20)
            .put("accessTokenSeconds", TOKEN_SECONDS));
    List<Visitor> visitors = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      visitors.add(join());
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(starts));
    for (int i = 0; i < 100; i++) {
      visitors.add(join());
    }
    List<Visitor> byPlace =
        visitors.stream().sorted(Comparator.comparingLong(Visitor::place)).toList();
    await().atMost(Duration.ofSeconds(20)).until(() -> figures().getLong("activeShoppers") == 20);
    String[] seats = stadiumSeats();
    String shopper = byPlace.get(0).id();

    // 1. kill -9 of the JVM: its Redis is left running, then stopped keeping its data.
    Snapshot before = settled(visitors, byPlace, 20);
    holdAgain(shopper, before, seats);
    ProcessHandle orphan = node.redis().orElseThrow();
    node.kill();
    assertThat(orphan.isAlive()).as("the killed node's Redis is left running").isTrue();
    node = start("run-2.log");
    assertThat(orphan.isAlive()).as("the Redis left behind was stopped").isFalse();
    assertSame(before, settled(visitors, byPlace, 20));
    holdAgain(shopper, before, seats);

    // 2. kill -9 of the JVM and its Redis, while admission runs.
    settings(new JsonObject().put("maxActiveShoppers", 10_000));
    await().atMost(Duration.ofSeconds(20)).until(() -> figures().getLong("activeShoppers") >= 40);
    long admittedAtKill = figures().getLong("admittedInAll");
    ProcessHandle redis = node.redis().orElseThrow();
    node.kill();
    redis.destroyForcibly();
    redis.onExit().join();
    Instant down = Instant.now();
    node = start("run-3.log");
    Instant up = Instant.now();
    Thread.sleep(3_000);
    Snapshot running = poll(visitors);
    Map<String, String> accesses = running.accesses();
    assertThat(accesses).containsAllEntriesOf(before.accesses());
    // The admitted are always the first in line, in the order of the places.
    assertThat(accesses.keySet())
        .containsExactlyInAnyOrderElementsOf(
            byPlace.subList(0, accesses.size()).stream().map(Visitor::id).toList());
    assertThat((long) accesses.size()).as("admission resumed").isGreaterThan(admittedAtKill + 10);
    assertNoBurst(running, down, up);
    settings(new JsonObject().put("maxActiveShoppers", accesses.size() + 30));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> figures().getLong("activeShoppers") == accesses.size() + 30);

    // 3. SIGTERM.
    int active = accesses.size() + 30;
    before = settled(visitors, byPlace, active);
    node.stop();
    assertThat(NodeProcess.pidFile(dataDir.resolve("redis/redis.pid"))).isEmpty();
    node = start("run-4.log");
    assertSame(before, settled(visitors, byPlace, active));
    holdAgain(shopper, before, seats);

    // The maximum of active shoppers holds after the restarts.
    settings(new JsonObject().put("maxActiveShoppers", active + 5));
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < until) {
      assertThat(figures().getLong("activeShoppers")).isLessThanOrEqualTo(active + 5);
    }
    assertThat(poll(visitors).accesses()).hasSize(active + 5);
    node.stop();
    node = null;
    for (String log : logs) {
      assertThat(Files.readString(dataDir.resolve(log), StandardCharsets.UTF_8))
          .as(log)
          .doesNotContain("Recursive update")
          .doesNotContain("\"level\":\"ERROR\"");
    }
  }

  // --- checks ---

  /**
   * Polls everyone while admission stands still (the maximum of shoppers is reached): the admitted
   * are the first {@code active} in the order of the places, the others wait in that order.
   */
  private Snapshot settled(List<Visitor> visitors, List<Visitor> byPlace, int active)
      throws Exception {
    Snapshot s = poll(visitors);
    assertThat(s.accesses().keySet())
        .containsExactlyInAnyOrderElementsOf(
            byPlace.subList(0, active).stream().map(Visitor::id).toList());
    assertThat(s.line())
        .isEqualTo(byPlace.subList(active, byPlace.size()).stream().map(Visitor::id).toList());
    for (int i = 0; i < s.line().size(); i++) {
      assertThat(s.places().get(s.line().get(i)).getLong("position")).isEqualTo(i + 1);
    }
    assertThat(s.figures().getLong("queueLength")).isEqualTo(byPlace.size() - active);
    assertThat(s.figures().getLong("activeShoppers")).isEqualTo(active);
    assertThat(s.figures().getLong("admittedInAll")).isEqualTo(active);
    return s;
  }

  private static void assertSame(Snapshot before, Snapshot after) {
    assertThat(after.accesses()).isEqualTo(before.accesses());
    assertThat(after.line()).isEqualTo(before.line());
    for (String v : after.line()) {
      assertThat(after.places().get(v).getLong("position"))
          .isEqualTo(before.places().get(v).getLong("position"));
    }
    for (String field : new String[] {"queueLength", "activeShoppers", "admittedInAll"}) {
      assertThat(after.figures().getLong(field))
          .as(field)
          .isEqualTo(before.figures().getLong(field));
    }
  }

  /**
   * Admissions after the restart, timed by the ends of their accesses: at the rate, in no second
   * more than a second's worth and a tick's; none while the node was down.
   */
  private static void assertNoBurst(Snapshot s, Instant down, Instant up) {
    List<Long> admittedAt =
        QueueVisitors.admissionTimes(s, TOKEN_SECONDS).stream()
            .filter(t -> t > down.toEpochMilli())
            .toList();
    assertThat(admittedAt).isNotEmpty();
    assertThat(admittedAt.get(0))
        .as("nobody admitted while down")
        .isGreaterThan(down.toEpochMilli());
    int perSecond = PER_MINUTE / 60;
    for (int i = 0; i < admittedAt.size(); i++) {
      long from = admittedAt.get(i);
      long inSecond = admittedAt.stream().filter(t -> t >= from && t < from + 1000).count();
      assertThat(inSecond)
          .as("admitted within a second of %s (up at %s)", Instant.ofEpochMilli(from), up)
          .isLessThanOrEqualTo(perSecond + 3);
    }
  }

  /** The first admitted shopper holds two seats in a new cart (the old one died with the node). */
  private void holdAgain(String shopper, Snapshot s, String[] seats) throws Exception {
    JsonObject cart = node.json(node.send(post("/api/v1/carts?pos=web", null)), 201);
    HttpResponse<String> held =
        node.send(
            post(
                    "/api/v1/carts/" + cart.getString("id") + "/items?pos=web",
                    new JsonObject()
                        .put("performanceId", seats[0])
                        .put(
                            "quantities",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("category", seats[1])
                                        .put("tariffId", seats[2])
                                        .put("quantity", 2))))
                .header("X-Cart-Secret", cart.getString("secret"))
                .header("X-Visitor-Id", shopper)
                .header("X-Access-Token", s.accesses().get(shopper)));
    assertThat(held.statusCode()).as("%s", held.body()).isEqualTo(201);
  }

  // --- the shop and the operator ---

  private NodeProcess start(String log) throws Exception {
    logs.add(log);
    return NodeProcess.start(
        dataDir,
        port,
        KEY,
        log,
        Map.of(
            "GUICHET_DEMO", "true",
            "GUICHET_HZ_CLUSTER", "queue-restart-" + UUID.randomUUID(),
            "GUICHET_HZ_PORT", "5831"));
  }

  private void settings(JsonObject change) throws Exception {
    node.json(node.admin("PATCH", "/admin/v1/onsales/" + ON_SALE, change), 200);
  }

  private JsonObject figures() throws Exception {
    return QueueVisitors.figures(node, ON_SALE);
  }

  private Visitor join() throws Exception {
    return QueueVisitors.join(node, ON_SALE);
  }

  private Snapshot poll(List<Visitor> visitors) throws Exception {
    return QueueVisitors.poll(node, ON_SALE, visitors);
  }

  /** The demo stadium's performance of the on-sale, a category with seats and its tariff. */
  private String[] stadiumSeats() throws Exception {
    JsonObject onSale = node.json(node.admin("GET", "/admin/v1/onsales/" + ON_SALE, null), 200);
    String performance = onSale.getJsonArray("performanceIds").getString(0);
    JsonObject p =
        node.json(
            node.send(
                HttpRequest.newBuilder(
                    node.uri("/api/v1/performances/" + performance + "?pos=web"))),
            200);
    for (Object o : p.getJsonArray("categories")) {
      JsonObject category = (JsonObject) o;
      JsonArray prices = category.getJsonArray("prices");
      if (prices != null && !prices.isEmpty()) {
        return new String[] {
          performance, category.getString("code"), prices.getJsonObject(0).getString("tariffId")
        };
      }
    }
    throw new AssertionError("no category on sale in " + p);
  }

  private HttpRequest.Builder post(String path, JsonObject body) {
    return HttpRequest.newBuilder(node.uri(path))
        .header("content-type", "application/json")
        .POST(
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
  }
}
