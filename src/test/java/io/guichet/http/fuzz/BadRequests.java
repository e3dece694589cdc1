package io.guichet.http.fuzz;

import io.guichet.http.fuzz.ContractOps.In;
import io.guichet.http.fuzz.ContractOps.Op;
import io.guichet.http.fuzz.ContractOps.Param;
import io.guichet.http.fuzz.Schemas.Slot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Bad requests for the operations of the contract, each one bad for sure (a request that could be
 * valid might change something, and "nothing changed" is what the fuzz test checks): every request
 * starts from a valid one (real ids, real credentials, a body its schema accepts) and gets one
 * mutation that breaks it, plus, now and then, noise that does not make it valid again (a duplicate
 * parameter, an unknown one, the scheme in lower case).
 */
final class BadRequests {
  /** A request to send: what it is for, and its bytes. */
  record Probe(int index, String op, String kind, String target, byte[] bytes) {
    String label() {
      return "#" + index + " " + op + " [" + kind + "] " + abbreviate(target, 160);
    }
  }

  /** A mutation: whether it applies to an operation, and how it breaks a valid request. */
  private record Mutation(String kind, Predicate<Op> applies, Breaker breaker) {}

  @FunctionalInterface
  private interface Breaker {
    /** Breaks the draft; answers a detail for the label. */
    String apply(Op op, Draft draft, SplittableRandom r);
  }

  /** Stands for the escape of a character an encoder would not write as such. */
  private static final String LONE = "LONE_CHARACTER_HERE";

  private static final String[] BROKEN_ESCAPES = {"%zz", "%", "%/s", "%4", "%G1", "%%", "%-1"};
  private static final String[] NOT_UTF8 = {"%C3%28", "%FF", "%ED%A0%80", "%C0%AF", "%E2%82"};
  private static final String[] RAW_BYTES = {"\u00c3\u00a9", "\u0001", "\u007f", "\u00ff"};
  private static final String[] BAD_IDS = {
    "abc",
    "123",
    "-1",
    "0",
    "1e308",
    "true",
    "null",
    "%7B%7D",
    "%5B%5D",
    Draft.encode("\u00e9\u20ac\ud83d\ude00"),
    Draft.encode("\ud83d\udca5".repeat(40)),
    "00000000-0000-0000-0000-00000000000g",
    "0123456789abcdef0123456789abcdef",
    "x".repeat(300),
    Draft.encode("' OR 1=1 --"),
    "..%2F..%2Fetc%2Fpasswd"
  };
  private static final String[] BAD_CODES = {
    "", "-x", "%20", Draft.encode("\u00e9"), "x".repeat(41), "%7B%7D", Draft.encode("a b"), "x%0Ay"
  };
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

  private final World world;
  private final Schemas schemas;
  private final ContractOps contract;
  private final List<Mutation> mutations = new ArrayList<>();

  BadRequests(World world, Schemas schemas, ContractOps contract) {
    this.world = world;
    this.schemas = schemas;
    this.contract = contract;
    uriMutations();
    parameterMutations();
    credentialMutations();
    bodyMutations();
    formMutations();
  }

  /** The {@code index}th request: a mutation of the operation chosen by the random source. */
  Probe next(Op op, SplittableRandom r, int index) {
    List<Mutation> applicable = mutations.stream().filter(m -> m.applies().test(op)).toList();
    Mutation m = applicable.get(r.nextInt(applicable.size()));
    Draft draft = valid(op);
    String detail = m.breaker().apply(op, draft, r);
    String kind = m.kind() + (detail == null ? "" : ":" + detail);
    if (r.nextInt(10) < 3) {
      kind += "+" + noise(draft, r);
    }
    return new Probe(index, op.id(), kind, draft.target(), draft.bytes());
  }

  // --- the valid request a mutation starts from ---

