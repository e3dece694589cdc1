package io.guichet.http.fuzz;

import static io.guichet.http.fuzz.BadRequests.abbreviate;
import static io.guichet.http.fuzz.BadRequests.ascii;
import static io.guichet.http.fuzz.BadRequests.concat;
import static io.guichet.http.fuzz.BadRequests.json;
import static io.guichet.http.fuzz.BadRequests.pick;
import static io.guichet.http.fuzz.BadRequests.utf8;

import io.guichet.http.fuzz.ContractOps.Op;
import io.guichet.http.fuzz.Schemas.Slot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The mutations of bodies: JSON that breaks its schema (types, members, bounds, text PostgreSQL
 * refuses), that is not one well-formed JSON document, of another media type or encoding, or over
 * the size limit; and forms the payment provider would never send.
 */
final class BadBodies {
  /** Stands for the escape of a character an encoder would not write as such. */
  private static final String LONE = "LONE_CHARACTER_HERE";

  private static final String[] BAD_MEDIA_TYPES = {
    "text/plain",
    "application/xml",
    "application/json; charset=iso-8859-1",
    "application/json; charset=utf-16",
    "application/jsonx",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=zz",
    null
  };

  private final BadRequests requests;
  private final World world;
  private final Schemas schemas;

  BadBodies(BadRequests requests, World world, Schemas schemas) {
    this.requests = requests;
    this.world = world;
    this.schemas = schemas;
  }

  void register() {
    bodyMutations();
    formMutations();
  }

  // --- bodies ---

  private void bodyMutations() {
    Predicate<Op> json = op -> op.body() != null;
    requests.add(
        "body-of-another-type",
        json,
        (op, d, r) -> {
          String body = pick(r, new String[] {"true", "1", "\"x\"", "[]", "null", "-0", "[{}]"});
          d.body = ascii(body);
          return body;
        });
    requests.add(
        "body-missing-a-member",
        op -> json.test(op) && !requiredSlots(op).isEmpty(),
        (op, d, r) -> {
          Object body = requests.validBody(op);
          List<Object[]> required = requiredSlots(op);
          Object[] pick = required.get(r.nextInt(required.size()));
          @SuppressWarnings("unchecked")
          List<Object> path = new ArrayList<>((List<Object>) pick[0]);
          path.add(pick[1]);
          d.body = json(Schemas.replace(body, path, Schemas.REMOVE));
          return String.valueOf(pick[1]);
        });
    requests.add(
        "body-with-an-extra-member",
        op -> json.test(op) && !closedObjects(op).isEmpty(),
        (op, d, r) -> {
          Object body = requests.validBody(op);
          Slot s = pick(r, closedObjects(op));
          List<Object> path = new ArrayList<>(s.path());
          path.add(r.nextBoolean() ? "zzExtra" : "\u00e9\u20ac");
          d.body = json(Schemas.replace(body, path, r.nextBoolean() ? 1 : "x"));
          return String.valueOf(s.path());
        });
    requests.add("body-member-of-another-type", json, (op, d, r) -> replaceTyped(op, d, r, false));
    requests.add("body-member-out-of-range", json, (op, d, r) -> replaceTyped(op, d, r, true));
    requests.add(
        "body-text-postgresql-refuses",
        op -> json.test(op) && !stringSlots(op).isEmpty(),
        (op, d, r) -> {
          Slot s = pick(r, stringSlots(op));
          String base = String.valueOf(valueAt(requests.validBody(op), s.path()));
          boolean nul = r.nextBoolean();
          String bad =
              base.substring(0, base.length() / 2) + LONE + base.substring(base.length() / 2);
          String escape = nul ? "\\u0000" : pick(r, new String[] {"\\ud800", "\\udfff"});
          // the escape is written as such: an encoder would turn a lone surrogate into '?'
          String text =
              new String(
                  json(Schemas.replace(requests.validBody(op), s.path(), bad)),
                  StandardCharsets.UTF_8);
          d.body = utf8(text.replace(LONE, escape));
          return String.valueOf(s.path()) + (nul ? " NUL" : " surrogate");
        });
    requests.add(
        "body-nested-too-deep",
        json,
        (op, d, r) -> {
          int depth = 33 + r.nextInt(400);
          String body = "[".repeat(depth) + "]".repeat(depth);
          if (r.nextBoolean()) {
            body = "{\"a\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth + 1);
          }
          d.body = ascii(body);
          return String.valueOf(depth);
        });
    requests.add(
        "body-not-json",
        json,
        (op, d, r) -> {
          byte[] valid = json(requests.validBody(op));
          String text = new String(valid, StandardCharsets.UTF_8);
          int kind = r.nextInt(12);
          byte[] bad =
              switch (kind) {
                case 0 -> java.util.Arrays.copyOf(valid, Math.max(1, r.nextInt(valid.length)));
                case 1 -> utf8(text.replaceFirst("\\{", "{/* c */"));
                case 2 -> utf8("\ufeff" + text);
                case 3 -> utf8(text + " x");
                case 4 -> utf8(text + text);
                case 5 -> utf8(text + "\n// c");
                case 6 -> duplicateMember(text);
                case 7 ->
                    concat(
                        utf8(text.substring(0, text.length() - 1) + ",\"s\":\""),
                        new byte[] {(byte) 0xc3, 0x28},
                        ascii("\"}"));
                case 8 -> utf8(text.equals("{}") ? "{'a':1}" : text.replace('"', '\''));
                case 9 -> utf8(text.substring(0, text.length() - 1) + ",}");
                case 10 -> new byte[0];
                default ->
                    concat(
                        utf8(text.substring(0, text.length() - 1) + ",\"s\":\"a"),
                        new byte[] {1},
                        ascii("\"}"));
              };
          if (kind == 10 && !op.bodyRequired()) {
            bad = ascii("{");
          }
          d.body = bad;
          return String.valueOf(kind);
        });
    requests.add(
        "body-of-another-media-type",
        json,
        (op, d, r) -> {
          String type = pick(r, BAD_MEDIA_TYPES);
          d.setHeader("Content-Type", type);
          return String.valueOf(type);
        });
    requests.add(
        "body-encoded",
        op -> true, // refused before any route: operations without a body too
        (op, d, r) -> {
          String encoding = pick(r, new String[] {"gzip", "deflate", "br", "x-zz"});
          d.setHeader("Content-Encoding", encoding);
          if (d.body == null) {
            d.setHeader("Content-Type", "application/json");
            d.body = ascii("{}");
          }
          return encoding;
        });
    requests.add(
        "body-over-the-limit",
        op -> !op.id().equals("importSeatMap"), // operations without a body too
        (op, d, r) -> {
          if (d.header("Content-Type") == null) {
            d.setHeader("Content-Type", "application/json");
          }
          d.body = ascii("{\"a\":\"" + "a".repeat(300 * 1024) + "\"}");
          return null;
        });
  }

