package io.guichet.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads request bodies with a size limit: small for every route, larger only for seat map imports.
 * A body over the limit gets 413 before any handler sees it, and its connection is closed (what is
 * left of the body is not read: see {@link Problems#send}).
 *
 * <p>Only bodies Guichet can read get through: a compressed body ({@code Content-Encoding}) and a
 * multipart one are refused with 415. A URL-encoded form (the payment provider's notifications) is
 * kept raw for {@link FormBodies}: Vert.x's form decoder is never run on it.
 */
final class BodyLimitHandler implements Handler<RoutingContext> {
  private static final Pattern SEAT_MAP_IMPORT =
      Pattern.compile("^/admin/v1/(venues/[^/]+/seatmaps|organizers/[^/]+/contacts/import)$");

  private final BodyHandler small;
  private final BodyHandler large;
  private final long maxBytes;

  BodyLimitHandler(long maxBytes, long maxSeatMapBytes) {
    this.maxBytes = maxBytes;
    this.small = BodyHandler.create(false).setBodyLimit(maxBytes);
    this.large = BodyHandler.create(false).setBodyLimit(maxSeatMapBytes);
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (hasBody(request)) {
      String encoding = request.getHeader("content-encoding");
      if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
        rc.fail(new HttpException(415, "a request body must not be encoded (" + encoding + ")"));
        return;
      }
      String contentType = request.getHeader("content-type");
      if (contentType != null
          && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
        rc.fail(new HttpException(415, "multipart bodies are not accepted"));
        return;
      }
      if (FormBodies.isForm(contentType)) {
        if (FormBodies.takesForm(request.path())) {
          readForm(rc);
        } else {
          rc.fail(new HttpException(415, "the body must be application/json, not a form"));
        }
        return;
      }
    }
    boolean importing = SEAT_MAP_IMPORT.matcher(request.path()).matches();
    (importing ? large : small).handle(rc);
  }

  /** Whether the request says it has a body (HTTP/1.1: a length or a transfer coding). */
  static boolean hasBody(HttpServerRequest request) {
    if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
      return !request.isEnded();
    }
    String length = request.getHeader("content-length");
    return request.getHeader("transfer-encoding") != null
        || length != null && !length.trim().equals("0");
  }

  private void readForm(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String length = request.getHeader("content-length");
    if (length != null
        && (length.trim().length() > 18 || Long.parseLong(length.trim()) > maxBytes)) {
      // (the HTTP codec has already refused a Content-Length that is not a number)
      rc.fail(413);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request
        .handler(
            chunk -> {
              if (over[0]) {
                return;
              }
              if (body.length() + chunk.length() > maxBytes) {
                over[0] = true;
                rc.fail(413);
                return;
              }
              body.appendBuffer(chunk);
            })
        .endHandler(
            end -> {
              if (!over[0]) {
                rc.put(FormBodies.KEY, body);
                rc.next();
              }
            })
        .resume();
  }
}
