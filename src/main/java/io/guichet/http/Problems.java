package io.guichet.http;

import io.guichet.domain.DomainException;
import io.guichet.domain.Violation;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes RFC 9457 problem details, and maps every failure of a route to one. A 500 says nothing
 * about internals; its cause goes to the log with the request id.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  public static void send(RoutingContext rc, ProblemType type, String detail) {
    send(rc, type, detail, List.of());
  }

  public static void send(
      RoutingContext rc, ProblemType type, String detail, List<Violation> violations) {
    send(rc, type, detail, violations, java.util.Map.of());
  }

  public static void send(
      RoutingContext rc,
      ProblemType type,
      String detail,
      List<Violation> violations,
      java.util.Map<String, Object> extensions) {
    JsonArray list = new JsonArray();
    violations.forEach(
        v -> list.add(new JsonObject().put("pointer", v.pointer()).put("message", v.message())));
    send(rc, type, detail, list, extensions);
  }

  private static void send(
      RoutingContext rc,
      ProblemType type,
      String detail,
      JsonArray violations,
      java.util.Map<String, Object> extensions) {
    if (rc.response().ended() || rc.response().headWritten()) {
      return;
    }
    JsonObject body =
        new JsonObject()
            .put("type", type.uri())
            .put("title", type.title())
            .put("status", type.status())
            .put("instance", rc.request().path());
    if (detail != null) {
      body.put("detail", detail);
    }
    if (!violations.isEmpty()) {
      body.put("violations", violations);
    }
    extensions.forEach(
        (k, v) -> body.put(k, JsonObject.mapFrom(java.util.Map.of("v", v)).getValue("v")));
    String requestId = rc.response().headers().get(RequestIds.HEADER);
    if (requestId == null) {
      // refused before the request's first handler gave it an id (Vert.x Web's own 400 for a
      // request without Host, say): every answer carries one
      requestId = RequestIds.current() != null ? RequestIds.current() : RequestIds.fresh();
      rc.response().putHeader(RequestIds.HEADER, requestId);
    }
    body.put("requestId", requestId);
    if (type.status() == 503) {
      // a transient refusal: the same request may be sent again shortly
      rc.response().putHeader("Retry-After", "1");
    } else if (type.status() == 429 && extensions.get("retryAfterSeconds") != null) {
      rc.response().putHeader("Retry-After", String.valueOf(extensions.get("retryAfterSeconds")));
    }
    rc.response().setStatusCode(type.status()).putHeader("content-type", CONTENT_TYPE);
    end(rc.request(), body);
  }

  /**
   * Ends the answer so that the connection stays usable. An answer can be given before the request
   * is read whole (a body over the limit, a refused key, an undecodable target). When the request
   * still has a body to come, reading it only to drop it would let a client make the server read
   * any amount for nothing, and leaving it unread would leave the connection hanging (the next
   * request on it would wait behind it): the answer says {@code Connection: close} and the
   * connection is closed once it is written. A request without a body is resumed, in case a handler
   * paused it, so that its end is read and the next request on the connection is served.
   */
  static void end(io.vertx.core.http.HttpServerRequest request, JsonObject body) {
    var response = request.response();
    boolean http1 = request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
    if (!request.isEnded() && http1 && BodyLimitHandler.hasBody(request)) {
      response
          .putHeader("connection", "close")
          .end(body.encode())
          .onComplete(v -> request.connection().close());
      return;
    }
    response.end(body.encode());
    if (!request.isEnded()) {
      request.resume();
    }
  }

  /**
   * Answers a request before any route sees it (its target cannot be decoded, say), as {@link
   * #send} would.
   */
  static void refuse(
      io.vertx.core.http.HttpServerRequest request, ProblemType type, String detail) {
    JsonObject body =
        new JsonObject()
            .put("type", type.uri())
            .put("title", type.title())
            .put("status", type.status())
            .put("detail", detail);
    String requestId = RequestIds.fresh();
    request
        .response()
        .setStatusCode(type.status())
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader(RequestIds.HEADER, requestId);
    end(request, body.put("requestId", requestId));
  }

  /**
   * Answers a request the HTTP codec could not decode (a request line or headers over the limits,
   * garbage): problem+json like every other error, then the connection is closed, since what
   * follows on it cannot be trusted.
   */
  public static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    boolean tooLong = cause instanceof io.netty.handler.codec.TooLongFrameException;
    ProblemType type;
    String detail;
    if (tooLong && message.contains("header")) {
      type = ProblemType.HEADERS_TOO_LARGE;
      detail = "the request headers are over the size limit";
    } else if (tooLong) {
      type = ProblemType.URI_TOO_LONG;
      detail = "the request line is over the size limit";
    } else {
      type = ProblemType.BAD_REQUEST;
      detail = "the request could not be decoded";
    }
    JsonObject body =
        new JsonObject()
            .put("type", type.uri())
            .put("title", type.title())
            .put("status", type.status())
            .put("detail", detail);
    String requestId = RequestIds.fresh();
    request
        .response()
        .setStatusCode(type.status())
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader("connection", "close")
        .end(body.put("requestId", requestId).encode())
        .onComplete(v -> request.connection().close());
  }

  /** The router's failure handler: every failed route ends here. */
  public static Handler<RoutingContext> failureHandler() {
    return rc -> {
      Throwable failure = rc.failure();
      if (failure instanceof HttpException h && h.getCause() instanceof ValidatorException v) {
        failure = v; // the OpenAPI router wraps validation failures
      }
      if (failure instanceof ContractBreach breach) {
        send(rc, ProblemType.BAD_REQUEST, breach.getMessage(), breach.violations(), Map.of());
      } else if (failure instanceof DomainException d) {
        send(rc, ProblemType.of(d.failure()), d.getMessage(), d.violations(), d.extensions());
      } else if (failure instanceof ValidatorException v) {
        if (bodyIsMalformedJson(rc)) {
          send(rc, ProblemType.MALFORMED_JSON, "the body could not be parsed as JSON");
        } else {
          send(rc, ProblemType.BAD_REQUEST, v.getMessage());
        }
      } else if (failure instanceof DecodeException d) {
        send(
            rc,
            ProblemType.MALFORMED_JSON,
            d.getMessage() == null ? "the body could not be parsed as JSON" : d.getMessage());
      } else if (failure instanceof HttpException h && h.getStatusCode() < 500) {
        sendStatus(rc, h.getStatusCode(), h.getPayload());
      } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
        // Vert.x Web's own refusals (no Host header, a body over the limit, an expectation it
        // cannot meet) come as a status, sometimes with an exception that says why
        sendStatus(rc, rc.statusCode(), failure == null ? null : failure.getMessage());
      } else if (DependencyUnavailable.in(failure) != null) {
        // Not a fault of this request: a dependency dropped a connection, timed out or shed
        // load (the adapter that called it said so). Nothing was confirmed to the caller, who
        // may send the same request again.
        LOG.warn(
            "request refused for now: {} {}: {}",
            rc.request().method(),
            rc.request().path(),
            DependencyUnavailable.in(failure).getMessage());
        send(rc, ProblemType.NOT_READY, "a dependency did not answer in time; retry");
      } else {
        LOG.error("request failed: {} {}", rc.request().method(), rc.request().path(), failure);
        send(rc, ProblemType.INTERNAL, null);
      }
    };
  }

  /** The router's answer to a failure outside any route: a fault of the server's own. */
  static Handler<RoutingContext> unhandled() {
    return rc -> {
      LOG.error(
          "request failed outside a route: {} {}",
          rc.request().method(),
          rc.request().path(),
          rc.failure());
      send(rc, ProblemType.INTERNAL, null);
    };
  }

  private static boolean bodyIsMalformedJson(RoutingContext rc) {
    if (rc.body() == null || rc.body().isEmpty()) {
      return false;
    }
    try {
      io.vertx.core.json.Json.decodeValue(rc.body().buffer());
      return false;
    } catch (DecodeException e) {
      return true;
    }
  }

  /** Status-only failures (from Vert.x Web's own handlers) mapped to their problem type. */
  static void sendStatus(RoutingContext rc, int status, String detail) {
    ProblemType type =
        switch (status) {
          case 401 -> ProblemType.UNAUTHORIZED;
          case 404 -> ProblemType.NOT_FOUND;
          case 405 -> ProblemType.METHOD_NOT_ALLOWED;
          case 413 -> ProblemType.BODY_TOO_LARGE;
          case 414 -> ProblemType.URI_TOO_LONG;
          case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
          default -> ProblemType.BAD_REQUEST;
        };
    send(rc, type, detail);
  }
}
