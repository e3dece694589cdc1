package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;

import io.guichet.domain.waitlist.EntryStatus;
import io.guichet.domain.waitlist.OfferRound;
import io.guichet.domain.waitlist.OfferStatus;
import io.guichet.domain.waitlist.RankIndex;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistOffer;
import io.guichet.domain.waitlist.WaitlistSettings;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The waiting list in PostgreSQL: entries, offers, settings, the offer engine's lease and fairness
 * state, and the seats sent to the list. The writes that change an entry's or an offer's status go
 * through the functions of R__waitlist.sql (one text each); the group commit of sign-ups is in
 * {@code waitlist/SignUpWriterVerticle}.
 */
public final class WaitlistStore {
  static final String ENTRY_COLUMNS =
      "id, seq, performance_id, pos_id, channel_id, customer_id, email, first_name, last_name,"
          + " language, quantity, categories, together, status, passes, created_at, updated_at";
  private static final String ENTRY =
      "select " + ENTRY_COLUMNS + " from waitlist_entry where id = $1";
  private static final String ENTRIES =
      "select " + ENTRY_COLUMNS + " from waitlist_entry where id = any($1)";
  private static final String OFFER_COLUMNS =
      "id, entry_id, performance_id, hold_id, category, seat_ids, ga_area, places, status,"
          + " created_at, expires_at, freed_at, closed_at, cart_id";
  private static final String OFFER =
      "select " + OFFER_COLUMNS + " from waitlist_offer where id = $1";
  private static final String OPEN_OFFER_OF =
      "select " + OFFER_COLUMNS + " from waitlist_offer where entry_id = $1 and status = 'OPEN'";
  private static final String LAST_OFFER_OF =
      "select "
          + OFFER_COLUMNS
          + " from waitlist_offer where entry_id = $1"
          + " order by created_at desc limit 1";
  private static final String OPEN_OFFERS =
      "select "
          + OFFER_COLUMNS
          + " from waitlist_offer where performance_id = $1 and status = 'OPEN'";
  private static final String RANK_INDEX =
      "select seq >> "
          + RankIndex.SHIFT
          + " as bucket, count(*) as n from waitlist_entry"
          + " where performance_id = $1 and status = 'WAITING' group by 1 order by 1";
  private static final String WAITING_BETWEEN =
      "select count(*) from waitlist_entry where performance_id = $1 and status = 'WAITING'"
          + " and seq >= $2 and seq < $3";
  private static final String SETTINGS =
      "select performance_id, enabled, paused, offer_seconds, max_passes, patience_seconds,"
          + " lease_owner, lease_epoch, lease_until, priority_entry, priority_until,"
          + " offers_since_priority from waitlist_settings where performance_id = $1";
  private static final String UPSERT_SETTINGS =
      "insert into waitlist_settings(performance_id, enabled, paused, offer_seconds, max_passes,"
          + " patience_seconds, updated_at) values ($1, $2, $3, $4, $5, $6, $7)"
          + " on conflict (performance_id) do update set enabled = excluded.enabled,"
          + " paused = excluded.paused, offer_seconds = excluded.offer_seconds,"
          + " max_passes = excluded.max_passes, patience_seconds = excluded.patience_seconds,"
          + " updated_at = excluded.updated_at";
  private static final String ACTIVE =
      "select s.performance_id from waitlist_settings s where exists (select 1 from waitlist_entry"
          + " e where e.performance_id = s.performance_id and e.status in ('WAITING', 'OFFERED'))"
          + " or exists (select 1 from waitlist_offer o where o.performance_id = s.performance_id"
          + " and o.status = 'OPEN')";
  private static final String LEASE =
      "update waitlist_settings set lease_owner = $2, lease_until = $4,"
          + " lease_epoch = case when lease_owner = $2 then lease_epoch else lease_epoch + 1 end"
          + " where performance_id = $1 and (lease_owner = $2 or lease_until is null"
          + " or lease_until <= $3) returning lease_epoch";
  private static final String WAITING =
      "select id, seq, quantity, categories, together, passes, channel_id from waitlist_entry"
          + " where performance_id = $1 and status = 'WAITING' and seq > $2 order by seq limit $3";
  private static final String WANTED_BEYOND =
      "select exists (select 1 from waitlist_entry where performance_id = $1"
          + " and status = 'WAITING' and seq > $2 and $3 = any(categories))";
  private static final String OFFER_WRITE =
      "select guichet_waitlist_offer($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  private static final String FAIRNESS =
      "select guichet_waitlist_fairness($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  private static final String LAPSE =
      "select offer_id, entry_id from guichet_waitlist_lapse($1, $2)";
  private static final String TAKE = "select guichet_waitlist_take($1, $2, $3)";
  private static final String LEAVE =
      "select previous, offer_id, hold_id, seat_ids, ga_area, expires_at"
          + " from guichet_waitlist_leave($1, $2)";
  private static final String CONFIRM =
      "update waitlist_entry set status = 'WAITING', updated_at = $2 where id = $1"
          + " and status = 'UNCONFIRMED' returning status";
  private static final String CHANGE =
      "update waitlist_entry set quantity = $2, categories = $3, together = $4, updated_at = $5"
          + " where id = $1 and status in ('UNCONFIRMED', 'WAITING') returning "
          + ENTRY_COLUMNS;
  private static final String RELEASE =
      "insert into waitlist_release(performance_id, seat_id, released_at)"
          + " select $1, x, $3 from unnest($2::text[]) as x on conflict do nothing";
  private static final String RELEASED =
      "select seat_id from waitlist_release where performance_id = $1";

