package io.guichet.http;

import static io.vertx.openapi.validation.ValidatorException.createUnsupportedValueFormat;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks every request against the contract, as the OpenAPI router's own validator does, with the
 * same rules and messages, but built once: that validator builds a fresh schema validator (a copy
 * of every schema of the contract) for each parameter of each request, and runs on a worker thread.
 * Under an on-sale this was the server's first cost (a JFR profile of the Gatling scenario put a
 * quarter of the event loops' samples in those copies) and its worker hop stretched the tail.
 *
 * <p>Here each parameter's and each body's schema validator is made at start-up, and a request is
 * checked on its event loop (bodies are bounded by the body limit, so this is microseconds).
 */
final class ContractValidator extends RequestValidatorImpl {
  private final Map<Object, Validator> validators = new IdentityHashMap<>();
  private final Map<Object, Predicate<Object>> quickAccepts = new IdentityHashMap<>();
  // Parameters whose schema (through $refs) is a string: their value is the raw text, as Vert.x's
  // transformer gives it for an inline "type: string". For a $ref it first tries the text as JSON:
  // a DecodeException thrown and caught per UUID or code, 5–6 % of the server's CPU in a JFR
  // profile of the hold ladder.
  private final Set<Parameter> plainStrings = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  ContractValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    contract
        .getPaths()
        .forEach(
            path ->
                path.getOperations()
                    .forEach(
                        op -> {
                          op.getParameters()
                              .forEach(
                                  p -> {
                                    prepare(p, p.getSchema());
                                    if (QuickAccept.isString(
                                        p.getSchema(), contract.getRawContract())) {
                                      plainStrings.add(p);
                                    }
                                    Predicate<Object> quick =
                                        QuickAccept.of(p.getSchema(), contract.getRawContract());
                                    if (quick != null) {
                                      quickAccepts.put(p, quick);
                                    }
                                  });
                          if (op.getRequestBody() != null) {
                            op.getRequestBody()
                                .getContent()
                                .values()
                                .forEach(
                                    m -> {
                                      prepare(m, m.getSchema());
                                      Predicate<Object> quick =
                                          QuickAccept.of(m.getSchema(), contract.getRawContract());
                                      if (quick != null) {
                                        quickAccepts.put(m, quick);
                                      }
                                    });
                          }
                        }));
  }

  private void prepare(Object key, JsonSchema schema) {
    if (schema != null) {
      validators.put(key, contract.getSchemaRepository().validator(schema));
    }
  }

  /**
   * Puts the check in front of every route the contract validates (routes that check their inputs
   * themselves have switched it off), in place of the router's.
   */
  void mount(RouterBuilder builder) {
    builder
        .getRoutes()
        .forEach(
            route -> {
              if (route.doValidation()) {
                route.setDoValidation(false);
                route.getHandlers().add(0, handler(route.getOperation()));
              }
            });
  }

  private Handler<RoutingContext> handler(Operation operation) {
    return rc -> {
      ValidatedRequest validated;
      try {
        ValidatableRequest request = extractor.extractValidatableRequest(rc, operation).result();
        validated = validate(request, operation);
      } catch (ValidatorException e) {
        boolean noBody =
            e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER
                && e.getMessage() != null
                && e.getMessage().contains("required body");
        rc.fail(noBody ? ContractBreach.missingBody() : new HttpException(400, e.getMessage(), e));
        return;
      } catch (ContractBreach e) {
        rc.fail(e);
        return;
      } catch (RuntimeException e) {
        rc.fail(e);
        return;
      }
      rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
      rc.next();
    };
  }

  /** The router's validation, on the calling thread. */
  ValidatedRequest validate(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter param : operation.getParameters()) {
      switch (param.getIn()) {
        case COOKIE ->
            cookies.put(
                param.getName(),
                validateParameter(param, request.getCookies().get(param.getName())));
        case HEADER ->
            headers.put(
                param.getName(),
                validateParameter(param, request.getHeaders().get(param.getName())));
        case PATH ->
            path.put(
                param.getName(),
                validateParameter(param, request.getPathParameters().get(param.getName())));
        case QUERY ->
            query.put(
                param.getName(), validateParameter(param, request.getQuery().get(param.getName())));
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ContractBreach.missing(parameter);
      }
      return new RequestParameterImpl(null);
    }
    Object transformed;
    if (plainStrings.contains(parameter)
        && (parameter.getStyle() == Style.SIMPLE || parameter.getStyle() == Style.FORM)) {
      transformed = String.valueOf(value.get()); // what the transformer gives an inline string
    } else {
      ParameterTransformer transformer = transformers.get(parameter.getStyle());
      if (transformer == null) {
        throw createUnsupportedValueFormat(parameter);
      }
      try {
        transformed = transformer.transform(parameter, String.valueOf(value.get()));
      } catch (ValidatorException e) {
        throw ContractBreach.unreadable(parameter, e.getMessage());
      }
    }
    Predicate<Object> quick = quickAccepts.get(parameter);
    if (quick != null && quick.test(transformed)) {
      return new RequestParameterImpl(transformed);
    }
    OutputUnit result = validator(parameter, parameter.getSchema()).validate(transformed);
    if (Boolean.TRUE.equals(result.getValid())) {
      return new RequestParameterImpl(transformed);
    }
    throw ContractBreach.parameter(parameter, result);
  }

  /**
   * A body checked against the media type the contract declares for it. Every body of the contract
   * is JSON: it must say so ({@code application/json}, UTF-8) and is decoded by {@link JsonBodies},
   * stricter than Vert.x's decoder; another media type is refused with 415.
   */
  @Override
  protected RequestParameterImpl validate(
      MediaType mediaType, String contentType, Buffer rawContent, ValidationContext context) {
    if (mediaType == null || !MediaType.APPLICATION_JSON.equals(mediaType.getIdentifier())) {
      JsonBodies.checkMediaType(contentType); // names what is wrong with it
      throw new HttpException(415, "the body must be application/json");
    }
    JsonBodies.checkMediaType(contentType);
    Object transformed = JsonBodies.decode(rawContent);
    if (isSchemaValidationRequired(mediaType)) {
      Predicate<Object> quick = quickAccepts.get(mediaType);
      if (quick != null && quick.test(transformed)) {
        return new RequestParameterImpl(transformed);
      }
      OutputUnit result = validator(mediaType, mediaType.getSchema()).validate(transformed);
      if (Boolean.TRUE.equals(result.getValid())) {
        return new RequestParameterImpl(transformed);
      }
      throw ContractBreach.body(result);
    }
    return new RequestParameterImpl(transformed);
  }

  private Validator validator(Object key, JsonSchema schema) {
    Validator v = validators.get(key);
    // every parameter and body of the contract was prepared; anything else is built as before
    return v != null ? v : contract.getSchemaRepository().validator(schema);
  }

  /**
   * A quick yes for what a request carries on every call (ids, codes, bounded numbers, and bodies
   * made of them, such as a hold's): the schema validator interprets every keyword of every
   * subschema and builds its output, microseconds per value. Built only for schemas made of {@code
   * type} (string, integer, number, boolean, object, array), {@code pattern}, {@code minLength},
   * {@code maxLength}, {@code minimum}, {@code maximum}, {@code enum} of strings, {@code
   * properties}, {@code required}, {@code additionalProperties: false}, {@code minProperties},
   * {@code maxProperties}, {@code items}, {@code minItems}, {@code maxItems}, references into the
   * contract and annotations; it answers true only for values these keywords accept, with the
   * validator's semantics (lengths in code points, an unanchored {@code pattern} search). Anything
   * it does not accept goes through the validator, which accepts it or says why not, so refusals
   * keep the validator's messages.
   */
  static final class QuickAccept {
    private static final Set<String> ANNOTATIONS =
        Set.of("description", "title", "example", "examples", "default", "deprecated");
    private static final int MAX_DEPTH = 12;

    private QuickAccept() {}

    /** Whether the schema, through its $refs, is of type string. */
    static boolean isString(JsonSchema schema, JsonObject contract) {
      if (schema == null) {
        return false;
      }
      Object ref = schema.get("$ref");
      Object type = schema.get("type");
      for (int depth = 0; ref != null && depth < MAX_DEPTH; depth++) {
        JsonObject target = resolve(ref, contract);
        if (target == null) {
          return false;
        }
        ref = target.getValue("$ref");
        type = target.getValue("type");
      }
      return ref == null && "string".equals(type);
    }

    static Predicate<Object> of(JsonSchema schema, JsonObject contract) {
      if (schema == null) {
        return null;
      }
      JsonObject json = new JsonObject();
      for (String key : schema.fieldNames()) {
        json.put(key, schema.get(key));
      }
      return of(json, contract, 0);
    }

    private static Predicate<Object> of(JsonObject schema, JsonObject contract, int depth) {
      if (depth > MAX_DEPTH) {
        return null;
      }
      if (schema.containsKey("$ref")) {
        if (!onlyMetadata(schema, "$ref")) {
          return null;
        }
        JsonObject target = resolve(schema.getValue("$ref"), contract);
        return target == null ? null : of(target, contract, depth + 1);
      }
      Object type = schema.getValue("type");
      if (!(type instanceof String)) {
        return null;
      }
      for (String key : schema.fieldNames()) {
        if (!known(key)) {
          return null; // a keyword this quick check does not know: the validator decides
        }
      }
      Predicate<Object> typed =
          switch ((String) type) {
            case "string" -> string(schema);
            case "integer" -> integer(schema);
            case "number" -> number(schema);
            case "boolean" -> onlyAnnotations(schema, "type") ? v -> v instanceof Boolean : null;
            case "object" -> object(schema, contract, depth);
            case "array" -> array(schema, contract, depth);
            default -> null;
          };
      if (typed == null || !schema.containsKey("enum")) {
        return typed;
      }
      if (!(schema.getValue("enum") instanceof JsonArray values)) {
        return null;
      }
      Set<String> allowed = new java.util.HashSet<>();
      for (Object v : values) {
        if (!(v instanceof String str)) {
          return null;
        }
        allowed.add(str);
      }
      return typed.and(allowed::contains);
    }

    private static boolean known(String key) {
      return switch (key) {
        case "type",
                "pattern",
                "minLength",
                "maxLength",
                "minimum",
                "maximum",
                "enum",
                "properties",
                "required",
                "additionalProperties",
                "minProperties",
                "maxProperties",
                "items",
                "minItems",
                "maxItems" ->
            true;
        default -> ANNOTATIONS.contains(key) || metadata(key);
      };
    }

    /** The keywords of a type, and nothing of another type's. */
    private static boolean only(JsonObject schema, Set<String> allowed) {
      for (String key : schema.fieldNames()) {
        if (!allowed.contains(key) && !ANNOTATIONS.contains(key) && !metadata(key)) {
          return false;
        }
      }
      return true;
    }

    private static boolean onlyAnnotations(JsonObject schema, String except) {
      return only(schema, Set.of(except));
    }

    private static Long whole(JsonObject schema, String key, long absent) {
      Object v = schema.getValue(key);
      if (v == null) {
        return absent;
      }
      return v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : null;
    }

    private static Predicate<Object> string(JsonObject schema) {
      if (!only(schema, Set.of("type", "pattern", "minLength", "maxLength", "enum"))) {
        return null;
      }
      Long min = whole(schema, "minLength", 0);
      Long max = whole(schema, "maxLength", Long.MAX_VALUE);
      Pattern pattern = null;
      if (schema.containsKey("pattern")) {
        if (!(schema.getValue("pattern") instanceof String regex)) {
          return null;
        }
        try {
          pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          return null;
        }
      }
      if (min == null || max == null) {
        return null;
      }
      Pattern p = pattern;
      long lo = min;
      long hi = max;
      return value -> {
        if (!(value instanceof String s)) {
          return false;
        }
        if (s.length() > hi && s.codePointCount(0, s.length()) > hi) {
          return false;
        }
        if (lo > 0 && s.codePointCount(0, s.length()) < lo) {
          return false;
        }
        return p == null || p.matcher(s).find();
      };
    }

    private static Predicate<Object> integer(JsonObject schema) {
      if (!only(schema, Set.of("type", "minimum", "maximum"))) {
        return null;
      }
      Long min = whole(schema, "minimum", Long.MIN_VALUE);
      Long max = whole(schema, "maximum", Long.MAX_VALUE);
      if (min == null || max == null) {
        return null;
      }
      long lo = min;
      long hi = max;
      return value ->
          (value instanceof Integer || value instanceof Long)
              && ((Number) value).longValue() >= lo
              && ((Number) value).longValue() <= hi;
    }

    private static Predicate<Object> number(JsonObject schema) {
      if (!only(schema, Set.of("type", "minimum", "maximum"))) {
        return null;
      }
      Object min = schema.getValue("minimum");
      Object max = schema.getValue("maximum");
      if (min != null && !(min instanceof Number) || max != null && !(max instanceof Number)) {
        return null;
      }
      double lo = min == null ? Double.NEGATIVE_INFINITY : ((Number) min).doubleValue();
      double hi = max == null ? Double.POSITIVE_INFINITY : ((Number) max).doubleValue();
      return value ->
          (value instanceof Integer || value instanceof Long || value instanceof Double)
              && Double.isFinite(((Number) value).doubleValue())
              && ((Number) value).doubleValue() >= lo
              && ((Number) value).doubleValue() <= hi;
    }

    private static Predicate<Object> object(JsonObject schema, JsonObject contract, int depth) {
      if (!only(
          schema,
          Set.of(
              "type",
              "properties",
              "required",
              "additionalProperties",
              "minProperties",
              "maxProperties"))) {
        return null;
      }
      Object extra = schema.getValue("additionalProperties");
      if (extra != null && !Boolean.FALSE.equals(extra) && !Boolean.TRUE.equals(extra)) {
        return null;
      }
      boolean closed = Boolean.FALSE.equals(extra);
      Map<String, Predicate<Object>> properties = new HashMap<>();
      Object props = schema.getValue("properties");
      if (props != null) {
        if (!(props instanceof JsonObject ps)) {
          return null;
        }
        for (String name : ps.fieldNames()) {
          if (!(ps.getValue(name) instanceof JsonObject sub)) {
            return null;
          }
          Predicate<Object> check = of(sub, contract, depth + 1);
          if (check == null) {
            return null;
          }
          properties.put(name, check);
        }
      }
      List<String> required = new ArrayList<>();
      Object req = schema.getValue("required");
      if (req != null) {
        if (!(req instanceof JsonArray rs)) {
          return null;
        }
        for (Object r : rs) {
          if (!(r instanceof String name)) {
            return null;
          }
          required.add(name);
        }
      }
      Long minProps = whole(schema, "minProperties", 0);
      Long maxProps = whole(schema, "maxProperties", Long.MAX_VALUE);
      if (minProps == null || maxProps == null) {
        return null;
      }
      long lo = minProps;
      long hi = maxProps;
      return value -> {
        Map<String, Object> map = map(value);
        if (map == null || map.size() < lo || map.size() > hi) {
          return false;
        }
        for (String name : required) {
          if (!map.containsKey(name)) {
            return false;
          }
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
          Predicate<Object> check = properties.get(e.getKey());
          if (check == null) {
            if (closed) {
              return false;
            }
          } else if (!check.test(e.getValue())) {
            return false;
          }
        }
        return true;
      };
    }

    private static Predicate<Object> array(JsonObject schema, JsonObject contract, int depth) {
      if (!only(schema, Set.of("type", "items", "minItems", "maxItems"))) {
        return null;
      }
      Predicate<Object> items = v -> true;
      Object itemSchema = schema.getValue("items");
      if (itemSchema != null) {
        if (!(itemSchema instanceof JsonObject sub)) {
          return null;
        }
        items = of(sub, contract, depth + 1);
        if (items == null) {
          return null;
        }
      }
      Long min = whole(schema, "minItems", 0);
      Long max = whole(schema, "maxItems", Long.MAX_VALUE);
      if (min == null || max == null) {
        return null;
      }
      Predicate<Object> each = items;
      long lo = min;
      long hi = max;
      return value -> {
        List<?> list = list(value);
        if (list == null || list.size() < lo || list.size() > hi) {
          return false;
        }
        for (Object item : list) {
          if (!each.test(item)) {
            return false;
          }
        }
        return true;
      };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
      if (value instanceof JsonObject o) {
        return o.getMap();
      }
      return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static List<?> list(Object value) {
      if (value instanceof JsonArray a) {
        return a.getList();
      }
      return value instanceof List<?> l ? l : null;
    }

    private static boolean metadata(String key) {
      return key.startsWith("__") || key.equals("$id") || key.equals("$schema");
    }

    private static boolean onlyMetadata(JsonObject schema, String except) {
      for (String key : schema.fieldNames()) {
        if (!key.equals(except) && !metadata(key) && !ANNOTATIONS.contains(key)) {
          return false;
        }
      }
      return true;
    }

    /** A reference into the contract's own document ({@code ...#/components/schemas/X}). */
    private static JsonObject resolve(Object ref, JsonObject contract) {
      if (!(ref instanceof String r) || r.indexOf('#') < 0) {
        return null;
      }
      Object node = contract;
      for (String part : r.substring(r.indexOf('#') + 1).split("/")) {
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
}
