package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Guichet node run by the real launcher in a JVM of its own, for the tests that kill and restart
 * nodes: its environment, its log file, its HTTP API, and its embedded services' processes.
 */
final class NodeProcess implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final int port;
  private final String adminKey;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private NodeProcess(Process process, Path dataDir, Path log, int port, String adminKey) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.port = port;
    this.adminKey = adminKey;
  }

  /**
   * Starts a node on the embedded services of {@code dataDir} unless {@code env} names external
   * ones, and waits until it is ready.
   */
  static NodeProcess start(
      Path dataDir, int port, String adminKey, String logName, Map<String, String> env)
      throws Exception {
    NodeProcess node = launch(dataDir, port, adminKey, logName, env);
    node.awaitReady();
    return node;
  }

  /**
   * Starts a node without waiting for it: the nodes of a cluster told to expect peers are not ready
   * alone, so they are started together and then awaited.
   */
  static NodeProcess launch(
      Path dataDir, int port, String adminKey, String logName, Map<String, String> env)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().remove("GUICHET_PG_URL");
    builder.environment().remove("GUICHET_REDIS_URL");
    builder.environment().remove("GUICHET_SECRET");
    builder.environment().put("GUICHET_DATA_DIR", dataDir.toString());
    builder.environment().put("GUICHET_HTTP_PORT", String.valueOf(port));
    builder.environment().put("GUICHET_PUBLIC_URL", "http://127.0.0.1:" + port);
    builder.environment().put("GUICHET_HTTP_INSTANCES", "1");
    builder.environment().put("GUICHET_ADMIN_KEY", adminKey);
    builder.environment().putAll(env);
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve(logName);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new NodeProcess(builder.start(), dataDir, log, port, adminKey);
  }

  void awaitReady() throws Exception {
    awaitOk("/health/ready");
  }

  /** Until it answers HTTP (ready or not). */
  void awaitServing() throws Exception {
    awaitOk("/health/live");
  }

  private void awaitOk(String path) throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    // a timeout on each try: a connection taken while the server starts may never be answered
    HttpRequest ready = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("the node exited while starting: see %s", log).isTrue();
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node was not ready within " + START_TIMEOUT + ": see " + log);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpClient http() {
    return http;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.STRING);
  }

  HttpResponse<String> admin(String method, String path, JsonObject body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + adminKey)
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  JsonObject json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }

  /** SIGKILL: no shutdown hook runs; the embedded services it started keep running. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** SIGSTOP: frozen as by a long GC pause or a stalled VM; its sockets stay open. */
  void pause() throws Exception {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
        .as("kill -%s %d", name, process.pid())
        .isTrue();
  }

  /** The readiness status, or -1 when the node does not answer within two seconds. */
  int readiness() {
    try {
      return http.send(
              HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException timedOut) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The readiness answer's body (the reasons when it is 503). */
  String readinessBody() throws Exception {
    return send(HttpRequest.newBuilder(uri("/health/ready"))).body();
  }

  int port() {
    return port;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM: a clean stop. */
  void stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
  }

  /** The embedded Redis this node (or a killed one before it) runs, by its pid file. */
  Optional<ProcessHandle> redis() throws IOException {
    return pidFile(dataDir.resolve("redis/redis.pid"));
  }

  String logText() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      signal("CONT"); // a paused node cannot stop
      stop();
    }
  }

  /** Stops what killed nodes left running in a data directory (when a test failed midway). */
  static void stopLeftovers(Path dataDir) throws IOException {
    for (Path pid :
        new Path[] {
          dataDir.resolve("postgres/postmaster.pid"), dataDir.resolve("redis/redis.pid")
        }) {
      pidFile(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  static Optional<ProcessHandle> pidFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0).trim();
    return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
  }

  private static final class BodyHandlers {
    static final HttpResponse.BodyHandler<String> STRING =
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }
}
