package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.PartitionMigratingException;
import io.guichet.domain.DomainException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures answer 503 (retry) rather than 500 (a fault of ours). */
class TransientFailuresTest {
  @Test
  void lost_connections_timeouts_full_pools_and_deadlocks_are_transient() {
    assertThat(Problems.isTransient(new PgException("deadlock detected", "ERROR", "40P01", null)))
        .isTrue();
    assertThat(Problems.isTransient(new PgException("terminating", "FATAL", "57P01", null)))
        .isTrue();
    assertThat(Problems.isTransient(new PgException("no connection", "FATAL", "08006", null)))
        .isTrue();
    assertThat(Problems.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(Problems.isTransient(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(Problems.isTransient(new ConnectionPoolTooBusyException("wait queue full")))
        .isTrue();
    assertThat(Problems.isTransient(new OperationTimeoutException("no answer"))).isTrue();
    assertThat(Problems.isTransient(new PartitionMigratingException("migrating"))).isTrue();
    // found anywhere in the causes
    assertThat(
            Problems.isTransient(
                new VertxException("wrapped", new RuntimeException(new TimeoutException()))))
        .isTrue();
  }

  @Test
  void faults_of_our_own_are_not() {
    assertThat(Problems.isTransient(new NullPointerException())).isFalse();
    assertThat(Problems.isTransient(new IllegalStateException("no answer for this command")))
        .isFalse();
    assertThat(Problems.isTransient(new PgException("syntax error", "ERROR", "42601", null)))
        .isFalse();
    assertThat(Problems.isTransient(new PgException("raised", "ERROR", "P0001", null))).isFalse();
    assertThat(Problems.isTransient(ErrorType.create("ERR unknown command"))).isFalse();
    assertThat(Problems.isTransient(DomainException.invalid("x"))).isFalse();
  }
}
