package io.guichet.http;

import io.guichet.checkout.PointsOfSale;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin calls from shops on their own origins (CORS, the Fetch standard). A shop's call
 * names its point of sale ({@code ?pos=}), which lists the origins it allows; a call that names
 * none (the waiting room) may come from any origin some point of sale allows. An allowed origin is
 * echoed (never a wildcard), credentials are never allowed (the API's credentials are headers, not
 * cookies), and the admin API is never open cross-origin. A preflight is answered here, before
 * routing; a refused one is a 403 problem, so a shop's developer sees why in the network panel.
 * Requests without {@code Origin} (servers, same-origin navigations) pass untouched.
 */
final class CorsHandler implements Handler<RoutingContext> {
  static final String ALLOWED_HEADERS =
      "Content-Type, Authorization, Idempotency-Key, X-Cart-Secret, X-Order-Secret,"
          + " X-Queue-Ticket, X-Access-Token, X-Visitor-Id, X-Request-Id";
  static final String EXPOSED_HEADERS = "Location, Retry-After, X-Request-Id, Content-Disposition";
  static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
  private static final Set<String> ALLOWED_METHOD_NAMES =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> ALLOWED_HEADER_NAMES =
      Set.of(
          "content-type",
          "authorization",
          "idempotency-key",
          "x-cart-secret",
          "x-order-secret",
          "x-queue-ticket",
          "x-access-token",
          "x-visitor-id",
          "x-request-id");
  private static final String MAX_AGE_SECONDS = "600";

  private final PointsOfSale pointsOfSale;

  CorsHandler(PointsOfSale pointsOfSale) {
    this.pointsOfSale = pointsOfSale;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String origin = request.getHeader("Origin");
    if (origin == null) {
      rc.next();
      return;
    }
    boolean preflight =
        request.method() == HttpMethod.OPTIONS
            && request.getHeader("Access-Control-Request-Method") != null;
    if (!request.path().startsWith("/api/")) {
      // the admin API, health, metrics: never open to another origin
      if (preflight) {
        Problems.send(
            rc, ProblemType.ORIGIN_NOT_ALLOWED, "this part of the API is not open cross-origin");
      } else {
        rc.next();
      }
      return;
    }
    rc.response().headers().add("Vary", "Origin");
    // The body is read later (by the body handler): hold it while the origins are looked up, or a
    // body that arrives meanwhile is lost (a browser sends Origin on every POST, its own shop's
    // too).
    request.pause();
    allowed(rc, origin)
        .onComplete(
            done -> {
              boolean allowed = done.succeeded() && done.result();
              if (preflight) {
                request.resume();
                answerPreflight(rc, origin, allowed);
                return;
              }
              if (allowed) {
                rc.response()
                    .putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
              }
              rc.next();
            });
  }

  /** Whether the point of sale the call names (or, naming none, any) allows this origin. */
  private Future<Boolean> allowed(RoutingContext rc, String origin) {
    String normalized = origin.toLowerCase(Locale.ROOT);
    String pos = rc.queryParams().get("pos");
    if (pos == null) {
      return pointsOfSale.allowedOrigins().map(all -> all.contains(normalized));
    }
    return pointsOfSale.byCode(pos).map(p -> p.allowsOrigin(normalized));
  }

  private static void answerPreflight(RoutingContext rc, String origin, boolean allowed) {
    HttpServerRequest request = rc.request();
    String method = request.getHeader("Access-Control-Request-Method");
    String headers = request.getHeader("Access-Control-Request-Headers");
    if (!allowed) {
      Problems.send(
          rc,
          ProblemType.ORIGIN_NOT_ALLOWED,
          "origin " + origin + " is not allowed by this point of sale");
      return;
    }
    if (!ALLOWED_METHOD_NAMES.contains(method) || !knownHeaders(headers)) {
      Problems.send(
          rc,
          ProblemType.ORIGIN_NOT_ALLOWED,
          "the API does not take " + method + " with headers " + headers + " cross-origin");
      return;
    }
    MultiMap out = rc.response().headers();
    out.add("Access-Control-Allow-Origin", origin)
        .add("Access-Control-Allow-Methods", ALLOWED_METHODS)
        .add("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        .add("Access-Control-Max-Age", MAX_AGE_SECONDS);
    rc.response().setStatusCode(204).end();
  }

  private static boolean knownHeaders(String requested) {
    if (requested == null || requested.isBlank()) {
      return true;
    }
    for (String h : requested.split(",")) {
      String name = h.strip().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !ALLOWED_HEADER_NAMES.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
