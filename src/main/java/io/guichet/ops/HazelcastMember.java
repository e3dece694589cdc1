package io.guichet.ops;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import io.guichet.checkout.CartSerialization;
import io.guichet.checkout.HzCarts;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.InventorySerialization;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the embedded Hazelcast member from the configuration. */
public final class HazelcastMember {
  private HazelcastMember() {}

  /*
   * Where Hazelcast runs its own asynchronous callbacks (e.g. gathering the answers of
   * submitToKeys). Its default is the common ForkJoinPool, except when that pool has fewer than two
   * threads (on one or two cores) where, like the JDK's CompletableFuture, it starts a new thread
   * per callback: a JFR recording of the hold ladder on 2 cores showed ~40 threads started per
   * second by the reaper's sweeps. Two threads of our own instead, shared by every member of the
   * JVM (the setting is global).
   */
  static {
    ConcurrencyUtil.setDefaultAsyncExecutor(callbacks());
  }

  private static ExecutorService callbacks() {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "hz-callbacks-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return pool;
  }

  /**
   * Blocking (joins the cluster): call from a launcher or worker thread.
   *
   * <p>Discovery: Kubernetes (a headless service) when set; otherwise TCP/IP with the listed
   * members, or loopback so that several nodes on one machine form one cluster. Multicast is never
   * used: it is off in most networks and would join strangers on a shared one.
   */
  public static HazelcastInstance start(GuichetConfig config) {
    Config hz = new Config();
    hz.setClusterName(config.hzClusterName());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.getNetworkConfig().setPort(config.hzPort()).setPortAutoIncrement(true);
    failureDetection(hz);
    // Blocks are changed in place by entry processors: OBJECT format avoids a
    // serialize/deserialize round trip per operation. One synchronous backup survives a node loss.
    hz.addMapConfig(
        new MapConfig(HzInventory.BLOCKS)
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            .setBackupCount(1)
            .setStatisticsEnabled(true));
    hz.addMapConfig(
        new MapConfig(HzInventory.GA_AREAS)
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            .setBackupCount(1));
    hz.addMapConfig(
        new MapConfig(HzCarts.CARTS).setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1));
    InventorySerialization.register(hz.getSerializationConfig());
    CartSerialization.register(hz.getSerializationConfig());
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (config.hzKubernetesServiceDns() != null) {
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", config.hzKubernetesServiceDns());
    } else {
      hz.getNetworkConfig().getInterfaces().setEnabled(config.hzMembers().isEmpty());
      if (config.hzMembers().isEmpty()) {
        hz.getNetworkConfig().getInterfaces().addInterface("127.0.0.1");
      }
      join.getTcpIpConfig()
          .setEnabled(true)
          .setMembers(
              config.hzMembers().isEmpty() ? java.util.List.of("127.0.0.1") : config.hzMembers());
    }
    return Hazelcast.newHazelcastInstance(hz);
  }

  /*
   * How fast a frozen or dead member is suspected and removed, and how fast the halves of a split
   * merge back. Hazelcast's defaults (a heartbeat every 5 s, suspicion after 60 s without one, a
   * merge attempt after 300 s then every 120 s) let a member frozen by SIGSTOP stall every hold on
   * the blocks it owns for a minute. Heartbeats every second; the phi-accrual detector suspects a
   * member once its silence is unlikely given the heartbeats seen so far, allowing a pause of 8 s
   * before it starts counting: a dead or frozen member is removed about 10 s after its last
   * heartbeat (measured by ClusterFailoverTest), its backups promoted, and holds on its blocks
   * answered again. Meanwhile each request keeps its own grid deadline (503 with Retry-After, never
   * a stall). The price: a member paused longer than that (a GC pause, a stalled VM) is removed
   * and comes back by a split-brain merge. Each value is a default: a -D system property of the
   * same name (JAVA_TOOL_OPTIONS) overrides it.
   */
  private static final Map<String, String> FAILURE_DETECTION =
      Map.of(
          "hazelcast.heartbeat.failuredetector.type", "phi-accrual",
          "hazelcast.heartbeat.interval.seconds", "1",
          "hazelcast.max.no.heartbeat.seconds", "8",
          "hazelcast.heartbeat.phiaccrual.failuredetector.threshold", "10",
          "hazelcast.heartbeat.phiaccrual.failuredetector.min.std.dev.millis", "200",
          // an invocation to a silent member fails after this instead of 60 s
          "hazelcast.operation.call.timeout.millis", "15000",
          "hazelcast.merge.first.run.delay.seconds", "10",
          "hazelcast.merge.next.run.delay.seconds", "10",
          // a node stopping hands its partitions over within Kubernetes' grace period (60 s)
          "hazelcast.graceful.shutdown.max.wait", "30");

  private static void failureDetection(Config hz) {
    FAILURE_DETECTION.forEach(
        (name, value) -> {
          if (System.getProperty(name) == null) {
            hz.setProperty(name, value);
          }
        });
  }
}
