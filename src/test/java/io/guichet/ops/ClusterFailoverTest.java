package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Guichet processes form one cluster over one PostgreSQL and one Redis, with buyers spread
 * over all of them (cart on one node, hold through the next, checkout or release through the
 * third). One node is frozen (SIGSTOP) then resumed; then one is killed (SIGKILL) and restarted.
 * After each: the healthy nodes kept serving holds within a bounded time, the lost node comes back
 * into the cluster, and the audit finds no seat sold twice and the grid equal to PostgreSQL.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {
  private static final String KEY = "cluster-failover-key";
  private static final int NODES = 3;

  /** The grid's deadline on a request (5 s) and the HTTP round trip around it. */
  private static final long LONGEST_HOLD_MILLIS = 7_000;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Map<String, String>> envs = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private String performance;
  private String tariff;

  @BeforeAll
  void startThreeNodes() throws Exception {
    String db = "failover_" + UUID.randomUUID().toString().replace("-", "");
    TestServer.get().services().pool().query("create database " + db).execute().await();
    String pgUrl = TestServer.pgUrl().replaceFirst("/[^/?]*(\\?.*)?$", "/" + db + "$1");
    List<Integer> hzPorts = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      int port = TestServer.freePort();
      hzPorts.add(port);
      members.add("127.0.0.1:" + port);
    }
    String cluster = "failover-" + UUID.randomUUID();
    for (int i = 0; i < NODES; i++) {
      Map<String, String> env = new HashMap<>();
      env.put("GUICHET_PG_URL", pgUrl);
      env.put("GUICHET_REDIS_URL", TestServer.redisUrl() + "/6");
      env.put("GUICHET_SECRET", "failover-secret-" + cluster);
      env.put("GUICHET_HZ_CLUSTER", cluster);
      env.put("GUICHET_HZ_MEMBERS", String.join(",", members));
      env.put("GUICHET_HZ_PORT", String.valueOf(hzPorts.get(i)));
      env.put("GUICHET_DEMO", String.valueOf(i == 0));
      envs.add(env);
      dirs.add(Files.createTempDirectory("guichet-failover-" + i + "-"));
    }
    for (int i = 0; i < NODES; i++) {
      nodes.add(launch(i, TestServer.freePort()));
    }
    for (NodeProcess node : nodes) {
      node.awaitReady();
    }
    theatre(nodes.get(0));
  }

  private NodeProcess launch(int i, int httpPort) throws Exception {
    return NodeProcess.launch(dirs.get(i), httpPort, KEY, "node-" + httpPort + ".log", envs.get(i));
  }

  @AfterAll
  void stopNodes() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void a_frozen_node_stalls_no_hold_on_the_others_and_joins_back_when_it_wakes() throws Exception {
    NodeProcess frozen = nodes.get(2);
    try (ClusterBuyers buyers = new ClusterBuyers(nodes, performance, tariff, 4)) {
      Thread.sleep(5_000); // a baseline of holds through every node
      buyers.down(2);
      long frozenAt = System.currentTimeMillis();
      frozen.pause();
      // the healthy nodes stay ready the whole time: the frozen one is theirs to suspect
      List<Integer> readiness = new ArrayList<>();
      while (System.currentTimeMillis() - frozenAt < 25_000) {
        readiness.add(nodes.get(0).readiness());
        readiness.add(nodes.get(1).readiness());
        Thread.sleep(1_000);
      }
      frozen.resume();
      long resumedAt = System.currentTimeMillis();
      Report r = report(buyers.holds(), frozenAt);
      System.out.printf(
          "frozen node: %d holds through the healthy nodes during the freeze, longest %d ms,"
              + " %d not served (503), served again %d ms after the freeze, readiness %s%n",
          r.during, r.longest, r.unserved, r.servedAgainAfter, readiness);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> frozen.readiness() == 200 && members(frozen) == NODES);
      long backAfter = System.currentTimeMillis() - resumedAt;
      buyers.up(2);
      Thread.sleep(3_000);
      buyers.close();
      System.out.printf("frozen node: ready and a member again %d ms after SIGCONT%n", backAfter);
      assertThat(readiness).as("healthy nodes' readiness during the freeze").containsOnly(200);
      assertThat(r.longest).as("longest hold on a healthy node").isLessThan(LONGEST_HOLD_MILLIS);
      assertThat(r.servedAgainAfter).as("holds on every block served again").isLessThan(20_000);
    }
    audit();
  }

  @Test
  @Order(2)
  void a_killed_node_loses_no_order_nor_hold_and_joins_back_when_restarted() throws Exception {
    NodeProcess doomed = nodes.get(1);
    // carts holding seats, created and held through the doomed node
    List<JsonObject> carts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      carts.add(holdThrough(doomed, i));
    }
    long killedAt;
    Report r;
    Map<String, String> confirmed;
    try (ClusterBuyers buyers = new ClusterBuyers(nodes, performance, tariff, 4)) {
      Thread.sleep(5_000);
      buyers.down(1);
      killedAt = System.currentTimeMillis();
      doomed.kill();
      Thread.sleep(20_000);
      buyers.close();
      r = report(buyers.holds(), killedAt);
      confirmed = buyers.confirmed();
    }
    // every hold made through the dead node is still there, and checks out on another node
    NodeProcess survivor = nodes.get(0);
    for (JsonObject cart : carts) {
      String path = "/api/v1/carts/" + cart.getString("id");
      JsonObject seen =
          ClusterBuyers.body(
              survivor.send(
                  HttpRequest.newBuilder(survivor.uri(path + "?pos=web"))
                      .header("X-Cart-Secret", cart.getString("secret"))),
              200);
      assertThat(seen.getJsonArray("items")).as("the cart's hold, after the kill").hasSize(1);
      ClusterBuyers.body(
          survivor.send(
              ClusterBuyers.post(survivor, path + "/checkout?pos=web", guest(cart))
                  .header("X-Cart-Secret", cart.getString("secret"))
                  .header("Idempotency-Key", UUID.randomUUID().toString())),
          201);
    }
    // no confirmed order lost
    for (String order : confirmed.keySet()) {
      assertThat(survivor.admin("GET", "/admin/v1/orders/" + order, null).statusCode())
          .as("order %s", order)
          .isEqualTo(200);
    }
    NodeProcess restarted = launch(1, doomed.port());
    nodes.set(1, restarted);
    restarted.awaitReady();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> members(nodes.get(0)) == NODES && members(restarted) == NODES);
    System.out.printf(
        "killed node: %d holds through the others in the 20 s after the kill, longest %d ms, %d"
            + " not served, served again %d ms after the kill; %d orders confirmed, none lost%n",
        r.during, r.longest, r.unserved, r.servedAgainAfter, confirmed.size());
    assertThat(r.longest).as("longest hold on a surviving node").isLessThan(LONGEST_HOLD_MILLIS);
    assertThat(r.servedAgainAfter).as("holds served again").isLessThan(20_000);
    audit();
  }

  /** What the holds through the healthy nodes saw from {@code since} on. */
  private record Report(int during, long longest, int unserved, long servedAgainAfter) {}

  private static Report report(List<ClusterBuyers.Hold> holds, long since) {
    List<ClusterBuyers.Hold> after = holds.stream().filter(h -> h.sentAt() >= since).toList();
    long longest = after.stream().mapToLong(ClusterBuyers.Hold::millis).max().orElse(0);
    int unserved = (int) after.stream().filter(h -> h.status() >= 500).count();
    // the last unserved hold: every hold sent after it was served
    long lastUnserved =
        after.stream()
            .filter(h -> h.status() >= 500)
            .mapToLong(h -> h.sentAt() + h.millis())
            .max()
            .orElse(since);
    return new Report(after.size(), longest, unserved, lastUnserved - since);
  }

  private JsonObject holdThrough(NodeProcess node, int i) throws Exception {
    IllegalStateException soldOut = null;
    for (int c = 0; c < 3; c++) {
      try {
        return holdThrough(node, "CAT" + (1 + (i + c) % 3));
      } catch (IllegalStateException e) {
        soldOut = e;
      }
    }
    throw soldOut;
  }

  private JsonObject holdThrough(NodeProcess node, String category) throws Exception {
    JsonObject cart =
        ClusterBuyers.body(node.send(ClusterBuyers.post(node, "/api/v1/carts?pos=web", null)), 201);
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
    ClusterBuyers.body(
        node.send(
            ClusterBuyers.post(
                    node, "/api/v1/carts/" + cart.getString("id") + "/items?pos=web", item.encode())
                .header("X-Cart-Secret", cart.getString("secret"))),
        201);
    return cart;
  }

  private static String guest(JsonObject cart) {
    return new JsonObject()
        .put("deliveryMode", "E_TICKET")
        .put(
            "buyer",
            new JsonObject()
                .put("email", "kept-" + cart.getString("id") + "@example.org")
                .put("firstName", "Kept")
                .put("lastName", "Hold"))
        .encode();
  }

  /** The cluster's size as the node sees it (its metric), or 0 when it does not answer. */
  static int members(NodeProcess node) {
    try {
      String metrics = node.send(HttpRequest.newBuilder(node.uri("/metrics"))).body();
      Matcher m = Pattern.compile("(?m)^guichet_cluster_members\\S* (\\d+)").matcher(metrics);
      return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
    } catch (Exception notAnswering) {
      return 0;
    }
  }

  /** No seat sold twice; the grid's sold seats are PostgreSQL's; asked of every live node. */
  private void audit() throws Exception {
    for (NodeProcess node : nodes) {
      if (!node.alive()) {
        continue;
      }
      JsonObject report =
          node.json(
              node.admin("GET", "/admin/v1/performances/" + performance + "/audit", null), 200);
      assertThat(report.getBoolean("ok")).as("audit %s", report.encode()).isTrue();
    }
  }

  /** The demo theatre's performance and its full-price tariff. */
  private void theatre(NodeProcess node) throws Exception {
    JsonObject events =
        node.json(
            node.send(HttpRequest.newBuilder(node.uri("/api/v1/events?pos=web&size=100"))), 200);
    for (Object o : events.getJsonArray("items")) {
      JsonObject event = (JsonObject) o;
      if (event.getString("name").equals("Le Misanthrope")) {
        performance =
            node.json(
                    node.send(
                        HttpRequest.newBuilder(
                            node.uri("/api/v1/events/" + event.getString("id") + "?pos=web"))),
                    200)
                .getJsonArray("performances")
                .getJsonObject(0)
                .getString("id");
        tariff =
            node.json(
                    node.send(
                        HttpRequest.newBuilder(
                            node.uri("/api/v1/performances/" + performance + "?pos=web"))),
                    200)
                .getJsonArray("categories")
                .getJsonObject(0)
                .getJsonArray("prices")
                .getJsonObject(0)
                .getString("tariffId");
        return;
      }
    }
    throw new AssertionError("no demo theatre");
  }
}
