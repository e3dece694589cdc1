package io.guichet.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /docs}: the contract as a browsable API reference. The viewer is Swagger UI, taken
 * from its webjar on the class path (bundled into the jar at build time: nothing is fetched from a
 * CDN at run time) and pointed at the served {@code /openapi.yaml}. Its few files are read once at
 * start-up and served from memory; any other name under {@code /docs/} is not found.
 */
final class ApiReference {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final String PAGE = "api-docs/index.html";
  private static final String INITIALIZER = "api-docs/guichet-docs.js";

  /** The files of the reference under /docs/, by name: where they come from and their type. */
  private static final Map<String, String[]> FILES =
      Map.of(
          "swagger-ui.css", new String[] {WEBJAR, "text/css; charset=utf-8"},
          "swagger-ui-bundle.js", new String[] {WEBJAR, "text/javascript; charset=utf-8"},
          "favicon-32x32.png", new String[] {WEBJAR, "image/png"},
          "guichet-docs.js", new String[] {null, "text/javascript; charset=utf-8"});

  private final Buffer page;
  private final Map<String, Buffer> files;

  private ApiReference(Buffer page, Map<String, Buffer> files) {
    this.page = page;
    this.files = files;
  }

  /** Reads the viewer's files from the class path (blocking: call it off the event loops). */
  static ApiReference load() {
    String version = webjarVersion();
    Map<String, Buffer> files = new java.util.HashMap<>();
    FILES.forEach(
        (name, where) ->
            files.put(
                name, read(where[0] == null ? INITIALIZER : where[0] + version + "/" + name)));
    return new ApiReference(read(PAGE), Map.copyOf(files));
  }

  void mount(RouterBuilder builder) {
    builder
        .getRoute("getApiReference")
        .addHandler(
            rc ->
                rc.response()
                    .putHeader("content-type", "text/html; charset=utf-8")
                    .putHeader("cache-control", "no-cache")
                    .end(page));
    builder.getRoute("getApiReferenceFile").addHandler(this::file);
  }

  private void file(RoutingContext rc) {
    String name = rc.pathParam("file");
    Buffer body = files.get(name);
    if (body == null) {
      Problems.send(rc, ProblemType.NOT_FOUND, "no such file of the API reference");
      return;
    }
    rc.response()
        .putHeader("content-type", FILES.get(name)[1])
        .putHeader("cache-control", "public, max-age=3600")
        .end(body);
  }

  private static String webjarVersion() {
    try (InputStream in = resource(WEBJAR_POM)) {
      Properties pom = new Properties();
      pom.load(in);
      return pom.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Buffer read(String path) {
    try (InputStream in = resource(path)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = ApiReference.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IOException("missing from the class path: " + path);
    }
    return in;
  }
}
