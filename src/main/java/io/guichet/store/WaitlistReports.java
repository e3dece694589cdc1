package io.guichet.store;

import io.guichet.domain.waitlist.WaitlistEntry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the organizer reads of a performance's waiting list: figures (entries by status, seats
 * wanted by category, offers made, taken, lapsed, withdrawn, the orders paid from them, how long
 * freed seats waited for their offer) and its entries in sign-up order. Aggregates over the
 * performance's rows: cheap for thousands of entries, a few hundred milliseconds for half a million
 * (README), which is fine for a back office and never on a buyer's path.
 */
public final class WaitlistReports {
  private static final String BY_STATUS =
      "select status, count(*) as entries, coalesce(sum(quantity), 0) as seats"
          + " from waitlist_entry where performance_id = $1 group by status";
  private static final String WANTED =
      "select c as category, count(*) as entries, sum(quantity) as seats"
          + " from waitlist_entry, unnest(categories) as c where performance_id = $1"
          + " and status in ('UNCONFIRMED', 'WAITING') group by c order by c";
  private static final String OFFERS =
      "select status, count(*) as offers, coalesce(sum(places), 0) as seats"
          + " from waitlist_offer where performance_id = $1 group by status";
  private static final String BOUGHT =
      "select count(*) filter (where o.status in ('PAID', 'RESERVED')) as bought,"
          + " coalesce(sum(o.total) filter (where o.status in ('PAID', 'RESERVED')), 0) as revenue,"
          + " (select currency from performance where id = $1) as currency"
          + " from waitlist_offer w join orders o on o.cart_id = w.cart_id"
          + " where w.performance_id = $1 and w.status = 'TAKEN'";
  private static final String LAG =
      "select percentile_cont(0.5) within group (order by extract(epoch from created_at - freed_at))"
          + " as p50, percentile_cont(0.99) within group"
          + " (order by extract(epoch from created_at - freed_at)) as p99"
          + " from waitlist_offer where performance_id = $1 and freed_at is not null";
  private static final String PAGE =
      "select "
          + WaitlistStore.ENTRY_COLUMNS
          + " from waitlist_entry where performance_id = $1"
          + " and ($2::text is null or status = $2) order by seq limit $3 offset $4";
  private static final String COUNT =
      "select count(*) from waitlist_entry where performance_id = $1"
          + " and ($2::text is null or status = $2)";
  private static final String CHUNK =
      "select "
          + WaitlistStore.ENTRY_COLUMNS
          + " from waitlist_entry where performance_id = $1"
          + " and seq > $2 order by seq limit $3";

  private final Pool pool;

  public WaitlistReports(Pool pool) {
    this.pool = pool;
  }

  /** A count of entries or offers and the seats they stand for. */
  public record Count(long count, long seats) {}

  /**
   * The figures of a performance's list.
   *
   * @param entries by status
   * @param wanted live entries (unconfirmed or waiting) and seats they ask for, by category (an
   *     entry that accepts two categories counts in both)
   * @param offers by status (OPEN, TAKEN, LAPSED, WITHDRAWN)
   * @param bought orders paid (or reserved) from carts opened by offers
   * @param lagP50Seconds median time from a seat freed to its offer (null: none known)
   */
  public record Figures(
      Map<String, Count> entries,
      Map<String, Count> wanted,
      Map<String, Count> offers,
      long bought,
      long revenue,
      String currency,
      Double lagP50Seconds,
      Double lagP99Seconds) {}

  public Future<Figures> figures(UUID performanceId) {
    Tuple id = Tuple.of(performanceId);
    Future<Map<String, Count>> entries = counts(BY_STATUS, id, "status", "entries");
    Future<Map<String, Count>> wanted = counts(WANTED, id, "category", "entries");
    Future<Map<String, Count>> offers = counts(OFFERS, id, "status", "offers");
    Future<Row> bought = pool.preparedQuery(BOUGHT).execute(id).map(r -> r.iterator().next());
    Future<Row> lag = pool.preparedQuery(LAG).execute(id).map(r -> r.iterator().next());
    return Future.all(List.of(entries, wanted, offers, bought, lag))
        .map(
            v ->
                new Figures(
                    entries.result(),
                    wanted.result(),
                    offers.result(),
                    bought.result().getLong("bought"),
                    bought.result().getLong("revenue"),
                    bought.result().getString("currency"),
                    lag.result().getDouble("p50"),
                    lag.result().getDouble("p99")));
  }

  private Future<Map<String, Count>> counts(String sql, Tuple args, String key, String count) {
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              Map<String, Count> out = new LinkedHashMap<>();
              rows.forEach(
                  r -> out.put(r.getString(key), new Count(r.getLong(count), r.getLong("seats"))));
              return out;
            });
  }

  /** A page of entries in sign-up order, with the total. */
  public record Page(List<WaitlistEntry> items, int page, int size, long total) {}

  public Future<Page> entries(UUID performanceId, String status, int page, int size) {
    Future<List<WaitlistEntry>> items =
        pool.preparedQuery(PAGE)
            .execute(Tuple.of(performanceId, status, size, (long) page * size))
            .map(WaitlistStore::entries);
    Future<Long> total =
        pool.preparedQuery(COUNT)
            .execute(Tuple.of(performanceId, status))
            .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(v -> new Page(items.result(), page, size, total.result()));
  }

  /** Up to {@code limit} entries signed up after {@code afterSeq}, in sign-up order. */
  public Future<List<WaitlistEntry>> chunk(UUID performanceId, long afterSeq, int limit) {
    return pool.preparedQuery(CHUNK)
        .execute(Tuple.of(performanceId, afterSeq, limit))
        .map(WaitlistStore::entries);
  }
}
