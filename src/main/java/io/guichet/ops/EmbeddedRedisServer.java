package io.guichet.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server (binary shipped through Maven) on a free loopback port, with its data in the
 * data directory: an append-only file, so the waiting rooms' queues survive a restart of Guichet,
 * of Redis, or both (even a kill -9 of both: the file is written before Redis answers, and flushed
 * to disk every second by default). Its pid is written in the data directory so that a run after a
 * kill -9 of the JVM stops the Redis left behind the way that keeps its data (SIGTERM: Redis
 * finishes and flushes its file) and starts a new one on the same files.
 */
final class EmbeddedRedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** How long a Redis left by a crashed run may take to finish writing its file and stop. */
  private static final long ORPHAN_STOP_SECONDS = 60;

  /**
   * Blocking: call from a launcher or worker thread, never an event loop.
   *
   * @param fsync Redis's {@code appendfsync}: {@code everysec}, {@code always} or {@code no}
   */
  static EmbeddedRedisServer start(Path dataDir, String fsync) throws IOException {
    Path dir = dataDir.resolve("redis");
    Files.createDirectories(dir);
    Path pidFile = dir.resolve("redis.pid");
    stopOrphan(pidFile);
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("pidfile " + pidFile)
              .setting("dir " + dir)
              // The append-only file is the data; no snapshots besides it (a rewrite of the file
              // starts with one).
              .setting("save \"\"")
              .setting("appendonly yes")
              .setting("appendfsync " + fsync)
              .setting("maxmemory-policy noeviction")
              .build();
      try {
        server.start();
        LOG.info(
            "embedded Redis started on port {} with its data in {} (appendfsync {})",
            port,
            dir,
            fsync);
        return new EmbeddedRedisServer(server, port);
      } catch (IOException e) {
        // The binary was just written while another thread forked (PostgreSQL starts at the same
        // time): exec fails with ETXTBSY until that child has exec'd. A known JDK race; retry.
        if (attempt >= 5 || !textFileBusy(e)) {
          throw e;
        }
        LOG.info("redis-server binary busy (attempt {}), retrying", attempt);
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean textFileBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("error=26")) {
        return true;
      }
    }
    return false;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    server.stop();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /**
   * Stops a Redis left running by a crashed run with SIGTERM, on which Redis writes what it still
   * holds to its append-only file and flushes it; the next one loads that file. Only if it does not
   * stop in time is it killed (what it had written survives that too).
   */
  private static void stopKeepingData(ProcessHandle p) {
    LOG.warn(
        "stopping the redis-server {} left by a previous run: it flushes its append-only file,"
            + " which the new one loads",
        p.pid());
    p.destroy();
    try {
      p.onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("redis-server {} did not stop in {} s: killed", p.pid(), ORPHAN_STOP_SECONDS);
      p.destroyForcibly();
      // never two servers on one file
      p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  private static void stopOrphan(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String content = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
    Files.deleteIfExists(pidFile);
    try {
      ProcessHandle.of(Long.parseLong(content))
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
          .ifPresent(EmbeddedRedisServer::stopKeepingData);
    } catch (NumberFormatException e) {
      LOG.info("ignoring unreadable {}", pidFile);
    }
  }
}
