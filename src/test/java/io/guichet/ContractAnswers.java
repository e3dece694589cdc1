package io.guichet;

import io.guichet.http.ContractDocument;
import io.guichet.http.ProblemType;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks an answer of the server against the contract ({@code openapi.yaml}, as served): the
 * operation is found by method and path template; the status must be one it declares; the media
 * type one declared for that status, and a JSON body must validate against its schema (answer
 * schemas are closed: a missing or an extra property, a wrong type fail); a problem's type must be
 * one the answer lists ({@code x-problem-types}); the headers it declares as required must be
 * there, and the headers a client reads ({@code Location}, {@code Retry-After}, {@code
 * Content-Disposition}) may only come where declared. An answer to a method or path the contract
 * does not have must be a problem.
 *
 * <p>Built once per test JVM: every schema validator is made on first use and kept.
 */
public final class ContractAnswers {
  private static final String BASE = "https://guichet.dev/openapi.json";
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** Headers a client reads: sent only where the contract declares them. */
  private static final Set<String> DECLARED_ONLY =
      Set.of("location", "retry-after", "content-disposition");

  private static volatile ContractAnswers instance;

  private final JsonObject document;
  private final SchemaRepository repository;
  private final List<Template> templates = new ArrayList<>();
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  /** A path of the contract as a pattern, with its operations by method. */
  private record Template(
      String path, Pattern pattern, int literals, Map<String, JsonObject> ops) {}

