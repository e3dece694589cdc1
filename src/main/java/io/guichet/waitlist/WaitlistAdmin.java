package io.guichet.waitlist;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistSettings;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.inventory.WaitlistGrid;
import io.guichet.store.SalesSetupStore;
import io.guichet.store.WaitlistReports;
import io.guichet.store.WaitlistStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The organizer's side of the waiting list: its settings per performance (open or closed, offers
 * paused, the offers' deadline, the fairness bounds), its figures, its entries (a page, or all as
 * CSV), and seats sent to it (a quota released, blocked seats opened).
 */
public final class WaitlistAdmin {
  private final WaitlistStore store;
  private final WaitlistReports reports;
  private final SalesSetupStore sales;
  private final HzInventory inventory;
  private final WaitlistGrid lists;
  private final WaitlistService service;
  private final Clock clock;

  public WaitlistAdmin(
      WaitlistStore store,
      WaitlistReports reports,
      SalesSetupStore sales,
      HzInventory inventory,
      WaitlistGrid lists,
      WaitlistService service,
      Clock clock) {
    this.store = store;
    this.reports = reports;
    this.sales = sales;
    this.inventory = inventory;
    this.lists = lists;
    this.service = service;
    this.clock = clock;
  }

  /** The list's settings and figures. */
  public record Overview(WaitlistSettings settings, WaitlistReports.Figures figures) {}

  public Future<Overview> overview(UUID performanceId) {
    return known(performanceId)
        .compose(
            v ->
                Future.all(store.settings(performanceId), reports.figures(performanceId))
                    .map(
                        all ->
                            new Overview(
                                all.resultAt(0), (WaitlistReports.Figures) all.resultAt(1))));
  }

  /** Settings to change: each null member stays as it is. */
  public record SettingsChange(
      Boolean enabled,
      Boolean paused,
      Integer offerSeconds,
      Integer maxPasses,
      Integer patienceSeconds) {}

  public Future<Overview> change(UUID performanceId, SettingsChange c) {
    return known(performanceId)
        .compose(v -> store.settings(performanceId))
        .compose(
            s ->
                store.saveSettings(
                    new WaitlistSettings(
                        performanceId,
                        c.enabled() != null ? c.enabled() : s.enabled(),
                        c.paused() != null ? c.paused() : s.paused(),
                        c.offerSeconds() != null ? c.offerSeconds() : s.offerSeconds(),
                        c.maxPasses() != null ? c.maxPasses() : s.maxPasses(),
                        c.patienceSeconds() != null ? c.patienceSeconds() : s.patienceSeconds()),
                    now()))
        .compose(
            saved -> {
              service.settingsChanged(performanceId);
              return overview(performanceId);
            });
  }

  /** A page of entries in sign-up order (of one status, or all). */
  public Future<WaitlistReports.Page> entries(
      UUID performanceId, String status, int page, int size) {
    return known(performanceId).compose(v -> reports.entries(performanceId, status, page, size));
  }

  /** Every entry, in sign-up order, by chunks (for the CSV export). */
  public Future<List<WaitlistEntry>> chunk(UUID performanceId, long afterSeq, int limit) {
    return reports.chunk(performanceId, afterSeq, limit);
  }

  public Future<Void> known(UUID performanceId) {
    return inventory.open(performanceId).mapEmpty();
  }

  /** What was sent to the list: the seats (their ids). */
  public record Released(List<String> seatIds, int changed) {}

  /**
   * Sends seats to the list: the seats of a quota, or named seats that are blocked or in a quota.
   * Recorded in PostgreSQL first (every node's plan and any rebuild of the grid see it), then done
   * in the grid. Seats held or sold stay so; they come back to the list when their hold or order
   * ends.
   */
  public Future<Released> release(UUID performanceId, UUID quotaId, List<String> seatIds) {
    if ((quotaId == null) == (seatIds == null || seatIds.isEmpty())) {
      return Future.failedFuture(DomainException.invalid("name either a quota or seats"));
    }
    return inventory
        .open(performanceId)
        .compose(
            live ->
                (quotaId != null ? quotaSeats(live, quotaId) : namedSeats(live, seatIds))
                    .compose(
                        seats ->
                            store
                                .recordReleases(performanceId, seats, now())
                                .compose(v -> lists.releaseToList(live, seats))
                                .map(changed -> new Released(seats, changed))));
  }

  private Future<List<String>> quotaSeats(LivePerformance live, UUID quotaId) {
    return sales
        .quotas(live.plan().performanceId())
        .map(
            quotas -> {
              int index = -1;
              for (int q = 0; q < live.plan().quotas().size(); q++) {
                if (live.plan().quotas().get(q).id().equals(quotaId)) {
                  index = q;
                }
              }
              Quota quota =
                  quotas.stream().filter(q -> q.id().equals(quotaId)).findFirst().orElse(null);
              if (quota == null || index < 0) {
                throw DomainException.notFound("quota", quotaId);
              }
              List<String> seats = new ArrayList<>();
              for (SeatBlock b : live.plan().blocks()) {
                for (int i = 0; i < b.size(); i++) {
                  if (b.quota()[i] == index) {
                    seats.add(b.ids()[i]);
                  }
                }
              }
              if (seats.isEmpty()) {
                throw DomainException.invalid(
                    "quota " + quota.name() + " has no numbered seats to send to the list");
              }
              return seats;
            });
  }

  private Future<List<String>> namedSeats(LivePerformance live, List<String> seatIds) {
    Set<String> distinct = new LinkedHashSet<>(seatIds);
    PerformancePlan plan = live.plan();
    for (String id : distinct) {
      PerformancePlan.SeatAddress a = plan.seats().get(id);
      if (a == null) {
        return Future.failedFuture(
            DomainException.invalid("seat " + id + " is not on this performance's seat map"));
      }
      boolean blocked = false;
      for (int i : plan.blocked().get(a.block())) {
        blocked |= i == a.index();
      }
      if (!blocked && plan.blocks().get(a.block()).quota()[a.index()] < 0) {
        return Future.failedFuture(
            DomainException.invalid(
                "seat " + id + " is neither blocked nor in a quota: it is on sale already"));
      }
    }
    return Future.succeededFuture(List.copyOf(distinct));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
