package io.guichet.store;

import io.guichet.domain.queue.AdmittedSoFar;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * The waiting room's admissions as PostgreSQL keeps them (through the pool's deadlines): what a
 * queue needs to heal in order when Redis loses its data. One row per admitting tick: its highest
 * place admitted and the end of the accesses it gave. A record sent again (its first answer was
 * lost, though it may have been written) or a tick at the same head (run again after a failover)
 * merges into the same row: the later end, the larger count, so a retry never counts twice.
 */
public final class AdmissionStore {
  private static final String RECORD =
      "insert into onsale_admission (onsale_id, head, access_ends_at, admitted)"
          + " values ($1, $2, $3, $4) on conflict (onsale_id, head) do update set"
          + " access_ends_at = greatest(onsale_admission.access_ends_at, excluded.access_ends_at),"
          + " admitted = greatest(onsale_admission.admitted, excluded.admitted)";
  private static final String DURABLE =
      "select coalesce(max(head), -1) as head, coalesce(sum(admitted), 0) as admitted"
          + " from onsale_admission where onsale_id = $1";
  private static final String ACCESS_END =
      "select access_ends_at from onsale_admission where onsale_id = $1 and head >= $2"
          + " order by head limit 1";

  private final Pool pool;

  public AdmissionStore(Pool pool) {
    this.pool = pool;
  }

  /** Records one tick's admissions: up to place {@code head}, with accesses ending then. */
  public Future<Void> record(UUID onSale, long head, long accessEndsMillis, int admitted) {
    return pool.preparedQuery(RECORD)
        .execute(Tuple.of(onSale, head, accessEndsMillis, admitted))
        .mapEmpty();
  }

  /** The highest place admitted (-1: none) and the count of admissions of an on-sale. */
  public Future<AdmittedSoFar> durable(UUID onSale) {
    return pool.preparedQuery(DURABLE)
        .execute(Tuple.of(onSale))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new AdmittedSoFar(r.getLong("head"), r.getLong("admitted"));
            });
  }

  /**
   * When the access of the visitor at this place ends (ms), if their place was admitted: the first
   * tick whose head is at or above it admitted them.
   */
  public Future<Optional<Long>> accessEnd(UUID onSale, long place) {
    return pool.preparedQuery(ACCESS_END)
        .execute(Tuple.of(onSale, place))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getLong("access_ends_at")));
  }
}
