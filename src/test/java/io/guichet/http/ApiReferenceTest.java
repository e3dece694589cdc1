package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /docs: the contract as a browsable reference, its viewer served from the jar. */
class ApiReferenceTest extends ServerTest {

  @Test
  void theReferencePageLoadsItsViewerFromThisServerAndPointsItAtTheServedContract() {
    Reply page = get("/docs");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    String html = page.body().toString(StandardCharsets.UTF_8);
    List<String> sources = new ArrayList<>();
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    while (refs.find()) {
      sources.add(refs.group(1));
    }
    assertThat(sources)
        .as("everything the page loads comes from /docs/ on this server: no CDN")
        .isNotEmpty()
        .allMatch(s -> s.startsWith("/docs/"));
    for (String source : sources) {
      Reply file = get(source);
      assertThat(file.status()).as(source).isEqualTo(200);
      assertThat(file.body().length()).as(source).isPositive();
    }
    String initializer = get("/docs/guichet-docs.js").body().toString(StandardCharsets.UTF_8);
    assertThat(initializer).contains("SwaggerUIBundle(").contains("url: \"/openapi.yaml\"");
    assertThat(get("/docs/swagger-ui-bundle.js").contentType()).startsWith("text/javascript");
    assertThat(get("/docs/swagger-ui.css").contentType()).startsWith("text/css");
  }

  @Test
  void aFileTheReferenceDoesNotHaveIsNotFoundAndNothingOutsideItIsServed() {
    get("/docs/index.html").problem(404, "not-found");
    get("/docs/openapi.yaml").problem(404, "not-found");
    assertThat(get("/docs/..%2Flogback.xml").status()).isIn(400, 404);
  }
}
