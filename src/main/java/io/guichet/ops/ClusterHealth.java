package io.guichet.ops;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node is a full member of the cluster it was told to form: what readiness reports
 * beside PostgreSQL and Redis, and what the log says loudly when it is not.
 *
 * <p>A node told to expect peers (a member list, or Kubernetes discovery) is not ready while it is
 * alone, while it runs its own embedded PostgreSQL or Redis (its peers would not see its orders or
 * its queue), while it merges back after a split, or while its server secret differs from a peer's
 * (sessions, order links and queue tokens signed by one node would be refused by the other). Every
 * answer is read from this member's own view: readiness makes no remote call for the grid.
 */
public final class ClusterHealth implements MembershipListener, LifecycleListener {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterHealth.class);

  /**
   * Each member's fingerprint of its server secret, by member UUID (replicated on every member).
   */
  static final String SECRET_FINGERPRINTS = "guichet.secret-fingerprints";

  private static final String USER_CONTEXT_KEY = ClusterHealth.class.getName();

  private final HazelcastInstance hz;
  private final boolean expectsPeers;
  private final boolean ownServices;
  private volatile boolean merging;
  private volatile String published;

  private ClusterHealth(HazelcastInstance hz, GuichetConfig config) {
    this.hz = hz;
    this.expectsPeers = config.expectsPeers();
    this.ownServices = config.pgUrl() == null || config.redisUrl() == null;
  }

  /**
   * Watches the member's membership and lifecycle and publishes the fingerprint of its secret.
   * Blocking for a moment (a replicated map's first use): at start-up, never on an event loop.
   */
  static ClusterHealth watch(
      HazelcastInstance hz, GuichetConfig config, byte[] secret, MeterRegistry registry) {
    ClusterHealth health = new ClusterHealth(hz, config);
    Gauge.builder("guichet.cluster.members", hz, h -> h.getCluster().getMembers().size())
        .description("members of the grid cluster as this node sees it")
        .register(registry);
    Gauge.builder("guichet.cluster.ready", health, h -> h.problems().isEmpty() ? 1 : 0)
        .description("1 when this node is a full member of the cluster it was told to form")
        .register(registry);
    hz.getUserContext().put(USER_CONTEXT_KEY, health);
    hz.getLifecycleService().addLifecycleListener(health);
    hz.getCluster().addMembershipListener(health);
    health.published = fingerprint(secret);
    health.republish();
    health.complain("at start");
    return health;
  }

  /** The health of a member started by {@link GuichetServer}, or null for a bare member. */
  public static ClusterHealth of(HazelcastInstance hz) {
    return (ClusterHealth) hz.getUserContext().get(USER_CONTEXT_KEY);
  }

  /** Why this node should not take traffic; empty when it is a full member. Non-blocking. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!hz.getLifecycleService().isRunning()) {
      problems.add("the grid member is not running");
      return problems;
    }
    if (merging) {
      problems.add("merging back into the cluster after a split");
    }
    ClusterState state = hz.getCluster().getClusterState();
    if (state != ClusterState.ACTIVE) {
      problems.add("cluster state is " + state);
    }
    if (expectsPeers && hz.getCluster().getMembers().size() < 2) {
      problems.add(
          "alone: told to expect peers (GUICHET_HZ_MEMBERS or GUICHET_HZ_K8S_SERVICE_DNS) but"
              + " found none");
    }
    if (expectsPeers && ownServices) {
      problems.add(
          "runs its own embedded PostgreSQL or Redis: the nodes of a cluster share one of each"
              + " (GUICHET_PG_URL, GUICHET_REDIS_URL)");
    }
    if (!secretShared()) {
      problems.add(
          "its server secret differs from a peer's: set the same GUICHET_SECRET on every node");
    }
    return problems;
  }

  /** The fingerprints of the current members that have published one agree with this member's. */
  private boolean secretShared() {
    ReplicatedMap<String, String> prints = fingerprints();
    String mine = prints.get(hz.getCluster().getLocalMember().getUuid().toString());
    for (Member m : hz.getCluster().getMembers()) {
      String theirs = prints.get(m.getUuid().toString());
      if (mine != null && theirs != null && !Objects.equals(mine, theirs)) {
        return false;
      }
    }
    return true;
  }

  private ReplicatedMap<String, String> fingerprints() {
    return hz.getReplicatedMap(SECRET_FINGERPRINTS);
  }

  /** Says loudly (ERROR) why the node is not ready, if it is not. */
  private void complain(String when) {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      LOG.error(
          "this node is NOT READY {} ({} members): {}",
          when,
          hz.getCluster().getMembers().size(),
          String.join("; ", problems));
    }
  }

  @Override
  public void memberAdded(MembershipEvent e) {
    LOG.info("member joined: {} ({} members)", e.getMember(), e.getMembers().size());
  }

  @Override
  public void memberRemoved(MembershipEvent e) {
    LOG.warn("member left or was suspected: {} ({} members)", e.getMember(), e.getMembers().size());
    fingerprints().remove(e.getMember().getUuid().toString());
    complain("after losing a member");
  }

  @Override
  public void stateChanged(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING -> {
        merging = true;
        LOG.warn("merging back into the cluster after a split: not ready until merged");
      }
      case MERGED, MERGE_FAILED -> {
        merging = false;
        LOG.warn("split healed: {}", event.getState());
        // a merged member comes back under a new UUID: publish the fingerprint again
        republish();
      }
      default -> {
        // STARTING, STARTED, SHUTTING_DOWN, SHUTDOWN, CLIENT_*: nothing to say
      }
    }
  }

  private void republish() {
    if (published != null) {
      fingerprints().put(hz.getCluster().getLocalMember().getUuid().toString(), published);
    }
  }

  private static String fingerprint(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] print = mac.doFinal("guichet cluster secret check".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(print, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
