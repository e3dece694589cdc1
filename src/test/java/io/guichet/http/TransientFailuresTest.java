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
    assertThat(Problems.transient_(new PgException("deadlock detected", "ERROR", "40P01", null)))
        .isTrue();
    assertThat(Problems.transient_(new PgException("terminating", "FATAL", "57P01", null)))
        .isTrue();
    assertThat(Problems.transient_(new PgException("no connection", "FATAL", "08006", null)))
        .isTrue();
    assertThat(Problems.transient_(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(Problems.transient_(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(Problems.transient_(new ConnectionPoolTooBusyException("wait queue full"))).isTrue();
    assertThat(Problems.transient_(new OperationTimeoutException("no answer"))).isTrue();
    assertThat(Problems.transient_(new PartitionMigratingException("migrating"))).isTrue();
    // found anywhere in the causes
    assertThat(
            Problems.transient_(
                new VertxException("wrapped", new RuntimeException(new TimeoutException()))))
        .isTrue();
  }

  @Test
  void faults_of_our_own_are_not() {
    assertThat(Problems.transient_(new NullPointerException())).isFalse();
    assertThat(Problems.transient_(new IllegalStateException("no answer for this command")))
        .isFalse();
    assertThat(Problems.transient_(new PgException("syntax error", "ERROR", "42601", null)))
        .isFalse();
    assertThat(Problems.transient_(new PgException("raised", "ERROR", "P0001", null))).isFalse();
    assertThat(Problems.transient_(ErrorType.create("ERR unknown command"))).isFalse();
    assertThat(Problems.transient_(DomainException.invalid("x"))).isFalse();
  }
}
