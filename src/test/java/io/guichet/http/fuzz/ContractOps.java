package io.guichet.http.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The operations of the contract (src/main/resources/openapi.yaml), read from its document. */
final class ContractOps {
  /** Where a parameter goes. */
  enum In {
    PATH,
    QUERY,
    HEADER
  }

  /** A parameter with its schema, references resolved at its top. */
  record Param(String name, In in, boolean required, JsonObject schema) {}

  /** An operation: method, path template, parameters, body schema (or null) and credentials. */
  record Op(
      String id,
      String method,
      String path,
      List<Param> params,
      JsonObject body,
      boolean bodyRequired,
      boolean takesForm,
      String security) {
    boolean admin() {
      return "adminKey".equals(security);
    }

    boolean scanner() {
      return "scannerToken".equals(security);
    }

    boolean producer() {
      return "producerSession".equals(security);
    }

    List<Param> params(In in) {
      return params.stream().filter(p -> p.in() == in).toList();
    }

    boolean mutates() {
      return !method.equals("GET");
    }
  }

  private static final java.util.Set<String> METHODS =
      java.util.Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private final JsonObject document;
  private final List<Op> ops = new ArrayList<>();

  ContractOps(JsonObject document) {
    this.document = document;
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/")) {
        continue; // metadata the contract loader adds
      }
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue; // metadata of the path item
        }
        JsonObject op = item.getJsonObject(method);
        List<Param> params = new ArrayList<>();
        JsonArray declared = op.getJsonArray("parameters", new JsonArray());
        for (Object p : declared) {
          JsonObject param = resolve((JsonObject) p);
          params.add(
              new Param(
                  param.getString("name"),
                  In.valueOf(param.getString("in").toUpperCase(Locale.ROOT)),
                  param.getBoolean("required", false),
                  resolve(param.getJsonObject("schema"))));
        }
        JsonObject body = null;
        boolean bodyRequired = false;
        boolean takesForm = false;
        JsonObject requestBody = op.getJsonObject("requestBody");
        if (requestBody != null) {
          JsonObject content = requestBody.getJsonObject("content");
          if (content.containsKey("application/json")) {
            body = resolve(content.getJsonObject("application/json").getJsonObject("schema"));
          }
          takesForm = content.containsKey("application/x-www-form-urlencoded");
          bodyRequired = requestBody.getBoolean("required", false);
        }
        // credentials: the schemes of the first requirement that names any (an API key in a
        // header is sent as that header, like a header parameter)
        String security = null;
        JsonArray sec = op.getJsonArray("security", new JsonArray());
        for (Object requirement : sec) {
          JsonObject schemes = (JsonObject) requirement;
          if (schemes.isEmpty()) {
            continue;
          }
          for (String scheme : schemes.fieldNames()) {
            JsonObject definition =
                document
                    .getJsonObject("components")
                    .getJsonObject("securitySchemes")
                    .getJsonObject(scheme);
            if ("apiKey".equals(definition.getString("type"))) {
              params.add(
                  new Param(
                      definition.getString("name"),
                      In.HEADER,
                      false,
                      new JsonObject().put("type", "string").put("maxLength", 100)));
            } else if (security == null) {
              security = scheme;
            }
          }
          break;
        }
        ops.add(
            new Op(
                op.getString("operationId"),
                method.toUpperCase(Locale.ROOT),
                path,
                List.copyOf(params),
                body,
                bodyRequired,
                takesForm,
                security));
      }
    }
  }

  List<Op> ops() {
    return ops;
  }

  /** The methods the contract declares for a path. */
  List<String> methods(String path) {
    return ops.stream().filter(o -> o.path().equals(path)).map(Op::method).toList();
  }

  /** A schema with its {@code $ref} (if any) followed, as many times as needed. */
  JsonObject resolve(JsonObject schema) {
    JsonObject s = schema;
    for (int depth = 0; s != null && s.containsKey("$ref") && depth < 20; depth++) {
      Object node = document;
      String ref = s.getString("$ref");
      for (String part : ref.substring(ref.indexOf('#') + 2).split("/")) {
        node = ((JsonObject) node).getValue(part.replace("~1", "/").replace("~0", "~"));
      }
      s = (JsonObject) node;
    }
    return s;
  }
}
