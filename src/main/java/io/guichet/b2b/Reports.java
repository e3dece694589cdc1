package io.guichet.b2b;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.SeatState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.report.Availability;
import io.guichet.domain.report.Revenue;
import io.guichet.inventory.HzInventory;
import io.guichet.store.SalesReports;
import io.guichet.store.SalesReports.Subject;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The reports of a performance, for its organizer (every performance) or for the producer of its
 * event (only the performances of the producer's events: any other is not found, exactly as an
 * unknown one). Sales come from PostgreSQL; seats held exist only in the grid, so availability
 * reads the grid's effective states (a lapsed hold is free), where sold seats always agree with
 * PostgreSQL.
 */
public final class Reports {
  /** The longest window of the sales per minute: a month of minutes. */
  public static final Duration MAX_WINDOW = Duration.ofDays(31);

  private final SalesReports store;
  private final HzInventory inventory;
  private final Clock clock;

  public Reports(SalesReports store, HzInventory inventory, Clock clock) {
    this.store = store;
    this.inventory = inventory;
    this.clock = clock;
  }

  /** Who reads: the organizer (producerId null), or a producer, who sees its own events only. */
  public record Reader(UUID producerId) {
    public static final Reader ORGANIZER = new Reader(null);
  }

  /** The performance if this reader may read its reports; else not found. */
  public Future<Subject> subject(Reader reader, UUID performanceId) {
    return store
        .subject(performanceId)
        .compose(
            s ->
                reader.producerId() == null || reader.producerId().equals(s.producerId())
                    ? Future.succeededFuture(s)
                    : Future.failedFuture(DomainException.notFound("performance", performanceId)));
  }

  public Future<Revenue> revenue(Subject s) {
    return store.revenue(s.performanceId()).map(lines -> Revenue.of(s.currency(), lines));
  }

  /** Seats by quota and category and their states now, from the grid. */
  public Future<Availability> availability(Subject s) {
    return inventory
        .open(s.performanceId())
        .compose(live -> inventory.snapshot(live).map(grid -> count(live.plan(), grid)));
  }

  private static Availability count(PerformancePlan plan, HzInventory.Snapshot grid) {
    Availability.Counter counter = new Availability.Counter();
    SeatState[] states = SeatState.values();
    for (int b = 0; b < plan.blocks().size(); b++) {
      SeatBlock block = plan.blocks().get(b);
      byte[] state = grid.blockStates()[b];
      if (state == null) {
        // a block the grid lost (a member gone) is rebuilt from PostgreSQL: ask again shortly
        throw new DependencyUnavailable(
            DependencyUnavailable.Dependency.GRID,
            false,
            new IllegalStateException("block " + b + " is missing from the grid"));
      }
      for (int i = 0; i < block.size(); i++) {
        int q = block.quota()[i];
        PerformancePlan.QuotaRule quota = q < 0 ? null : plan.quotas().get(q);
        counter.add(
            quota == null ? null : quota.id(),
            quota == null ? null : quota.name(),
            plan.categories().get(block.category()[i]),
            states[state[i]]);
      }
    }
    return counter.result();
  }

  /** The window of the sales per minute: [from, to), from the first opening to now by default. */
  public record Window(Instant from, Instant to) {}

  public Window window(Subject s, Instant from, Instant to) {
    Instant end = to != null ? to : clock.instant();
    Instant start = from != null ? from : s.opensAt() != null ? s.opensAt() : end.minus(MAX_WINDOW);
    if (!start.isBefore(end)) {
      throw DomainException.invalid("from must be before to");
    }
    if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      throw DomainException.invalid("the window is at most 31 days long");
    }
    return new Window(start, end);
  }

  public Future<List<SalesReports.Minute>> perMinute(Subject s, Window w) {
    return store.perMinute(s.performanceId(), w.from(), w.to());
  }

  public Future<SalesReports.ContactPage> contacts(Subject s, int limit, int offset) {
    return store.contacts(s.performanceId(), limit, offset);
  }

  /** Every opted-in buyer, read a chunk at a time (a performance has as many as it has seats). */
  public Future<List<SalesReports.Contact>> allContacts(Subject s) {
    return allContacts(s.performanceId(), 0, new ArrayList<>());
  }

  private static final int CHUNK = 5_000;

  private Future<List<SalesReports.Contact>> allContacts(
      UUID performanceId, long after, List<SalesReports.Contact> into) {
    return store
        .contactsAfter(performanceId, after, CHUNK)
        .compose(
            chunk -> {
              into.addAll(chunk);
              return chunk.size() < CHUNK
                  ? Future.succeededFuture(into)
                  : allContacts(performanceId, chunk.get(chunk.size() - 1).contactNumber(), into);
            });
  }
}
