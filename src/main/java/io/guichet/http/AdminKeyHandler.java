package io.guichet.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /admin/} with the configured bearer key, compared in constant time; but the control
 * room's page itself ({@code /admin/} exactly), which asks the operator for the key.
 */
final class AdminKeyHandler implements Handler<RoutingContext> {

  private final byte[] key;

  AdminKeyHandler(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.request().path();
    if (!path.startsWith("/admin/") || path.equals(ShopPages.CONTROL_ROOM)) {
      rc.next();
      return;
    }
    String header = rc.request().getHeader("Authorization");
    if (header != null
        && Bearer.scheme(header)
        && MessageDigest.isEqual(
            key, Bearer.credentials(header).trim().getBytes(StandardCharsets.UTF_8))) {
      rc.next();
      return;
    }
    rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"guichet-admin\"");
    Problems.send(
        rc,
        ProblemType.UNAUTHORIZED,
        header == null ? "no Authorization header" : "the admin key is not valid");
  }
}
