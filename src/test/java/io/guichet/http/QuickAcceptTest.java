package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The quick yes of parameter checks: it accepts only what the schema accepts, and declines (leaves
 * to the validator) everything else, including schemas with keywords it does not know.
 */
class QuickAcceptTest {
  private static final JsonObject CONTRACT =
      new JsonObject()
          .put(
              "components",
              new JsonObject()
                  .put(
                      "schemas",
                      new JsonObject()
                          .put(
                              "Uuid",
                              new JsonObject()
                                  .put("type", "string")
                                  .put(
                                      "pattern",
                                      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))));

  private static Predicate<Object> quick(JsonObject schema) {
    return ContractValidator.QuickAccept.of(JsonSchema.of(schema), CONTRACT);
  }

  @Test
  void a_referenced_uuid_schema() {
    Predicate<Object> uuid = quick(new JsonObject().put("$ref", "#/components/schemas/Uuid"));
    assertThat(uuid).isNotNull();
    assertThat(uuid.test("5ad1a0e5-0000-4000-8000-000000000001")).isTrue();
    assertThat(uuid.test("5ad1a0e5-0000-4000-8000-00000000000")).isFalse();
    assertThat(uuid.test("5ad1a0e5-0000-4000-8000-00000000000g")).isFalse();
    assertThat(uuid.test(12)).isFalse();
    assertThat(uuid.test(null)).isFalse();
  }

  @Test
  void string_schemas_are_known_through_their_refs() {
    JsonObject ref = new JsonObject().put("$ref", "#/components/schemas/Uuid");
    assertThat(ContractValidator.QuickAccept.isString(JsonSchema.of(ref), CONTRACT)).isTrue();
    assertThat(
            ContractValidator.QuickAccept.isString(
                JsonSchema.of(new JsonObject().put("type", "string")), CONTRACT))
        .isTrue();
    assertThat(
            ContractValidator.QuickAccept.isString(
                JsonSchema.of(new JsonObject().put("type", "integer")), CONTRACT))
        .isFalse();
    assertThat(
            ContractValidator.QuickAccept.isString(
                JsonSchema.of(new JsonObject().put("$ref", "#/components/schemas/Nope")), CONTRACT))
        .isFalse();
  }

  @Test
  void lengths_count_code_points_and_integers_their_bounds() {
    Predicate<Object> shortText =
        quick(new JsonObject().put("type", "string").put("maxLength", 3).put("minLength", 2));
    assertThat(shortText.test("ab")).isTrue();
    assertThat(shortText.test("😀😀😀")).as("3 code points, 6 chars").isTrue();
    assertThat(shortText.test("abcd")).isFalse();
    assertThat(shortText.test("😀")).isFalse();
    Predicate<Object> page =
        quick(
            new JsonObject()
                .put("type", "integer")
                .put("minimum", 1)
                .put("maximum", 100)
                .put("default", 20));
    assertThat(page.test(1)).isTrue();
    assertThat(page.test(100L)).isTrue();
    assertThat(page.test(0)).isFalse();
    assertThat(page.test(101)).isFalse();
    assertThat(page.test(5.0)).isFalse();
    assertThat(page.test("5")).isFalse();
  }

