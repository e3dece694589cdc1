package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The mail outbox: e-mails written in the same transaction as what they announce, claimed by one
 * node at a time (a lease until {@code next_attempt_at}), marked sent once the SMTP server took
 * them.
 */
public final class MailStore {
  private static final String CLAIM =
      "update mail_outbox set attempts = attempts + 1, next_attempt_at = $2 where id in"
          + " (select id from mail_outbox where sent_at is null and next_attempt_at <= $1"
          + " and attempts < 10 order by id limit $3 for update skip locked)"
          + " returning id, kind, order_id, waitlist_entry_id, waitlist_offer_id, batch_id,"
          + " reset_id, cancellation_id, attempts";
  private static final String SENT = "update mail_outbox set sent_at = $2 where id = any($1)";
  private static final String FAILED =
      "update mail_outbox set last_error = $2, next_attempt_at = $3 where id = $1";
  private static final String PERFORMANCES =
      "select p.id, e.name as event_name, p.starts_at, v.name as venue_name, v.city"
          + " from performance p join event e on e.id = p.event_id"
          + " join seat_map m on m.id = p.seat_map_id join venue v on v.id = m.venue_id"
          + " where p.id = any($1)";

  private final Pool pool;

  public MailStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * An e-mail to send: its kind (ORDER_CONFIRMED, CONFIRM_EMAIL, CODE_BATCH, WAITLIST_CONFIRM,
   * WAITLIST_OFFER, PASSWORD_RESET, ORDER_CANCELLED) and what it is about: an order, a batch of
   * codes, a waiting-list entry, an offer, a password reset link or a cancellation (the others
   * null).
   */
  public record Due(
      long id,
      String kind,
      UUID orderId,
      UUID entryId,
      UUID offerId,
      int attempts,
      UUID batchId,
      UUID resetId,
      UUID cancellationId) {
    public boolean waitlist() {
      return kind.startsWith("WAITLIST_");
    }
  }

  public Future<List<Due>> claim(Instant now, Instant leaseUntil, int limit) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(timestamp(now), timestamp(leaseUntil), limit))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new Due(
                            r.getLong("id"),
                            r.getString("kind"),
                            r.getUUID("order_id"),
                            r.getUUID("waitlist_entry_id"),
                            r.getUUID("waitlist_offer_id"),
                            r.getInteger("attempts"),
                            r.getUUID("batch_id"),
                            r.getUUID("reset_id"),
                            r.getUUID("cancellation_id"))));
  }

  /** E-mails the SMTP server took, marked sent in one statement. */
  public Future<Void> sent(List<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(SENT)
        .execute(Tuple.of(ids.toArray(Long[]::new), timestamp(now)))
        .mapEmpty();
  }

  public Future<Void> failed(long id, String error, Instant retryAt) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(id, error, timestamp(retryAt))).mapEmpty();
  }

  /** What an e-mail says of a performance. */
  public record PerformanceTitle(String event, Instant startsAt, String venue, String city) {}

  public Future<Map<UUID, PerformanceTitle>> performances(List<UUID> ids) {
    return pool.preparedQuery(PERFORMANCES)
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, PerformanceTitle> byId = new HashMap<>();
              rows.forEach(
                  r ->
                      byId.put(
                          r.getUUID("id"),
                          new PerformanceTitle(
                              r.getString("event_name"),
                              instant(r, "starts_at"),
                              r.getString("venue_name"),
                              r.getString("city"))));
              return byId;
            });
  }
}
