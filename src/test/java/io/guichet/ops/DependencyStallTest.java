package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies that stop answering: a request never waits past its deadline (it answers 503 with
 * Retry-After), nothing confirmed is lost, readiness tells the truth, and the server recovers by
 * itself when the dependency answers again. PostgreSQL and Redis are paused for real (SIGSTOP of
 * their processes); a write stalled behind a lock stands for a PostgreSQL that answers too late.
 */
class DependencyStallTest extends ServerTest {
  private static final GuichetConfig.Deadlines DEADLINES =
      TestServer.get().services().config().deadlines();

  /** How long a client waits before it calls the server hung: the deadline and some slack. */
  private static long clientPatience(int deadlineMillis) {
    return deadlineMillis + 4_000L;
  }

  private static Path dataDir() {
    return TestServer.get().services().config().dataDir();
  }

  private static long pid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
  }

  /** The process and all its children (PostgreSQL's backends). */
  private static List<Long> tree(long pid) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid)
        .map(ProcessHandle::descendants)
        .orElse(Stream.empty())
        .forEach(p -> pids.add(p.pid()));
    return pids;
  }

  private static void signal(String signal, List<Long> pids) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(p -> command.add(String.valueOf(p)));
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
  }

  private static Reply timed(HttpRequest<Buffer> request, long patienceMillis) {
    return send(request.timeout(patienceMillis), null);
  }

  private static void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(get("/health/ready").status()).isEqualTo(200));
  }

  @Test
  void a_paused_postgresql_gets_503_within_the_deadline_then_the_server_recovers_by_itself()
      throws Exception {
    assumeTrue(System.getenv("GUICHET_PG_URL") == null, "only for the embedded PostgreSQL");
    Fixtures f = Fixtures.create();
    String organizer = "/admin/v1/organizers/" + f.organizer.getString("id");
    List<Long> postgres = tree(pid(dataDir().resolve("postgres/postmaster.pid")));
    signal("STOP", postgres);
    try {
      Reply stalled =
          timed(
              client.get(organizer).putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY),
              clientPatience(DEADLINES.pgMillis()));
      stalled.problem(503, "not-ready");
      assertThat(stalled.headers().get("Retry-After")).isEqualTo("1");
      Reply ready = timed(client.get("/health/ready"), clientPatience(DEADLINES.pgMillis()));
      assertThat(ready.problem(503, "not-ready").getString("detail")).contains("postgres");
    } finally {
      signal("CONT", postgres);
    }
    awaitReady();
    assertThat(adminGet(organizer).json()).isEqualTo(f.organizer);
  }

  @Test
  void a_paused_redis_gets_503_within_the_deadline_then_the_queue_works_again() throws Exception {
    assumeTrue(System.getenv("GUICHET_REDIS_URL") == null, "only for the embedded Redis");
    Fixtures f = Fixtures.create();
    JsonObject onSale =
        create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
            new JsonObject()
                .put("name", "Stalled Redis")
                .put("performanceIds", new JsonArray().add(f.performanceId()))
                .put("queueOpensAt", Instant.now().minusSeconds(600).toString())
                .put("saleStartsAt", Instant.now().minusSeconds(60).toString())
                .put("admissionPerMinute", 600)
                .put("maxActiveShoppers", 100));
    String join = "/api/v1/onsales/" + onSale.getString("id") + "/queue";
    assertThat(send(client.post(join), null).status()).isEqualTo(201);
    List<Long> redis = List.of(pid(dataDir().resolve("redis/redis.pid")));
    signal("STOP", redis);
    try {
      Reply stalled = timed(client.post(join), clientPatience(DEADLINES.redisMillis()));
      stalled.problem(503, "not-ready");
      assertThat(stalled.headers().get("Retry-After")).isEqualTo("1");
      Reply ready = timed(client.get("/health/ready"), clientPatience(DEADLINES.redisMillis()));
      assertThat(ready.problem(503, "not-ready").getString("detail")).contains("redis");
    } finally {
      signal("CONT", redis);
    }
    awaitReady();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(send(client.post(join), null).status()).isEqualTo(201));
  }

  @Test
  void a_checkout_whose_write_outlives_its_deadline_answers_503_and_its_retry_finds_the_order()
      throws Exception {
    assumeTrue(System.getenv("GUICHET_PG_URL") == null, "only for the embedded PostgreSQL");
    Fixtures f = Fixtures.create();
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 2);
    JsonObject body = Shop.guestCheckout("E_TICKET");
    String key = UUID.randomUUID().toString();
    int pgPort =
        Integer.parseInt(
            Files.readAllLines(dataDir().resolve("postgres/postmaster.pid")).get(3).trim());
    Reply answer;
    // Another session locks the orders table: the order's write waits behind it past the
    // deadline, then commits once the lock goes (as a write whose answer was lost would).
    try (Connection blocker =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
        Statement sql = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      sql.execute("lock table orders in exclusive mode");
      answer =
          send(
              client
                  .post(cart.path() + "/checkout?pos=" + cart.pos())
                  .putHeader("X-Cart-Secret", cart.secret())
                  .putHeader("Idempotency-Key", key)
                  .timeout(clientPatience(DEADLINES.pgMillis())),
              body);
      blocker.rollback();
    }
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(503);
    assertThat(answer.headers().get("Retry-After")).isEqualTo("1");
    // the stalled write commits now; the buyer's retry finds it, and never makes a second one
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Reply retry = Shop.checkout(cart, body, key);
              assertThat(retry.status()).as("%s", retry.body()).isIn(200, 201);
            });
    Reply replay = Shop.checkout(cart, body, key);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().getBoolean("replayed")).isTrue();
    assertThat(
            TestServer.get()
                .services()
                .pool()
                .preparedQuery("select count(*) from orders where cart_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(cart.id())))
                .await()
                .iterator()
                .next()
                .getLong(0))
        .isEqualTo(1);
  }
}
