package io.guichet;

import io.guichet.ops.GuichetConfig;
import io.guichet.ops.GuichetServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The one server of the test JVM: real embedded PostgreSQL, Redis and Hazelcast, started on first
 * use and stopped when the JVM exits. GUICHET_PG_URL and GUICHET_REDIS_URL point it at external
 * servers instead, as in production.
 */
public final class TestServer {
  public static final String ADMIN_KEY = "test-admin-" + UUID.randomUUID();

  /** The Hazelcast cluster of the test server: tests may add members to it. */
  public static final String CLUSTER = "guichet-test-" + UUID.randomUUID();

  /** The server's clock: tests move it to expire holds. */
  public static final MutableClock CLOCK = new MutableClock();

  private static GuichetServer server;
  private static int port;

  private TestServer() {}

  public static synchronized GuichetServer get() {
    if (server == null) {
      try {
        BlockedThreadWatch.install();
        port = freePort();
        Path dataDir = Files.createTempDirectory("guichet-test-");
        GuichetConfig config =
            new GuichetConfig(
                port,
                2,
                dataDir,
                System.getenv("GUICHET_PG_URL"),
                8,
                System.getenv("GUICHET_REDIS_URL"),
                ADMIN_KEY,
                true,
                CLUSTER,
                GuichetConfig.DEFAULT_HZ_PORT,
                List.of(),
                null,
                GuichetConfig.DEFAULT_MAX_BODY_BYTES,
                GuichetConfig.DEFAULT_MAX_SEAT_MAP_BYTES,
                CLOCK,
                new GuichetConfig.Checkout(
                    "http://127.0.0.1:" + port,
                    null,
                    GuichetConfig.Checkout.DEFAULT_PAYMENT_GRACE_SECONDS,
                    "batched",
                    2,
                    GuichetConfig.Checkout.DEFAULT_SESSION_HOURS,
                    null,
                    null,
                    null,
                    null,
                    "SHA512",
                    null,
                    null),
                new GuichetConfig.Mail(
                    "127.0.0.1", TestMail.port(), null, null, "DISABLED", "noreply@guichet.test"));
        // wallet passes signed with a certificate from configuration, as in production
        Path passCertificate = dataDir.resolve("pass-certificate.p12");
        io.guichet.tickets.WalletPass.Signer.selfSigned("pass.test.guichet", "TESTTEAM")
            .writePkcs12(passCertificate, "changeit");
        config =
            config.withTickets(
                GuichetConfig.Tickets.defaults().withPassCertificate(passCertificate, "changeit"));
        server = GuichetServer.start(config);
        GuichetServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-server-stop"));
      } catch (Exception e) {
        throw new IllegalStateException("the test server did not start", e);
      }
    }
    return server;
  }

  /** The address of the Redis the server uses (embedded, or GUICHET_REDIS_URL). */
  public static String redisUrl() {
    return get().redisUrl();
  }

  /** The address of the PostgreSQL the server uses (embedded, or GUICHET_PG_URL). */
  public static String pgUrl() {
    return get().pgUrl();
  }

  public static int port() {
    get();
    return port;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
