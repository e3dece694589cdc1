package io.guichet.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/**
 * Reads request bodies with a size limit: small for every route, larger only for seat map imports.
 * A body over the limit gets 413 before any handler sees it.
 */
final class BodyLimitHandler implements Handler<RoutingContext> {
  private static final Pattern SEAT_MAP_IMPORT =
      Pattern.compile("^/admin/v1/venues/[^/]+/seatmaps$");

  private final BodyHandler small;
  private final BodyHandler large;

  BodyLimitHandler(long maxBytes, long maxSeatMapBytes) {
    this.small = BodyHandler.create(false).setBodyLimit(maxBytes);
    this.large = BodyHandler.create(false).setBodyLimit(maxSeatMapBytes);
  }

  @Override
  public void handle(RoutingContext rc) {
    boolean importing = SEAT_MAP_IMPORT.matcher(rc.request().path()).matches();
    (importing ? large : small).handle(rc);
  }
}