  private String replaceTyped(Op op, Draft d, SplittableRandom r, boolean range) {
    Object body = requests.validBody(op);
    List<Slot> slots = schemas.slots(op.body(), body);
    List<Object[]> options = new ArrayList<>();
    for (Slot s : slots) {
      for (Object bad : range ? outOfRange(s.schema()) : otherTypes(s.schema())) {
        options.add(new Object[] {s, bad});
      }
    }
    if (options.isEmpty()) {
      d.body = ascii("[]");
      return "root";
    }
    Object[] o = options.get(r.nextInt(options.size()));
    Slot s = (Slot) o[0];
    d.body = json(Schemas.replace(body, s.path(), o[1]));
    return s.path() + "=" + abbreviate(String.valueOf(o[1]), 20);
  }

  /** Values of other JSON types than the schema allows (none for a schema of no type). */
  private static List<Object> otherTypes(JsonObject schema) {
    List<String> types = Schemas.types(schema);
    List<Object> values = new ArrayList<>();
    if (types.isEmpty()) {
      if (schema.containsKey("enum")) {
        values.add("NOT_IN_ENUM");
        values.add(12345);
      }
      return values;
    }
    if (!types.contains("string")) {
      values.add("12");
    }
    if (!types.contains("integer") && !types.contains("number")) {
      values.add(12);
    }
    if (!types.contains("boolean")) {
      values.add(false);
    }
    if (!types.contains("object")) {
      values.add(new JsonObject().put("a", 1));
    }
    if (!types.contains("array")) {
      values.add(new JsonArray().add(1));
    }
    if (!types.contains("null")) {
      values.add(null);
    }
    if (types.contains("integer") && !types.contains("number")) {
      values.add(1.5);
    }
    return values;
  }

