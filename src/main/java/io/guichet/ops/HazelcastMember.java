package io.guichet.ops;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** Builds the embedded Hazelcast member from the configuration. */
final class HazelcastMember {
  private HazelcastMember() {}

  /**
   * Blocking (joins the cluster): call from a launcher or worker thread.
   *
   * <p>Discovery: Kubernetes (a headless service) when set; otherwise TCP/IP with the listed
   * members, or loopback so that several nodes on one machine form one cluster. Multicast is never
   * used: it is off in most networks and would join strangers on a shared one.
   */
  static HazelcastInstance start(GuichetConfig config) {
    Config hz = new Config();
    hz.setClusterName(config.hzClusterName());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.getNetworkConfig().setPort(config.hzPort()).setPortAutoIncrement(true);
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
