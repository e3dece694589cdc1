package io.guichet.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL and Redis on their own, for several nodes on one machine to share ({@code
 * ops/cluster.sh}): {@code java -cp guichet.jar io.guichet.ops.SharedServices DIR} starts both with
 * their data in DIR, writes their URLs to {@code DIR/pg-url} and {@code DIR/redis-url}, and stops
 * them on SIGTERM.
 */
public final class SharedServices {
  private SharedServices() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "guichet-cluster/services").toAbsolutePath();
    Files.createDirectories(dir);
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir);
    EmbeddedRedisServer redis =
        EmbeddedRedisServer.start(dir, GuichetConfig.Queue.DEFAULT_REDIS_FSYNC);
    Files.writeString(dir.resolve("pg-url"), pg.url(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("redis-url"), redis.url(), StandardCharsets.UTF_8);
    System.out.println("PostgreSQL " + pg.url() + " and Redis " + redis.url() + " ready");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  redis.close();
                  try {
                    pg.close();
                  } catch (java.io.IOException e) {
                    System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "shared-services-stop"));
    stopped.await();
  }
}
