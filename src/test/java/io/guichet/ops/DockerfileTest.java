package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's lint, in the build (hadolint is not a Java library): the rules that matter for a
 * node of the cluster, checked on the file as written.
 */
class DockerfileTest {
  private static final Pattern PINNED_IMAGE =
      Pattern.compile("FROM\\s+[^\\s:@]+(:[\\w.-]+|@sha256:[0-9a-f]{64})(\\s+AS\\s+\\w+)?");

  private final List<String> instructions = instructions();

  @Test
  void every_base_image_is_pinned_to_a_tag_or_digest_and_never_latest() {
    List<String> from = withKeyword("FROM");
    assertThat(from).isNotEmpty();
    for (String line : from) {
      assertThat(line).as("pinned").matches(PINNED_IMAGE);
      assertThat(line).as("pinned").doesNotContain(":latest");
    }
  }

  @Test
  void the_server_runs_as_a_user_who_is_not_root() {
    String finalStage = finalStage();
    List<String> users = finalStage.lines().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).substring(5).trim();
    assertThat(user).isNotIn("root", "0", "0:0");
  }

  @Test
  void the_image_has_a_healthcheck_and_an_exec_form_entrypoint() {
    String finalStage = finalStage();
    assertThat(finalStage).contains("HEALTHCHECK ");
    List<String> entrypoints = finalStage.lines().filter(l -> l.startsWith("ENTRYPOINT")).toList();
    // exec form: the JVM is PID 1 and receives SIGTERM (a graceful stop), no shell in between
    assertThat(entrypoints).singleElement().asString().matches("ENTRYPOINT \\[\".*\"\\]");
  }

  @Test
  void packages_are_installed_without_recommends_and_their_lists_removed() {
    for (String run : withKeyword("RUN")) {
      if (run.contains("apt-get install")) {
        assertThat(run).contains("--no-install-recommends", "-y", "rm -rf /var/lib/apt/lists");
      }
      assertThat(run).as("ADD of URLs or curl | sh").doesNotContain("| sh", "| bash");
    }
    assertThat(withKeyword("ADD")).as("COPY, not ADD").isEmpty();
  }

  private List<String> withKeyword(String keyword) {
    return instructions.stream().filter(i -> i.startsWith(keyword + " ")).toList();
  }

  private String finalStage() {
    int last = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    return String.join("\n", instructions.subList(last, instructions.size()));
  }

  /** One instruction a line: continuation lines joined, comments dropped. */
  private static List<String> instructions() {
    try {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
        String trimmed = line.trim();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        current.append(trimmed);
        if (current.length() > 0) {
          out.add(current.toString().replaceAll("\\s+", " "));
        }
        current.setLength(0);
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
