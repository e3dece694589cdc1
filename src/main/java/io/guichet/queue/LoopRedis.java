package io.guichet.queue;

import io.guichet.support.DependencyUnavailable;
import io.guichet.support.DependencyUnavailable.Dependency;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends Redis commands on one connection per event loop, pipelined (many commands in flight on it),
 * so a request's command and its answer stay on the request's own thread. Borrowing a pooled
 * connection for each round trip, as the pooled client does, costs more than the queue scripts
 * themselves at the rate status polls come in. Off an event loop (tests, workers) the pool is used.
 * A connection that fails or closes is dropped; the next command opens another.
 */
final class LoopRedis {
  /**
   * Redis's answers that mean "not now": a dataset still loading after a restart, a script running
   * too long, a replica promoted or a failover under way, memory full.
   */
  private static final List<String> TRANSIENT_ERRORS =
      List.of(
          "CONNECTION_CLOSED",
          "TIMEOUT",
          "LOADING",
          "BUSY",
          "TRYAGAIN",
          "CLUSTERDOWN",
          "MASTERDOWN",
          "READONLY",
          "OOM");

  private final Redis pool;
  private final long deadlineMillis;

  /** Each event loop reads and writes only its own entry. */
  private final Map<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

  LoopRedis(Redis pool, Duration deadline) {
    this.pool = pool;
    this.deadlineMillis = deadline.toMillis();
  }

  /**
   * Sends a command; its answer within the deadline, or {@link DependencyUnavailable} when Redis
   * did not answer in time, dropped the connection or said "not now". Redis's other errors (a bug
   * in a script) stay as Redis raised them.
   */
  Future<Response> send(Request request) {
    return guard(sendNow(request));
  }

  private Future<Response> sendNow(Request request) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return pool.send(request);
    }
    Thread loop = Thread.currentThread();
    Future<RedisConnection> connection = connections.get(loop);
    if (connection == null) {
      connection = connect(loop);
    }
    return connection.compose(c -> c.send(request));
  }

  private Future<Response> guard(Future<Response> call) {
    return call.timeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .recover(
            failure ->
                Future.failedFuture(
                    isTransient(failure)
                        ? new DependencyUnavailable(
                            Dependency.REDIS, failure instanceof TimeoutException, failure)
                        : failure));
  }

  /**
   * Whether a Redis failure goes away by itself. Redis's error replies arrive as Vert.x's {@code
   * ErrorType}, an internal class (the client has no public type for them): a Vert.x upgrade that
   * moves it breaks the compilation here and LoopRedisTest.
   */
  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.net.SocketException
          || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
        return true;
      }
      if (t instanceof ErrorType error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        return TRANSIENT_ERRORS.stream().anyMatch(message::startsWith);
      }
      if (t instanceof io.vertx.core.VertxException v
          && v.getMessage() != null
          && (v.getMessage().equals("Connection was closed")
              || v.getMessage().startsWith("Connection pool reached max wait queue size"))) {
        return true; // the client's own refusals carry no type of their own
      }
    }
    return false;
  }

  /**
   * Opens this loop's connection. Not inside {@code computeIfAbsent}: once Vert.x's close has
   * closed the client, {@code connect()} hands back a future already failed, whose failure callback
   * would remove the entry from within the map's own computation of it ("Recursive update", seen at
   * shutdown under load).
   */
  private Future<RedisConnection> connect(Thread loop) {
    Promise<RedisConnection> opened = Promise.promise();
    Future<RedisConnection> connecting = opened.future();
    connections.put(loop, connecting);
    pool.connect()
        .onComplete(
            done -> {
              if (done.succeeded()) {
                RedisConnection c = done.result();
                c.exceptionHandler(e -> drop(loop, connecting, c))
                    .endHandler(v -> drop(loop, connecting, c));
              } else {
                connections.remove(loop, connecting);
              }
              opened.handle(done);
            });
    return connecting;
  }

  private void drop(Thread loop, Future<RedisConnection> connecting, RedisConnection c) {
    connections.remove(loop, connecting);
    c.close();
  }
}
