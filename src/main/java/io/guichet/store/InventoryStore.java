package io.guichet.store;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SeatMap;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the grid is built from: a performance's seat map, its seats and its quotas. */
public final class InventoryStore {
  private static final String SELECT_MAP =
      "select m.id, m.layout from performance p join seat_map m on m.id = p.seat_map_id"
          + " where p.id = $1";
  private static final String SELECT_SEATS =
      "select id, section, row_label, pos, label, x, y, rank, category, blocked from seat"
          + " where seat_map_id = $1 order by ordinal";

  /**
   * Marks the performance opened, taking its row lock: a quota being added commits before (and is
   * in the plan) or is refused after.
   */
  private static final String MARK_OPENED =
      "update performance set opened_at = coalesce(opened_at, $2) where id = $1";

  private static final String SELECT_QUOTAS =
      "select * from quota where performance_id = $1 order by id";

  private static final String SELECT_RELEASED =
      "select seat_id from waitlist_release where performance_id = $1";

  private static final String SELECT_SOLD =
      "select seat_id, null::int as ga_area from ticket where performance_id = $1"
          + " and status = 'LIVE' and seat_id is not null"
          + " union all select null, area from ga_sales, generate_series(1, sold)"
          + " where performance_id = $1";
  private static final String SELECT_HELD =
      "select l.seat_id, l.ga_area, l.hold_id, o.expires_at from order_line l"
          + " join orders o on o.id = l.order_id where l.performance_id = $1"
          + " and o.status = 'PENDING_PAYMENT' and o.expires_at > $2"
          // the seats of the waiting list's open offers, held for their buyers until the deadline
          + " union all select x, null, hold_id, expires_at from waitlist_offer,"
          + " unnest(seat_ids) as x where performance_id = $1 and status = 'OPEN'"
          + " and expires_at > $2"
          + " union all select null, ga_area, hold_id, expires_at from waitlist_offer,"
          + " generate_series(1, places) where performance_id = $1 and status = 'OPEN'"
          + " and expires_at > $2 and ga_area is not null";

  private final Pool pool;

  public InventoryStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The inputs of a performance's plan, read in one snapshot.
   *
   * @param released seats sent to the waiting list (out of their quota, not blocked)
   */
  public record PlanInputs(
      UUID performanceId, SeatMap map, List<Quota> quotas, java.util.Set<String> released) {}

  /** A seat (or places in a standing area) held for an order waiting for its payment. */
  public record HeldLine(String seatId, Integer gaArea, int places, long holdId, long deadline) {}

  /**
   * What PostgreSQL says of a performance's sales: seats of live tickets, places sold per standing
   * area, and what orders waiting for their payment and open offers of the waiting list hold until
   * their deadline.
   */
  public record SaleState(
      List<String> soldSeats, Map<Integer, Integer> gaSold, List<HeldLine> held) {
    public static final SaleState NONE = new SaleState(List.of(), Map.of(), List.of());
  }

  public Future<SaleState> saleState(UUID performanceId, Instant now) {
    Future<SaleState> sold =
        pool.preparedQuery(SELECT_SOLD)
            .execute(Tuple.of(performanceId))
            .map(
                rows -> {
                  List<String> seats = new ArrayList<>();
                  Map<Integer, Integer> places = new HashMap<>();
                  rows.forEach(
                      r -> {
                        if (r.getString("seat_id") != null) {
                          seats.add(r.getString("seat_id"));
                        } else {
                          places.merge(r.getInteger("ga_area"), 1, Integer::sum);
                        }
                      });
                  return new SaleState(seats, places, List.of());
                });
    Future<List<HeldLine>> held =
        pool.preparedQuery(SELECT_HELD)
            .execute(Tuple.of(performanceId, Db.timestamp(now)))
            .map(
                rows -> {
                  Map<List<Object>, HeldLine> byHold = new LinkedHashMap<>();
                  rows.forEach(
                      r -> {
                        long deadline = Db.instant(r, "expires_at").toEpochMilli();
                        String seat = r.getString("seat_id");
                        if (seat != null) {
                          byHold.put(
                              List.of(seat),
                              new HeldLine(seat, null, 1, r.getLong("hold_id"), deadline));
                        } else {
                          byHold.merge(
                              List.of(r.getInteger("ga_area"), r.getLong("hold_id")),
                              new HeldLine(
                                  null, r.getInteger("ga_area"), 1, r.getLong("hold_id"), deadline),
                              (x, y) ->
                                  new HeldLine(
                                      null, x.gaArea(), x.places() + 1, x.holdId(), x.deadline()));
                        }
                      });
                  return new ArrayList<>(byHold.values());
                });
    return Future.all(sold, held)
        .map(
            all -> new SaleState(sold.result().soldSeats(), sold.result().gaSold(), held.result()));
  }

  /**
   * The inputs of a performance's plan, read in one transaction that marks the performance opened
   * (at {@code now}, the first time): from then on its quotas no longer change.
   */
  public Future<PlanInputs> planInputs(UUID performanceId, Instant now) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(SELECT_MAP)
                .execute(Tuple.of(performanceId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            DomainException.notFound("performance", performanceId));
                      }
                      Row row = rows.iterator().next();
                      SeatMap layout = SeatMapLayout.fromJson((JsonObject) row.getValue("layout"));
                      UUID mapId = row.getUUID("id");
                      return conn.preparedQuery(SELECT_SEATS)
                          .execute(Tuple.of(mapId))
                          .map(
                              seats -> {
                                List<SeatMap.Seat> list = new ArrayList<>(seats.size());
                                seats.forEach(
                                    r ->
                                        list.add(
                                            new SeatMap.Seat(
                                                r.getString("id"),
                                                r.getString("section"),
                                                r.getString("row_label"),
                                                r.getInteger("pos"),
                                                r.getString("label"),
                                                r.getDouble("x"),
                                                r.getDouble("y"),
                                                r.getInteger("rank"),
                                                r.getString("category"),
                                                r.getBoolean("blocked"))));
                                return new SeatMap(
                                    layout.name(), layout.categories(), layout.sections(), list);
                              });
                    })
                .compose(
                    map ->
                        conn.preparedQuery(MARK_OPENED)
                            .execute(Tuple.of(performanceId, Db.timestamp(now)))
                            .map(map))
                .compose(
                    map ->
                        conn.preparedQuery(SELECT_QUOTAS)
                            .execute(Tuple.of(performanceId))
                            .compose(
                                quotas ->
                                    conn.preparedQuery(SELECT_RELEASED)
                                        .execute(Tuple.of(performanceId))
                                        .map(
                                            released -> {
                                              java.util.Set<String> seats =
                                                  new java.util.HashSet<>();
                                              released.forEach(r -> seats.add(r.getString(0)));
                                              return new PlanInputs(
                                                  performanceId,
                                                  map,
                                                  CatalogueStore.list(
                                                      quotas, SalesSetupStore::quota),
                                                  seats);
                                            }))));
  }
}
