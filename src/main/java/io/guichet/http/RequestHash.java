package io.guichet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What makes two requests "the same request" for an idempotency key. */
public final class RequestHash {
  private RequestHash() {}

  /**
   * The SHA-256 of the body in a canonical form (keys sorted, no spaces), so that the same request
   * with its keys in another order is the same request for its idempotency key.
   */
  public static byte[] of(JsonObject body) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(canonical(body).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> sorted = new TreeMap<>(o.getMap());
      List<String> parts = new ArrayList<>();
      sorted.forEach(
          (k, v) -> parts.add(io.vertx.core.json.Json.encode(k) + ":" + canonical(wrap(v))));
      return "{" + String.join(",", parts) + "}";
    }
    if (value instanceof JsonArray a) {
      List<String> parts = new ArrayList<>();
      a.forEach(v -> parts.add(canonical(wrap(v))));
      return "[" + String.join(",", parts) + "]";
    }
    return io.vertx.core.json.Json.encode(value);
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Object v) {
    if (v instanceof Map<?, ?> m) {
      return new JsonObject((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      return new JsonArray(l);
    }
    return v;
  }
}
