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
 * A real Redis server (binary shipped through Maven) on a free loopback port. Its pid is written in
 * the data directory so that a run after a kill -9 stops the orphan left behind.
 */
final class EmbeddedRedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Blocking: call from a launcher or worker thread, never an event loop. */
  static EmbeddedRedisServer start(Path dataDir) throws IOException {
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
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("maxmemory-policy noeviction")
              .build();
      try {
        server.start();
        LOG.info("embedded Redis started on port {}", port);
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
          .ifPresent(
              p -> {
                LOG.warn("stopping orphan redis-server {} left by a previous run", p.pid());
                p.destroy();
                try {
                  p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                  }
                  p.destroyForcibly();
                }
              });
    } catch (NumberFormatException e) {
      LOG.info("ignoring unreadable {}", pidFile);
    }
  }
}
