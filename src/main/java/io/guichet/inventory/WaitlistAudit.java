package io.guichet.inventory;

import io.guichet.domain.inventory.PerformancePlan;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The waiting list's part of a performance's audit: no seat in two open offers, no open offer to an
 * entry that left (or is not OFFERED), no entry with two open offers, no seat of an open offer
 * sold, and the seats of every open offer held in the grid by the offer's own hold until its
 * deadline (so nobody outside the list can have them). Read from PostgreSQL and the grid.
 */
final class WaitlistAudit {
  private static final String SEAT_TWICE =
      "select x as seat_id, count(*) as n from waitlist_offer, unnest(seat_ids) as x"
          + " where performance_id = $1 and status = 'OPEN' group by x having count(*) > 1";
  private static final String NOT_OFFERED =
      "select o.id, e.status from waitlist_offer o join waitlist_entry e on e.id = o.entry_id"
          + " where o.performance_id = $1 and o.status = 'OPEN' and e.status <> 'OFFERED'";
  private static final String TWO_OFFERS =
      "select entry_id, count(*) as n from waitlist_offer where performance_id = $1"
          + " and status = 'OPEN' group by entry_id having count(*) > 1";
  private static final String SOLD =
      "select x as seat_id from waitlist_offer, unnest(seat_ids) as x where performance_id = $1"
          + " and status = 'OPEN' and exists (select 1 from ticket t where t.performance_id = $1"
          + " and t.seat_id = x and t.status = 'LIVE')";
  private static final String OPEN =
      "select id, hold_id, seat_ids, expires_at from waitlist_offer where performance_id = $1"
          + " and status = 'OPEN' and expires_at > $2";
  private static final String COUNTS =
      "select (select count(*) from waitlist_entry where performance_id = $1"
          + " and status = 'WAITING') as waiting,"
          + " (select count(*) from waitlist_offer where performance_id = $1"
          + " and status = 'OPEN') as open_offers";

  private final HzInventory inventory;
  private final Pool pool;

  WaitlistAudit(HzInventory inventory, Pool pool) {
    this.inventory = inventory;
    this.pool = pool;
  }

  /** The list's figures and its violations (kind, detail). */
  record Report(JsonObject figures, List<JsonObject> violations) {}

  Future<Report> audit(LivePerformance live, java.time.Instant now) {
    UUID id = live.plan().performanceId();
    Future<List<Row>> twice = rows(SEAT_TWICE, Tuple.of(id));
    Future<List<Row>> notOffered = rows(NOT_OFFERED, Tuple.of(id));
    Future<List<Row>> two = rows(TWO_OFFERS, Tuple.of(id));
    Future<List<Row>> sold = rows(SOLD, Tuple.of(id));
    Future<List<Row>> open = rows(OPEN, Tuple.of(id, now.atOffset(java.time.ZoneOffset.UTC)));
    Future<List<Row>> counts = rows(COUNTS, Tuple.of(id));
    return Future.all(List.of(twice, notOffered, two, sold, open, counts))
        .compose(
            v ->
                open.result().isEmpty()
                    ? Future.succeededFuture(new long[0][])
                    : inventory.holders(live))
        .map(
            holders -> {
              List<JsonObject> violations = new ArrayList<>();
              twice
                  .result()
                  .forEach(
                      r ->
                          violations.add(
                              v(
                                  "waitlist-seat-in-two-offers",
                                  r.getString("seat_id")
                                      + " is in "
                                      + r.getLong("n")
                                      + " open offers")));
              notOffered
                  .result()
                  .forEach(
                      r ->
                          violations.add(
                              v(
                                  "waitlist-offer-to-entry-not-offered",
                                  "offer "
                                      + r.getUUID("id")
                                      + " is open for an entry "
                                      + r.getString("status"))));
              two.result()
                  .forEach(
                      r ->
                          violations.add(
                              v(
                                  "waitlist-two-open-offers",
                                  "entry "
                                      + r.getUUID("entry_id")
                                      + " has "
                                      + r.getLong("n")
                                      + " open offers")));
              sold.result()
                  .forEach(
                      r ->
                          violations.add(
                              v(
                                  "waitlist-offered-seat-sold",
                                  r.getString("seat_id") + " is in an open offer and sold")));
              PerformancePlan plan = live.plan();
              for (Row r : open.result()) {
                long hold = r.getLong("hold_id");
                for (String seat : r.getArrayOfStrings("seat_ids")) {
                  PerformancePlan.SeatAddress a = plan.seats().get(seat);
                  long[] block = a == null ? null : holders[a.block()];
                  if (block == null || block[a.index()] != hold) {
                    violations.add(
                        v(
                            "waitlist-offered-seat-not-held",
                            seat
                                + " of offer "
                                + r.getUUID("id")
                                + " is not held for it in the grid"));
                  }
                }
              }
              Row c = counts.result().get(0);
              JsonObject figures =
                  new JsonObject()
                      .put("waiting", c.getLong("waiting"))
                      .put("openOffers", c.getLong("open_offers"));
              return new Report(figures, violations);
            });
  }

  private static JsonObject v(String kind, String detail) {
    return new JsonObject().put("kind", kind).put("detail", detail);
  }

  private Future<List<Row>> rows(String sql, Tuple args) {
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            });
  }

  static JsonArray merge(JsonArray into, List<JsonObject> more) {
    more.forEach(into::add);
    return into;
  }
}