  Draft valid(Op op) {
    Draft d = new Draft(op.method());
    for (String segment : op.path().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      d.segments.add(
          segment.startsWith("{")
              ? Draft.encode(world.value(segment.substring(1, segment.length() - 1)))
              : segment);
    }
    for (Param p : op.params(In.QUERY)) {
      if (p.required()) {
        d.query.add(new String[] {p.name(), Draft.encode(world.value(p.name()))});
      }
    }
    for (Param p : op.params(In.HEADER)) {
      String value = world.header(p.name());
      if (value != null) {
        d.setHeader(p.name(), value);
      }
    }
    if (op.admin()) {
      d.setHeader("Authorization", "Bearer " + world.adminKey());
    } else if (op.scanner()) {
      d.setHeader("Authorization", "Bearer " + world.scannerToken());
    }
    if (op.body() != null) {
      d.setHeader("Content-Type", "application/json");
      d.body = json(validBody(op));
    } else if (op.takesForm()) {
      d.setHeader("Content-Type", "application/x-www-form-urlencoded");
      d.body = ascii("orderID=" + world.value("orderId") + "&STATUS=9&PAYID=1&SHASIGN=00");
    }
    return d;
  }

  Object validBody(Op op) {
    return schemas.valid(op.body(), "");
  }

  // --- mutations of the request target ---

  private void uriMutations() {
    add(
        "broken-escape-in-path",
        op -> true,
        (op, d, r) -> {
          String bad = pick(r, BROKEN_ESCAPES);
          int i = r.nextInt(d.segments.size());
          String s = d.segments.get(i);
          int at = r.nextInt(s.length() + 1);
          d.segments.set(i, s.substring(0, at) + bad + s.substring(at));
          return bad;
        });
    add(
        "broken-escape-in-query",
        op -> true,
        (op, d, r) -> {
          String bad = pick(r, BROKEN_ESCAPES);
          if (!d.query.isEmpty() && r.nextBoolean()) {
            String[] q = d.query.get(r.nextInt(d.query.size()));
            q[1] = (q[1] == null ? "" : q[1]) + bad;
          } else {
            d.query.add(r.nextBoolean() ? new String[] {"x", bad} : new String[] {bad, "1"});
          }
          return bad;
        });
    add(
        "nul-in-target",
        op -> true,
        (op, d, r) -> {
          int choice = r.nextInt(3);
          if (choice == 0 && !d.query.isEmpty()) {
            String[] q = d.query.get(r.nextInt(d.query.size()));
            q[1] = r.nextBoolean() ? "%00" : q[1] + "%00";
            return "query";
          }
          if (choice == 1) {
            int i = r.nextInt(d.segments.size());
            d.segments.set(i, d.segments.get(i) + "%00");
            return "path";
          }
          d.query.add(new String[] {"zz", "a%00b"});
          return "extra";
        });
    add(
        "escape-not-utf8",
        op -> true,
        (op, d, r) -> {
          String bad = pick(r, NOT_UTF8);
          if (r.nextBoolean()) {
            int i = r.nextInt(d.segments.size());
            d.segments.set(i, d.segments.get(i) + bad);
          } else {
            d.query.add(new String[] {"x", bad});
          }
          return bad;
        });
    add(
        "raw-bytes-in-target",
        op -> true,
        (op, d, r) -> {
          String bad = pick(r, RAW_BYTES);
          int i = r.nextInt(d.segments.size());
          d.segments.set(i, d.segments.get(i) + bad);
          return "U+" + Integer.toHexString(bad.charAt(0));
        });
    add(
        "target-over-the-limit",
        op -> true,
        (op, d, r) -> {
          String filler = "a".repeat(4200 + r.nextInt(5000));
          if (r.nextBoolean()) {
            d.segments.set(d.segments.size() - 1, d.segments.get(d.segments.size() - 1) + filler);
            return "path";
          }
          d.query.add(new String[] {"q", filler});
          return "query";
        });
    add(
        "wrong-method",
        op -> true,
        (op, d, r) -> {
          List<String> others = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
          others.removeAll(contract.methods(op.path()));
          d.method = others.get(r.nextInt(others.size()));
          return d.method;
        });
    add(
        "unknown-subpath",
        op -> true,
        (op, d, r) -> {
          d.segments.add(r.nextBoolean() ? "zz" : Draft.encode("\u00e9t\u00e9"));
          return null;
        });
    add(
        "no-host",
        op -> true,
        (op, d, r) -> {
          d.host = false;
          return null;
        });
  }

