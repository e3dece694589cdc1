package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guichet.ContractAnswers;
import io.guichet.TestServer;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the real launcher in a separate JVM on a data directory, kills it with SIGKILL, starts it
 * again and checks that it recovers by itself and kept its data; then stops it with SIGTERM and
 * checks that nothing is left running.
 */
class RestartRecoveryTest {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final String KEY = "restart-test-key";

  private final HttpClient http = HttpClient.newHttpClient();
  private Process node;

  @AfterEach
  void killLeftovers() {
    if (node != null && node.isAlive()) {
      node.destroyForcibly();
    }
  }

  @Test
  void a_node_killed_with_sigkill_restarts_on_its_data_and_a_sigterm_leaves_nothing_running()
      throws Exception {
    assumeTrue(System.getenv("GUICHET_PG_URL") == null, "only for the embedded services");
    Path dataDir = Files.createTempDirectory("guichet-restart-");
    int port = TestServer.freePort();

    node = launch(dataDir, port, "first.log");
    awaitReady(port);
    String name = "Restart " + UUID.randomUUID();
    HttpResponse<String> created =
        ContractAnswers.checked(
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/v1/organizers"))
                    .header("Authorization", "Bearer " + KEY)
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"" + name + "\",\"currency\":\"EUR\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = extract(created.body(), "\"id\":\"([^\"]+)\"");

    node.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Optional<ProcessHandle> orphan = postmaster(dataDir);
    assertThat(orphan).as("the killed node's PostgreSQL is still running").isPresent();

    node = launch(dataDir, port, "second.log");
    awaitReady(port);
    HttpResponse<String> read =
        ContractAnswers.checked(
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/v1/organizers/" + id))
                    .header("Authorization", "Bearer " + KEY)
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains(name);
    assertThat(orphan.get().isAlive()).as("the orphan postmaster was stopped").isFalse();

    Optional<ProcessHandle> postgres = postmaster(dataDir);
    Optional<ProcessHandle> redis = pidFile(dataDir.resolve("redis/redis.pid"));
    assertThat(postgres).isPresent();
    assertThat(redis).isPresent();
    node.destroy(); // SIGTERM: clean shutdown
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(postgres.get().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(redis.get().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
  }

  private Process launch(Path dataDir, int port, String log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().remove("GUICHET_PG_URL");
    builder.environment().remove("GUICHET_REDIS_URL");
    builder.environment().put("GUICHET_DATA_DIR", dataDir.toString());
    builder.environment().put("GUICHET_HTTP_PORT", String.valueOf(port));
    builder.environment().put("GUICHET_HTTP_INSTANCES", "1");
    builder.environment().put("GUICHET_ADMIN_KEY", KEY);
    builder.environment().put("GUICHET_HZ_CLUSTER", "restart-" + UUID.randomUUID());
    builder.environment().put("GUICHET_HZ_PORT", "5801");
    builder.redirectErrorStream(true).redirectOutput(dataDir.resolve(log).toFile());
    return builder.start();
  }

  private void awaitReady(int port) throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
    while (Instant.now().isBefore(deadline)) {
      assertThat(node.isAlive()).as("the node exited while starting").isTrue();
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the node was not ready within " + START_TIMEOUT);
  }

  private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
    return pidFile(dataDir.resolve("postgres/postmaster.pid"));
  }

  private static Optional<ProcessHandle> pidFile(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0).trim();
    return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
  }

  private static String extract(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }
}
