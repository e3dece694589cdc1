package io.guichet.http;

import static io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType;
import static io.vertx.openapi.validation.SchemaValidationException.createInvalidValueBody;
import static io.vertx.openapi.validation.ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT;
import static io.vertx.openapi.validation.ValidatorException.createMissingRequiredParameter;
import static io.vertx.openapi.validation.ValidatorException.createUnsupportedValueFormat;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
                          op.getParameters().forEach(p -> prepare(p, p.getSchema()));
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
}