  // --- parameters ---

  private void parameterMutations() {
    add(
        "bad-path-parameter",
        op -> !op.params(In.PATH).isEmpty(),
        (op, d, r) -> {
          Param p = pick(r, op.params(In.PATH));
          int i = segmentOf(op, p.name());
          String bad = pick(r, BAD_IDS);
          d.segments.set(i, bad);
          return p.name() + "=" + abbreviate(bad, 20);
        });
    add(
        "unknown-id",
        op -> hasUuidPath(op) && op.body() == null && !op.takesForm(),
        (op, d, r) -> unknownId(op, d, r));
    add(
        "missing-query-parameter",
        op -> op.params(In.QUERY).stream().anyMatch(Param::required),
        (op, d, r) -> {
          d.query.clear();
          return null;
        });
    add(
        "bad-query-parameter",
        op -> !op.params(In.QUERY).isEmpty(),
        (op, d, r) -> {
          Param p = pick(r, op.params(In.QUERY));
          String bad = badQueryValue(p, r);
          d.query.removeIf(q -> q[0].equals(p.name()));
          d.query.add(new String[] {p.name(), bad});
          return p.name() + "=" + abbreviate(bad, 20);
        });
    add(
        "unknown-point-of-sale",
        op -> op.params(In.QUERY).stream().anyMatch(p -> p.name().equals("pos")),
        (op, d, r) -> {
          d.query.removeIf(q -> q[0].equals("pos"));
          d.query.add(new String[] {"pos", "nowhere-" + r.nextInt(1000)});
          return null;
        });
    add(
        "bad-header-parameter",
        op -> op.params(In.HEADER).stream().anyMatch(p -> p.schema().containsKey("maxLength")),
        (op, d, r) -> {
          List<Param> bounded =
              op.params(In.HEADER).stream()
                  .filter(p -> p.schema().containsKey("maxLength"))
                  .toList();
          Param p = pick(r, bounded);
          int max = p.schema().getInteger("maxLength");
          String bad =
              p.required() && r.nextBoolean() ? "\u00e9\u00e9 \u00e9" : "k".repeat(max + 1);
          d.setHeader(p.name(), bad);
          return p.name();
        });
    add(
        "missing-header-parameter",
        op -> op.params(In.HEADER).stream().anyMatch(Param::required),
        (op, d, r) -> {
          for (Param p : op.params(In.HEADER)) {
            if (p.required()) {
              d.setHeader(p.name(), null);
            }
          }
          return null;
        });
    add(
        "wrong-secret",
        op ->
            op.params(In.HEADER).stream()
                .anyMatch(
                    p -> p.name().equals("X-Cart-Secret") || p.name().equals("X-Order-Secret")),
        (op, d, r) -> {
          for (Param p : op.params(In.HEADER)) {
            if (p.name().equals("X-Cart-Secret") || p.name().equals("X-Order-Secret")) {
              d.setHeader(p.name(), r.nextBoolean() ? null : "forged-" + r.nextInt(1000));
            }
          }
          return null;
        });
  }

  private String unknownId(Op op, Draft d, SplittableRandom r) {
    List<Param> ids = op.params(In.PATH).stream().filter(BadRequests::isUuid).toList();
    Param p = pick(r, ids);
    d.segments.set(
        segmentOf(op, p.name()), new java.util.UUID(r.nextLong(), r.nextLong()).toString());
    return p.name();
  }

  private static boolean hasUuidPath(Op op) {
    return op.params(In.PATH).stream().anyMatch(BadRequests::isUuid);
  }

  private static boolean isUuid(Param p) {
    return p.schema().getString("pattern", "").contains("[0-9a-fA-F]{8}-");
  }

