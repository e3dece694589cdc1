package io.guichet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request that breaks the contract, with each broken rule: the JSON Schema keyword it breaks
 * ({@code rule}) and where, as a JSON pointer into the body ({@code pointer}) or a parameter
 * ({@code parameter} and {@code in}). Answered {@code 400 bad-request} with these as {@code
 * violations}.
 */
final class ContractBreach extends RuntimeException {
  private static final long serialVersionUID = 1L;
  // what the schema validator says of a member that is missing or not allowed
  private static final Pattern NAMED_PROPERTY = Pattern.compile("[Pp]roperty \"([^\"]*)\"");
  // keywords that only say that something below them failed
  private static final Set<String> ENVELOPES =
      Set.of("properties", "items", "$ref", "allOf", "prefixItems", "additionalItems");

  private final transient JsonArray violations;

  private ContractBreach(String detail, JsonArray violations) {
    super(detail, null, false, false);
    this.violations = violations;
  }

  JsonArray violations() {
    return violations;
  }

  /** A parameter the request lacks. */
  static ContractBreach missing(Parameter p) {
    return new ContractBreach(
        "the " + in(p) + " parameter " + p.getName() + " is required",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("parameter", p.getName())
                    .put("in", in(p))
                    .put("rule", "required")
                    .put("message", "is required")));
  }

  /** A parameter whose value breaks its schema. */
  static ContractBreach parameter(Parameter p, OutputUnit result) {
    JsonArray list = new JsonArray();
    for (Leaf leaf : leaves(result)) {
      list.add(
          new JsonObject()
              .put("parameter", p.getName())
              .put("in", in(p))
              .put("rule", leaf.rule())
              .put("message", leaf.message()));
    }
    return new ContractBreach(
        "the " + in(p) + " parameter " + p.getName() + " is not valid: " + first(list), list);
  }

  /** A parameter whose text cannot be read as its schema's type. */
  static ContractBreach unreadable(Parameter p, String message) {
    return new ContractBreach(
        "the " + in(p) + " parameter " + p.getName() + " is not valid: " + message,
        new JsonArray()
            .add(
                new JsonObject()
                    .put("parameter", p.getName())
                    .put("in", in(p))
                    .put("rule", "type")
                    .put("message", message)));
  }

  /** A body that breaks its schema: one violation per broken rule, at its field. */
  static ContractBreach body(OutputUnit result) {
    JsonArray list = new JsonArray();
    for (Leaf leaf : leaves(result)) {
      list.add(
          new JsonObject()
              .put("pointer", leaf.pointer())
              .put("in", "body")
              .put("rule", leaf.rule())
              .put("message", leaf.message()));
    }
    return new ContractBreach("the body is not valid: " + first(list), list);
  }

  /** A body the operation requires and the request lacks. */
  static ContractBreach missingBody() {
    return new ContractBreach(
        "a body is required",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("pointer", "")
                    .put("in", "body")
                    .put("rule", "required")
                    .put("message", "a body is required")));
  }

  private static String first(JsonArray list) {
    if (list.isEmpty()) {
      return "it breaks the contract";
    }
    JsonObject v = list.getJsonObject(0);
    String where = v.getString("pointer", v.getString("parameter"));
    return (where == null || where.isEmpty() ? "" : where + ": ")
        + v.getString("message")
        + " ("
        + v.getString("rule")
        + ")";
  }

  private static String in(Parameter p) {
    return p.getIn().name().toLowerCase(Locale.ROOT);
  }

  /** One broken rule: the field, the keyword, the message. */
  record Leaf(String pointer, String rule, String message) {}

  /**
   * The errors of a validation that name a rule, without those that only say a subschema failed; a
   * missing or extra member is pointed at itself, not at its object.
   */
  static List<Leaf> leaves(OutputUnit result) {
    Set<Leaf> leaves = new LinkedHashSet<>();
    collect(result, leaves);
    // The schema validator also says "does not match additional properties schema" of a declared
    // member whose value (or something inside it) broke its own rule: only that rule is kept.
    Set<String> broken = new java.util.HashSet<>();
    leaves.stream()
        .filter(l -> !l.rule().equals("additionalProperties"))
        .forEach(l -> broken.add(l.pointer()));
    leaves.removeIf(
        l ->
            l.rule().equals("additionalProperties")
                && broken.stream()
                    .anyMatch(p -> p.equals(l.pointer()) || p.startsWith(l.pointer() + "/")));
    if (leaves.isEmpty()) {
      leaves.add(
          new Leaf(
              pointer(result.getInstanceLocation()),
              rule(result.getKeywordLocation()),
              String.valueOf(result.getError())));
    }
    return new ArrayList<>(leaves);
  }

  private static void collect(OutputUnit unit, Set<Leaf> out) {
    List<OutputUnit> errors = unit.getErrors();
    int before = out.size();
    if (errors != null) {
      for (OutputUnit e : errors) {
        collect(e, out);
      }
    }
    String rule = rule(unit.getKeywordLocation());
    if (unit.getError() == null
        || ENVELOPES.contains(rule)
        || Boolean.TRUE.equals(unit.getValid())) {
      return;
    }
    if (out.size() > before) {
      return; // its own errors said it more precisely
    }
    String pointer = pointer(unit.getInstanceLocation());
    if (rule.equals("required") || rule.equals("additionalProperties")) {
      Matcher named = NAMED_PROPERTY.matcher(unit.getError());
      if (named.find()) {
        String member = "/" + named.group(1).replace("~", "~0").replace("/", "~1");
        if (!pointer.endsWith(member)) {
          pointer = pointer + member; // "required" is said of the object, not of its member
        }
      }
    }
    out.add(new Leaf(pointer, rule, unit.getError()));
  }

  /** The schema keyword at the end of a keyword location. */
  private static String rule(String keywordLocation) {
    if (keywordLocation == null || keywordLocation.isEmpty()) {
      return "schema";
    }
    String[] parts = keywordLocation.split("/");
    return parts.length == 0 ? "schema" : parts[parts.length - 1];
  }

  /** An instance location as a JSON pointer ({@code #/a/b} or {@code /a/b} to {@code /a/b}). */
  private static String pointer(String location) {
    if (location == null) {
      return "";
    }
    String p = location.startsWith("#") ? location.substring(1) : location;
    return p.equals("/") ? "" : p;
  }
}
