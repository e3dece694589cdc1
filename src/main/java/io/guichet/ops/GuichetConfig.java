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
 * @param checkout orders, payments, sessions
 * @param mail the SMTP server, or none (e-mails are then written to the log)
 * @param queue the waiting room
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
    Clock clock,
    Checkout checkout,
    Mail mail,
    Queue queue,
    Tickets tickets,
    Deadlines deadlines) {

  /** With the default deadlines. */
  public GuichetConfig(
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
      Clock clock,
      Checkout checkout,
      Mail mail,
      Queue queue,
      Tickets tickets) {
    this(
        httpPort,
        httpInstances,
        dataDir,
        pgUrl,
        pgPoolSize,
        redisUrl,
        adminKey,
        demo,
        hzClusterName,
        hzPort,
        hzMembers,
        hzKubernetesServiceDns,
        maxBodyBytes,
        maxSeatMapBytes,
        clock,
        checkout,
        mail,
        queue,
        tickets,
        Deadlines.defaults());
  }

  /** With the tickets' defaults. */
  public GuichetConfig(
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
      Clock clock,
      Checkout checkout,
      Mail mail,
      Queue queue) {
    this(
        httpPort,
        httpInstances,
        dataDir,
        pgUrl,
        pgPoolSize,
        redisUrl,
        adminKey,
        demo,
        hzClusterName,
        hzPort,
        hzMembers,
        hzKubernetesServiceDns,
        maxBodyBytes,
        maxSeatMapBytes,
        clock,
        checkout,
        mail,
        queue,
        Tickets.defaults());
  }

  /** With the waiting room's defaults. */
  public GuichetConfig(
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
      Clock clock,
      Checkout checkout,
      Mail mail) {
    this(
        httpPort,
        httpInstances,
        dataDir,
        pgUrl,
        pgPoolSize,
        redisUrl,
        adminKey,
        demo,
        hzClusterName,
        hzPort,
        hzMembers,
        hzKubernetesServiceDns,
        maxBodyBytes,
        maxSeatMapBytes,
        clock,
        checkout,
        mail,
        Queue.defaults());
  }

  /**
   * Tickets.
   *
   * @param zone the time zone dates are printed in
   * @param locale the language of printed dates (a BCP 47 tag)
   * @param passCertificate PKCS#12 file of the wallet pass certificate; null: a self-signed one per
   *     run (wallets refuse it: development only)
   * @param passWwdrCertificate Apple's WWDR intermediate certificate (PEM), or null
   * @param renderCacheMegabytes memory for rendered PDFs and passes, per node
   */
  public record Tickets(
      String zone,
      String locale,
      Path passCertificate,
      String passCertificatePassword,
      Path passWwdrCertificate,
      String passTypeId,
      String passTeamId,
      int renderCacheMegabytes) {
    public static final String DEFAULT_ZONE = "Europe/Paris";
    public static final int DEFAULT_RENDER_CACHE_MEGABYTES = 64;

    public static Tickets defaults() {
      return new Tickets(
          DEFAULT_ZONE,
          "fr-FR",
          null,
          null,
          null,
          "pass.dev.guichet.ticket",
          "GUICHETDEV",
          DEFAULT_RENDER_CACHE_MEGABYTES);
    }

    public Tickets withPassCertificate(Path pkcs12, String password) {
      return new Tickets(
          zone,
          locale,
          pkcs12,
          password,
          passWwdrCertificate,
          passTypeId,
          passTeamId,
          renderCacheMegabytes);
    }
  }

  /**
   * How long a request waits for each dependency before it answers 503 (with {@code Retry-After}):
   * no call on a request path waits forever.
   *
   * @param pgMillis one PostgreSQL statement or transaction (also PostgreSQL's own {@code
   *     statement_timeout}, at twice this, for statements whose caller has given up)
   * @param gridMillis one grid operation (an entry processor, a get)
   * @param redisMillis one Redis command or script
   * @param orderWriteMillis an order command, from its arrival in the order writer's queue to its
   *     commit
   */
  public record Deadlines(int pgMillis, int gridMillis, int redisMillis, int orderWriteMillis) {
    public static final int DEFAULT_PG_MILLIS = 5_000;
    public static final int DEFAULT_GRID_MILLIS = 5_000;
    public static final int DEFAULT_REDIS_MILLIS = 2_000;
    public static final int DEFAULT_ORDER_WRITE_MILLIS = 10_000;

    public Deadlines {
      if (pgMillis <= 0 || gridMillis <= 0 || redisMillis <= 0 || orderWriteMillis <= 0) {
        throw new IllegalArgumentException("deadlines must be positive");
      }
    }

    public static Deadlines defaults() {
      return new Deadlines(
          DEFAULT_PG_MILLIS, DEFAULT_GRID_MILLIS, DEFAULT_REDIS_MILLIS, DEFAULT_ORDER_WRITE_MILLIS);
    }
  }

  /**
   * The waiting room.
   *
   * @param tokenKey key of the queue tickets and access tokens (every node must share it); null:
   *     derived from the server secret
   * @param previousTokenKey the key before the last rotation, still accepted; or null
   * @param tickMillis period of the admission ticks of each node
   * @param redisFsync when the embedded Redis flushes its append-only file to disk: {@code
   *     everysec} (the last second may be lost with the machine, never with a process), {@code
   *     always} (before each answer) or {@code no} (when the OS decides)
   */
  public record Queue(String tokenKey, String previousTokenKey, int tickMillis, String redisFsync) {
    public static final int DEFAULT_TICK_MILLIS = 250;
    public static final String DEFAULT_REDIS_FSYNC = "everysec";

    public Queue {
      if (!java.util.Set.of("everysec", "always", "no").contains(redisFsync)) {
        throw new IllegalArgumentException(
            "GUICHET_REDIS_APPENDFSYNC is everysec, always or no, not " + redisFsync);
      }
    }

    public static Queue defaults() {
      return new Queue(null, null, DEFAULT_TICK_MILLIS, DEFAULT_REDIS_FSYNC);
    }
  }

  /**
   * Checkout settings.
   *
   * @param publicUrl where browsers and the payment provider reach this server; null: {@code
   *     http://localhost:PORT}
   * @param secret the server secret (HMAC of sessions, order secrets, e-mail links); null: kept in
   *     the data directory with the embedded PostgreSQL, else random per run
   * @param paymentGraceSeconds how long past a cart's deadline its seats stay held while its
   *     payment is in flight
   * @param orderWriter {@code batched} (group commits) or {@code direct} (one transaction each)
   * @param sessionHours lifetime of a buyer's session token
   * @param pspUrl Ogone's base URL ({@code .../ncol/prod}); null: the built-in simulated provider
   */
  public record Checkout(
      String publicUrl,
      String secret,
      int paymentGraceSeconds,
      String orderWriter,
      int writerInFlight,
      int sessionHours,
      String pspUrl,
      String pspId,
      String shaIn,
      String shaOut,
      String shaAlgorithm,
      String pspApiUser,
      String pspApiPassword) {
    public static final int DEFAULT_PAYMENT_GRACE_SECONDS = 600;
    public static final int DEFAULT_SESSION_HOURS = 12;

    public static Checkout defaults() {
      return new Checkout(
          null,
          null,
          DEFAULT_PAYMENT_GRACE_SECONDS,
          "batched",
          2,
          DEFAULT_SESSION_HOURS,
          null,
          null,
          null,
          null,
          "SHA512",
          null,
          null);
    }

    public Checkout withOrderWriter(String writer) {
      return new Checkout(
          publicUrl,
          secret,
          paymentGraceSeconds,
          writer,
          writerInFlight,
          sessionHours,
          pspUrl,
          pspId,
          shaIn,
          shaOut,
          shaAlgorithm,
          pspApiUser,
          pspApiPassword);
    }
  }

  /**
   * The SMTP server for e-mails; with no host, e-mails are written to the log (development).
   *
   * @param startTls {@code DISABLED}, {@code OPTIONAL} or {@code REQUIRED}
   */
  public record Mail(
      String host, int port, String user, String password, String startTls, String from) {
    public static final String DEFAULT_FROM = "billetterie@guichet.invalid";

    public static Mail none() {
      return new Mail(null, 25, null, null, "OPTIONAL", DEFAULT_FROM);
    }
  }

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
        Clock.systemUTC(),
        new Checkout(
            blankToNull(env.get("GUICHET_PUBLIC_URL")),
            blankToNull(env.get("GUICHET_SECRET")),
            integer(env, "GUICHET_PAYMENT_GRACE_SECONDS", Checkout.DEFAULT_PAYMENT_GRACE_SECONDS),
            env.getOrDefault("GUICHET_ORDER_WRITER", "batched"),
            integer(env, "GUICHET_ORDER_WRITER_IN_FLIGHT", 2),
            integer(env, "GUICHET_SESSION_HOURS", Checkout.DEFAULT_SESSION_HOURS),
            blankToNull(env.get("GUICHET_OGONE_URL")),
            blankToNull(env.get("GUICHET_OGONE_PSPID")),
            blankToNull(env.get("GUICHET_OGONE_SHA_IN")),
            blankToNull(env.get("GUICHET_OGONE_SHA_OUT")),
            env.getOrDefault("GUICHET_OGONE_SHA_ALGORITHM", "SHA512"),
            blankToNull(env.get("GUICHET_OGONE_API_USER")),
            blankToNull(env.get("GUICHET_OGONE_API_PASSWORD"))),
        new Mail(
            blankToNull(env.get("GUICHET_SMTP_HOST")),
            integer(env, "GUICHET_SMTP_PORT", 25),
            blankToNull(env.get("GUICHET_SMTP_USER")),
            blankToNull(env.get("GUICHET_SMTP_PASSWORD")),
            env.getOrDefault("GUICHET_SMTP_STARTTLS", "OPTIONAL"),
            env.getOrDefault("GUICHET_MAIL_FROM", Mail.DEFAULT_FROM)),
        new Queue(
            blankToNull(env.get("GUICHET_QUEUE_TOKEN_KEY")),
            blankToNull(env.get("GUICHET_QUEUE_TOKEN_PREVIOUS_KEY")),
            integer(env, "GUICHET_QUEUE_TICK_MILLIS", Queue.DEFAULT_TICK_MILLIS),
            env.getOrDefault("GUICHET_REDIS_APPENDFSYNC", Queue.DEFAULT_REDIS_FSYNC)),
        new Tickets(
            env.getOrDefault("GUICHET_TICKET_ZONE", Tickets.DEFAULT_ZONE),
            env.getOrDefault("GUICHET_TICKET_LOCALE", "fr-FR"),
            path(env.get("GUICHET_PASS_CERTIFICATE")),
            blankToNull(env.get("GUICHET_PASS_CERTIFICATE_PASSWORD")),
            path(env.get("GUICHET_PASS_WWDR_CERTIFICATE")),
            env.getOrDefault("GUICHET_PASS_TYPE_ID", "pass.dev.guichet.ticket"),
            env.getOrDefault("GUICHET_PASS_TEAM_ID", "GUICHETDEV"),
            integer(env, "GUICHET_TICKET_RENDER_CACHE_MB", Tickets.DEFAULT_RENDER_CACHE_MEGABYTES)),
        new Deadlines(
            integer(env, "GUICHET_PG_TIMEOUT_MS", Deadlines.DEFAULT_PG_MILLIS),
            integer(env, "GUICHET_GRID_TIMEOUT_MS", Deadlines.DEFAULT_GRID_MILLIS),
            integer(env, "GUICHET_REDIS_TIMEOUT_MS", Deadlines.DEFAULT_REDIS_MILLIS),
            integer(env, "GUICHET_ORDER_WRITE_TIMEOUT_MS", Deadlines.DEFAULT_ORDER_WRITE_MILLIS)));
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
        clock,
        checkout,
        mail,
        queue,
        tickets,
        deadlines);
  }

  public GuichetConfig withTickets(Tickets t) {
    return new GuichetConfig(
        httpPort,
        httpInstances,
        dataDir,
        pgUrl,
        pgPoolSize,
        redisUrl,
        adminKey,
        demo,
        hzClusterName,
        hzPort,
        hzMembers,
        hzKubernetesServiceDns,
        maxBodyBytes,
        maxSeatMapBytes,
        clock,
        checkout,
        mail,
        queue,
        t,
        deadlines);
  }

  public GuichetConfig withDeadlines(Deadlines d) {
    return new GuichetConfig(
        httpPort,
        httpInstances,
        dataDir,
        pgUrl,
        pgPoolSize,
        redisUrl,
        adminKey,
        demo,
        hzClusterName,
        hzPort,
        hzMembers,
        hzKubernetesServiceDns,
        maxBodyBytes,
        maxSeatMapBytes,
        clock,
        checkout,
        mail,
        queue,
        tickets,
        d);
  }

  /**
   * Told to form a cluster with other nodes (a member list, or Kubernetes discovery): such a node
   * is not ready alone, nor on its own embedded PostgreSQL or Redis.
   */
  public boolean expectsPeers() {
    return !hzMembers.isEmpty() || hzKubernetesServiceDns != null;
  }

  /** The URL browsers and the payment provider use to reach this node. */
  public String publicUrl() {
    return checkout.publicUrl() != null
        ? checkout.publicUrl().replaceAll("/+$", "")
        : "http://localhost:" + httpPort;
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

  private static Path path(String value) {
    return blankToNull(value) == null ? null : Path.of(value.trim());
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
