package io.guichet.http.fuzz;

import io.guichet.http.fuzz.ContractOps.In;
import io.guichet.http.fuzz.ContractOps.Op;
import io.guichet.http.fuzz.ContractOps.Param;
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
  record Probe(int index, String op, String kind, String method, String target, byte[] bytes) {
    String label() {
      return "#" + index + " " + op + " [" + kind + "] " + abbreviate(target, 160);
    }
  }

  /** A mutation: whether it applies to an operation, and how it breaks a valid request. */
  record Mutation(String kind, Predicate<Op> applies, Breaker breaker) {}

  @FunctionalInterface
  interface Breaker {
    /** Breaks the draft; answers a detail for the label. */
    String apply(Op op, Draft draft, SplittableRandom r);
  }

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
    new BadBodies(this, world, schemas).register();
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
    return new Probe(index, op.id(), kind, draft.method, draft.target(), draft.bytes());
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
    } else if (op.producer()) {
      d.setHeader("Authorization", "Bearer " + world.producerToken());
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
    Object body = schemas.valid(op.body(), "");
    if (op.id().equals("importSeatMap") && body instanceof JsonObject outline) {
      // A seat map is checked by the server's own parser, whose rules (sections and categories a
      // seat names must exist) a schema cannot say: a generated map could be a good one, and a
      // mutation the import does not read (a query parameter, a header) would import it. One
      // without sections is refused whatever else is wrong with the request.
      outline.put("sections", new io.vertx.core.json.JsonArray());
    }
    return body;
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
                    p ->
                        p.name().equals("X-Cart-Secret")
                            || p.name().equals("X-Order-Secret")
                            || p.name().equals("X-Waitlist-Secret")),
        (op, d, r) -> {
          for (Param p : op.params(In.HEADER)) {
            if (p.name().equals("X-Cart-Secret")
                || p.name().equals("X-Order-Secret")
                || p.name().equals("X-Waitlist-Secret")) {
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
        "producer-session",
        Op::producer,
        (op, d, r) -> {
          String[] bad = {
            null,
            "Bearer forged",
            "Bearer " + world.adminKey(),
            "Bearer " + world.session,
            "Bearer " + world.producerToken() + "x"
          };
          String value = pick(r, bad);
          d.setHeader("Authorization", value);
          return value == null ? "none" : abbreviate(value, 12);
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

  void add(String kind, Predicate<Op> applies, Breaker breaker) {
    mutations.add(new Mutation(kind, applies, breaker));
  }

  static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  static <T> T pick(SplittableRandom r, List<T> values) {
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

  static byte[] concat(byte[]... parts) {
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
