package io.guichet.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the reference shop at {@code /} (and at {@code /orders/{id}}, where the payment provider
 * sends the buyer back) and the on-sale control room at {@code /admin/}: two pages and their hashed
 * assets, all from memory (see {@link WebAssets}). They call the API on the same origin. Outside
 * the contract, like the payment simulator: they are pages, not API.
 */
final class ShopPages {
  /** The control room's page; the admin key guard lets it through (the page asks for the key). */
  static final String CONTROL_ROOM = "/admin/";

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final WebAssets assets;

  ShopPages(WebAssets assets) {
    this.assets = assets;
  }

  void mount(Router router) {
    router.route(HttpMethod.GET, "/").handler(rc -> page(rc, assets.shopPage()));
    router.route(HttpMethod.HEAD, "/").handler(rc -> page(rc, assets.shopPage()));
    router.getWithRegex("/orders/[0-9a-fA-F-]{36}").handler(rc -> page(rc, assets.shopPage()));
    router.get(CONTROL_ROOM).handler(rc -> page(rc, assets.controlRoomPage()));
    router
        .get("/admin")
        .handler(rc -> rc.response().setStatusCode(301).putHeader("Location", CONTROL_ROOM).end());
    router.get("/assets/:name").handler(this::asset);
  }

  private void asset(RoutingContext rc) {
    assets
        .asset(rc.pathParam("name"))
        .ifPresentOrElse(
            file -> send(rc, file, IMMUTABLE),
            () -> Problems.send(rc, ProblemType.NOT_FOUND, "no such file"));
  }

  private static void page(RoutingContext rc, WebAssets.File file) {
    rc.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                + " connect-src 'self'; frame-ancestors 'none'");
    send(rc, file, "no-cache");
  }

  private static void send(RoutingContext rc, WebAssets.File file, String cacheControl) {
    rc.response().putHeader("Cache-Control", cacheControl).putHeader("ETag", file.etag());
    if (file.etag().equals(rc.request().getHeader("If-None-Match"))) {
      rc.response().setStatusCode(304).end();
      return;
    }
    rc.response().putHeader("Content-Type", file.contentType());
    if (rc.request().method() == HttpMethod.HEAD) {
      rc.response().putHeader("Content-Length", String.valueOf(file.body().length())).end();
      return;
    }
    rc.response().end(file.body());
  }
}