  @Test
  void most_parameters_of_the_contract_get_a_quick_check() {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.vertx.openapi.contract.OpenAPIContract contract =
          io.vertx.openapi.contract.OpenAPIContract.from(vertx, ContractDocument.load().forRouter())
              .await();
      int all = 0;
      int quick = 0;
      for (io.vertx.openapi.contract.Operation op : contract.operations()) {
        for (io.vertx.openapi.contract.Parameter p : op.getParameters()) {
          all++;
          if (ContractValidator.QuickAccept.of(p.getSchema(), contract.getRawContract()) != null) {
            quick++;
          }
        }
      }
      // All but the date-times (format) have one: four before the reports' windows, whose from
      // and to are date-times too (sales and export, organizer's and producer's: eight).
      assertThat(all).isGreaterThan(50);
      assertThat(quick).isGreaterThanOrEqualTo(all - 12);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_hold_body_of_the_contract() {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.vertx.openapi.contract.OpenAPIContract contract =
          io.vertx.openapi.contract.OpenAPIContract.from(vertx, ContractDocument.load().forRouter())
              .await();
      io.vertx.openapi.contract.MediaType json =
          contract.operation("addCartItem").getRequestBody().getContent().get("application/json");
      Predicate<Object> hold =
          ContractValidator.QuickAccept.of(json.getSchema(), contract.getRawContract());
      assertThat(hold).as("the hold body gets a quick check").isNotNull();
      String perf = "5ad1a0e5-0000-4000-8000-000000000001";
      String tariff = "5ad1a0e5-0000-4000-8000-000000000002";
      JsonObject good =
          new JsonObject()
              .put("performanceId", perf)
              .put(
                  "quantities",
                  new io.vertx.core.json.JsonArray()
                      .add(
                          new JsonObject()
                              .put("category", "CAT1")
                              .put("tariffId", tariff)
                              .put("quantity", 2)));
      assertThat(hold.test(good)).isTrue();
      // As the parser gives it: nested maps and lists.
      assertThat(hold.test(io.vertx.core.json.Json.decodeValue(good.encode()))).isTrue();
      assertThat(hold.test(good.copy().put("extra", 1))).as("additional property").isFalse();
      assertThat(hold.test(good.copy().put("performanceId", "nope"))).isFalse();
      assertThat(hold.test(new JsonObject().put("quantities", good.getJsonArray("quantities"))))
          .as("missing required")
          .isFalse();
      JsonObject tooMany = good.copy();
      tooMany.getJsonArray("quantities").getJsonObject(0).put("quantity", 1001);
      assertThat(hold.test(tooMany)).isFalse();
      JsonObject fractional = good.copy();
      fractional.getJsonArray("quantities").getJsonObject(0).put("quantity", 2.0);
      assertThat(hold.test(fractional)).as("left to the validator").isFalse();
      JsonObject empty = good.copy().put("quantities", new io.vertx.core.json.JsonArray());
      // an empty list is as good as none: the handler refuses a hold naming neither seats nor
      // quantities
      assertThat(hold.test(empty)).as("an empty list").isTrue();
      assertThat(hold.test("not an object")).isFalse();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void unknown_keywords_leave_it_to_the_validator() {
    assertThat(quick(new JsonObject().put("type", "string").put("format", "date-time"))).isNull();
    Predicate<Object> oneOfTwo =
        quick(
            new JsonObject()
                .put("type", "string")
                .put("enum", new io.vertx.core.json.JsonArray().add("A").add("B")));
    assertThat(oneOfTwo.test("A")).isTrue();
    assertThat(oneOfTwo.test("C")).isFalse();
    assertThat(
            quick(
                new JsonObject()
                    .put("type", "integer")
                    .put("enum", new io.vertx.core.json.JsonArray().add(1))))
        .as("enums of numbers: left to the validator")
        .isNull();
    assertThat(quick(new JsonObject().put("type", "string").put("const", "A"))).isNull();
    assertThat(
            quick(
                new JsonObject()
                    .put("type", "object")
                    .put("additionalProperties", new JsonObject().put("type", "string"))))
        .isNull();
    assertThat(
            quick(
                new JsonObject()
                    .put("type", "object")
                    .put(
                        "properties",
                        new JsonObject()
                            .put(
                                "a",
                                new JsonObject()
                                    .put("oneOf", new io.vertx.core.json.JsonArray())))))
        .as("an unknown keyword below")
        .isNull();
    assertThat(quick(new JsonObject().put("$ref", "#/components/schemas/Missing"))).isNull();
    assertThat(quick(new JsonObject().put("type", "string").put("pattern", "(unclosed"))).isNull();
  }
}
