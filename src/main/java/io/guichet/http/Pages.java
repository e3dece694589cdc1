package io.guichet.http;

import io.guichet.domain.DomainException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;
import java.util.function.Function;

/**
 * Every list of the API has one shape: {@code {"items": [...], "page": 0, "size": 20, "total":
 * 57}}, a page of {@code size} items (pages count from 0) and the number of items in all; the
 * operation takes {@code page} and {@code size} in its query (the contract's {@code page} and
 * {@code size} parameters: size 1 to 100, 20 by default).
 */
final class Pages {
  static final int DEFAULT_SIZE = 20;

  private Pages() {}

  /** Which page a request asks for. */
  record Request(int page, int size) {
    int offset() {
      return page * size;
    }
  }

  /** The page the request asks for (its validated {@code page} and {@code size}). */
  static Request request(RoutingContext rc) {
    return new Request(intParam(rc, "page", 0), intParam(rc, "size", DEFAULT_SIZE));
  }

  /** A page of a list held whole. */
  static <T> JsonObject of(RoutingContext rc, List<T> all, Function<T, Object> item) {
    Request r = request(rc);
    JsonArray items = new JsonArray();
    long from = Math.min((long) r.offset(), all.size());
    long to = Math.min(from + r.size(), all.size());
    for (int i = (int) from; i < to; i++) {
      items.add(item.apply(all.get(i)));
    }
    return page(items, r, all.size());
  }

  /** A page whose items the store already cut out. */
  static JsonObject page(JsonArray items, Request r, long total) {
    return new JsonObject()
        .put("items", items)
        .put("page", r.page())
        .put("size", r.size())
        .put("total", total);
  }

  /** A record as a JSON object (Jackson's mapping of its components). */
  static Object record(Object value) {
    return JsonObject.mapFrom(value);
  }

  /**
   * An integer query parameter as the contract's check read it (a number within the schema's
   * bounds: {@code 1e3} is 1000 to it), not parsed again from its text.
   */
  static int intParam(RoutingContext rc, String name, int fallback) {
    ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    var param = validated == null ? null : validated.getQuery().get(name);
    Object value = param == null ? null : param.get();
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw DomainException.invalid(name + " must be an integer");
  }
}
