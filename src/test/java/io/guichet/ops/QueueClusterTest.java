package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.ops.QueueVisitors.Snapshot;
import io.guichet.ops.QueueVisitors.Visitor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Guichet nodes (real processes, one Hazelcast cluster) sharing one PostgreSQL and one Redis
 * (the test server's), with no GUICHET_SECRET: the secret kept in PostgreSQL makes every node
 * accept the other's tickets and tokens. A kill -9 of one node changes nothing for the visitors of
 * the other: their polls are answered, admission goes on at the rate, in order; once back, the
 * restarted node sees the same line and accepts the same tickets.
 */
class QueueClusterTest extends ServerTest {
  private static final int PER_MINUTE = 120;
  private static final int TOKEN_SECONDS = 600;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  @BeforeEach
  void clock() {
    // the test server ticks too: with the same time as the nodes
    TestServer.CLOCK.reset();
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
    NodeProcess a = start(cluster, "a");
    NodeProcess b = start(cluster, "b");
    String onSale = onSale(Instant.now().plusSeconds(3));
    List<Visitor> visitors = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      visitors.add(QueueVisitors.join(i % 2 == 0 ? a : b, onSale));
    }
    List<Visitor> byPlace =
        visitors.stream().sorted(Comparator.comparingLong(Visitor::place)).toList();
    // Each node answers the other's visitors: one secret, one line.
    assertInOrder(QueueVisitors.poll(a, onSale, visitors), byPlace);
    assertInOrder(QueueVisitors.poll(b, onSale, visitors), byPlace);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> QueueVisitors.figures(a, onSale).getLong("admittedInAll") >= 6);

    Snapshot viaA = QueueVisitors.poll(a, onSale, visitors);
    b.kill();
    Instant down = Instant.now();
    // While b is away, a's visitors see nothing of it.
    for (int i = 0; i < 5; i++) {
      assertInOrder(QueueVisitors.poll(a, onSale, visitors), byPlace);
      Thread.sleep(1_000);
    }
    b = start(cluster, "b-again");
    Instant up = Instant.now();
    Snapshot afterA = QueueVisitors.poll(a, onSale, visitors);
    Snapshot afterB = QueueVisitors.poll(b, onSale, visitors);
    assertInOrder(afterA, byPlace);
    assertInOrder(afterB, byPlace);
    assertThat(afterB.accesses()).containsAllEntriesOf(viaA.accesses());
    // Admission went on at the rate while b was away: ticks of a (and of the test server).
    long from = down.toEpochMilli();
    long to = up.toEpochMilli();
    long during =
        QueueVisitors.admissionTimes(afterA, TOKEN_SECONDS).stream()
            .filter(t -> t >= from && t < to)
            .count();
    double expected = (to - from) * PER_MINUTE / 60_000.0;
    assertThat((double) during)
        .as("admitted in the %d ms b was away", to - from)
        .isBetween(expected - 3, expected + 3);
  }

  /** The admitted are the first in the order of the places, the others wait in that order. */
  private static void assertInOrder(Snapshot s, List<Visitor> byPlace) {
    int admitted = s.accesses().size();
    assertThat(s.accesses().keySet())
        .containsExactlyInAnyOrderElementsOf(
            byPlace.subList(0, admitted).stream().map(Visitor::id).toList());
    assertThat(s.line())
        .isEqualTo(byPlace.subList(admitted, byPlace.size()).stream().map(Visitor::id).toList());
  }

  private NodeProcess start(String cluster, String name) throws Exception {
    Path dir = Files.createTempDirectory("guichet-cluster-" + name + "-");
    dirs.add(dir);
    NodeProcess node =
        NodeProcess.start(
            dir,
            TestServer.freePort(),
            TestServer.ADMIN_KEY,
            name + ".log",
            Map.of(
                "GUICHET_PG_URL",
                TestServer.pgUrl(),
                "GUICHET_REDIS_URL",
                TestServer.redisUrl(),
                "GUICHET_HZ_CLUSTER",
                cluster,
                "GUICHET_HZ_PORT",
                "5861"));
    nodes.add(node);
    return node;
  }

  /** An on-sale of a new performance, made through the test server (same database). */
  private static String onSale(Instant starts) {
    Fixtures f = Fixtures.create();
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
                                .put("amount", 4500))));
    return create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
            new JsonObject()
                .put("name", "Cluster " + UUID.randomUUID())
                .put("performanceIds", new JsonArray().add(p.getString("id")))
                .put("queueOpensAt", Instant.now().minus(Duration.ofMinutes(5)).toString())
                .put("saleStartsAt", starts.toString())
                .put("admissionPerMinute", PER_MINUTE)
                .put("maxActiveShoppers", 1000)
                .put("accessTokenSeconds", TOKEN_SECONDS))
        .getString("id");
  }
}
