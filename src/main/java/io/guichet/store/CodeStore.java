package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Single-use codes and their batches in PostgreSQL, the source of truth for codes and their uses:
 * batches written in chunks by the background job, codes held for a cart until its deadline, the
 * organizer's dashboard, tracking and invalidation. A code is used by the order writer only.
 */
public final class CodeStore {
  private static final String INSERT_BATCH =
      "insert into code_batch (id, organizer_id, advantage_id, contact_id, requested,"
          + " destination_email, language, remark, state, created_at)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, 'GENERATING', $9)";
  private static final String SELECT_BATCH = "select * from code_batch where id = $1";
  private static final String LEASE_BATCH =
      "update code_batch set lease_until = $2 where id = (select id from code_batch"
          + " where state = 'GENERATING' and (lease_until is null or lease_until < $1)"
          + " order by created_at limit 1 for update skip locked) returning *";
  private static final String RENEW_LEASE =
      "update code_batch set lease_until = $3, generated = $2 where id = $1 and state = 'GENERATING'"
          + " returning id";
  // Ready once, with the e-mail of its list (however many nodes finish it).
  private static final String FINISH_BATCH =
      "with f as (update code_batch set state = 'READY', generated = $2, finished_at = $3,"
          + " lease_until = null where id = $1 and state = 'GENERATING' returning id)"
          + " insert into mail_outbox (kind, batch_id, created_at, next_attempt_at)"
          + " select 'CODE_BATCH', id, $3, $3 from f";
  private static final String INSERT_CODES =
      "insert into single_use_code (batch_id, seq, advantage_id, code_hash, sealed)"
          + " select $1, s, $2, h, x from unnest($3::int[], $4::bytea[], $5::bytea[]) as u(s, h, x)"
          + " on conflict do nothing";
  private static final String COUNT_CODES =
      "select count(*), coalesce(max(seq), 0) from single_use_code where batch_id = $1";
  private static final String HOLD =
      "with c as (select s.batch_id, s.seq, s.advantage_id, s.order_id, s.invalidated_at,"
          + " s.held_by_cart, s.held_until from single_use_code s join code_batch b"
          + " on b.id = s.batch_id where s.code_hash = $1 and b.organizer_id = $5),"
          + " u as (update single_use_code s set held_by_cart = $2, held_until = $3 from c"
          + " where s.batch_id = c.batch_id and s.seq = c.seq and s.order_id is null"
          + " and s.invalidated_at is null and (s.held_by_cart is null or s.held_by_cart = $2"
          + " or s.held_until <= $4) returning s.batch_id)"
          + " select c.*, (select count(*) from u) as held from c";
  private static final String RELEASE =
      "update single_use_code set held_by_cart = null, held_until = null"
          + " where batch_id = $1 and seq = $2 and held_by_cart = $3 and order_id is null";
  private static final String STATES =
      "select batch_id, seq, order_id, invalidated_at, held_by_cart, held_until"
          + " from single_use_code where (batch_id, seq) in (select * from unnest($1::uuid[],"
          + " $2::int[]))";
  private static final String INVALIDATE_HASHES =
      "update single_use_code s set invalidated_at = $2 from code_batch b"
          + " where b.id = s.batch_id and b.organizer_id = $3 and s.code_hash = any($1)"
          + " and s.invalidated_at is null and s.order_id is null returning s.seq";
  private static final String INVALIDATE_BATCH =
      "update single_use_code set invalidated_at = $2 where batch_id = $1"
          + " and invalidated_at is null and order_id is null";
  private static final String DASHBOARD =
      "select b.contact_id, c.last_name as contact_name, b.advantage_id,"
          + " a.internal_name as advantage_name, count(*) as generated,"
          + " count(*) filter (where s.order_id is null and s.invalidated_at is null) as available,"
          + " count(*) filter (where s.order_id is not null) as used,"
          + " count(*) filter (where s.invalidated_at is not null) as invalidated,"
          + " coalesce(sum(ci.n), 0) as checked_in"
          + " from single_use_code s join code_batch b on b.id = s.batch_id"
          + " join contact c on c.id = b.contact_id join advantage a on a.id = b.advantage_id"
          + " left join lateral (select count(*) as n from order_line l join ticket t"
          + " on t.order_id = l.order_id and t.line_no = l.line_no where s.order_id is not null"
          + " and l.order_id = s.order_id and l.advantage_id = s.advantage_id"
          + " and t.checked_in_at is not null and t.status = 'LIVE') ci on true"
          + " where b.organizer_id = $1 and ($2::uuid is null or b.advantage_id = $2)"
          + " and ($3::uuid is null or b.contact_id = $3)"
          + " group by b.contact_id, c.last_name, b.advantage_id, a.internal_name"
          + " order by c.last_name, a.internal_name";
  private static final String TRACKING =
      "select s.seq, s.sealed, s.held_by_cart, s.held_until, s.order_id, s.used_at,"
          + " s.used_by_contact, s.invalidated_at, o.reference, count(*) over () as total"
          + " from single_use_code s left join orders o on o.id = s.order_id where s.batch_id = $1"
          + " order by s.seq limit $2 offset $3";
  private static final String BY_HASH =
      "select s.*, o.reference from single_use_code s join code_batch b on b.id = s.batch_id"
          + " left join orders o on o.id = s.order_id"
          + " where s.code_hash = $1 and b.organizer_id = $2";
  private static final String SEALED_PAGE =
      "select seq, sealed from single_use_code where batch_id = $1 and seq > $2 order by seq"
          + " limit $3";

