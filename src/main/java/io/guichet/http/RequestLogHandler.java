package io.guichet.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every request: gives it an id (the caller's {@code X-Request-Id} when it is
 * sane, else a new one), echoes it in the response, and writes one access-log line at the end.
 */
final class RequestLogHandler implements Handler<RoutingContext> {
  private static final Logger ACCESS = LoggerFactory.getLogger("guichet.access");

  @Override
  public void handle(RoutingContext rc) {
    String id = RequestIds.accept(rc.request().getHeader(RequestIds.HEADER));
    RequestIds.LOCAL.put(Vertx.currentContext(), id);
    rc.response().putHeader(RequestIds.HEADER, id);
    long start = System.nanoTime();
    rc.addEndHandler(
        done ->
            ACCESS.info(
                "{} {} {}",
                kv("method", rc.request().method().name()),
                kv("path", rc.request().path()),
                kv("status", rc.response().getStatusCode()),
                kv("durationMs", (System.nanoTime() - start) / 1_000_000.0),
                kv("bytes", rc.response().bytesWritten())));
    rc.next();
  }
}
