package io.guichet.inventory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grid changes that must happen and whose call failed: the sale of seats PostgreSQL has already
 * sold, the release of seats a buyer gave up. Each is idempotent, and is retried on this node with
 * a growing delay (0.1 s, doubling, at most {@link #MAX_DELAY_MS}) until it succeeds or no longer
 * matters (a release past its hold's deadline: the seats are free anyway). Nothing here is only
 * logged: a change is done, or still being retried, or given up when it became moot.
 *
 * <p>Should this node die with changes still pending, what they were for is repaired elsewhere:
 * released seats lapse at their hold's deadline; sold seats are sold again by the other members
 * when they see this one leave, and from PostgreSQL whenever the grid is rebuilt.
 */
public final class GridRepairs {
  static final long FIRST_DELAY_MS = 100;
  static final long MAX_DELAY_MS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(GridRepairs.class);

  private final Vertx vertx;
  private final Clock clock;
  private final AtomicInteger pending = new AtomicInteger();

  public GridRepairs(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  /**
   * Runs {@code change} now; if it fails, keeps running it until it succeeds or {@code moot}
   * passes. Answers once the change is done or in the repairs' hands (never a failure): the caller
   * may go on, the change will happen.
   */
  public Future<Void> untilDone(String what, Supplier<Future<?>> change, Instant moot) {
    return change
        .get()
        .<Void>mapEmpty()
        .recover(
            failure -> {
              LOG.warn("grid change failed, retrying until done: {}: {}", what, failure.toString());
              pending.incrementAndGet();
              vertx.setTimer(FIRST_DELAY_MS, id -> retry(what, change, moot, FIRST_DELAY_MS, 1));
              return Future.succeededFuture();
            });
  }

  /** Changes still being retried on this node. */
  public int pending() {
    return pending.get();
  }

  private void retry(String what, Supplier<Future<?>> change, Instant moot, long delay, int n) {
    if (clock.instant().isAfter(moot)) {
      pending.decrementAndGet();
      LOG.info("grid change no longer needed after {} attempts: {}", n, what);
      return;
    }
    change
        .get()
        .onComplete(
            done -> {
              if (done.succeeded()) {
                pending.decrementAndGet();
                LOG.info("grid change done after {} attempts: {}", n + 1, what);
              } else {
                long next = Math.min(MAX_DELAY_MS, delay * 2);
                vertx.setTimer(next, id -> retry(what, change, moot, next, n + 1));
              }
            });
  }
}
