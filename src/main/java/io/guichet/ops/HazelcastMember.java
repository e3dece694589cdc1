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
}
