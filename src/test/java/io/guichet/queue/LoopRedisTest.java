package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The per-event-loop Redis connections of the waiting room; Redis's failures judged where they are
 * raised.
 */
class LoopRedisTest extends ServerTest {

  @Test
  void lost_connections_timeouts_and_a_redis_not_ready_yet_are_transient() {
    assertThat(LoopRedis.isTransient(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(LoopRedis.isTransient(ErrorType.create("LOADING Redis is loading the dataset")))
        .isTrue();
    assertThat(LoopRedis.isTransient(ErrorType.create("READONLY You can't write"))).isTrue();
    assertThat(LoopRedis.isTransient(ErrorType.create("BUSY Redis is busy running a script")))
        .isTrue();
    assertThat(LoopRedis.isTransient(new ConnectionPoolTooBusyException("full"))).isTrue();
    assertThat(LoopRedis.isTransient(new VertxException("wrapped", new TimeoutException())))
        .isTrue();
    assertThat(LoopRedis.isTransient(new java.net.SocketException("Connection reset"))).isTrue();
  }

  @Test
  void a_script_error_is_a_fault() {
    assertThat(LoopRedis.isTransient(ErrorType.create("ERR unknown command"))).isFalse();
    assertThat(LoopRedis.isTransient(ErrorType.create("WRONGTYPE Operation"))).isFalse();
    assertThat(LoopRedis.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  /**
   * At shutdown Vert.x closes the Redis client under the event loops: a loop's connection drops,
   * and the next command's connect fails at once (vertx-redis-client's closed connection manager
   * throws inside {@code connect()}'s composition, which hands back a future already failed). That
   * failure must fail the command, not throw "Recursive update" from the map's computation of the
   * loop's entry (seen at shutdown under load, in 3 SIGTERMs out of 3). A client whose connect is
   * already failed stands for the closed one: the real one gets there only in the middle of
   * Vert.x's close.
   */
  @Test
  void aConnectThatFailsAtOnceFailsTheCommandInsteadOfThrowingARecursiveUpdate() throws Exception {
    LoopRedis redis = new LoopRedis(new ClosedClient(), Duration.ofSeconds(2));
    Context loop = TestServer.get().vertx().getOrCreateContext();
    for (int i = 0; i < 3; i++) {
      Throwable failure = onLoopFailure(loop, () -> redis.send(Request.cmd(Command.PING)));
      assertThat(failure).as("the command failed").isNotNull();
      assertThat(failure.getMessage()).isEqualTo("Closed");
    }
  }

  /** A Redis client after its close: every connect is failed before it returns. */
  private static final class ClosedClient implements Redis {
    @Override
    public Future<RedisConnection> connect() {
      return Future.failedFuture(new IllegalStateException("Closed"));
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Response> send(Request command) {
      return Future.failedFuture(new IllegalStateException("Closed"));
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
      return Future.failedFuture(new IllegalStateException("Closed"));
    }
  }

  /** Runs a command on an event loop; answers how it failed, thrown or as its future's failure. */
  private static Throwable onLoopFailure(Context loop, Supplier<Future<Response>> command)
      throws Exception {
    Promise<Throwable> failure = Promise.promise();
    loop.runOnContext(
        v -> {
          try {
            command.get().onComplete(done -> failure.complete(done.cause()));
          } catch (RuntimeException thrown) {
            failure.complete(thrown);
          }
        });
    return failure.future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void commandsOnAnEventLoopShareThatLoopsConnection() throws Exception {
    Vertx vertx = TestServer.get().vertx();
    LoopRedis redis = new LoopRedis(TestServer.get().services().redis(), Duration.ofSeconds(2));
    Context loop = vertx.getOrCreateContext();
    Promise<String> pong = Promise.promise();
    loop.runOnContext(
        v ->
            Future.all(redis.send(Request.cmd(Command.PING)), redis.send(Request.cmd(Command.PING)))
                .map(all -> all.<Response>resultAt(1).toString())
                .onComplete(pong));
    assertThat(pong.future().await(10, TimeUnit.SECONDS)).isEqualTo("PONG");
  }
}
