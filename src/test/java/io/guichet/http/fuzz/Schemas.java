package io.guichet.http.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Valid values of the contract's schemas, and the places in a value where a mutation can go. */
final class Schemas {
  private final ContractOps contract;
  private final Function<String, String> idOf;

  /**
   * @param idOf a real id for a property or parameter name ({@code performanceId}, {@code
   *     tariffId}...), or null to make one up
   */
  Schemas(ContractOps contract, Function<String, String> idOf) {
    this.contract = contract;
    this.idOf = idOf;
  }

  /** A place in a JSON value: the path to it and its schema. */
  record Slot(List<Object> path, JsonObject schema) {}

  JsonObject resolve(JsonObject schema) {
    return contract.resolve(schema);
  }

  /** The types a schema allows ({@code type} as a string or a list; none if it has no type). */
  static List<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String s) {
      return List.of(s);
    }
    if (type instanceof JsonArray a) {
      return a.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  /** A value the schema accepts. */
  Object valid(JsonObject raw, String name) {
    JsonObject schema = resolve(raw);
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    if (schema.containsKey("oneOf")) {
      return valid(schema.getJsonArray("oneOf").getJsonObject(0), name);
    }
    List<String> types = types(schema);
    String type = types.isEmpty() ? "string" : types.get(0);
    switch (type) {
      case "object" -> {
        JsonObject value = new JsonObject();
        JsonObject props = schema.getJsonObject("properties", new JsonObject());
        for (Object r : schema.getJsonArray("required", new JsonArray())) {
          String prop = (String) r;
          value.put(prop, valid(props.getJsonObject(prop, new JsonObject()), prop));
        }
        return value;
      }
      case "array" -> {
        JsonArray value = new JsonArray();
        int n = Math.max(1, schema.getInteger("minItems", 1));
        for (int i = 0; i < n; i++) {
          value.add(valid(schema.getJsonObject("items", new JsonObject()), name));
        }
        return value;
      }
      case "integer", "number" -> {
        Number min = (Number) schema.getValue("minimum");
        return min == null ? 1 : Math.max(1, min.longValue());
      }
      case "boolean" -> {
        return true;
      }
      default -> {
        return string(schema, name);
      }
    }
  }

  private String string(JsonObject schema, String name) {
    String pattern = schema.getString("pattern", "");
    if (pattern.contains("[0-9a-fA-F]{8}-")) {
      String id = idOf.apply(name);
      return id != null
          ? id
          : java.util
              .UUID
              .nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString();
    }
    if ("date-time".equals(schema.getString("format"))) {
      return Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }
    return switch (pattern) {
      case "^[A-Z]{3}$" -> "EUR";
      case "^[A-Za-z0-9_-]{22}$" -> "AAAAAAAAAAAAAAAAAAAAAA";
      case "^[A-Z0-9-]{4,40}$" -> "ABCD-1234";
      case "^[a-z]{2}([-_][A-Z]{2})?$", "^[a-z]{2}(-[A-Z]{2})?$" -> "fr";
      case "^[^@\\s]+@[^@\\s]+$" -> "a@example.org";
      case "^[0-9a-f]{8}$" -> "0123abcd";
      case "^[A-Za-z0-9._:-]+$" -> "key-12345678";
      default -> {
        int min = schema.getInteger("minLength", 1);
        yield "x".repeat(Math.max(1, Math.min(min, 12))) + (min > 12 ? "x".repeat(min - 12) : "");
      }
    };
  }

  /** Every place of a value built by {@link #valid} (the root too), with its schema. */
  List<Slot> slots(JsonObject raw, Object value) {
    List<Slot> all = new ArrayList<>();
    collect(raw, value, new ArrayList<>(), all);
    return all;
  }

  private void collect(JsonObject raw, Object value, List<Object> path, List<Slot> all) {
    JsonObject schema = resolve(raw);
    all.add(new Slot(List.copyOf(path), schema));
    if (value instanceof JsonObject o) {
      JsonObject props = schema.getJsonObject("properties", new JsonObject());
      for (String name : o.fieldNames()) {
        path.add(name);
        collect(props.getJsonObject(name, new JsonObject()), o.getValue(name), path, all);
        path.remove(path.size() - 1);
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        path.add(i);
        collect(schema.getJsonObject("items", new JsonObject()), a.getValue(i), path, all);
        path.remove(path.size() - 1);
      }
    }
  }

  /** The value with the one at {@code path} replaced (a copy; the root is the value itself). */
  static Object replace(Object root, List<Object> path, Object replacement) {
    if (path.isEmpty()) {
      return replacement;
    }
    Object copy = root instanceof JsonObject o ? o.copy() : ((JsonArray) root).copy();
    Object parent = copy;
    for (int i = 0; i < path.size() - 1; i++) {
      Object key = path.get(i);
      parent =
          parent instanceof JsonObject o
              ? o.getValue((String) key)
              : ((JsonArray) parent).getValue((Integer) key);
    }
    Object last = path.get(path.size() - 1);
    if (parent instanceof JsonObject o) {
      if (replacement == REMOVE) {
        o.remove((String) last);
      } else {
        o.put((String) last, replacement);
      }
    } else {
      ((JsonArray) parent).set((Integer) last, replacement);
    }
    return copy;
  }

  /** Passed to {@link #replace} to remove a member. */
  static final Object REMOVE = new Object();
}
