package io.guichet.http;

import io.guichet.domain.DomainException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Reading validated request values and writing JSON responses. */
final class Json {
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("content-type");
  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");

  private Json() {}

  /**
   * The request's JSON object: the one the contract's validation already parsed when there was one
   * (a body is parsed once per request), else checked and parsed here as strictly ({@link
   * JsonBodies}): application/json in UTF-8, one JSON object.
   */
  static JsonObject body(RoutingContext rc) {
    ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (validated != null
        && validated.getBody() != null
        && validated.getBody().get() instanceof JsonObject parsed) {
      return parsed;
    }
    if (rc.body() == null || rc.body().isEmpty()) {
      throw DomainException.invalid("a JSON object body is required");
    }
    JsonBodies.checkMediaType(rc.request().getHeader("content-type"));
    return JsonBodies.object(rc.body().buffer());
  }

  /**
   * An optional body: null when there is none or when it is the JSON document {@code null} (what
   * generated clients send for a body left out), else one JSON object as {@link #body} reads it.
   */
  static JsonObject optionalBody(RoutingContext rc) {
    if (rc.body() == null || rc.body().isEmpty()) {
      return null;
    }
    JsonBodies.checkMediaType(rc.request().getHeader("content-type"));
    Object value = JsonBodies.decode(rc.body().buffer());
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    throw DomainException.invalid("the body must be a JSON object");
  }

  /** The list, or null when it is absent or empty. */
  static JsonArray nonEmpty(JsonArray list) {
    return list == null || list.isEmpty() ? null : list;
  }

  static UUID pathId(RoutingContext rc, String name) {
    return uuid(rc.pathParam(name), name);
  }

  static UUID uuid(String value, String name) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw DomainException.invalid(name + " must be a UUID");
    }
  }

  static Instant instant(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        throw DomainException.invalid(name + " must be an RFC 3339 date-time: " + value);
      }
    }
  }

  static List<UUID> uuids(JsonArray values, String name) {
    return values == null ? null : values.stream().map(v -> uuid((String) v, name)).toList();
  }

  static List<String> strings(JsonArray values) {
    return values == null ? List.of() : values.stream().map(String.class::cast).toList();
  }

  static void ok(RoutingContext rc, Object value) {
    send(rc, 200, value);
  }

  static void created(RoutingContext rc, String location, Object value) {
    rc.response().putHeader("Location", location);
    send(rc, 201, value);
  }

  /** A JSON document already written (by a hot path's own writer): sent as it is. */
  record Raw(String json) {}

  /**
   * Appends {@code value} as a JSON string: quoted, with quotes, backslashes and control characters
   * escaped (everything else is valid as it is in UTF-8 JSON); null as null.
   */
  static StringBuilder quote(StringBuilder out, String value) {
    if (value == null) {
      return out.append("null");
    }
    out.append('"');
    int clean = 0;
    while (clean < value.length() && plain(value.charAt(clean))) {
      clean++;
    }
    if (clean == value.length()) {
      return out.append(value).append('"'); // nearly always: ids, tokens, dates
    }
    out.append(value, 0, clean);
    for (int i = clean; i < value.length(); i++) {
      char c = value.charAt(i);
      if (plain(c)) {
        out.append(c);
      } else if (c < 0x20) {
        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        out.append('\\').append(c);
      }
    }
    return out.append('"');
  }

  private static boolean plain(char c) {
    return c >= 0x20 && c != '"' && c != '\\';
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static void send(RoutingContext rc, int status, Object value) {
    String body =
        value instanceof Raw raw
            ? raw.json()
            : value instanceof JsonObject o
                ? o.encode()
                : value instanceof JsonArray a ? a.encode() : JsonObject.mapFrom(value).encode();
    rc.response().setStatusCode(status).putHeader(CONTENT_TYPE, APPLICATION_JSON).end(body);
  }

  static JsonArray array(List<?> values) {
    JsonArray array = new JsonArray();
    values.forEach(v -> array.add(JsonObject.mapFrom(v)));
    return array;
  }
}
