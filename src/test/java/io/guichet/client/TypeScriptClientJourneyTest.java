package io.guichet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The buyer's journey through the TypeScript client generated from the contract, compiled with
 * strict TypeScript by the build (src/test/typescript), run with Node.js against the real server.
 * Skipped, saying so, where Node.js is not installed.
 */
class TypeScriptClientJourneyTest extends ServerTest {
  private static final Path JOURNEY =
      Path.of("target/typescript-journey/src/test/typescript/journey.js");

  @Test
  void a_buyer_goes_through_the_shop_with_the_generated_typescript_client() throws Exception {
    assumeTrue(
        Files.exists(JOURNEY),
        "SKIPPED: the TypeScript client was not compiled (no Node.js: see src/test/typescript)");
    Process node =
        new ProcessBuilder(
                "node",
                JOURNEY.toString(),
                "http://127.0.0.1:" + TestServer.port(),
                TestServer.ADMIN_KEY)
            .redirectErrorStream(true)
            .start();
    boolean ended = node.waitFor(120, TimeUnit.SECONDS);
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(ended).as("the journey ended").isTrue();
    assertThat(node.exitValue()).as("the journey's exit code; its output:%n%s", output).isZero();
    assertThat(output).contains("journey done");
  }
}
