package io.guichet.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries shipped through Maven) whose data lives in a directory that
 * survives restarts. Durability settings are forced on: the library defaults to fsync off for
 * throw-away test databases, which would make "confirmed means durable" a lie.
 *
 * <p>After a kill -9 of the Java process the postmaster it started keeps running and holds the data
 * directory. Starting again stops that orphan first (it is only ever ours: the pid file names it
 * and its command is postgres), then PostgreSQL's own crash recovery does the rest.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Blocking: call from a launcher or worker thread, never an event loop. */
  public static EmbeddedPostgresServer start(Path dataDir) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData.getParent());
    stopOrphanPostmaster(pgData);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "200")
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
    LOG.info("embedded PostgreSQL started on port {} with data in {}", pg.getPort(), pgData);
    return new EmbeddedPostgresServer(pg);
  }

  public String url() {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private static void stopOrphanPostmaster(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String firstLine =
        Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    Optional<ProcessHandle> orphan;
    try {
      orphan = ProcessHandle.of(Long.parseLong(firstLine.trim()));
    } catch (NumberFormatException e) {
      orphan = Optional.empty();
    }
    Optional<ProcessHandle> postmaster =
        orphan.filter(ProcessHandle::isAlive).filter(EmbeddedPostgresServer::isPostgres);
    if (postmaster.isEmpty()) {
      LOG.info("removing stale {} (no postmaster running)", pidFile);
      Files.deleteIfExists(pidFile);
      return;
    }
    ProcessHandle process = postmaster.get();
    LOG.warn("stopping orphan postmaster {} left by a previous run", process.pid());
    process.destroy(); // SIGTERM: smart shutdown; its clients died with the old JVM
    try {
      process.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("orphan postmaster {} did not stop in time, killing it", process.pid());
      process.destroyForcibly();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
  }
}
