package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.guichet.domain.queue.OnSale;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The settings of on-sales' waiting rooms (the queues themselves live in Redis). */
public final class OnSaleStore {
  private static final String SELECT =
      "select o.*, array(select performance_id from onsale_performance p where p.onsale_id = o.id"
          + " order by performance_id) as performance_ids from onsale o";
  private static final String COUNT_PERFORMANCES_OF_ORGANIZER =
      "select count(*) from performance p join event e on e.id = p.event_id"
          + " where e.organizer_id = $1 and p.id = any($2)";
  private static final String INSERT =
      "insert into onsale (id, organizer_id, name, queue_opens_at, sale_starts_at,"
          + " admission_per_minute, max_active_shoppers, access_token_seconds, enabled,"
          + " created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)";
  private static final String INSERT_PERFORMANCE =
      "insert into onsale_performance (onsale_id, performance_id) values ($1, $2)";
  private static final String UPDATE =
      "update onsale set queue_opens_at = $2, sale_starts_at = $3, admission_per_minute = $4,"
          + " max_active_shoppers = $5, access_token_seconds = $6, enabled = $7, updated_at = $8"
          + " where id = $1";

  private final Pool pool;

  public OnSaleStore(Pool pool) {
    this.pool = pool;
  }

  public Future<OnSale> create(OnSale s, Instant now) {
    UUID[] performances = s.performanceIds().toArray(UUID[]::new);
    return translate(
        pool.withTransaction(
            conn ->
                conn.preparedQuery(COUNT_PERFORMANCES_OF_ORGANIZER)
                    .execute(Tuple.of(s.organizerId(), (Object) performances))
                    .compose(
                        rows -> {
                          if (rows.iterator().next().getLong(0) != performances.length) {
                            return Future.failedFuture(
                                DomainException.invalid(
                                    "every performance must exist and belong to the organizer"));
                          }
                          return conn.preparedQuery(INSERT)
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        s.id(),
                                        s.organizerId(),
                                        s.name(),
                                        timestamp(s.queueOpensAt()),
                                        timestamp(s.saleStartsAt()),
                                        s.admissionPerMinute(),
                                        s.maxActiveShoppers(),
                                        s.accessTokenSeconds(),
                                        s.enabled(),
                                        timestamp(now)
                                      }));
                        })
                    .compose(
                        v -> {
                          List<Tuple> batch = new ArrayList<>();
                          s.performanceIds().forEach(p -> batch.add(Tuple.of(s.id(), p)));
                          return conn.preparedQuery(INSERT_PERFORMANCE).executeBatch(batch);
                        })
                    .map(s)),
        "an on-sale for one of these performances");
  }

  public Future<OnSale> update(OnSale s, Instant now) {
    return pool.preparedQuery(UPDATE)
        .execute(
            Tuple.from(
                new Object[] {
                  s.id(),
                  timestamp(s.queueOpensAt()),
                  timestamp(s.saleStartsAt()),
                  s.admissionPerMinute(),
                  s.maxActiveShoppers(),
                  s.accessTokenSeconds(),
                  s.enabled(),
                  timestamp(now)
                }))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.failedFuture(DomainException.notFound("on-sale", s.id()))
                    : Future.succeededFuture(s));
  }

  public Future<Optional<OnSale>> find(UUID id) {
    return pool.preparedQuery(SELECT + " where o.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> first(rows));
  }

  public Future<OnSale> get(UUID id) {
    return find(id)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(DomainException.notFound("on-sale", id))));
  }

  /** The on-sale a performance belongs to, if any. */
  public Future<Optional<OnSale>> ofPerformance(UUID performanceId) {
    return pool.preparedQuery(
            SELECT
                + " where o.id = (select onsale_id from onsale_performance where performance_id"
                + " = $1)")
        .execute(Tuple.of(performanceId))
        .map(OnSaleStore::first);
  }

  /** The on-sales whose waiting room is switched on. */
  public Future<List<OnSale>> enabled() {
    return pool.query(SELECT + " where o.enabled order by o.sale_starts_at")
        .execute()
        .map(
            rows -> {
              List<OnSale> list = new ArrayList<>();
              rows.forEach(r -> list.add(onSale(r)));
              return list;
            });
  }

  private static Optional<OnSale> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(onSale(rows.iterator().next()));
  }

  private static OnSale onSale(Row r) {
    return new OnSale(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("name"),
        Db.uuids(r, "performance_ids"),
        instant(r, "queue_opens_at"),
        instant(r, "sale_starts_at"),
        r.getInteger("admission_per_minute"),
        r.getInteger("max_active_shoppers"),
        r.getInteger("access_token_seconds"),
        r.getBoolean("enabled"));
  }
}