  private static String badQueryValue(Param p, SplittableRandom r) {
    List<String> types = Schemas.types(p.schema());
    if (types.contains("integer")) {
      return pick(r, new String[] {"-1", "abc", "1.5", "99999999999999999999", "1e9", "", "0x10"});
    }
    if ("date-time".equals(p.schema().getString("format"))) {
      return pick(r, new String[] {"yesterday", "2026-13-45T99:00:00Z", "", "1" + "0".repeat(50)});
    }
    if (isUuid(p)) {
      return pick(r, BAD_IDS);
    }
    return pick(r, BAD_CODES);
  }

  private static int segmentOf(Op op, String name) {
    int i = 0;
    for (String segment : op.path().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals("{" + name + "}")) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException(name);
  }

  // --- credentials ---

  private void credentialMutations() {
    add(
        "admin-key",
        Op::admin,
        (op, d, r) -> {
          String[] bad = {
            null,
            "Bearer wrong-" + r.nextInt(1000),
            "Basic "
                + java.util.Base64.getEncoder().encodeToString(ascii("admin:" + world.adminKey())),
            "Bearer ",
            "Bearer \u00ff\u00fe",
            world.adminKey(),
            "Bearer " + world.adminKey() + "x"
          };
          String value = pick(r, bad);
          d.setHeader("Authorization", value);
          return value == null ? "none" : abbreviate(value, 12);
        });
    add(
        "scanner-token",
        Op::scanner,
        (op, d, r) -> {
          String value = pick(r, new String[] {null, "Bearer gsd_forged", "Bearer ", "Basic x"});
          d.setHeader("Authorization", value);
          return value == null ? "none" : value;
        });
    add(
        "session-token",
        op -> op.path().startsWith("/api/v1/") && !op.scanner() && !op.path().contains("/scanner/"),
        (op, d, r) -> {
          String value = pick(r, new String[] {"Bearer forged", "Bearer " + "t".repeat(300)});
          d.setHeader("Authorization", value);
          return null;
        });
  }

  // --- bodies ---

