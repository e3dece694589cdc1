package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.guichet.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands and its five-minute walk-through, so that the front door cannot drift
 * from what Guichet does: the walk-through's shell blocks are run as written (only the address and
 * the admin key substituted) with bash, curl and jq against a node started with the demo, and each
 * step's answer is checked.
 */
class ReadmeWalkthroughTest {
  private static final Path README = Path.of("README.md");
  private static final String KEY = "readme-walkthrough-key";
  private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```$");

  private Path dataDir;
  private NodeProcess node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (dataDir != null) {
      NodeProcess.stopLeftovers(dataDir);
    }
  }

  @Test
  void theTwoCommandsBuildTheJarThePomNamesAndStartItWithTheDemo() throws Exception {
    List<String> blocks = shBlocks(section("## The two commands"));
    assertThat(blocks)
        .containsExactly(
            "mvn -B -q package -DskipTests && java -jar target/guichet.jar --demo\n",
            "mvn -B verify\n");
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>guichet</finalName>");
    assertThat(GuichetConfig.fromEnvironment(Map.of(), new String[] {"--demo"}).demo()).isTrue();
  }

  @Test
  void theWalkthroughQueuesHoldsChecksOutPaysAndDownloadsATicketAsWritten() throws Exception {
    assumeTrue(System.getenv("GUICHET_PG_URL") == null, "only for the embedded services");
    assumeTrue(onPath("curl") && onPath("jq"), "the walk-through needs curl and jq");
    dataDir = Files.createTempDirectory("guichet-readme-");
    int port = TestServer.freePort();
    node =
        NodeProcess.start(
            dataDir,
            port,
            KEY,
            "walkthrough.log",
            Map.of(
                "GUICHET_DEMO", "true",
                "GUICHET_HZ_CLUSTER", "readme-" + UUID.randomUUID(),
                "GUICHET_HZ_PORT", "5871"));

    String script = walkthrough(port);
    Path work = Files.createDirectories(dataDir.resolve("walkthrough"));
    Process bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(3, TimeUnit.MINUTES)).as("the walk-through ends").isTrue();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(output).isZero();

    List<String> lines = output.lines().toList();
    assertThat(lines).as(output).hasSize(5);
    assertThat(lines.get(0)).as("the waiting room is on, the sale open").isEqualTo("SELLING");
    assertThat(lines.get(1)).as("two seats held").matches("\\[\"[^\"]+\",\"[^\"]+\"\\]");
    assertThat(lines.get(2)).as("the order after the payment").isEqualTo("PAID");
    assertThat(lines.get(3))
        .as("the mobile ticket")
        .startsWith("{\"event\":\"Tournée des Étoiles 2027\",\"place\":{")
        .endsWith("\"code\":true}");
    assertThat(lines.get(4)).as("the PDF").isEqualTo("%PDF-");
  }

  /** The walk-through's blocks in order, pointed at the node. */
  private static String walkthrough(int port) throws Exception {
    List<String> blocks = shBlocks(section("## Five minutes with the demo"));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
    String script = String.join("\n", blocks);
    assertThat(script).contains("G=localhost:8080\n").contains("\nKEY=...   #");
    return script
        .replace("G=localhost:8080\n", "G=127.0.0.1:" + port + "\n")
        .replaceFirst("\\nKEY=\\.\\.\\.   #[^\\n]*", "\nKEY=" + KEY);
  }

  private static String section(String heading) throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as("the README has the section %s", heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length() + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<String> shBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    Matcher m = SH_BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static boolean onPath(String command) throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + command).start();
    return which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0;
  }
}
