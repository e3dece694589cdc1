package io.guichet.ops;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The server's whole configuration, built once from the environment (and the {@code --demo} flag)
 * with declared defaults. No secret has a default: an unset admin key is generated at start-up and
 * printed once.
 *
 * @param pgUrl external PostgreSQL ({@code postgresql://user:pass@host:port/db}); null starts the
 *     embedded one
 * @param redisUrl external Redis ({@code redis://host:port}); null starts the embedded one
 * @param hzMembers Hazelcast TCP/IP members to join; empty with no Kubernetes service: loopback
 * @param hzKubernetesServiceDns headless service for Hazelcast's Kubernetes discovery, or null
 */
public record GuichetConfig(
    int httpPort,
    int httpInstances,
    Path dataDir,
    String pgUrl,
    int pgPoolSize,
    String redisUrl,
    String adminKey,
    boolean demo,
    String hzClusterName,
    int hzPort,
    List<String> hzMembers,
    String hzKubernetesServiceDns,
    int maxBodyBytes,
    int maxSeatMapBytes,
    Clock clock) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_DATA_DIR = "guichet-data";
  public static final int DEFAULT_PG_POOL_SIZE = 16;
  public static final String DEFAULT_HZ_CLUSTER = "guichet";
  public static final int DEFAULT_HZ_PORT = 5701;
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
  public static final int DEFAULT_MAX_SEAT_MAP_BYTES = 32 * 1024 * 1024;

  /** Reads {@code GUICHET_*} variables; {@code --demo} on the command line turns the demo on. */
  public static GuichetConfig fromEnvironment(Map<String, String> env, String[] args) {
    boolean demo = Arrays.asList(args).contains("--demo") || bool(env.get("GUICHET_DEMO"));
    return new GuichetConfig(
        integer(env, "GUICHET_HTTP_PORT", DEFAULT_HTTP_PORT),
        integer(env, "GUICHET_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        Path.of(env.getOrDefault("GUICHET_DATA_DIR", DEFAULT_DATA_DIR)).toAbsolutePath(),
        blankToNull(env.get("GUICHET_PG_URL")),
        integer(env, "GUICHET_PG_POOL_SIZE", DEFAULT_PG_POOL_SIZE),
        blankToNull(env.get("GUICHET_REDIS_URL")),
        blankToNull(env.get("GUICHET_ADMIN_KEY")),
        demo,
        env.getOrDefault("GUICHET_HZ_CLUSTER", DEFAULT_HZ_CLUSTER),
        integer(env, "GUICHET_HZ_PORT", DEFAULT_HZ_PORT),
        list(env.get("GUICHET_HZ_MEMBERS")),
        blankToNull(env.get("GUICHET_HZ_K8S_SERVICE_DNS")),
        integer(env, "GUICHET_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
        integer(env, "GUICHET_MAX_SEATMAP_BYTES", DEFAULT_MAX_SEAT_MAP_BYTES),
        Clock.systemUTC());
  }

  public GuichetConfig withAdminKey(String key) {
    return new GuichetConfig(
        httpPort,
        httpInstances,
        dataDir,
        pgUrl,
        pgPoolSize,
        redisUrl,
        key,
        demo,
        hzClusterName,
        hzPort,
        hzMembers,
        hzKubernetesServiceDns,
        maxBodyBytes,
        maxSeatMapBytes,
        clock);
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, not " + value, e);
    }
  }

  private static boolean bool(String value) {
    return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
  }

  private static List<String> list(String value) {
    if (blankToNull(value) == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
