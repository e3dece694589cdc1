package io.guichet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.domain.DomainException;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** PostgreSQL's failures are judged where they are raised, and no statement waits forever. */
class DeadlinePoolTest extends ServerTest {
  @Test
  void lost_connections_timeouts_full_pools_and_deadlocks_are_transient() {
    assertThat(DeadlinePool.isTransient(new PgException("deadlock", "ERROR", "40P01", null)))
        .isTrue();
    assertThat(DeadlinePool.isTransient(new PgException("terminating", "FATAL", "57P01", null)))
        .isTrue();
    assertThat(DeadlinePool.isTransient(new PgException("cancelled", "ERROR", "57014", null)))
        .isTrue();
    assertThat(DeadlinePool.isTransient(new PgException("no connection", "FATAL", "08006", null)))
        .isTrue();
    assertThat(DeadlinePool.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(DeadlinePool.isTransient(new ConnectionPoolTooBusyException("full"))).isTrue();
    assertThat(
            DeadlinePool.isTransient(
                new VertxException("wrapped", new RuntimeException(new TimeoutException()))))
        .isTrue();
  }

  @Test
  void broken_rules_and_faults_of_our_own_are_not() {
    assertThat(DeadlinePool.isTransient(new NullPointerException())).isFalse();
    assertThat(DeadlinePool.isTransient(new PgException("syntax", "ERROR", "42601", null)))
        .isFalse();
    assertThat(DeadlinePool.isTransient(new PgException("raised", "ERROR", "P0001", null)))
        .isFalse();
    assertThat(DeadlinePool.isTransient(new PgException("unique", "ERROR", "23505", null)))
        .isFalse();
    assertThat(DeadlinePool.isTransient(DomainException.invalid("x"))).isFalse();
  }

  @Test
  void a_statement_past_its_deadline_fails_as_unavailable_and_the_pool_serves_on() {
    Pool pool = TestServer.get().services().pool();
    Pool hurried = DeadlinePool.withDeadline(pool, Duration.ofMillis(300));
    Throwable failure = catchThrowable(() -> hurried.query("select pg_sleep(3)").execute().await());
    assertThat(failure).isInstanceOf(DependencyUnavailable.class);
    DependencyUnavailable unavailable = (DependencyUnavailable) failure;
    assertThat(unavailable.dependency()).isEqualTo(DependencyUnavailable.Dependency.POSTGRESQL);
    assertThat(unavailable.deadlinePassed()).isTrue();
    assertThat(pool.query("select 1").execute().await().iterator().next().getInteger(0))
        .isEqualTo(1);
  }

  @Test
  void a_broken_rule_stays_what_postgresql_said() {
    Throwable failure =
        catchThrowable(
            () -> TestServer.get().services().pool().query("select 1/0").execute().await());
    assertThat(failure).isInstanceOf(PgException.class);
    assertThat(((PgException) failure).getSqlState()).isEqualTo("22012");
  }
}
