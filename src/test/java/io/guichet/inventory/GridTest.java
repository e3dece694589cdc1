package io.guichet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.PartitionMigratingException;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Calls on the grid have a deadline, and its failures are judged where they are raised. */
class GridTest {
  @Test
  void a_grid_call_that_never_completes_fails_as_unavailable_at_its_deadline() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Grid grid = new Grid(Duration.ofMillis(200));
      Promise<Throwable> failed = Promise.promise();
      vertx.runOnContext(
          v ->
              grid.call(new CompletableFuture<String>())
                  .onComplete(r -> failed.complete(r.failed() ? r.cause() : null)));
      Throwable failure = failed.future().await();
      assertThat(failure).isInstanceOf(DependencyUnavailable.class);
      assertThat(((DependencyUnavailable) failure).dependency())
          .isEqualTo(DependencyUnavailable.Dependency.GRID);
      assertThat(((DependencyUnavailable) failure).deadlinePassed()).isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void an_answer_in_time_is_the_answer_and_a_fault_stays_a_fault() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Grid grid = new Grid(Duration.ofSeconds(5));
      Promise<Future<String>> answered = Promise.promise();
      vertx.runOnContext(
          v -> {
            Future<String> ok = grid.call(CompletableFuture.completedFuture("held"));
            Future<String> fault =
                grid.call(CompletableFuture.failedFuture(new IllegalStateException("bug")));
            Future.join(ok, fault).onComplete(r -> answered.complete(fault));
            ok.onSuccess(value -> assertThat(value).isEqualTo("held"));
          });
      Future<String> fault = answered.future().await();
      assertThat(fault.cause()).isInstanceOf(IllegalStateException.class);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void members_leaving_migrations_timeouts_and_shutdowns_are_transient() {
    assertThat(Grid.isTransient(new OperationTimeoutException("no answer"))).isTrue();
    assertThat(Grid.isTransient(new PartitionMigratingException("migrating"))).isTrue();
    assertThat(Grid.isTransient(new MemberLeftException("gone"))).isTrue();
    assertThat(Grid.isTransient(new HazelcastInstanceNotActiveException())).isTrue();
    assertThat(Grid.isTransient(new IllegalStateException("bug"))).isFalse();
  }
}
