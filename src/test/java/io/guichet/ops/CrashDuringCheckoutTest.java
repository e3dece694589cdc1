package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guichet.ContractAnswers;
import io.guichet.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the order path, with the real launcher in a separate JVM: buyers check out and
 * pay concurrently, the node is killed with SIGKILL in the middle, then restarted on its data.
 * Every order whose confirmation a buyer received must be in PostgreSQL with its tickets, no seat
 * may be sold twice, and the grid, rebuilt from PostgreSQL after the crash, must show exactly the
 * seats PostgreSQL has sold and held.
 */
class CrashDuringCheckoutTest {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final String KEY = "crash-test-key";
  private static final int BUYERS = 24;

  /** A checkout sent: what a client keeps to retry it, and the order it answered, if it did. */
  private record Checkout(String cartPath, String secret, String key, String body) {}

  private final Map<Checkout, String> answered = new ConcurrentHashMap<>();
  private final Set<Checkout> sent = ConcurrentHashMap.newKeySet();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process node;
  private Path dataDir;

  @AfterEach
  void killLeftovers() throws Exception {
    if (node != null && node.isAlive()) {
      node.destroy();
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    // A node killed with SIGKILL leaves its PostgreSQL and Redis running until the next start:
    // when the test failed before that, stop them here.
    if (dataDir != null) {
      for (Path pid :
          new Path[] {
            dataDir.resolve("postgres/postmaster.pid"), dataDir.resolve("redis/redis.pid")
          }) {
        if (Files.exists(pid)) {
          String first = Files.readAllLines(pid, StandardCharsets.UTF_8).get(0).trim();
          ProcessHandle.of(Long.parseLong(first)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  void orders_confirmed_before_a_sigkill_are_all_there_after_the_restart_and_the_grid_agrees()
      throws Exception {
    assumeTrue(System.getenv("GUICHET_PG_URL") == null, "only for the embedded services");
    dataDir = Files.createTempDirectory("guichet-crash-");
    int port = TestServer.freePort();
    node = launch(dataDir, port, "first.log");
    awaitReady(port);
    String base = "http://127.0.0.1:" + port;
    String[] show = theatre(base);
    String performance = show[0];
    String tariff = show[1];

    Map<String, Set<String>> confirmed = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(BUYERS);
    for (int b = 0; b < BUYERS; b++) {
      int buyer = b;
      pool.execute(
          () -> {
            int round = 0;
            while (!stop.get()) {
              try {
                buy(base, performance, tariff, buyer, round++, confirmed);
              } catch (Exception crashed) {
                // the node is gone (or said no): try again until told to stop
              }
            }
          });
    }
    Instant deadline = Instant.now().plusSeconds(60);
    while (confirmed.size() < 40 && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    node.destroyForcibly(); // SIGKILL mid-way: buyers are between every step
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    Map<String, Set<String>> seen = new HashMap<>(confirmed);
    assertThat(seen).as("orders confirmed before the crash").hasSizeGreaterThanOrEqualTo(20);

    node = launch(dataDir, port, "second.log");
    awaitReady(port);
    try (Connection db = postgres(dataDir);
        Statement sql = db.createStatement()) {
      for (Map.Entry<String, Set<String>> order : seen.entrySet()) {
        try (ResultSet rs =
            sql.executeQuery(
                "select o.status, array_agg(t.seat_id order by t.seat_id) from orders o join ticket t"
                    + " on t.order_id = o.id and t.status = 'LIVE' where o.id = '"
                    + UUID.fromString(order.getKey())
                    + "' group by o.status")) {
          assertThat(rs.next())
              .as("order %s is in PostgreSQL with tickets", order.getKey())
              .isTrue();
          assertThat(rs.getString(1)).isEqualTo("PAID");
          Set<String> seats = Set.of((String[]) rs.getArray(2).getArray());
          assertThat(seats).isEqualTo(order.getValue());
        }
      }
      try (ResultSet rs =
          sql.executeQuery(
              "select count(*) from (select performance_id, seat_id from ticket where status ="
                  + " 'LIVE' and seat_id is not null group by 1, 2 having count(*) > 1) twice")) {
        rs.next();
        assertThat(rs.getLong(1)).as("seats sold twice").isZero();
      }
      Set<String> sold =
          strings(
              sql,
              "select seat_id from ticket where status = 'LIVE' and performance_id = '"
                  + performance
                  + "'");
      Set<String> held =
          strings(
              sql,
              "select l.seat_id from order_line l join orders o on o.id = l.order_id where"
                  + " o.status = 'PENDING_PAYMENT' and o.expires_at > now() and l.performance_id = '"
                  + performance
                  + "'");
      assertThat(sold)
          .containsAll(seen.values().stream().flatMap(Set::stream).collect(Collectors.toSet()));
      System.out.printf(
          "crash test: %d orders confirmed before the kill; after the restart %d seats sold, %d held"
              + " by orders waiting for their payment%n",
          seen.size(), sold.size(), held.size());
      replayEveryCheckout(sql);
      Map<Character, Set<String>> grid = seatMap(base, performance);
      assertThat(grid.getOrDefault('S', Set.of()))
          .as("sold seats in the rebuilt grid")
          .isEqualTo(sold);
      assertThat(grid.getOrDefault('H', Set.of()))
          .as("held seats in the rebuilt grid")
          .isEqualTo(held);
    }
  }

  /**
   * Every checkout sent before the kill, retried as its client would (same cart secret, key and
   * body) after the restart, when every cart is gone from the grid: those answered get their order
   * back, those whose answer was lost get the order written for them or, when none was, a 404; none
   * makes a second order.
   */
  private void replayEveryCheckout(Statement sql) throws Exception {
    int received = 0;
    int lostButWritten = 0;
    int lostNeverWritten = 0;
    for (Checkout c : sent) {
      HttpResponse<String> replay =
          post(
              c.cartPath() + "/checkout?pos=web",
              Map.of("X-Cart-Secret", c.secret(), "Idempotency-Key", c.key()),
              c.body());
      String cartId = c.cartPath().substring(c.cartPath().lastIndexOf('/') + 1);
      String written = null;
      try (ResultSet rs =
          sql.executeQuery("select id from orders where cart_id = '" + cartId + "'")) {
        if (rs.next()) {
          written = rs.getString(1);
          assertThat(rs.next()).as("a second order for cart %s", cartId).isFalse();
        }
      }
      String orderId = answered.get(c);
      if (written == null) {
        assertThat(orderId).as("an answered checkout's order is in PostgreSQL").isNull();
        assertThat(replay.statusCode()).as("%s", replay.body()).isEqualTo(404);
        lostNeverWritten++;
        continue;
      }
      assertThat(replay.statusCode()).as("%s", replay.body()).isEqualTo(200);
      JsonObject order = new JsonObject(replay.body());
      assertThat(order.getBoolean("replayed")).isTrue();
      assertThat(order.getString("id")).isEqualTo(written);
      if (orderId != null) {
        assertThat(orderId).isEqualTo(written);
        received++;
      } else {
        lostButWritten++;
      }
    }
    System.out.printf(
        "crash test: %d checkouts replayed after the restart: %d answered before, %d written but"
            + " unanswered, %d never written%n",
        sent.size(), received, lostButWritten, lostNeverWritten);
    assertThat(received).isPositive();
  }

  /** One buyer's checkout: cart, two best seats, checkout, card payment on the simulator. */
  private void buy(
      String base,
      String performance,
      String tariff,
      int buyer,
      int round,
      Map<String, Set<String>> confirmed)
      throws Exception {
    JsonObject cart = json(post(base + "/api/v1/carts?pos=web", Map.of(), null), 201);
    String cartPath = base + "/api/v1/carts/" + cart.getString("id");
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
    HttpResponse<String> held = post(cartPath + "/items?pos=web", secret, item.encode());
    if (held.statusCode() != 201) {
      return; // sold out in this category
    }
    JsonObject body =
        new JsonObject()
            .put("deliveryMode", "E_TICKET")
            .put(
                "buyer",
                new JsonObject()
                    .put("email", "crash" + buyer + "@example.org")
                    .put("firstName", "K")
                    .put("lastName", "Ill"));
    Map<String, String> headers = new HashMap<>(secret);
    headers.put("Idempotency-Key", UUID.randomUUID().toString());
    Checkout checkout =
        new Checkout(
            cartPath, cart.getString("secret"), headers.get("Idempotency-Key"), body.encode());
    sent.add(checkout);
    JsonObject order = json(post(cartPath + "/checkout?pos=web", headers, body.encode()), 201);
    answered.put(checkout, order.getString("id"));
    Set<String> seats = new HashSet<>();
    order
        .getJsonArray("lines")
        .forEach(l -> seats.add(((JsonObject) l).getJsonObject("seat").getString("id")));
    JsonObject payment = order.getJsonObject("payment");
    StringBuilder form = new StringBuilder("SIM_DECISION=accept");
    payment
        .getJsonObject("fields")
        .forEach(
            e ->
                form.append('&')
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(
                        URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8)));
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(payment.getString("url")))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (page.statusCode() != 303) {
      return;
    }
    String location = page.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> back =
        ContractAnswers.checked(
            http.send(
                HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofString()));
    // The demo's point of sale has a URL: the browser is sent to the shop's page for the order.
    boolean paid =
        back.statusCode() == 303
            ? back.headers().firstValue("Location").orElse("").endsWith("status=PAID")
            : back.statusCode() == 200
                && new JsonObject(back.body()).getString("status").equals("PAID");
    if (paid) {
      confirmed.put(order.getString("id"), seats);
    }
  }

  private HttpResponse<String> post(String url, Map<String, String> headers, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
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

  private Map<Character, Set<String>> seatMap(String base, String performance) throws Exception {
    JsonObject map = get(base + "/api/v1/performances/" + performance + "/seatmap?pos=web");
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

  private static Set<String> strings(Statement sql, String query) throws Exception {
    Set<String> out = new HashSet<>();
    try (ResultSet rs = sql.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The node's embedded PostgreSQL, found by its pid file. */
  private static Connection postgres(Path dataDir) throws Exception {
    var lines =
        Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8);
    int port = Integer.parseInt(lines.get(3).trim());
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
  }

  private Process launch(Path dataDir, int port, String log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-Xmx768m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().remove("GUICHET_PG_URL");
    builder.environment().remove("GUICHET_REDIS_URL");
    builder.environment().put("GUICHET_DATA_DIR", dataDir.toString());
    builder.environment().put("GUICHET_HTTP_PORT", String.valueOf(port));
    builder.environment().put("GUICHET_PUBLIC_URL", "http://127.0.0.1:" + port);
    builder.environment().put("GUICHET_HTTP_INSTANCES", "2");
    builder.environment().put("GUICHET_ADMIN_KEY", KEY);
    builder.environment().put("GUICHET_DEMO", "true");
    builder.environment().put("GUICHET_HZ_CLUSTER", "crash-" + UUID.randomUUID());
    builder.environment().put("GUICHET_HZ_PORT", "5851");
    builder.redirectErrorStream(true).redirectOutput(dataDir.resolve(log).toFile());
    return builder.start();
  }

  private void awaitReady(int port) throws Exception {
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
