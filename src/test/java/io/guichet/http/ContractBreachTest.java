package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A body that breaks its schema is described rule by rule, each at its field. */
class ContractBreachTest {
  private static final JsonObject HOLD =
      new JsonObject(
          """
          {"type": "object", "additionalProperties": false, "required": ["performanceId"],
           "properties": {
             "performanceId": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
             "quantities": {"type": "array", "minItems": 1, "items": {
               "type": "object", "additionalProperties": false,
               "required": ["category", "quantity"],
               "properties": {
                 "category": {"type": "string", "maxLength": 4},
                 "quantity": {"type": "integer", "minimum": 1}}}}}}
          """);

  private final Validator validator =
      SchemaRepository.create(
              new JsonSchemaOptions()
                  .setDraft(Draft.DRAFT202012)
                  .setBaseUri("https://guichet.dev/test")
                  .setOutputFormat(OutputFormat.Basic))
          .validator(JsonSchema.of(HOLD));

  private List<String> broken(JsonObject body) {
    return ContractBreach.leaves(validator.validate(body)).stream()
        .map(l -> l.pointer() + " " + l.rule())
        .toList();
  }

  private static JsonObject quantity(Object category, Object quantity) {
    return new JsonObject().put("category", category).put("quantity", quantity);
  }

  @Test
  void a_wrong_value_is_named_by_its_rule_and_field_not_as_an_additional_property() {
    JsonObject body =
        new JsonObject()
            .put("performanceId", "x")
            .put("quantities", new JsonArray().add(quantity("TOOLONG", 0)));
    assertThat(broken(body))
        .containsExactlyInAnyOrder(
            "/performanceId pattern",
            "/quantities/0/category maxLength",
            "/quantities/0/quantity minimum");
  }

  @Test
  void a_member_the_schema_does_not_have_is_pointed_at_itself() {
    JsonObject body =
        new JsonObject()
            .put("performanceId", "01234567-89ab-cdef-0123-456789abcdef")
            .put("colour", "blue");
    assertThat(broken(body)).containsExactly("/colour additionalProperties");
  }

  @Test
  void a_missing_member_is_pointed_at_where_it_should_be() {
    JsonObject body =
        new JsonObject()
            .put("quantities", new JsonArray().add(new JsonObject().put("quantity", 1)));
    assertThat(broken(body))
        .containsExactlyInAnyOrder("/performanceId required", "/quantities/0/category required");
  }

  @Test
  void a_value_of_another_type_is_a_type_rule() {
    JsonObject body =
        new JsonObject()
            .put("performanceId", "01234567-89ab-cdef-0123-456789abcdef")
            .put("quantities", "all of them");
    assertThat(broken(body)).containsExactly("/quantities type");
  }
}
