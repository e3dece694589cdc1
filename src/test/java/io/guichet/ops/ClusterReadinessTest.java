package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node told to expect peers says so loudly and is not ready when it cannot be a full member of
 * the cluster: alone, or with a server secret its peers do not share (their sessions, order links
 * and queue tokens would be refused by each other). Real processes, on the test server's PostgreSQL
 * and Redis.
 */
@Tag("cluster")
class ClusterReadinessTest {
  private final List<NodeProcess> nodes = new ArrayList<>();
  private String pgUrl;

  @BeforeEach
  void database() {
    String db = "readiness_" + UUID.randomUUID().toString().replace("-", "");
    TestServer.get().services().pool().query("create database " + db).execute().await();
    pgUrl = TestServer.pgUrl().replaceFirst("/[^/?]*(\\?.*)?$", "/" + db + "$1");
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void a_node_told_to_expect_peers_that_finds_none_is_not_ready_and_says_why() throws Exception {
    int hz = TestServer.freePort();
    int nobody = TestServer.freePort();
    NodeProcess alone =
        launch(
            "alone",
            Map.of(
                "GUICHET_HZ_CLUSTER", "alone-" + UUID.randomUUID(),
                "GUICHET_HZ_MEMBERS", "127.0.0.1:" + hz + ",127.0.0.1:" + nobody,
                "GUICHET_HZ_PORT", String.valueOf(hz),
                "GUICHET_SECRET", "readiness-secret-" + UUID.randomUUID()));
    alone.awaitServing();

    assertThat(alone.readiness()).isEqualTo(503);
    assertThat(alone.readinessBody()).contains("alone: told to expect peers");
    assertThat(alone.logText()).contains("this node is NOT READY");
  }

  @Test
  void two_nodes_with_different_server_secrets_are_both_not_ready() throws Exception {
    int hzA = TestServer.freePort();
    int hzB = TestServer.freePort();
    String members = "127.0.0.1:" + hzA + ",127.0.0.1:" + hzB;
    String cluster = "readiness-" + UUID.randomUUID();
    NodeProcess a =
        launch(
            "a",
            Map.of(
                "GUICHET_HZ_CLUSTER",
                cluster,
                "GUICHET_HZ_MEMBERS",
                members,
                "GUICHET_HZ_PORT",
                String.valueOf(hzA),
                "GUICHET_SECRET",
                "one-secret-" + UUID.randomUUID()));
    NodeProcess b =
        launch(
            "b",
            Map.of(
                "GUICHET_HZ_CLUSTER",
                cluster,
                "GUICHET_HZ_MEMBERS",
                members,
                "GUICHET_HZ_PORT",
                String.valueOf(hzB),
                "GUICHET_SECRET",
                "another-secret-" + UUID.randomUUID()));
    a.awaitServing();
    b.awaitServing();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ClusterFailoverTest.members(a) == 2 && ClusterFailoverTest.members(b) == 2);
    for (NodeProcess node : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> node.readiness() == 503);
      assertThat(node.readinessBody()).contains("server secret differs from a peer's");
    }
  }

  private NodeProcess launch(String name, Map<String, String> cluster) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(cluster);
    env.put("GUICHET_PG_URL", pgUrl);
    env.put("GUICHET_REDIS_URL", TestServer.redisUrl() + "/5");
    NodeProcess node =
        NodeProcess.launch(
            Files.createTempDirectory("guichet-readiness-" + name + "-"),
            TestServer.freePort(),
            "readiness-key",
            name + ".log",
            env);
    nodes.add(node);
    return node;
  }
}
