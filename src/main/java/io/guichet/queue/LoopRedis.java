package io.guichet.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends Redis commands on one connection per event loop, pipelined (many commands in flight on it),
 * so a request's command and its answer stay on the request's own thread. Borrowing a pooled
 * connection for each round trip, as the pooled client does, costs more than the queue scripts
 * themselves at the rate status polls come in. Off an event loop (tests, workers) the pool is used.
 * A connection that fails or closes is dropped; the next command opens another. Every command has a
 * deadline: a Redis that does not answer fails the call with a timeout rather than keeping a
 * visitor's request forever.
 */
final class LoopRedis {
  /** A queue script answers in well under a millisecond; two seconds means Redis is in trouble. */
  static final long DEADLINE_MS = 2_000;

  private final Redis pool;

  /** Each event loop reads and writes only its own entry. */
  private final Map<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

  LoopRedis(Redis pool) {
    this.pool = pool;
  }

  Future<Response> send(Request request) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return pool.send(request).timeout(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
    Thread loop = Thread.currentThread();
    Future<RedisConnection> connection = connections.get(loop);
    if (connection == null) {
      connection = connect(loop);
    }
    return connection.compose(c -> c.send(request)).timeout(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens this loop's connection. Not inside {@code computeIfAbsent}: a connect that fails at once
   * (a client closing at shutdown) runs its failure callback before returning, and removing the
   * entry from within the map's own computation of it is a "Recursive update".
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