  private ContractAnswers(JsonObject document) {
    this.document = document;
    this.repository =
        SchemaRepository.create(
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(BASE)
                .setOutputFormat(OutputFormat.Basic));
    repository.dereference(BASE, JsonSchema.of(document.copy())); // it adds its own members
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      Map<String, JsonObject> ops = new HashMap<>();
      for (String method : METHODS) {
        if (item.containsKey(method)) {
          ops.put(method.toUpperCase(Locale.ROOT), item.getJsonObject(method));
        }
      }
      String regex = path.replaceAll("\\{[^}/]+}", "[^/]+").replace(".", "\\.");
      int literals = path.replaceAll("\\{[^}/]+}", "").length();
      templates.add(new Template(path, Pattern.compile(regex), literals, ops));
    }
    // a literal path wins over a template that would match it too
    templates.sort((a, b) -> Integer.compare(b.literals(), a.literals()));
  }

  /** The checker of this JVM, built from the contract of this build. */
  public static ContractAnswers get() {
    ContractAnswers a = instance;
    if (a == null) {
      synchronized (ContractAnswers.class) {
        if (instance == null) {
          instance = new ContractAnswers(ContractDocument.load().document());
        }
        a = instance;
      }
    }
    return a;
  }

  /**
   * Fails (an AssertionError) when the answer breaks the contract. With {@code
   * -Dcontract.record=FILE} every answer is also appended to FILE (one JSON line each), and with
   * {@code -Dcontract.lenient=true} a broken answer is only recorded, with its violation.
   */
  public void check(
      String method, String target, int status, Function<String, String> headers, byte[] body) {
    String violation = violation(method, target, status, headers, body);
    String file = System.getProperty("contract.record");
    if (file != null) {
      record(file, method, target, status, headers, body, violation);
    }
    if (violation != null && !Boolean.getBoolean("contract.lenient")) {
      throw new AssertionError("the answer breaks the contract: " + violation);
    }
  }

  /**
   * Checks the answer of a JDK client (the tests that drive a Guichet of their own, in another
   * process) and hands it back.
   */
  public static java.net.http.HttpResponse<String> checked(
      java.net.http.HttpResponse<String> response) {
    java.net.URI uri = response.request().uri();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    get()
        .check(
            response.request().method(),
            target,
            response.statusCode(),
            name -> response.headers().firstValue(name).orElse(null),
            response.body() == null
                ? new byte[0]
                : response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return response;
  }

  private static synchronized void record(
      String file,
      String method,
      String target,
      int status,
      Function<String, String> headers,
      byte[] body,
      String violation) {
    String text = new String(body, StandardCharsets.UTF_8);
    JsonObject line =
        new JsonObject()
            .put("method", method)
            .put("target", target)
            .put("status", status)
            .put("contentType", headers.apply("content-type"))
            .put("location", headers.apply("location"))
            .put("body", text.length() > 4000 ? text.substring(0, 4000) : text)
            .put("violation", violation);
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(file),
          line.encode() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The contract's document. */
  public JsonObject document() {
    return document;
  }

  /**
   * What is wrong with an answer, or null.
   *
   * @param method the request's method
   * @param target the request's target (path and query)
   * @param headers the answer's header of a (case-insensitive) name, or null
   */
  public String violation(
      String method, String target, int status, Function<String, String> headers, byte[] body) {
    String path = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
    Template template = template(path);
    JsonObject op = template == null ? null : template.ops().get(method.toUpperCase(Locale.ROOT));
    String where = method + " " + path + " " + status;
    if (op == null) {
      // no such operation: the router's own answer (404, 405) or a refusal before routing
      return outsideContract(where, status, headers, body);
    }
    String opId = op.getString("operationId");
    where = opId + " " + status;
    JsonObject responses = op.getJsonObject("responses", new JsonObject());
    JsonObject response = resolve(responses.getJsonObject(String.valueOf(status)));
    if (response == null) {
      return where + ": the status is not declared (declared: " + responses.fieldNames() + ")";
    }
    String headerProblem = headers(where, response, headers);
    if (headerProblem != null) {
      return headerProblem;
    }
    return content(where, response, headers, body);
  }

  private String outsideContract(
      String where, int status, Function<String, String> headers, byte[] body) {
    if (where.startsWith("OPTIONS ")
        && status == 204
        && headers.apply("access-control-allow-origin") != null
        && body.length == 0) {
      return null; // a CORS preflight, answered before routing (the document's description says so)
    }
    if (status < 400) {
      return where + ": answered " + status + " to an operation the contract does not have";
    }
    String type = mediaType(headers.apply("content-type"));
    if (!"application/problem+json".equals(type)) {
      return where + ": " + type + " is not a problem";
    }
    return json(where, "#/components/schemas/Problem", body);
  }

  private String headers(String where, JsonObject response, Function<String, String> headers) {
    JsonObject declared = response.getJsonObject("headers", new JsonObject());
    Set<String> names = new java.util.HashSet<>();
    for (String name : declared.fieldNames()) {
      names.add(name.toLowerCase(Locale.ROOT));
      JsonObject header = resolve(declared.getJsonObject(name));
      String value = headers.apply(name);
      if (value == null && header.getBoolean("required", false)) {
        return where + ": the header " + name + " is missing";
      }
    }
    for (String name : DECLARED_ONLY) {
      if (headers.apply(name) != null && !names.contains(name)) {
        return where + ": sends " + name + ", which the contract does not declare there";
      }
    }
    return null;
  }

  private String content(
      String where, JsonObject response, Function<String, String> headers, byte[] body) {
    JsonObject content = response.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      return body.length == 0 ? null : where + ": a body where the contract declares none";
    }
    String type = mediaType(headers.apply("content-type"));
    JsonObject media = content.getJsonObject(type);
    if (media == null) {
      return where + ": media type " + type + " is not declared (" + content.fieldNames() + ")";
    }
    if (type.equals("application/problem+json")) {
      String problem = problemType(where, response, body);
      if (problem != null) {
        return problem;
      }
    }
    if (type.equals("application/pdf")) {
      return startsWith(body, "%PDF-") ? null : where + ": not a PDF";
    }
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      return null; // text, HTML, a wallet pass: their media type is all the contract says
    }
    String ref = media.getJsonObject("schema", new JsonObject()).getString("$ref");
    if (ref == null || !ref.startsWith("#/components/schemas/")) {
      return where + ": the schema of " + type + " is not a named one (#/components/schemas/...)";
    }
    return json(where, ref, body);
  }

  private String problemType(String where, JsonObject response, byte[] body) {
    JsonArray types = response.getJsonArray("x-problem-types");
    if (types == null) {
      return where + ": a problem answer without x-problem-types";
    }
    String type;
    try {
      type = new JsonObject(new String(body, StandardCharsets.UTF_8)).getString("type", "");
    } catch (DecodeException | ClassCastException e) {
      return where + ": the problem is not a JSON object";
    }
    String slug =
        type.startsWith(ProblemType.BASE_URI)
            ? type.substring(ProblemType.BASE_URI.length())
            : type;
    return types.contains(slug)
        ? null
        : where + ": problem type " + slug + " is not among those declared " + types;
  }

  private String json(String where, String schemaPointer, byte[] body) {
    Object value;
    try {
      value = Json.decodeValue(new String(body, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      return where + ": the body is not JSON: " + e.getMessage();
    }
    Validator validator =
        validators.computeIfAbsent(
            schemaPointer,
            p -> repository.validator(JsonSchema.of(new JsonObject().put("$ref", BASE + p))));
    OutputUnit result = validator.validate(value);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    StringBuilder out = new StringBuilder(where).append(": the body does not match ");
    out.append(schemaPointer);
    List<OutputUnit> errors = result.getErrors() == null ? List.of() : result.getErrors();
    errors.stream()
        .limit(6)
        .forEach(
            e ->
                out.append("\n    at ")
                    .append(e.getInstanceLocation())
                    .append(" (")
                    .append(e.getKeywordLocation())
                    .append("): ")
                    .append(e.getError()));
    String text = new String(body, StandardCharsets.UTF_8);
    out.append("\n    body: ").append(text, 0, Math.min(text.length(), 600));
    return out.toString();
  }

  /** The path template of a path, or null. */
  private Template template(String path) {
    for (Template t : templates) {
      if (t.pattern().matcher(path).matches()) {
        return t;
      }
    }
    return null;
  }

  /** A response or header object with its {@code $ref} followed. */
  private JsonObject resolve(JsonObject object) {
    if (object == null || !object.containsKey("$ref")) {
      return object;
    }
    String ref = object.getString("$ref");
    JsonObject target = pointer(ref.substring(ref.indexOf('#') + 1));
    return target;
  }

  private JsonObject pointer(String pointer) {
    Object node = document;
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(part.replace("~1", "/").replace("~0", "~"));
    }
    return node instanceof JsonObject o ? o : null;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "(none)";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static boolean startsWith(byte[] body, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (body.length < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (body[i] != p[i]) {
        return false;
      }
    }
    return true;
  }
}
