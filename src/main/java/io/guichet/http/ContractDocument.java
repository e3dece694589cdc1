package io.guichet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The API contract ({@code openapi.yaml} on the classpath) as written: one self-contained document
 * whose references all point inside it ({@code #/components/...}). It is what {@code GET
 * /openapi.json} and {@code GET /openapi.yaml} serve, what the test suite checks every answer
 * against, and, with its answers left out, what the router validates requests with.
 *
 * <p>The router's contract loader refuses response media types it cannot validate ({@code
 * application/problem+json}, {@code application/pdf}, {@code text/html}...) and request bodies
 * other than JSON; it only checks requests, so it gets {@link #forRouter} (no answer contents, and
 * only the JSON request bodies). Serving the loader's own copy of the document would serve its
 * rewritten references ({@code app:///#/components/...}), which no other tool can resolve.
 */
public final class ContractDocument {
  /** Where the contract lives on the classpath. */
  public static final String RESOURCE = "openapi.yaml";

  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private final String yaml;
  private final JsonObject document;
  private final String json;

  private ContractDocument(String yaml) {
    this.yaml = yaml;
    this.document = parse(yaml);
    this.json = document.encode();
  }

  /** The contract of this build, read from the classpath. */
  public static ContractDocument load() {
    try (InputStream in = ContractDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new ContractDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as written (YAML). */
  public String yaml() {
    return yaml;
  }

  /** The document as JSON text. */
  public String json() {
    return json;
  }

  /** A copy of the document. */
  public JsonObject document() {
    return document.copy();
  }

  /**
   * A copy for the request-validating router: every answer without its content (the router does not
   * check answers) and every request body with its JSON media type only (the others are decoded and
   * checked by their own handlers).
   */
  public JsonObject forRouter() {
    JsonObject copy = document.copy();
    copy.remove("security");
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op != null) {
          stripForRouter(op);
        }
      }
    }
    JsonObject responses =
        copy.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (responses != null) {
      responses.forEach(e -> ((JsonObject) e.getValue()).remove("content"));
    }
    return copy;
  }

  private static void stripForRouter(JsonObject op) {
    // Guichet checks credentials in its own handlers; the router would build an authentication
    // chain per operation of several alternatives even with its security switched off (an empty
    // chain that refuses every request: "No providers in the auth chain", Vert.x 5.0.10)
    op.remove("security");
    JsonObject responses = op.getJsonObject("responses");
    if (responses != null) {
      for (String status : responses.fieldNames()) {
        JsonObject response = responses.getJsonObject(status);
        if (!response.containsKey("$ref")) {
          response.remove("content");
        }
      }
    }
    JsonObject body = op.getJsonObject("requestBody");
    if (body != null) {
      JsonObject content = body.getJsonObject("content");
      JsonObject json = content == null ? null : content.getJsonObject("application/json");
      if (json == null) {
        op.remove("requestBody");
      } else {
        body.put("content", new JsonObject().put("application/json", json));
      }
    }
  }

  /**
   * YAML to JSON values: strings stay strings (a date is not turned into a timestamp object), keys
   * are strings (a status code {@code 200} is {@code "200"}).
   */
  static JsonObject parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml reader =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new org.yaml.snakeyaml.DumperOptions()),
            new org.yaml.snakeyaml.DumperOptions(),
            options,
            new NoTimestamps());
    Object root = reader.load(text);
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalStateException(RESOURCE + " is not a YAML mapping");
    }
    return new JsonObject(jsonMap(map));
  }

  private static Map<String, Object> jsonMap(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), jsonValue(v)));
    return out;
  }

  private static Object jsonValue(Object value) {
    if (value instanceof Map<?, ?> m) {
      return new JsonObject(jsonMap(m));
    }
    if (value instanceof List<?> l) {
      JsonArray array = new JsonArray();
      l.forEach(v -> array.add(jsonValue(v)));
      return array;
    }
    if (value instanceof java.math.BigInteger b) {
      return b.longValueExact();
    }
    return value;
  }

  /** YAML's implicit types but timestamps: a date-time in the contract stays a string. */
  private static final class NoTimestamps extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
      addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
      addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
      addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
    }
  }
}
