package io.guichet.queue;

import io.guichet.domain.queue.AdmittedSoFar;
import io.guichet.domain.queue.OnSale;
import io.guichet.store.AdmissionStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable side of the waiting room: what lets a queue heal in order when Redis loses its data
 * (a flushed or replaced Redis, a failover that loses its last writes).
 *
 * <ul>
 *   <li>Every admitting tick is recorded in PostgreSQL (its highest place and the end of the
 *       accesses it gave) before its visitors may be given their access tokens, so no loss gives an
 *       access twice.
 *   <li>A queue Redis does not have is set up again from those records: its head (places at or
 *       below it were admitted: they never come back ahead of those still waiting) and its count of
 *       admissions; admission pauses for {@link #HEAL_MILLIS} while the waiting visitors' polls put
 *       them back at the places their tickets name.
 *   <li>A visitor lost after their place was admitted gets their access back until its recorded
 *       end, with the same token.
 * </ul>
 */
public final class Admissions {
  private static final Logger LOG = LoggerFactory.getLogger(Admissions.class);

  /**
   * How long admission pauses after a queue is set up again. The shop is told to poll every {@code
   * pollAfterSeconds}: 2 s near the front, a tenth of the estimated wait further back. So within 5
   * s everyone who would be admitted in the next minute has polled again and is back at their place
   * (with a margin for a late poll) before anyone is admitted, and those further back are back long
   * before the head reaches them.
   */
  public static final long HEAL_MILLIS = 5_000;

  private final AdmissionStore store;
  private final RedisQueue queue;
  private final Clock clock;

  public Admissions(AdmissionStore store, RedisQueue queue, Clock clock) {
    this.store = store;
    this.queue = queue;
    this.clock = clock;
  }

  /** A new on-sale's settings, with an empty queue. */
  public Future<Void> created(OnSale s) {
    return queue.configure(s, RedisQueue.Setup.NEW, AdmittedSoFar.NONE, 0).mapEmpty();
  }

  /**
   * Copies an on-sale's settings to Redis; a queue Redis does not have is set up again from
   * PostgreSQL.
   */
  public Future<Void> copySettings(OnSale s) {
    return queue
        .configure(s)
        .compose(outcome -> "lost".equals(outcome) ? restore(s) : Future.succeededFuture());
  }

  private Future<Void> restore(OnSale s) {
    return store
        .durable(s.id())
        .compose(
            kept ->
                queue
                    .configure(s, RedisQueue.Setup.RESTORE, kept, clock.millis() + HEAL_MILLIS)
                    .onSuccess(
                        outcome -> {
                          if ("restored".equals(outcome)) {
                            LOG.warn(
                                "the queue of on-sale {} was not in Redis: set up again from"
                                    + " PostgreSQL ({} admitted, up to place {}); admission"
                                    + " resumes in {} ms, while the waiting visitors' polls put"
                                    + " them back at their places",
                                s.id(),
                                kept.count(),
                                kept.head(),
                                HEAL_MILLIS);
                          }
                        }))
        .mapEmpty();
  }

  /**
   * Records a tick's admissions in PostgreSQL; {@link #confirm} then lets their visitors be given
   * their tokens.
   */
  public Future<Void> record(UUID onSale, long head, long accessEnds, int admitted) {
    return store.record(onSale, head, accessEnds, admitted);
  }

  /**
   * Marks the admissions up to {@code head} recorded: their visitors may be given their tokens
   * (also again, since a failover may have lost the mark).
   */
  public Future<Void> confirm(UUID onSale, long head) {
    return queue.confirm(onSale, head).mapEmpty();
  }

  /**
   * A visitor the queue lost after their place was admitted (before the loss): their access comes
   * back until the end PostgreSQL recorded for it, if that end has not passed.
   *
   * @return the end of the access that came back, or empty (it ended: the visitor is marked so)
   */
  public Future<Optional<Long>> recall(UUID onSale, String visitor, long place) {
    return store
        .accessEnd(onSale, place)
        .compose(
            end -> {
              long ends = end.orElse(0L);
              return queue
                  .recall(onSale, visitor, ends, clock.millis())
                  .map(back -> back ? Optional.of(ends) : Optional.<Long>empty());
            });
  }
}
