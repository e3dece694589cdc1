package io.guichet.inventory;

import io.guichet.support.DependencyUnavailable;
import io.guichet.support.DependencyUnavailable.Dependency;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls on the grid as the rest of Guichet sees them: Hazelcast's completion stages bridged into
 * the caller's Vert.x context, each with a deadline, and the failures that go away by themselves
 * (the deadline passed, a member leaving, a partition migrating, the member shutting down) turned
 * into {@link DependencyUnavailable} here, where their kind is known.
 *
 * <p>The bridge: the obvious {@code Future.fromCompletionStage(stage, context)} lets Hazelcast run
 * the callback on the common ForkJoinPool (one thread on 2 cores): measured 24 times slower. Here
 * the callback runs on the thread that completes the stage and only completes a promise bound to
 * the context ({@code ContextInternal.promise()}, an internal API: a Vert.x upgrade that removes it
 * breaks the compilation here), which hands the result to the event loop.
 *
 * <p>The deadline bounds what the caller waits: an entry processor past it may still run (its
 * result is then dropped), so every change a caller gives up on must be one the grid's own rules
 * make harmless (holds lapse at their deadline; claims are settled from PostgreSQL).
 */
public final class Grid {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  private final long deadlineMillis;

  /**
   * Calls made so far: each is one grid operation (an entry processor, a get or a set on one key,
   * or one call on a set of keys). Read by the test that holds the hold path to its budget of round
   * trips; a counter costs a few nanoseconds beside a call's microseconds.
   */
  private final LongAdder calls = new LongAdder();

  public Grid(Duration deadline) {
    this.deadlineMillis = deadline.toMillis();
  }

  /** The stage's outcome on the caller's context, within the deadline. */
  public <T> Future<T> call(CompletionStage<T> stage) {
    calls.increment();
    Context context = Vertx.currentContext();
    Promise<T> promise =
        context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure == null) {
            promise.tryComplete(value);
          } else {
            promise.tryFail(
                failure instanceof CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : failure);
          }
        },
        Runnable::run);
    return promise
        .future()
        .timeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .recover(
            failure ->
                Future.failedFuture(
                    isTransient(failure)
                        ? new DependencyUnavailable(
                            Dependency.GRID, failure instanceof TimeoutException, failure)
                        : failure));
  }

  /** How many calls this grid has made since it was built. */
  public long calls() {
    return calls.sum();
  }

  /** Whether a grid failure goes away by itself (the caller may ask again). */
  static boolean isTransient(Throwable failure) {
    return failure instanceof TimeoutException
        || failure instanceof com.hazelcast.spi.exception.RetryableException
        || failure instanceof com.hazelcast.core.OperationTimeoutException
        || failure instanceof com.hazelcast.core.HazelcastInstanceNotActiveException
        || failure instanceof com.hazelcast.core.MemberLeftException;
  }
}
