package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract as a document: self-contained, every answer declared with a named schema, the
 * problem types it names those the server has, its examples valid. (That the server's answers match
 * it is checked on every answer the test suite receives: see {@code ContractAnswers}.)
 */
class ContractDocumentTest {
  private static final String BASE = "https://guichet.dev/openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private final ContractDocument contract = ContractDocument.load();
  private final JsonObject document = contract.document();

  @Test
  void every_reference_points_inside_the_document_and_resolves() {
    Matcher refs = Pattern.compile("\"\\$ref\":\"([^\"]*)\"").matcher(contract.json());
    List<String> broken = new ArrayList<>();
    int count = 0;
    while (refs.find()) {
      count++;
      String ref = refs.group(1);
      if (!ref.startsWith("#/") || pointer(ref.substring(1)) == null) {
        broken.add(ref);
      }
    }
    assertThat(count).isGreaterThan(300);
    assertThat(broken).as("references that do not resolve inside the document").isEmpty();
  }

  @Test
  void the_document_names_its_servers_and_a_security_scheme_for_every_credential() {
    assertThat(document.getJsonArray("servers")).isNotEmpty();
    JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
    assertThat(schemes.fieldNames())
        .contains(
            "adminKey",
            "buyerSession",
            "scannerToken",
            "cartSecret",
            "orderSecret",
            "queueTicket",
            "accessToken");
    for (String header : List.of("X-Cart-Secret", "X-Order-Secret", "X-Queue-Ticket")) {
      assertThat(contract.json())
          .as("a parameter named %s", header)
          .doesNotContain("\"name\":\"" + header + "\",\"in\":\"header\"");
    }
  }

  @Test
  void every_answer_is_declared_with_a_media_type_and_a_named_schema_and_no_default() {
    List<String> wrong = new ArrayList<>();
    forEachOperation(
        (path, method, op) -> {
          JsonObject responses = op.getJsonObject("responses");
          if (responses.containsKey("default")) {
            wrong.add(op.getString("operationId") + ": a default answer");
          }
          for (String status : responses.fieldNames()) {
            JsonObject response = resolve(responses.getJsonObject(status));
            JsonObject content = response.getJsonObject("content");
            boolean empty = status.equals("204") || status.equals("303");
            if (content == null || content.isEmpty()) {
              if (!empty) {
                wrong.add(op.getString("operationId") + " " + status + ": no content");
              }
              continue;
            }
            for (String media : content.fieldNames()) {
              String ref = content.getJsonObject(media).getJsonObject("schema").getString("$ref");
              boolean json = media.equals("application/json") || media.endsWith("+json");
              if (json && (ref == null || !ref.startsWith("#/components/schemas/"))) {
                wrong.add(op.getString("operationId") + " " + status + " " + media + ": unnamed");
              }
            }
            if (!response.containsKey("headers")
                || !response.getJsonObject("headers").containsKey("X-Request-Id")) {
              wrong.add(op.getString("operationId") + " " + status + ": no X-Request-Id");
            }
            if (status.equals("201")
                && !op.getString("operationId").equals("payOrder")
                && !response.getJsonObject("headers").containsKey("Location")) {
              wrong.add(op.getString("operationId") + " 201: no Location");
            }
          }
        });
    assertThat(wrong).isEmpty();
  }

  @Test
  void problem_answers_list_problem_types_the_server_has_with_their_status() {
    Set<String> known =
        Arrays.stream(ProblemType.values())
            .map(t -> t.uri().substring(ProblemType.BASE_URI.length()))
            .collect(Collectors.toSet());
    List<String> wrong = new ArrayList<>();
    Set<String> listed = new TreeSet<>();
    forEachOperation(
        (path, method, op) -> {
          JsonObject responses = op.getJsonObject("responses");
          for (String status : responses.fieldNames()) {
            JsonObject response = resolve(responses.getJsonObject(status));
            JsonObject content = response.getJsonObject("content", new JsonObject());
            if (!content.containsKey("application/problem+json")) {
              continue;
            }
            JsonArray types = response.getJsonArray("x-problem-types");
            if (types == null || types.isEmpty()) {
              wrong.add(op.getString("operationId") + " " + status + ": no x-problem-types");
              continue;
            }
            for (Object t : types) {
              listed.add((String) t);
              ProblemType type =
                  Arrays.stream(ProblemType.values())
                      .filter(p -> p.uri().equals(ProblemType.BASE_URI + t))
                      .findFirst()
                      .orElse(null);
              if (type == null) {
                wrong.add(op.getString("operationId") + " " + status + ": unknown type " + t);
              } else if (!String.valueOf(type.status()).equals(status)) {
                wrong.add(
                    op.getString("operationId") + " " + status + ": " + t + " is " + type.status());
              }
            }
          }
        });
    assertThat(wrong).isEmpty();
    Set<String> unlisted = new TreeSet<>(known);
    unlisted.removeAll(listed);
    // internal (500), method-not-allowed (no operation answers it: the router does) and
    // origin-not-allowed (a refused CORS preflight, answered before routing) only
    assertThat(unlisted)
        .containsExactlyInAnyOrder("internal", "method-not-allowed", "origin-not-allowed");
  }

  @Test
  void every_example_in_the_document_validates_against_its_schema() {
    SchemaRepository repository =
        SchemaRepository.create(
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(BASE)
                .setOutputFormat(OutputFormat.Basic));
    repository.dereference(BASE, JsonSchema.of(document.copy())); // it adds its own members
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    List<String> invalid = new ArrayList<>();
    int examples = 0;
    for (String name : schemas.fieldNames()) {
      JsonArray list = schemas.getJsonObject(name).getJsonArray("examples");
      if (list == null) {
        continue;
      }
      var validator =
          repository.validator(
              JsonSchema.of(new JsonObject().put("$ref", BASE + "#/components/schemas/" + name)));
      for (Object example : list) {
        examples++;
        OutputUnit result = validator.validate(example);
        if (!Boolean.TRUE.equals(result.getValid())) {
          invalid.add(name + ": " + result.getErrors());
        }
      }
    }
    assertThat(invalid).isEmpty();
    assertThat(examples).as("examples in the document").isGreaterThanOrEqualTo(20);
  }

  @Test
  void the_router_gets_the_document_without_answer_contents_and_with_json_bodies_only() {
    String router = contract.forRouter().encode();
    for (String media :
        List.of(
            "application/problem+json",
            "application/pdf",
            "text/html",
            "application/x-www-form-urlencoded")) {
      assertThat(router).as("media type %s", media).doesNotContain("\"" + media + "\":{");
    }
    assertThat(router).doesNotContain("\"security\":");
  }

  @FunctionalInterface
  private interface OperationVisitor {
    void visit(String path, String method, JsonObject op);
  }

  private void forEachOperation(OperationVisitor visitor) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          visitor.visit(path, method, item.getJsonObject(method));
        }
      }
    }
  }

  private JsonObject resolve(JsonObject object) {
    if (object.containsKey("$ref")) {
      return pointer(object.getString("$ref").substring(1));
    }
    return object;
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
}
