package io.guichet.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends Redis commands on one connection per event loop, pipelined (many commands in flight on it),
 * so a request's command and its answer stay on the request's own thread. Borrowing a pooled
 * connection for each round trip, as the pooled client does, costs more than the queue scripts
 * themselves at the rate status polls come in. Off an event loop (tests, workers) the pool is used.
 * A connection that fails or closes is dropped; the next command opens another.
 */
final class LoopRedis {
  private final Redis pool;
  private final Map<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

  LoopRedis(Redis pool) {
    this.pool = pool;
  }

  Future<Response> send(Request request) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return pool.send(request);
    }
    Thread loop = Thread.currentThread();
    Future<RedisConnection> connection = connections.computeIfAbsent(loop, this::connect);
    return connection.compose(c -> c.send(request));
  }

  private Future<RedisConnection> connect(Thread loop) {
    Future<RedisConnection> connecting = pool.connect();
    connecting
        .onSuccess(
            c ->
                c.exceptionHandler(e -> drop(loop, connecting, c))
                    .endHandler(v -> drop(loop, connecting, c)))
        .onFailure(e -> connections.remove(loop, connecting));
    return connecting;
  }

  private void drop(Thread loop, Future<RedisConnection> connecting, RedisConnection c) {
    connections.remove(loop, connecting);
    c.close();
  }
}