  private final Pool pool;

  public CodeStore(Pool pool) {
    this.pool = pool;
  }

  /** A batch of codes as stored. */
  public record Batch(
      UUID id,
      UUID organizerId,
      UUID advantageId,
      UUID contactId,
      int requested,
      int generated,
      String destinationEmail,
      String language,
      String remark,
      String state,
      Instant createdAt,
      Instant finishedAt) {}

  public Future<Batch> createBatch(Batch b) {
    return translate(
            pool.preparedQuery(INSERT_BATCH)
                .execute(
                    Tuple.wrap(
                        new Object[] {
                          b.id(),
                          b.organizerId(),
                          b.advantageId(),
                          b.contactId(),
                          b.requested(),
                          b.destinationEmail(),
                          b.language(),
                          b.remark(),
                          timestamp(b.createdAt())
                        })),
            "a batch of codes")
        .compose(v -> batch(b.id()));
  }

  public Future<Batch> batch(UUID id) {
    return pool.preparedQuery(SELECT_BATCH)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("batch of codes", id))
                    : Future.succeededFuture(batch(rows.iterator().next())));
  }

  /** A batch still being generated whose lease has lapsed, leased to the caller, or null. */
  public Future<Batch> leaseBatch(Instant now, Instant leaseUntil) {
    return pool.preparedQuery(LEASE_BATCH)
        .execute(Tuple.of(timestamp(now), timestamp(leaseUntil)))
        .map(rows -> rows.size() == 0 ? null : batch(rows.iterator().next()));
  }

  /** Records progress and keeps the lease; false when the batch is no longer being generated. */
  public Future<Boolean> progress(UUID batchId, int generated, Instant leaseUntil) {
    return pool.preparedQuery(RENEW_LEASE)
        .execute(Tuple.of(batchId, generated, timestamp(leaseUntil)))
        .map(rows -> rows.size() == 1);
  }

  public Future<Void> finish(UUID batchId, int generated, Instant now) {
    return pool.preparedQuery(FINISH_BATCH)
        .execute(Tuple.of(batchId, generated, timestamp(now)))
        .mapEmpty();
  }

  /** Writes a chunk of codes (a number already written is skipped: chunks may be retried). */
  public Future<Integer> insertCodes(
      UUID batchId, UUID advantageId, Integer[] seqs, byte[][] hashes, byte[][] sealed) {
    io.vertx.core.buffer.Buffer[] h = new io.vertx.core.buffer.Buffer[hashes.length];
    io.vertx.core.buffer.Buffer[] x = new io.vertx.core.buffer.Buffer[sealed.length];
    for (int i = 0; i < hashes.length; i++) {
      h[i] = io.vertx.core.buffer.Buffer.buffer(hashes[i]);
      x[i] = io.vertx.core.buffer.Buffer.buffer(sealed[i]);
    }
    return pool.preparedQuery(INSERT_CODES)
        .execute(Tuple.of(batchId, advantageId, seqs, h, x))
        .map(RowSet::rowCount);
  }

  /** How many codes a batch has so far, and its highest number: {count, max}. */
  public Future<long[]> countCodes(UUID batchId) {
    return pool.preparedQuery(COUNT_CODES)
        .execute(Tuple.of(batchId))
        .map(
            rows ->
                new long[] {
                  rows.iterator().next().getLong(0), rows.iterator().next().getInteger(1)
                });
  }

  /** A code's state as a cart sees it when it presents it. */
  public enum HoldResult {
    HELD,
    UNKNOWN,
    USED,
    INVALIDATED,
    IN_ANOTHER_CART
  }

  /** What presenting a code gave: the hold, and the code's batch, number and advantage. */
  public record Hold(HoldResult result, UUID batchId, int seq, UUID advantageId) {}

  /**
   * Holds the organizer's code of this hash for a cart until {@code until}, if it is unused, not
   * invalidated and not held by another live cart. One statement: of two carts presenting it at
   * once, one holds it.
   */
  public Future<Hold> hold(byte[] hash, UUID organizerId, UUID cartId, Instant until, Instant now) {
    return pool.preparedQuery(HOLD)
        .execute(
            Tuple.of(
                io.vertx.core.buffer.Buffer.buffer(hash),
                cartId,
                timestamp(until),
                timestamp(now),
                organizerId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return new Hold(HoldResult.UNKNOWN, null, 0, null);
              }
              Row r = rows.iterator().next();
              HoldResult result;
              if (r.getLong("held") == 1) {
                result = HoldResult.HELD;
              } else if (r.getUUID("order_id") != null) {
                result = HoldResult.USED;
              } else if (r.getValue("invalidated_at") != null) {
                result = HoldResult.INVALIDATED;
              } else {
                result = HoldResult.IN_ANOTHER_CART;
              }
              return new Hold(
                  result, r.getUUID("batch_id"), r.getInteger("seq"), r.getUUID("advantage_id"));
            });
  }

  /** Gives a code held by a cart back (nothing when the cart no longer holds it). */
  public Future<Void> release(UUID batchId, int seq, UUID cartId) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(batchId, seq, cartId)).mapEmpty();
  }

  /** A code's state for a cart's pricing. */
  public record CodeState(
      UUID batchId, int seq, UUID orderId, Instant invalidatedAt, UUID heldBy, Instant heldUntil) {}

  public Future<List<CodeState>> states(List<UUID> batches, List<Integer> seqs) {
    if (batches.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(STATES)
        .execute(
            Tuple.tuple()
                .addArrayOfUUID(batches.toArray(UUID[]::new))
                .addArrayOfInteger(seqs.toArray(Integer[]::new)))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new CodeState(
                            r.getUUID("batch_id"),
                            r.getInteger("seq"),
                            r.getUUID("order_id"),
                            instant(r, "invalidated_at"),
                            r.getUUID("held_by_cart"),
                            instant(r, "held_until"))));
  }

  /** Invalidates the organizer's unused codes of these hashes; answers how many. */
  public Future<Integer> invalidate(UUID organizerId, List<byte[]> hashes, Instant now) {
    io.vertx.core.buffer.Buffer[] h =
        hashes.stream()
            .map(io.vertx.core.buffer.Buffer::buffer)
            .toArray(io.vertx.core.buffer.Buffer[]::new);
    return pool.preparedQuery(INVALIDATE_HASHES)
        .execute(Tuple.of(h, timestamp(now), organizerId))
        .map(RowSet::rowCount);
  }

  /** Invalidates every unused code of a batch; answers how many. */
  public Future<Integer> invalidateBatch(UUID batchId, Instant now) {
    return pool.preparedQuery(INVALIDATE_BATCH)
        .execute(Tuple.of(batchId, timestamp(now)))
        .map(RowSet::rowCount);
  }

  /** A line of the dashboard: one organisation and advantage. */
  public record DashboardRow(
      UUID contactId,
      String contactName,
      UUID advantageId,
      String advantageName,
      long generated,
      long available,
      long used,
      long checkedIn,
      long invalidated) {}

  public Future<List<DashboardRow>> dashboard(UUID organizerId, UUID advantageId, UUID contactId) {
    return pool.preparedQuery(DASHBOARD)
        .execute(Tuple.of(organizerId, advantageId, contactId))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new DashboardRow(
                            r.getUUID("contact_id"),
                            r.getString("contact_name"),
                            r.getUUID("advantage_id"),
                            r.getString("advantage_name"),
                            r.getLong("generated"),
                            r.getLong("available"),
                            r.getLong("used"),
                            r.getLong("checked_in"),
                            r.getLong("invalidated"))));
  }

  /** A code as its tracking shows it (sealed: the caller opens it). */
  public record Tracked(
      int seq,
      byte[] sealed,
      UUID heldBy,
      Instant heldUntil,
      UUID orderId,
      String orderReference,
      Instant usedAt,
      UUID usedBy,
      Instant invalidatedAt) {}

  public Future<AdvantageStore.Page<Tracked>> tracking(UUID batchId, int page, int size) {
    return pool.preparedQuery(TRACKING)
        .execute(Tuple.of(batchId, size, (long) page * size))
        .map(
            rows ->
                new AdvantageStore.Page<>(
                    list(rows, CodeStore::tracked),
                    rows.size() == 0 ? 0 : rows.iterator().next().getLong("total")));
  }

  /** The organizer's code of this hash, as tracked, or null. */
  public Future<Tracked> byHash(UUID organizerId, byte[] hash) {
    return pool.preparedQuery(BY_HASH)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash), organizerId))
        .map(rows -> rows.size() == 0 ? null : tracked(rows.iterator().next()));
  }

  /** The sealed codes of a batch after number {@code after}, in order (a page of the download). */
  public Future<List<Object[]>> sealedPage(UUID batchId, int after, int limit) {
    return pool.preparedQuery(SEALED_PAGE)
        .execute(Tuple.of(batchId, after, limit))
        .map(
            rows -> {
              List<Object[]> out = new ArrayList<>(rows.size());
              rows.forEach(
                  r ->
                      out.add(
                          new Object[] {r.getInteger("seq"), r.getBuffer("sealed").getBytes()}));
              return out;
            });
  }

  private static Tracked tracked(Row r) {
    return new Tracked(
        r.getInteger("seq"),
        r.getBuffer("sealed").getBytes(),
        r.getUUID("held_by_cart"),
        instant(r, "held_until"),
        r.getUUID("order_id"),
        r.getString("reference"),
        instant(r, "used_at"),
        r.getUUID("used_by_contact"),
        instant(r, "invalidated_at"));
  }

  private static Batch batch(Row r) {
    return new Batch(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getUUID("advantage_id"),
        r.getUUID("contact_id"),
        r.getInteger("requested"),
        r.getInteger("generated"),
        r.getString("destination_email"),
        r.getString("language"),
        r.getString("remark"),
        r.getString("state"),
        instant(r, "created_at"),
        instant(r, "finished_at"));
  }
}