  /** Numbers out of the schema's bounds, and strings over their length or off their pattern. */
  private static List<Object> outOfRange(JsonObject schema) {
    List<String> types = Schemas.types(schema);
    List<Object> values = new ArrayList<>();
    if (types.contains("integer") || types.contains("number")) {
      if (schema.getValue("maximum") instanceof Number max) {
        values.add(max.longValue() + 1);
        values.add(new java.math.BigInteger("9223372036854775808"));
        values.add(1e300);
      }
      if (schema.getValue("minimum") instanceof Number min) {
        values.add(min.longValue() - 1);
        values.add(-9_000_000_000_000_000_000L);
      }
    }
    if (types.contains("string")) {
      if (schema.getValue("maxLength") instanceof Number max) {
        values.add("\u00e9".repeat(max.intValue() + 1));
      }
      String pattern = schema.getString("pattern");
      String offPattern = "\u00e9\u20ac\ud83d\ude00";
      if (pattern != null
          && !pattern.contains("[^@")
          && !java.util.regex.Pattern.compile(pattern).matcher(offPattern).find()) {
        values.add(offPattern); // only where the pattern refuses it (an unanchored one may not)
      }
      if (schema.getInteger("minLength", 0) > 0 || pattern != null) {
        values.add("");
      }
    }
    return values;
  }

  private List<Slot> stringSlots(Op op) {
    return schemas.slots(op.body(), requests.validBody(op)).stream()
        .filter(s -> valueAt(requests.validBody(op), s.path()) instanceof String)
        .toList();
  }

  private List<Slot> closedObjects(Op op) {
    return schemas.slots(op.body(), requests.validBody(op)).stream()
        .filter(s -> Boolean.FALSE.equals(s.schema().getValue("additionalProperties")))
        .toList();
  }

  /** Required members: [path of their object, name]. */
  private List<Object[]> requiredSlots(Op op) {
    List<Object[]> all = new ArrayList<>();
    for (Slot s : schemas.slots(op.body(), requests.validBody(op))) {
      for (Object name : s.schema().getJsonArray("required", new JsonArray())) {
        all.add(new Object[] {s.path(), name});
      }
    }
    return all;
  }

  private static Object valueAt(Object root, List<Object> path) {
    Object node = root;
    for (Object key : path) {
      node =
          node instanceof JsonObject o
              ? o.getValue((String) key)
              : ((JsonArray) node).getValue((Integer) key);
    }
    return node;
  }

  private static byte[] duplicateMember(String text) {
    int colon = text.indexOf(':');
    int comma = text.indexOf(',');
    int end = comma > 0 ? comma : text.length() - 1;
    String member = text.substring(1, end);
    return utf8("{" + member + "," + text.substring(1));
  }

  // --- the payment provider's form ---

  private void formMutations() {
    requests.add(
        "form",
        Op::takesForm,
        (op, d, r) -> {
          String orderId = world.value("orderId");
          int kind = r.nextInt(10);
          String form =
              switch (kind) {
                case 0 -> "orderID=%zz&SHASIGN=%";
                case 1 -> "orderID=" + orderId + "&STATUS=9%00&SHASIGN=00";
                case 2 -> "orderID=" + "a".repeat(100_000);
                case 3 -> {
                  StringBuilder many = new StringBuilder("orderID=" + orderId);
                  for (int i = 0; i < 1000; i++) {
                    many.append("&f").append(i).append("=1");
                  }
                  yield many.toString();
                }
                case 4 -> "orderID=" + orderId + "&orderID=" + orderId + "&SHASIGN=00";
                case 5 -> "orderID=%FF%FE&SHASIGN=00";
                case 6 -> "";
                case 7 -> "&&&=&=";
                case 8 -> "orderID=" + orderId + "&STATUS=9&PAYID=1&SHASIGN=" + "0".repeat(128);
                default -> "orderID=\u00e9&SHASIGN=00";
              };
          d.body = form.getBytes(StandardCharsets.ISO_8859_1);
          if (kind == 6) {
            d.body = new byte[0];
          }
          if (r.nextInt(5) == 0) {
            d.setHeader(
                "Content-Type", pick(r, new String[] {"application/json", "text/plain", null}));
          }
          return String.valueOf(kind);
        });
  }
}
