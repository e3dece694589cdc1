package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ContractAnswers;
import io.guichet.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Guichet processes form one cluster over one PostgreSQL and one Redis; buyers check out
 * through one of them, which is killed (SIGKILL) in the middle. Every checkout is retried on the
 * other node with its key: the carts survive on their grid backup, answered checkouts get their
 * order back, unanswered ones get the order written for them (now, or before the kill), and no cart
 * ever has two orders.
 */
class ClusterCheckoutTest {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final String KEY = "cluster-test-key";
  private static final int BUYERS = 12;

  private record Checkout(String cartPath, String secret, String key, String body) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Checkout, String> answered = new ConcurrentHashMap<>();
  private final Set<Checkout> sent = ConcurrentHashMap.newKeySet();
  private Process first;
  private Process second;

  @AfterEach
  void stopNodes() throws Exception {
    for (Process node : new Process[] {first, second}) {
      if (node != null && node.isAlive()) {
        node.destroy();
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
    }
  }

  @Test
  void checkouts_cut_by_the_loss_of_a_node_are_retried_on_the_other_and_each_finds_one_order()
      throws Exception {
    String database = "cluster_" + UUID.randomUUID().toString().replace("-", "");
    TestServer.get().services().pool().query("create database " + database).execute().await();
    PgConnectOptions pg = PgConnectOptions.fromUri(TestServer.get().pgUrl()).setDatabase(database);
    String pgUrl =
        "postgresql://"
            + pg.getUser()
            + (pg.getPassword() == null || pg.getPassword().isEmpty() ? "" : ":" + pg.getPassword())
            + "@"
            + pg.getHost()
            + ":"
            + pg.getPort()
            + "/"
            + database;
    int hzFirst = TestServer.freePort();
    int hzSecond = TestServer.freePort();
    Map<String, String> cluster =
        Map.of(
            "GUICHET_PG_URL",
            pgUrl,
            "GUICHET_REDIS_URL",
            TestServer.get().redisUrl(),
            "GUICHET_SECRET",
            "cluster-test-secret-" + UUID.randomUUID(),
            "GUICHET_HZ_CLUSTER",
            "cluster-" + UUID.randomUUID(),
            "GUICHET_HZ_MEMBERS",
            "127.0.0.1:" + hzFirst + ",127.0.0.1:" + hzSecond,
            "GUICHET_ADMIN_KEY",
            KEY);
    Path logs = Files.createTempDirectory("guichet-cluster-");
    int portFirst = TestServer.freePort();
    int portSecond = TestServer.freePort();
    // told to expect peers, neither is ready alone: both start, then both are awaited
    first = launch(cluster, hzFirst, portFirst, true, logs.resolve("first.log"));
    second = launch(cluster, hzSecond, portSecond, false, logs.resolve("second.log"));
    awaitReady(first, portFirst);
    awaitReady(second, portSecond);
    String survivor = "http://127.0.0.1:" + portFirst;
    String doomed = "http://127.0.0.1:" + portSecond;
    String[] show = theatre(survivor);

    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService buyers = Executors.newFixedThreadPool(BUYERS);
    for (int b = 0; b < BUYERS; b++) {
      int buyer = b;
      buyers.execute(
          () -> {
            int round = 0;
            while (!stop.get()) {
              try {
                checkout(doomed, show[0], show[1], buyer, round++);
              } catch (Exception cut) {
                // the node is gone: stop when told
              }
            }
          });
    }
    Instant deadline = Instant.now().plusSeconds(60);
    while (answered.size() < 30 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    second.destroyForcibly(); // SIGKILL with checkouts in flight
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    stop.set(true);
    buyers.shutdown();
    assertThat(buyers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(answered).as("checkouts answered before the kill").hasSizeGreaterThanOrEqualTo(20);

    int replayed = 0;
    int writtenNow = 0;
    for (Checkout c : sent) {
      HttpResponse<String> retry =
          post(
              survivor + c.cartPath() + "/checkout?pos=web",
              Map.of("X-Cart-Secret", c.secret(), "Idempotency-Key", c.key()),
              c.body());
      String orderId = answered.get(c);
      if (orderId != null) {
        assertThat(retry.statusCode()).as("%s", retry.body()).isEqualTo(200);
        assertThat(new JsonObject(retry.body()).getString("id")).isEqualTo(orderId);
        replayed++;
      } else {
        // unanswered: its order was written before the kill (200) or is written now (201)
        assertThat(retry.statusCode()).as("%s", retry.body()).isIn(200, 201);
        writtenNow += retry.statusCode() == 201 ? 1 : 0;
      }
    }
    try (Connection db =
            DriverManager.getConnection(Migrations.jdbcUrl(pg), pg.getUser(), pg.getPassword());
        Statement sql = db.createStatement();
        ResultSet twice =
            sql.executeQuery(
                "select (select count(*) from (select cart_id from orders group by cart_id"
                    + " having count(*) > 1) c), (select count(*) from (select seat_id from ticket"
                    + " where status = 'LIVE' and seat_id is not null group by performance_id,"
                    + " seat_id having count(*) > 1) s), (select count(*) from orders)")) {
      twice.next();
      assertThat(twice.getLong(1)).as("carts with two orders").isZero();
      assertThat(twice.getLong(2)).as("seats sold twice").isZero();
      assertThat(twice.getLong(3)).as("one order per checkout sent").isEqualTo(sent.size());
    }
    System.out.printf(
        "cluster test: %d checkouts through the node killed; retried on the other: %d answered"
            + " before (same order), %d unanswered (%d written only by the retry)%n",
        sent.size(), replayed, sent.size() - replayed, writtenNow);
  }

  /** One buyer's cart, two best seats, checkout as a guest: no payment. */
  private void checkout(String base, String performance, String tariff, int buyer, int round)
      throws Exception {
    JsonObject cart = json(post(base + "/api/v1/carts?pos=web", Map.of(), null), 201);
    String cartPath = "/api/v1/carts/" + cart.getString("id");
    String category = new String[] {"CAT1", "CAT2", "CAT3"}[(buyer + round) % 3];
    JsonObject item =
        new JsonObject()
            .put("performanceId", performance)
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", category)
                            .put("tariffId", tariff)
                            .put("quantity", 2)));
    Map<String, String> secret = Map.of("X-Cart-Secret", cart.getString("secret"));
    if (post(base + cartPath + "/items?pos=web", secret, item.encode()).statusCode() != 201) {
      return; // sold out in this category
    }
    String body =
        new JsonObject()
            .put("deliveryMode", "E_TICKET")
            .put(
                "buyer",
                new JsonObject()
                    .put("email", "cluster" + buyer + "@example.org")
                    .put("firstName", "Clu")
                    .put("lastName", "Ster"))
            .encode();
    Checkout checkout =
        new Checkout(cartPath, cart.getString("secret"), UUID.randomUUID().toString(), body);
    Map<String, String> headers = new HashMap<>(secret);
    headers.put("Idempotency-Key", checkout.key());
    sent.add(checkout);
    JsonObject order = json(post(base + cartPath + "/checkout?pos=web", headers, body), 201);
    answered.put(checkout, order.getString("id"));
  }

  private HttpResponse<String> post(String url, Map<String, String> headers, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    return ContractAnswers.checked(
        http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static JsonObject json(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  private JsonObject get(String url) throws IOException, InterruptedException {
    return json(
        ContractAnswers.checked(
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())),
        200);
  }

  /** The demo theatre's performance and its full-price tariff. */
  private String[] theatre(String base) throws Exception {
    for (Object o : get(base + "/api/v1/events?pos=web&size=100").getJsonArray("items")) {
      JsonObject event = (JsonObject) o;
      if (event.getString("name").equals("Le Misanthrope")) {
        String perf =
            get(base + "/api/v1/events/" + event.getString("id") + "?pos=web")
                .getJsonArray("performances")
                .getJsonObject(0)
                .getString("id");
        String tariff =
            get(base + "/api/v1/performances/" + perf + "?pos=web")
                .getJsonArray("categories")
                .getJsonObject(0)
                .getJsonArray("prices")
                .getJsonObject(0)
                .getString("tariffId");
        return new String[] {perf, tariff};
      }
    }
    throw new AssertionError("no demo theatre");
  }

  private Process launch(
      Map<String, String> cluster, int hzPort, int httpPort, boolean demo, Path log)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().putAll(cluster);
    builder
        .environment()
        .put("GUICHET_DATA_DIR", log.getParent().resolve("data-" + httpPort).toString());
    builder.environment().put("GUICHET_HTTP_PORT", String.valueOf(httpPort));
    builder.environment().put("GUICHET_PUBLIC_URL", "http://127.0.0.1:" + httpPort);
    builder.environment().put("GUICHET_HTTP_INSTANCES", "1");
    builder.environment().put("GUICHET_HZ_PORT", String.valueOf(hzPort));
    builder.environment().put("GUICHET_DEMO", String.valueOf(demo));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  private void awaitReady(Process node, int port) throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
    while (Instant.now().isBefore(deadline)) {
      assertThat(node.isAlive()).as("the node exited while starting").isTrue();
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the node was not ready within " + START_TIMEOUT);
  }
}
