package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.TestServer;
import io.guichet.ops.QueueVisitors.Snapshot;
import io.guichet.ops.QueueVisitors.Visitor;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Guichet nodes (real processes, one Hazelcast cluster) sharing one PostgreSQL and one Redis (a
 * database and a Redis database of their own on the test server's), with no GUICHET_SECRET: the
 * secret kept in PostgreSQL makes every node accept the other's tickets and tokens. A kill -9 of
 * one node changes nothing for the visitors of the other: their polls are answered, admission goes
 * on at the rate, in order; once back, the restarted node sees the same line and accepts the same
 * tickets.
 */
class QueueClusterTest {
  private static final int PER_MINUTE = 120;
  private static final int TOKEN_SECONDS = 600;
  private static final String ON_SALE = "5ad1a0e5-0000-4000-8000-000000000001";

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  private String pgUrl;
  private String redisUrl;

  /** A database of their own (and a Redis database): the nodes leave the test server's alone. */
  @BeforeEach
  void database() {
    String db = "cluster_" + UUID.randomUUID().toString().replace("-", "");
    TestServer.get().services().pool().query("create database " + db).execute().await();
    pgUrl = TestServer.pgUrl().replaceFirst("/[^/?]*(\\?.*)?$", "/" + db + "$1");
    redisUrl = TestServer.redisUrl() + "/7";
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void theRestartOfOneNodeChangesNothingForTheVisitorsOfTheOther() throws Exception {
    String cluster = "queue-cluster-" + UUID.randomUUID();
    NodeProcess a = start(cluster, "a", true);
    NodeProcess b = start(cluster, "b", false);
    settings(
        a,
        new JsonObject()
            .put("enabled", true)
            .put("queueOpensAt", Instant.now().minusSeconds(60).toString())
            .put("saleStartsAt", Instant.now().plusSeconds(2).toString())
            .put("admissionPerMinute", PER_MINUTE)
            .put("maxActiveShoppers", 8)
            .put("accessTokenSeconds", TOKEN_SECONDS));
    List<Visitor> visitors = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      visitors.add(QueueVisitors.join(i % 2 == 0 ? a : b, ON_SALE));
    }
    List<Visitor> byPlace =
        visitors.stream().sorted(Comparator.comparingLong(Visitor::place)).toList();
    await().atMost(Duration.ofSeconds(30)).until(() -> active(a) == 8);
    // Each node answers the other's visitors: one secret, one line.
    Snapshot viaA = settled(a, visitors, byPlace, 8);
    Snapshot viaB = settled(b, visitors, byPlace, 8);
    assertThat(viaB.accesses()).isEqualTo(viaA.accesses());

    b.kill();
    // While b is away, a's visitors see nothing of it, and admission goes on at the rate.
    assertThat(settled(a, visitors, byPlace, 8).accesses()).isEqualTo(viaA.accesses());
    long resumed = System.currentTimeMillis();
    settings(a, new JsonObject().put("maxActiveShoppers", 1000));
    Thread.sleep(6_000);
    settings(a, new JsonObject().put("maxActiveShoppers", 1));
    long stopped = System.currentTimeMillis();
    int admitted = (int) active(a);
    b = start(cluster, "b-again", false);

    Snapshot afterA = settled(a, visitors, byPlace, admitted);
    Snapshot afterB = settled(b, visitors, byPlace, admitted);
    assertThat(afterB.accesses())
        .isEqualTo(afterA.accesses())
        .containsAllEntriesOf(viaA.accesses());
    long during =
        QueueVisitors.admissionTimes(afterA, TOKEN_SECONDS).stream()
            .filter(t -> t >= resumed && t <= stopped)
            .count();
    double expected = (stopped - resumed) * PER_MINUTE / 60_000.0;
    // plus what the admission bucket held (two seconds' worth) while the maximum stood still
    assertThat((double) during)
        .as("admitted in the %d ms of admission while b was away", stopped - resumed)
        .isBetween(expected - 3, expected + PER_MINUTE / 30.0 + 3);
  }

  /**
   * Polls everyone while admission stands still (the maximum of shoppers reached): the admitted are
   * the first {@code admitted} in the order of the places, the others wait in that order.
   */
  private static Snapshot settled(
      NodeProcess node, List<Visitor> visitors, List<Visitor> byPlace, int admitted)
      throws Exception {
    Snapshot s = QueueVisitors.poll(node, ON_SALE, visitors);
    assertThat(s.accesses().keySet())
        .containsExactlyInAnyOrderElementsOf(
            byPlace.subList(0, admitted).stream().map(Visitor::id).toList());
    assertThat(s.line())
        .isEqualTo(byPlace.subList(admitted, byPlace.size()).stream().map(Visitor::id).toList());
    for (int i = 0; i < s.line().size(); i++) {
      assertThat(s.places().get(s.line().get(i)).getLong("position")).isEqualTo(i + 1);
    }
    return s;
  }

  private static long active(NodeProcess node) throws Exception {
    return QueueVisitors.figures(node, ON_SALE).getLong("activeShoppers");
  }

  private static void settings(NodeProcess node, JsonObject change) throws Exception {
    node.json(node.admin("PATCH", "/admin/v1/onsales/" + ON_SALE, change), 200);
  }

  private NodeProcess start(String cluster, String name, boolean demo) throws Exception {
    Path dir = Files.createTempDirectory("guichet-cluster-" + name + "-");
    dirs.add(dir);
    NodeProcess node =
        NodeProcess.start(
            dir,
            TestServer.freePort(),
            TestServer.ADMIN_KEY,
            name + ".log",
            Map.of(
                "GUICHET_PG_URL", pgUrl,
                "GUICHET_REDIS_URL", redisUrl,
                "GUICHET_DEMO", String.valueOf(demo),
                "GUICHET_HZ_CLUSTER", cluster,
                "GUICHET_HZ_PORT", "5861"));
    nodes.add(node);
    return node;
  }
}