  private void bodyMutations() {
    Predicate<Op> json = op -> op.body() != null;
    add(
        "body-of-another-type",
        json,
        (op, d, r) -> {
          String body = pick(r, new String[] {"true", "1", "\"x\"", "[]", "null", "-0", "[{}]"});
          d.body = ascii(body);
          return body;
        });
    add(
        "body-missing-a-member",
        op -> json.test(op) && !requiredSlots(op).isEmpty(),
        (op, d, r) -> {
          Object body = validBody(op);
          List<Object[]> required = requiredSlots(op);
          Object[] pick = required.get(r.nextInt(required.size()));
          @SuppressWarnings("unchecked")
          List<Object> path = new ArrayList<>((List<Object>) pick[0]);
          path.add(pick[1]);
          d.body = json(Schemas.replace(body, path, Schemas.REMOVE));
          return String.valueOf(pick[1]);
        });
    add(
        "body-with-an-extra-member",
        op -> json.test(op) && !closedObjects(op).isEmpty(),
        (op, d, r) -> {
          Object body = validBody(op);
          Slot s = pick(r, closedObjects(op));
          List<Object> path = new ArrayList<>(s.path());
          path.add(r.nextBoolean() ? "zzExtra" : "\u00e9\u20ac");
          d.body = json(Schemas.replace(body, path, r.nextBoolean() ? 1 : "x"));
          return String.valueOf(s.path());
        });
    add("body-member-of-another-type", json, (op, d, r) -> replaceTyped(op, d, r, false));
    add("body-member-out-of-range", json, (op, d, r) -> replaceTyped(op, d, r, true));
    add(
        "body-text-postgresql-refuses",
        op -> json.test(op) && !stringSlots(op).isEmpty(),
        (op, d, r) -> {
          Slot s = pick(r, stringSlots(op));
          String base = String.valueOf(valueAt(validBody(op), s.path()));
          boolean nul = r.nextBoolean();
          String bad =
              base.substring(0, base.length() / 2) + LONE + base.substring(base.length() / 2);
          String escape = nul ? "\\u0000" : pick(r, new String[] {"\\ud800", "\\udfff"});
          // the escape is written as such: an encoder would turn a lone surrogate into '?'
          String text =
              new String(
                  json(Schemas.replace(validBody(op), s.path(), bad)), StandardCharsets.UTF_8);
          d.body = utf8(text.replace(LONE, escape));
          return String.valueOf(s.path()) + (nul ? " NUL" : " surrogate");
        });
    add(
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
    add(
        "body-not-json",
        json,
        (op, d, r) -> {
          byte[] valid = json(validBody(op));
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
    add(
        "body-of-another-media-type",
        json,
        (op, d, r) -> {
          String type = pick(r, BAD_MEDIA_TYPES);
          d.setHeader("Content-Type", type);
          return String.valueOf(type);
        });
    add(
        "body-encoded",
        json,
        (op, d, r) -> {
          String encoding = pick(r, new String[] {"gzip", "deflate", "br", "x-zz"});
          d.setHeader("Content-Encoding", encoding);
          return encoding;
        });
    add(
        "body-over-the-limit",
        op -> json.test(op) && !op.id().equals("importSeatMap"),
        (op, d, r) -> {
          d.body = ascii("{\"a\":\"" + "a".repeat(300 * 1024) + "\"}");
          return null;
        });
  }

  private String replaceTyped(Op op, Draft d, SplittableRandom r, boolean range) {
    Object body = validBody(op);
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
      if (pattern != null && !pattern.contains("[^@")) {
        values.add("\u00e9\u20ac\ud83d\ude00");
      }
      if (schema.getInteger("minLength", 0) > 0 || pattern != null) {
        values.add("");
      }
    }
    return values;
  }

  private List<Slot> stringSlots(Op op) {
    return schemas.slots(op.body(), validBody(op)).stream()
        .filter(s -> valueAt(validBody(op), s.path()) instanceof String)
        .toList();
  }

  private List<Slot> closedObjects(Op op) {
    return schemas.slots(op.body(), validBody(op)).stream()
        .filter(s -> Boolean.FALSE.equals(s.schema().getValue("additionalProperties")))
        .toList();
  }

  /** Required members: [path of their object, name]. */
  private List<Object[]> requiredSlots(Op op) {
    List<Object[]> all = new ArrayList<>();
    for (Slot s : schemas.slots(op.body(), validBody(op))) {
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
    add(
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

  // --- noise: never makes a bad request valid ---

  private static String noise(Draft d, SplittableRandom r) {
    switch (r.nextInt(5)) {
      case 0 -> {
        if (!d.query.isEmpty()) {
          String[] q = d.query.get(r.nextInt(d.query.size()));
          d.query.add(new String[] {q[0], q[1]});
          return "duplicate-query";
        }
        d.query.add(new String[] {"zz", "1"});
        return "extra-query";
      }
      case 1 -> {
        d.query.add(new String[] {"zz", Draft.encode("\u00e9\ud83d\ude00")});
        return "extra-query";
      }
      case 2 -> {
        String auth = d.header("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
          d.setHeader(
              "Authorization", (r.nextBoolean() ? "bearer " : "BEARER ") + auth.substring(7));
          return "scheme-case";
        }
        d.setHeader("X-Zz", "\u00c3\u00a9");
        return "header-bytes";
      }
      case 3 -> {
        d.setHeader("X-Request-Id", r.nextBoolean() ? "x".repeat(200) : "a b\u00c3");
        return "request-id";
      }
      default -> {
        d.setHeader("Accept", r.nextBoolean() ? "text/html" : "*/*;q=abc");
        return "accept";
      }
    }
  }

  // --- helpers ---

  private void add(String kind, Predicate<Op> applies, Breaker breaker) {
    mutations.add(new Mutation(kind, applies, breaker));
  }

  private static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static <T> T pick(SplittableRandom r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  static byte[] json(Object value) {
    String text =
        value instanceof JsonObject o
            ? o.encode()
            : value instanceof JsonArray a ? a.encode() : io.vertx.core.json.Json.encode(value);
    return utf8(text);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + ")";
  }
}