  private final Pool pool;

  public WaitlistStore(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  // --- entries ---

  public Future<WaitlistEntry> entry(UUID id) {
    return pool.preparedQuery(ENTRY)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
  }

  /** The entries of these ids that exist, by id (one statement for a batch of e-mails). */
  public Future<Map<UUID, WaitlistEntry>> entries(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(ENTRIES)
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, WaitlistEntry> byId = new HashMap<>();
              rows.forEach(r -> byId.put(r.getUUID("id"), entry(r)));
              return byId;
            });
  }

  /**
   * The waiting entries of a performance counted per bucket of sign-up numbers (one scan of the
   * waiting entries' index: about 0.2 s at 500,000; kept a few seconds by the caller).
   */
  public Future<RankIndex> rankIndex(UUID performanceId) {
    return pool.preparedQuery(RANK_INDEX)
        .execute(Tuple.of(performanceId))
        .map(
            rows -> {
              long[] buckets = new long[rows.size()];
              long[] counts = new long[rows.size()];
              int i = 0;
              for (Row r : rows) {
                buckets[i] = r.getLong("bucket");
                counts[i++] = r.getLong("n");
              }
              return RankIndex.of(buckets, counts);
            });
  }

  /** The waiting entries of a performance whose sign-up number is in [from, to). */
  public Future<Long> waitingBetween(UUID performanceId, long from, long to) {
    return pool.preparedQuery(WAITING_BETWEEN)
        .execute(Tuple.of(performanceId, from, to))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Marks a guest's entry confirmed (WAITING); false when it was not UNCONFIRMED. */
  public Future<Boolean> confirm(UUID entryId, Instant now) {
    return pool.preparedQuery(CONFIRM)
        .execute(Tuple.of(entryId, timestamp(now)))
        .map(rows -> rows.size() == 1);
  }

  /** Changes what a live entry asks for, while no offer runs; null when it could not. */
  public Future<WaitlistEntry> change(
      UUID entryId, int quantity, List<String> categories, boolean together, Instant now) {
    return pool.preparedQuery(CHANGE)
        .execute(
            Tuple.of(
                entryId, quantity, categories.toArray(String[]::new), together, timestamp(now)))
        .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
  }

  /** What leaving did: the entry's status before, and the offer withdrawn with it (or null). */
  public record Left(EntryStatus before, WaitlistOffer withdrawn) {}

  public Future<Left> leave(WaitlistEntry entry, Instant now) {
    return pool.preparedQuery(LEAVE)
        .execute(Tuple.of(entry.id(), timestamp(now)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              EntryStatus before = EntryStatus.valueOf(r.getString("previous"));
              if (r.getUUID("offer_id") == null) {
                return new Left(before, null);
              }
              String[] seats = r.getArrayOfStrings("seat_ids");
              return new Left(
                  before,
                  new WaitlistOffer(
                      r.getUUID("offer_id"),
                      entry.id(),
                      entry.performanceId(),
                      r.getLong("hold_id"),
                      "",
                      seats == null ? List.of() : Arrays.asList(seats),
                      r.getInteger("ga_area"),
                      seats == null ? 0 : seats.length,
                      OfferStatus.WITHDRAWN,
                      now,
                      instant(r, "expires_at"),
                      null,
                      now,
                      null));
            });
  }

  // --- offers ---

  public Future<WaitlistOffer> offer(UUID id) {
    return pool.preparedQuery(OFFER)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : offer(rows.iterator().next()));
  }

  /** The entry's open offer, or null. */
  public Future<WaitlistOffer> openOffer(UUID entryId) {
    return pool.preparedQuery(OPEN_OFFER_OF)
        .execute(Tuple.of(entryId))
        .map(rows -> rows.size() == 0 ? null : offer(rows.iterator().next()));
  }

  /** The entry's latest offer, whatever became of it, or null. */
  public Future<WaitlistOffer> lastOffer(UUID entryId) {
    return pool.preparedQuery(LAST_OFFER_OF)
        .execute(Tuple.of(entryId))
        .map(rows -> rows.size() == 0 ? null : offer(rows.iterator().next()));
  }

  public Future<List<WaitlistOffer>> openOffers(UUID performanceId) {
    return pool.preparedQuery(OPEN_OFFERS)
        .execute(Tuple.of(performanceId))
        .map(rows -> list(rows, WaitlistStore::offer));
  }

  /** How taking an offer went: TAKEN, or the offer's status (LAPSED, TAKEN, WITHDRAWN, UNKNOWN). */
  public Future<String> take(UUID offerId, UUID cartId, Instant now) {
    return pool.preparedQuery(TAKE)
        .execute(Tuple.of(offerId, cartId, timestamp(now)))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** An offer to write, made under a lease. */
  public record NewOffer(
      UUID id,
      UUID entryId,
      UUID performanceId,
      UUID node,
      long epoch,
      long holdId,
      String category,
      List<String> seatIds,
      Integer gaArea,
      int places,
      Instant madeAt,
      Instant expiresAt,
      Instant freedAt) {}

  /** OFFERED, LEASE_LOST, PAUSED, ENTRY_GONE or SEAT_IN_OFFER (see guichet_waitlist_offer). */
  public Future<String> writeOffer(NewOffer o) {
    return pool.preparedQuery(OFFER_WRITE)
        .execute(
            Tuple.wrap(
                new Object[] {
                  o.id(),
                  o.entryId(),
                  o.performanceId(),
                  o.node(),
                  o.epoch(),
                  o.holdId(),
                  o.category(),
                  o.seatIds().toArray(String[]::new),
                  o.gaArea(),
                  o.places(),
                  timestamp(o.madeAt()),
                  timestamp(o.expiresAt()),
                  timestamp(o.freedAt())
                }))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** Lapses the performance's offers past their deadline; answers their ids. */
  public Future<List<UUID>> lapse(UUID performanceId, Instant now) {
    return pool.preparedQuery(LAPSE)
        .execute(Tuple.of(performanceId, timestamp(now)))
        .map(rows -> list(rows, r -> r.getUUID("offer_id")));
  }

  // --- settings, lease, fairness ---

  /** The settings with the engine's lease and the list's priority. */
  public record State(
      WaitlistSettings settings,
      UUID leaseOwner,
      long leaseEpoch,
      Instant leaseUntil,
      OfferRound.Priority priority) {}

  /** The performance's settings (the defaults when it never had any) and engine state. */
  public Future<State> state(UUID performanceId) {
    return pool.preparedQuery(SETTINGS)
        .execute(Tuple.of(performanceId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return new State(
                    WaitlistSettings.defaults(performanceId),
                    null,
                    0,
                    null,
                    OfferRound.Priority.NONE);
              }
              Row r = rows.iterator().next();
              return new State(
                  new WaitlistSettings(
                      performanceId,
                      r.getBoolean("enabled"),
                      r.getBoolean("paused"),
                      r.getInteger("offer_seconds"),
                      r.getInteger("max_passes"),
                      r.getInteger("patience_seconds")),
                  r.getUUID("lease_owner"),
                  r.getLong("lease_epoch"),
                  instant(r, "lease_until"),
                  new OfferRound.Priority(
                      r.getUUID("priority_entry"),
                      instant(r, "priority_until"),
                      r.getInteger("offers_since_priority")));
            });
  }

  public Future<WaitlistSettings> settings(UUID performanceId) {
    return state(performanceId).map(State::settings);
  }

  public Future<WaitlistSettings> saveSettings(WaitlistSettings s, Instant now) {
    return Db.translate(
            pool.preparedQuery(UPSERT_SETTINGS)
                .execute(
                    Tuple.wrap(
                        new Object[] {
                          s.performanceId(),
                          s.enabled(),
                          s.paused(),
                          s.offerSeconds(),
                          s.maxPasses(),
                          s.patienceSeconds(),
                          timestamp(now)
                        })),
            "waiting list settings")
        .map(s);
  }

  /** Performances whose list has waiting or offered entries, or open offers. */
  public Future<List<UUID>> active() {
    return pool.preparedQuery(ACTIVE)
        .execute()
        .map(rows -> list(rows, r -> r.getUUID("performance_id")));
  }

  /**
   * Takes or renews the performance's lease for this node until {@code until}; answers its epoch (a
   * new one whenever the lease changes hands), or null when another node holds it.
   */
  public Future<Long> lease(UUID performanceId, UUID node, Instant now, Instant until) {
    return pool.preparedQuery(LEASE)
        .execute(Tuple.of(performanceId, node, timestamp(now), timestamp(until)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** A waiting entry as the offer engine reads it. */
  public record Waiting(
      UUID id,
      long seq,
      int quantity,
      List<String> categories,
      boolean together,
      int passes,
      UUID channelId) {
    public OfferRound.Candidate candidate() {
      return new OfferRound.Candidate(id, seq, passes);
    }
  }

  /** Up to {@code limit} waiting entries signed up after {@code afterSeq}, in sign-up order. */
  public Future<List<Waiting>> waiting(UUID performanceId, long afterSeq, int limit) {
    return pool.preparedQuery(WAITING)
        .execute(Tuple.of(performanceId, afterSeq, limit))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new Waiting(
                            r.getUUID("id"),
                            r.getLong("seq"),
                            r.getInteger("quantity"),
                            Arrays.asList(r.getArrayOfStrings("categories")),
                            r.getBoolean("together"),
                            r.getInteger("passes"),
                            r.getUUID("channel_id"))));
  }

  /** Whether a waiting entry signed up after {@code afterSeq} accepts this category. */
  public Future<Boolean> wantedBeyond(UUID performanceId, long afterSeq, String category) {
    return pool.preparedQuery(WANTED_BEYOND)
        .execute(Tuple.of(performanceId, afterSeq, category))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Writes a round's fairness changes under the lease; false when the lease was lost. */
  public Future<Boolean> writeFairness(
      UUID performanceId,
      UUID node,
      long epoch,
      Map<UUID, Integer> passes,
      OfferRound.Priority priority,
      Instant now) {
    UUID[] ids = passes.keySet().toArray(UUID[]::new);
    Integer[] counts = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      counts[i] = passes.get(ids[i]);
    }
    return pool.preparedQuery(FAIRNESS)
        .execute(
            Tuple.wrap(
                new Object[] {
                  performanceId,
                  node,
                  epoch,
                  ids,
                  counts,
                  priority.entry(),
                  timestamp(priority.until()),
                  priority.offersSince(),
                  timestamp(now)
                }))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  // --- seats sent to the list ---

  public Future<Void> recordReleases(UUID performanceId, List<String> seatIds, Instant now) {
    return pool.preparedQuery(RELEASE)
        .execute(Tuple.of(performanceId, seatIds.toArray(String[]::new), timestamp(now)))
        .mapEmpty();
  }

  public Future<List<String>> releases(UUID performanceId) {
    return pool.preparedQuery(RELEASED)
        .execute(Tuple.of(performanceId))
        .map(rows -> list(rows, r -> r.getString("seat_id")));
  }

  // --- rows ---

  static WaitlistEntry entry(Row r) {
    return new WaitlistEntry(
        r.getUUID("id"),
        r.getLong("seq"),
        r.getUUID("performance_id"),
        r.getUUID("pos_id"),
        r.getUUID("channel_id"),
        r.getUUID("customer_id"),
        r.getString("email"),
        r.getString("first_name"),
        r.getString("last_name"),
        r.getString("language"),
        r.getInteger("quantity"),
        Arrays.asList(r.getArrayOfStrings("categories")),
        r.getBoolean("together"),
        EntryStatus.valueOf(r.getString("status")),
        r.getInteger("passes"),
        instant(r, "created_at"),
        instant(r, "updated_at"));
  }

  static WaitlistOffer offer(Row r) {
    String[] seats = r.getArrayOfStrings("seat_ids");
    return new WaitlistOffer(
        r.getUUID("id"),
        r.getUUID("entry_id"),
        r.getUUID("performance_id"),
        r.getLong("hold_id"),
        r.getString("category"),
        seats == null ? List.of() : Arrays.asList(seats),
        r.getInteger("ga_area"),
        r.getInteger("places"),
        OfferStatus.valueOf(r.getString("status")),
        instant(r, "created_at"),
        instant(r, "expires_at"),
        instant(r, "freed_at"),
        instant(r, "closed_at"),
        r.getUUID("cart_id"));
  }

  static List<WaitlistEntry> entries(io.vertx.sqlclient.RowSet<Row> rows) {
    List<WaitlistEntry> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(entry(r)));
    return out;
  }
}
