package io.guichet.store;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SeatMap;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the grid is built from: a performance's seat map, its seats and its quotas. */
public final class InventoryStore {
  private static final String SELECT_MAP =
      "select m.id, m.layout from performance p join seat_map m on m.id = p.seat_map_id"
          + " where p.id = $1";
  private static final String SELECT_SEATS =
      "select id, section, row_label, pos, label, x, y, rank, category, blocked from seat"
          + " where seat_map_id = $1 order by ordinal";
  private static final String SELECT_QUOTAS =
      "select * from quota where performance_id = $1 order by id";

  private final Pool pool;

  public InventoryStore(Pool pool) {
    this.pool = pool;
  }

  /** The inputs of a performance's plan, read in one snapshot. */
  public record PlanInputs(UUID performanceId, SeatMap map, List<Quota> quotas) {}

  public Future<PlanInputs> planInputs(UUID performanceId) {
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
                        conn.preparedQuery(SELECT_QUOTAS)
                            .execute(Tuple.of(performanceId))
                            .map(
                                rows ->
                                    new PlanInputs(
                                        performanceId,
                                        map,
                                        CatalogueStore.list(rows, SalesSetupStore::quota)))));
  }
}
