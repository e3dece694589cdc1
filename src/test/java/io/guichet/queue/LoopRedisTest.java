package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-event-loop Redis connections of the waiting room. */
class LoopRedisTest extends ServerTest {

  @Test
  void aClientClosedUnderAnEventLoopFailsItsCommandsInsteadOfThrowingARecursiveUpdate()
      throws Exception {
    Vertx vertx = TestServer.get().vertx();
    Redis closed = Redis.createClient(vertx, "redis://127.0.0.1:1");
    closed.close().await();
    LoopRedis redis = new LoopRedis(closed);
    Context loop = vertx.getOrCreateContext();
    Promise<Future<Response>> sent = Promise.promise();
    loop.runOnContext(
        v -> {
          try {
            sent.complete(redis.send(Request.cmd(Command.PING)));
          } catch (RuntimeException thrown) {
            sent.fail(thrown);
          }
        });
    Future<Response> reply = sent.future().await(10, TimeUnit.SECONDS);
    assertThat(sent.future().succeeded()).as("send returned a future, did not throw").isTrue();
    Throwable failure =
        reply.transform(Future::succeededFuture).await(10, TimeUnit.SECONDS).cause();
    assertThat(failure).as("the command failed").isNotNull();
    assertThat(failure.getMessage()).doesNotContain("Recursive update");
  }

  @Test
  void commandsOnAnEventLoopShareThatLoopsConnection() throws Exception {
    Vertx vertx = TestServer.get().vertx();
    LoopRedis redis = new LoopRedis(TestServer.get().services().redis());
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
