package io.guichet.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server (binary shipped through Maven) on a free loopback port, with its data in the
 * data directory: an append-only file, so the waiting rooms' queues survive a restart of Guichet,
 * of Redis, or both (even a kill -9 of both: Redis writes the file before it answers, and flushes
 * it to disk every second by default). Its pid is written in the data directory so that a run after
 * a kill -9 of the JVM stops the Redis left behind the way that keeps its data (SIGTERM: Redis
 * finishes and flushes its file) and starts a new one on the same files.
 *
 * <p>The library gives the binary and its command line; the process is run here rather than by the
 * library's {@code RedisServer}, which stops Redis from a JVM shutdown hook of its own: on a
 * SIGTERM that hook ran beside Guichet's and took Redis away from the requests still being answered
 * (500s on the queue's polls during a graceful stop). Here Redis stops last, after HTTP.
 */
final class EmbeddedRedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

  /** How long Redis may take to load its file and answer (a million queued visitors: ~2 s). */
  private static final Duration READY_WAIT = Duration.ofMinutes(2);

  /** How long Redis may take to finish writing its file and stop. */
  private static final long STOP_SECONDS = 60;

  private final Process process;
  private final int port;

  private EmbeddedRedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

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
      List<String> command =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("pidfile " + pidFile)
              .setting("dir " + dir)
              .setting("logfile " + dir.resolve("redis.log"))
              // The append-only file is the data; no snapshots besides it (a rewrite of the file
              // starts with one).
              .setting("save \"\"")
              .setting("appendonly yes")
              .setting("appendfsync " + fsync)
              .setting("maxmemory-policy noeviction")
              .buildCommandArgs();
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        process.getOutputStream().close();
        EmbeddedRedisServer redis = new EmbeddedRedisServer(process, port);
        redis.awaitReady(dir);
        LOG.info(
            "embedded Redis started on port {} with its data in {} (appendfsync {})",
            port,
            dir,
            fsync);
        return redis;
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

  /** Waits until Redis answers PING (it answers LOADING while it reads its file). */
  private void awaitReady(Path dir) throws IOException {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with "
                + process.exitValue()
                + " at start-up; see "
                + dir.resolve("redis.log"));
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for redis-server", e);
      }
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not answer within " + READY_WAIT);
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[5];
      int read = in.readNBytes(reply, 0, reply.length);
      return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException notYet) {
      return false;
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

  /** SIGTERM: Redis writes and flushes its file, removes its pid file and exits. */
  @Override
  public void close() {
    stopKeepingData(process.toHandle());
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /**
   * Stops a Redis with SIGTERM, on which it writes what it still holds to its append-only file and
   * flushes it; the next one loads that file. Only if it does not stop in time is it killed (what
   * it had written survives that too).
   */
  private static void stopKeepingData(ProcessHandle p) {
    p.destroy();
    try {
      p.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("redis-server {} did not stop in {} s: killed", p.pid(), STOP_SECONDS);
      p.destroyForcibly();
      // never two servers on one file
      p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  /** A Redis left running by a run whose JVM was killed: stopped keeping its data. */
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
                LOG.warn(
                    "stopping the redis-server {} left by a previous run: it flushes its"
                        + " append-only file, which the new one loads",
                    p.pid());
                stopKeepingData(p);
              });
    } catch (NumberFormatException e) {
      LOG.info("ignoring unreadable {}", pidFile);
    }
  }
}
