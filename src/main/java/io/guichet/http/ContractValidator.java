package io.guichet.http;

import static io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType;
import static io.vertx.openapi.validation.SchemaValidationException.createInvalidValueBody;
import static io.vertx.openapi.validation.ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT;
import static io.vertx.openapi.validation.ValidatorException.createMissingRequiredParameter;
import static io.vertx.openapi.validation.ValidatorException.createUnsupportedValueFormat;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
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
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
  private final Map<Parameter, Predicate<Object>> quickAccepts = new IdentityHashMap<>();
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
                                .forEach(m -> prepare(m, m.getSchema()));
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
        rc.fail(new HttpException(400, e.getMessage(), e));
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
        throw createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw createUnsupportedValueFormat(parameter);
    }
    Object transformed = transformer.transform(parameter, String.valueOf(value.get()));
    Predicate<Object> quick = quickAccepts.get(parameter);
    if (quick != null && quick.test(transformed)) {
      return new RequestParameterImpl(transformed);
    }
    OutputUnit result = validator(parameter, parameter.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  @Override
  protected RequestParameterImpl validate(
      MediaType mediaType, String contentType, Buffer rawContent, ValidationContext context) {
    ContentAnalyser analyser =
        mediaType == null
            ? null
            : ContentAnalyser.getContentAnalyser(mediaType, contentType, rawContent, context);
    if (analyser == null) {
      throw new ValidatorException(
          "The format of the " + context + " body is not supported", UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    if (isSchemaValidationRequired(mediaType)) {
      Object transformed = analyser.transform();
      OutputUnit result = validator(mediaType, mediaType.getSchema()).validate(transformed);
      try {
        result.checkValidity();
        return new RequestParameterImpl(transformed);
      } catch (JsonSchemaValidationException e) {
        throw createInvalidValueBody(result, context, e);
      }
    }
    return new RequestParameterImpl(rawContent);
  }

  private Validator validator(Object key, JsonSchema schema) {
    Validator v = validators.get(key);
    // every parameter and body of the contract was prepared; anything else is built as before
    return v != null ? v : contract.getSchemaRepository().validator(schema);
  }

  /**
   * A quick yes for the parameters a request carries on every call (ids, codes, short strings,
   * bounded integers): the schema validator spends microseconds per value building its output, and
   * a hold carries three parameters. Built only for schemas made of {@code type} (string or
   * integer), {@code pattern}, {@code minLength}, {@code maxLength}, {@code minimum}, {@code
   * maximum} and annotations; it answers true only for values that these keywords accept, with the
   * validator's own semantics (lengths in code points, an unanchored {@code pattern} search).
   * Anything it does not accept goes through the validator, which accepts it or says why not.
   */
  static final class QuickAccept {
    private static final Set<String> ANNOTATIONS =
        Set.of("description", "title", "example", "examples", "default", "deprecated");

    private QuickAccept() {}

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
      if (schema.containsKey("$ref")) {
        if (schema.size() != 1 && !onlyMetadata(schema, "$ref") || depth > 4) {
          return null;
        }
        JsonObject target = resolve(schema.getValue("$ref"), contract);
        return target == null ? null : of(target, contract, depth + 1);
      }
      String type = null;
      Pattern pattern = null;
      long minLength = 0;
      long maxLength = Long.MAX_VALUE;
      Long minimum = null;
      Long maximum = null;
      for (String key : schema.fieldNames()) {
        Object v = schema.getValue(key);
        switch (key) {
          case "type" -> type = v instanceof String t ? t : null;
          case "pattern" -> {
            if (!(v instanceof String regex)) {
              return null;
            }
            try {
              pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
              return null;
            }
          }
          case "minLength" -> minLength = v instanceof Number n ? n.longValue() : Long.MAX_VALUE;
          case "maxLength" -> maxLength = v instanceof Number n ? n.longValue() : -1;
          case "minimum" ->
              minimum = v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : null;
          case "maximum" ->
              maximum = v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : null;
          default -> {
            if (!ANNOTATIONS.contains(key) && !metadata(key)) {
              return null; // a keyword this quick check does not know: the validator decides
            }
          }
        }
        if (("minimum".equals(key) && minimum == null)
            || ("maximum".equals(key) && maximum == null)) {
          return null;
        }
      }
      if ("string".equals(type) && minimum == null && maximum == null) {
        Pattern p = pattern;
        long min = minLength;
        long max = maxLength;
        return value -> {
          if (!(value instanceof String s)) {
            return false;
          }
          if (s.length() > max && s.codePointCount(0, s.length()) > max) {
            return false;
          }
          if (min > 0 && s.codePointCount(0, s.length()) < min) {
            return false;
          }
          return p == null || p.matcher(s).find();
        };
      }
      if ("integer".equals(type)
          && pattern == null
          && minLength == 0
          && maxLength == Long.MAX_VALUE) {
        long lo = minimum == null ? Long.MIN_VALUE : minimum;
        long hi = maximum == null ? Long.MAX_VALUE : maximum;
        return value ->
            (value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= lo
                && ((Number) value).longValue() <= hi;
      }
      return null;
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
