package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The contract as the API reference served at /docs: every operation says what it does (a summary
 * and a description) and shows an example of its request body and of its success answer, and every
 * example given on a request or an answer validates against its schema. Operations written before
 * the reference showed examples are listed in {@code operations-without-examples.txt}: that list
 * may only shrink (an operation that gains its examples must leave it).
 */
class ApiReferenceContentTest {
  private static final String BASE = "https://guichet.dev/openapi.json";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static final Path WITHOUT_EXAMPLES =
      Path.of("src/test/contract-lint/operations-without-examples.txt");

  private final JsonObject document = ContractDocument.load().document();

  @Test
  void everyOperationHasASummaryAndADescription() {
    List<String> missing = new ArrayList<>();
    forEachOperation(
        (id, op) -> {
          if (op.getString("summary", "").isBlank()) {
            missing.add(id + ": summary");
          }
          if (op.getString("description", "").isBlank()) {
            missing.add(id + ": description");
          }
        });
    assertThat(missing).isEmpty();
  }

  @Test
  void everyOperationShowsAnExampleRequestAndAnswerSaveTheListedOnesWhichOnlyShrink()
      throws Exception {
    Set<String> lacking = lackingExamples();
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(WITHOUT_EXAMPLES, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        listed.add(line.trim());
      }
    }
    Set<String> newlyLacking = new TreeSet<>(lacking);
    newlyLacking.removeAll(listed);
    assertThat(newlyLacking)
        .as("operations without an example (give them one: the reference at /docs shows it)")
        .isEmpty();
    Set<String> done = new TreeSet<>(listed);
    done.removeAll(lacking);
    assertThat(done)
        .as("listed in %s but no longer lacking: remove them", WITHOUT_EXAMPLES)
        .isEmpty();
  }

  @Test
  void everyExampleOfARequestOrAnAnswerValidatesAgainstItsSchema() {
    SchemaRepository repository =
        SchemaRepository.create(
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(BASE)
                .setOutputFormat(OutputFormat.Basic));
    repository.dereference(BASE, JsonSchema.of(document.copy())); // it adds its own members
    List<String> invalid = new ArrayList<>();
    forEachOperation(
        (id, op) ->
            forEachMedia(
                id,
                op,
                (where, media) -> {
                  if (!where.contains("json") || !media.containsKey("schema")) {
                    return;
                  }
                  JsonSchema schema = JsonSchema.of(absolute(media.getJsonObject("schema")));
                  for (Object example : examplesOf(media)) {
                    OutputUnit result = repository.validator(schema).validate(example);
                    if (!Boolean.TRUE.equals(result.getValid())) {
                      invalid.add(where + ": " + result.getErrors());
                    }
                  }
                }));
    assertThat(invalid).isEmpty();
    // the check refuses what breaks a schema: an empty object is not a list of events
    JsonObject events =
        resolve(
                document
                    .getJsonObject("paths")
                    .getJsonObject("/api/v1/events")
                    .getJsonObject("get")
                    .getJsonObject("responses")
                    .getJsonObject("200"))
            .getJsonObject("content")
            .getJsonObject("application/json");
    assertThat(
            repository
                .validator(JsonSchema.of(absolute(events.getJsonObject("schema"))))
                .validate(new JsonObject())
                .getValid())
        .isFalse();
  }

  /**
   * "operationId: request body" or "operationId: answer STATUS" for each body without an example.
   */
  private Set<String> lackingExamples() {
    Set<String> lacking = new TreeSet<>();
    forEachOperation(
        (id, op) -> {
          JsonObject body = op.getJsonObject("requestBody");
          if (body != null && !shown(resolve(body))) {
            lacking.add(id + ": request body");
          }
          JsonObject responses = op.getJsonObject("responses");
          for (String status : responses.fieldNames()) {
            if (status.startsWith("2") && !shown(resolve(responses.getJsonObject(status)))) {
              lacking.add(id + ": answer " + status);
            }
          }
        });
    return lacking;
  }

  /** Whether every media type of a body that has a shape shows an example. */
  private boolean shown(JsonObject body) {
    JsonObject content = body.getJsonObject("content");
    if (content == null) {
      return true; // no body (204, a redirect)
    }
    for (String type : content.fieldNames()) {
      JsonObject media = content.getJsonObject(type);
      JsonObject schema = resolve(media.getJsonObject("schema", new JsonObject()));
      boolean binary = "binary".equals(schema.getString("format"));
      if (!binary && examplesOf(media).isEmpty() && !schema.containsKey("examples")) {
        return false;
      }
    }
    return true;
  }

  private static List<Object> examplesOf(JsonObject media) {
    List<Object> examples = new ArrayList<>();
    if (media.containsKey("example")) {
      examples.add(media.getValue("example"));
    }
    JsonObject named = media.getJsonObject("examples");
    if (named != null) {
      for (String name : named.fieldNames()) {
        examples.add(named.getJsonObject(name).getValue("value"));
      }
    }
    return examples;
  }

  private void forEachMedia(String id, JsonObject op, BiConsumer<String, JsonObject> visitor) {
    JsonObject body = op.getJsonObject("requestBody");
    if (body != null) {
      JsonObject content = resolve(body).getJsonObject("content", new JsonObject());
      content
          .fieldNames()
          .forEach(t -> visitor.accept(id + " request " + t, content.getJsonObject(t)));
    }
    JsonObject responses = op.getJsonObject("responses");
    for (String status : responses.fieldNames()) {
      JsonObject content =
          resolve(responses.getJsonObject(status)).getJsonObject("content", new JsonObject());
      content
          .fieldNames()
          .forEach(t -> visitor.accept(id + " " + status + " " + t, content.getJsonObject(t)));
    }
  }

  private void forEachOperation(BiConsumer<String, JsonObject> visitor) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          JsonObject op = item.getJsonObject(method);
          visitor.accept(op.getString("operationId", method + " " + path), op);
        }
      }
    }
  }

  /** A copy of a schema whose references point into the document the repository holds. */
  private static JsonObject absolute(JsonObject schema) {
    JsonObject copy = schema.copy();
    rebase(copy);
    return copy;
  }

  private static void rebase(Object node) {
    if (node instanceof JsonObject object) {
      String ref = object.getString("$ref");
      if (ref != null && ref.startsWith("#")) {
        object.put("$ref", BASE + ref);
      }
      object.forEach(entry -> rebase(entry.getValue()));
    } else if (node instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(ApiReferenceContentTest::rebase);
    }
  }

  private JsonObject resolve(JsonObject object) {
    JsonObject current = object;
    while (current.containsKey("$ref")) {
      current = pointer(current.getString("$ref").substring(1));
    }
    return current;
  }

  private JsonObject pointer(String pointer) {
    Object at = document;
    for (String part : pointer.substring(1).split("/")) {
      at = ((JsonObject) at).getValue(part.replace("~1", "/").replace("~0", "~"));
    }
    return (JsonObject) at;
  }
}
