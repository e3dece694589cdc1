package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the guides of docs/: every relative link leads to a file and heading that exist,
 * every guide says in its first lines what it covers, and the shop developer's table of problem
 * types has a row for every type the server answers, with its status.
 */
class GuidesTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  @Test
  void everyRelativeLinkOfTheReadmeAndTheGuidesLeadsToAFileAndHeadingThatExist()
      throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher links = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (links.find()) {
        String target = links.group(1);
        if (target.startsWith("http://") || target.startsWith("https://")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!Files.exists(linked)) {
          broken.add(page + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
          broken.add(page + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void everyGuideSaysWhatItCoversAndForWhomInItsFirstLines() throws IOException {
    try (Stream<Path> guides = Files.list(Path.of("docs"))) {
      for (Path guide : guides.filter(p -> p.toString().endsWith(".md")).toList()) {
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).as("%s starts with its title", guide).startsWith("# ");
        assertThat(String.join(" ", lines.subList(1, Math.min(lines.size(), 8))))
            .as("%s says what it covers and for whom", guide)
            .containsPattern("(?i)(this (guide|page) is for|for the people)");
      }
    }
  }

  @Test
  void theShopDevelopersTableNamesEveryProblemTypeWithItsStatus() throws IOException {
    String guide = Files.readString(Path.of("docs/shop-developer.md"), StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (ProblemType type : ProblemType.values()) {
      String slug = type.uri().substring(type.uri().lastIndexOf('/') + 1);
      String row = "| `" + slug + "` | " + type.status() + " |";
      if (!guide.contains(row)) {
        missing.add(row);
      }
    }
    assertThat(missing).isEmpty();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The anchors a Markdown renderer such as GitHub's gives the headings of a page. */
  private static Set<String> anchors(Path page) throws IOException {
    if (!page.toString().endsWith(".md")) {
      return Set.of();
    }
    Matcher headings = HEADING.matcher(Files.readString(page, StandardCharsets.UTF_8));
    List<String> titles = new ArrayList<>();
    while (headings.find()) {
      titles.add(headings.group(1));
    }
    return titles.stream()
        .map(
            title ->
                title
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'))
        .collect(Collectors.toSet());
  }
}
