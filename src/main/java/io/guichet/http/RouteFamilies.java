package io.guichet.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.ext.web.openapi.router.Security;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The contract's routes split into families by the start of their path, one router per family, and
 * a request handed straight to its family's router.
 *
 * <p>A Vert.x router tries its routes one after the other, and a route with path parameters is a
 * regular expression; the contract sorts templated paths alphabetically, so the shop's hottest
 * calls (a queue poll, a mobile ticket) came after some fifty expressions, the admin API's first.
 * Routing was a tenth of a poll's CPU. Here a family is the third segment of an {@code /api/v1}
 * path ({@code /api/v1/carts/...}, {@code /api/v1/onsales/...}), or the admin API, together with
 * the number of segments of the path: a path parameter never spans a slash, so a route can only
 * match paths of its own length, and a queue poll ({@code /api/v1/onsales/{id}/queue/{visitor}}) no
 * longer tries the expressions of {@code /api/v1/onsales/{id}} and its queue first. Everything else
 * (health, metrics, the contract, the payment simulator) is the default family. A request meets
 * only the routes of its family, in the contract's order, with the same handlers, validation and
 * problem answers as before; a path of no family goes to the default router, which answers 404 as
 * the family's would have.
 *
 * <p>Handlers mount through it as through one {@link RouterBuilder}: {@link #getRoute} gives the
 * route of the operation's own family.
 */
final class RouteFamilies implements RouterBuilder {
  private static final String API = "/api/v1/";
  private static final String ADMIN = "/admin/";
  private static final String DEFAULT = "";

  private final Map<String, RouterBuilder> builders = new LinkedHashMap<>();
  private final Map<String, String> familyOfOperation = new HashMap<>();

  RouteFamilies(Vertx vertx, OpenAPIContract contract) {
    builders.put(
        DEFAULT, RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler()));
    for (Operation op : contract.operations()) {
      String family = family(op.getOpenAPIPath());
      if (family.indexOf('{') >= 0) {
        throw new IllegalStateException(
            "operation " + op.getOperationId() + ": a family cannot start with a path parameter");
      }
      familyOfOperation.put(op.getOperationId(), family);
      builders.computeIfAbsent(
          family, f -> RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler()));
    }
  }

  /**
   * The family of a path: {@code /api/v1/<third segment>} or {@code /admin}, with the path's number
   * of segments (a route's expression matches only paths of its own number of segments: a path
   * parameter never spans a slash), or the default family.
   */
  static String family(String path) {
    String prefix;
    if (path.startsWith(API)) {
      int end = path.indexOf('/', API.length());
      prefix = end < 0 ? path : path.substring(0, end);
    } else if (path.startsWith(ADMIN)) {
      prefix = ADMIN;
    } else {
      return DEFAULT;
    }
    return prefix + '#' + segments(path);
  }

  /** The non-empty segments of a path ({@code /a//b/} has two, as it matches as {@code /a/b}). */
  static int segments(String path) {
    int count = 0;
    boolean inSegment = false;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        inSegment = false;
      } else if (!inSegment) {
        inSegment = true;
        count++;
      }
    }
    return count;
  }

  @Override
  public OpenAPIRoute getRoute(String operationId) {
    String family = familyOfOperation.get(operationId);
    return family == null ? null : builders.get(family).getRoute(operationId);
  }

  /** Each operation's route in its own family. */
  @Override
  public List<OpenAPIRoute> getRoutes() {
    List<OpenAPIRoute> routes = new ArrayList<>();
    familyOfOperation.forEach((op, family) -> routes.add(builders.get(family).getRoute(op)));
    return routes;
  }

  /** A handler run first for every request, whatever its family. */
  @Override
  public RouterBuilder rootHandler(Handler<RoutingContext> rootHandler) {
    builders.values().forEach(b -> b.rootHandler(rootHandler));
    return this;
  }

  @Override
  public Security security(String securitySchemeName) {
    throw new UnsupportedOperationException("Guichet checks credentials in its own handlers");
  }

  /** Not one router: see {@link #createHandler}. */
  @Override
  public Router createRouter() {
    throw new UnsupportedOperationException("use createHandler");
  }

  /**
   * The routers of the families, each finished by {@code finish} (failure and error handlers), and
   * the request handler that picks one. The default router also gets {@code extra} (routes outside
   * the contract). Fails if an operation of the contract has no handler: a route the contract
   * promises must exist.
   */
  Handler<HttpServerRequest> createHandler(Consumer<Router> extra, Consumer<Router> finish) {
    List<String> missing = new ArrayList<>();
    for (OpenAPIRoute route : getRoutes()) {
      if (route.getHandlers().isEmpty()) {
        missing.add(route.getOperation().getOperationId());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("operations of the contract without a handler: " + missing);
    }
    Map<String, Router> routers = new HashMap<>();
    builders.forEach(
        (family, builder) -> {
          Router router = builder.createRouter();
          // The builder adds a route for every operation of the contract, even those it has no
          // handler for (it answers nothing); a family's router keeps only its own.
          for (Route route : List.copyOf(router.getRoutes())) {
            Object op = route.getMetadata(KEY_META_DATA_OPERATION);
            if (op instanceof Operation o && !family.equals(family(o.getOpenAPIPath()))) {
              route.remove();
            }
          }
          if (family.equals(DEFAULT)) {
            extra.accept(router);
          }
          finish.accept(router);
          routers.put(family, router);
        });
    Router fallback = routers.get(DEFAULT);
    return request -> {
      // The one place where a target that cannot be decoded is refused: the routers would throw
      // on it while matching (and answer a plain 400 with an ERROR in the log).
      String undecodable = TextInput.undecodableUri(request.uri());
      if (undecodable != null) {
        Problems.refuse(request, ProblemType.BAD_REQUEST, undecodable);
        return;
      }
      String path = request.path();
      (path == null ? fallback : routers.getOrDefault(family(path), fallback)).handle(request);
    };
  }
}
