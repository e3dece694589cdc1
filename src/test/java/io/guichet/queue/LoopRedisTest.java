package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Redis's failures are judged where they are raised. */
class LoopRedisTest {
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
  }

  @Test
  void a_script_error_is_a_fault() {
    assertThat(LoopRedis.isTransient(ErrorType.create("ERR unknown command"))).isFalse();
    assertThat(LoopRedis.isTransient(ErrorType.create("WRONGTYPE Operation"))).isFalse();
    assertThat(LoopRedis.isTransient(new IllegalStateException("bug"))).isFalse();
  }
}
