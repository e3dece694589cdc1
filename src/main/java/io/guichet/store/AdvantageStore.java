package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;
import static io.guichet.store.Db.uuidArray;
import static io.guichet.store.Db.uuids;

import io.guichet.domain.DomainException;
import io.guichet.domain.offer.Advantage;
import io.guichet.domain.offer.Advantage.AdvantagePrice;
import io.guichet.domain.offer.PromoCode;
import io.guichet.domain.offer.Shopper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Advantages with their prices and linked contacts, promo codes, and what targeting reads of a
 * buyer (their contact's indicators and links). Uses and budgets are taken and given back by the
 * order writer only.
 */
public final class AdvantageStore {
  private static final String INSERT_ADVANTAGE =
      "insert into advantage (id, organizer_id, season, family, code, internal_name, public_name,"
          + " visual_url, state, target, indicator_code, indicator_level, access_code, channel_ids,"
          + " valid_from, valid_until, sale_end, sale_end_tolerance_minutes, quota, per_order_limit,"
          + " created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
          + " $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)";
  private static final String INSERT_PRICES =
      "insert into advantage_price (advantage_id, performance_id, category, tariff_id, amount)"
          + " select $1, p, c, t, a from unnest($2::uuid[], $3::text[], $4::uuid[], $5::bigint[])"
          + " as x(p, c, t, a)";
  private static final String SELECT_ADVANTAGES = "select * from advantage where id = any($1)";
  private static final String SELECT_PRICES =
      "select * from advantage_price where advantage_id = any($1)"
          + " order by performance_id, category, tariff_id";
  private static final String LIST_ADVANTAGES =
      "select *, count(*) over () as total from advantage where organizer_id = $1"
          + " order by created_at, id limit $2 offset $3";
  private static final String BY_ACCESS_CODE =
      "select id from advantage where organizer_id = $1 and access_code = $2";
  private static final String SHOP_ADVANTAGES =
      "select id from advantage where organizer_id = $1 and state = 'OPERATION'"
          + " and (channel_ids is null or $2 = any(channel_ids))"
          + " and (valid_from is null or valid_from <= $3) and (valid_until is null or valid_until > $3)"
          + " and (target = 'PUBLIC' or (target = 'CONTACTS' and exists (select 1 from"
          + " advantage_contact l where l.advantage_id = advantage.id and l.contact_id = $4))"
          + " or (target = 'INDICATOR' and exists (select 1 from contact_indicator i where"
          + " i.contact_id = $4 and i.code = advantage.indicator_code"
          + " and i.level = advantage.indicator_level)))"
          + " order by created_at, id";
  private static final String SET_STATE =
      "update advantage set state = $2, updated_at = $3 where id = $1 returning id";
  private static final String DELETE_UNUSED =
      "delete from advantage a where id = $1 and uses = 0"
          + " and not exists (select 1 from order_advantage o where o.advantage_id = a.id)"
          + " and not exists (select 1 from order_line l where l.advantage_id = a.id)"
          + " and not exists (select 1 from code_batch b where b.advantage_id = a.id)"
          + " returning id";
  private static final String SEASON_PERFORMANCES =
      "select p.id from performance p join event e on e.id = p.event_id"
          + " where p.id = any($1) and e.organizer_id = $2 and e.season is not distinct from $3";
  private static final String ORGANIZER_TARIFFS =
      "select id from tariff where id = any($1) and organizer_id = $2";
  private static final String LINK_CONTACTS =
      "insert into advantage_contact (advantage_id, contact_id, linked_at)"
          + " select $1, c.id, $3 from contact c where c.id = any($2) and c.organizer_id = $4"
          + " on conflict do nothing";
  private static final String UNLINK_CONTACT =
      "delete from advantage_contact where advantage_id = $1 and contact_id = $2 returning 1";
  private static final String CONTACT_OF_CUSTOMER = "select id from contact where customer_id = $1";
  private static final String SHOPPER_INDICATORS =
      "select code, level from contact_indicator where contact_id = $1";
  private static final String SHOPPER_LINKS =
      "select advantage_id from advantage_contact where contact_id = $1";
  private static final String PERFORMANCE_INFO =
      "select p.id, p.event_id, p.starts_at from performance p where p.id = any($1)";

  private static final String INSERT_PROMO =
      "insert into promo_code (id, organizer_id, code, internal_name, public_name, state, kind,"
          + " percent_bp, amount, currency, minimum_amount, indicator_code, indicator_level,"
          + " valid_from, valid_until, channel_ids, event_ids, combinable, stacks_with_advantages,"
          + " max_uses, budget, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
          + " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)";
  private static final String SELECT_PROMOS = "select * from promo_code where id = any($1)";
  private static final String PROMO_BY_CODE =
      "select * from promo_code where organizer_id = $1 and code = $2";
  private static final String LIST_PROMOS =
      "select *, count(*) over () as total from promo_code where organizer_id = $1"
          + " order by created_at, id limit $2 offset $3";
  private static final String SET_PROMO_STATE =
      "update promo_code set state = $2, updated_at = $3 where id = $1 returning id";

  private final Pool pool;

  public AdvantageStore(Pool pool) {
    this.pool = pool;
  }

  /** One page of a list and how many there are in all. */
  public record Page<T>(List<T> items, long total) {}

  // --- advantages ---

  public Future<Advantage> create(Advantage a) {
    return translate(
            pool.withTransaction(
                conn ->
                    conn.preparedQuery(INSERT_ADVANTAGE)
                        .execute(advantageTuple(a))
                        .compose(r -> insertPrices(conn, a.id(), a.prices()))),
            "an advantage with code " + a.code())
        .compose(v -> advantage(a.id()));
  }

  private static Future<Void> insertPrices(
      SqlConnection conn, UUID advantageId, List<AdvantagePrice> prices) {
    if (prices.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(INSERT_PRICES)
        .execute(
            Tuple.of(
                advantageId,
                prices.stream().map(AdvantagePrice::performanceId).toArray(UUID[]::new),
                prices.stream().map(AdvantagePrice::category).toArray(String[]::new),
                prices.stream().map(AdvantagePrice::tariffId).toArray(UUID[]::new),
                prices.stream().map(AdvantagePrice::amount).toArray(Long[]::new)))
        .mapEmpty();
  }

  private static Tuple advantageTuple(Advantage a) {
    return Tuple.wrap(
        new Object[] {
          a.id(),
          a.organizerId(),
          a.season(),
          a.family(),
          a.code(),
          a.internalName(),
          a.publicName(),
          a.visualUrl(),
          a.state().name(),
          a.target().name(),
          a.indicatorCode(),
          a.indicatorLevel(),
          a.accessCode(),
          uuidArray(a.channelIds()),
          timestamp(a.validFrom()),
          timestamp(a.validUntil()),
          a.saleEnd().name(),
          a.saleEndToleranceMinutes(),
          a.quota(),
          a.perOrderLimit(),
          timestamp(a.createdAt())
        });
  }

  public Future<Advantage> advantage(UUID id) {
    return advantages(List.of(id))
        .compose(
            found ->
                found.containsKey(id)
                    ? Future.succeededFuture(found.get(id))
                    : Future.failedFuture(DomainException.notFound("advantage", id)));
  }

  /** The advantages of these ids with their prices (unknown ids are absent). */
  public Future<Map<UUID, Advantage>> advantages(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    UUID[] array = ids.toArray(UUID[]::new);
    return pool.withConnection(
        conn ->
            conn.preparedQuery(SELECT_ADVANTAGES)
                .execute(Tuple.of((Object) array))
                .compose(
                    rows ->
                        conn.preparedQuery(SELECT_PRICES)
                            .execute(Tuple.of((Object) array))
                            .map(prices -> withPrices(rows, prices))));
  }

  private static Map<UUID, Advantage> withPrices(RowSet<Row> rows, RowSet<Row> prices) {
    Map<UUID, List<AdvantagePrice>> byAdvantage = new HashMap<>();
    prices.forEach(
        p ->
            byAdvantage
                .computeIfAbsent(p.getUUID("advantage_id"), k -> new ArrayList<>())
                .add(
                    new AdvantagePrice(
                        p.getUUID("performance_id"),
                        p.getString("category"),
                        p.getUUID("tariff_id"),
                        p.getLong("amount"))));
    Map<UUID, Advantage> out = new HashMap<>();
    rows.forEach(
        r ->
            out.put(
                r.getUUID("id"),
                advantage(r, byAdvantage.getOrDefault(r.getUUID("id"), List.of()))));
    return out;
  }

  public Future<Page<Advantage>> page(UUID organizerId, int page, int size) {
    return pool.preparedQuery(LIST_ADVANTAGES)
        .execute(Tuple.of(organizerId, size, (long) page * size))
        .compose(
            rows -> {
              long total = rows.size() == 0 ? 0 : rows.iterator().next().getLong("total");
              List<UUID> ids = list(rows, r -> r.getUUID("id"));
              return advantages(ids)
                  .map(found -> new Page<>(ids.stream().map(found::get).toList(), total));
            });
  }

  /** The PARTNER advantage of an organizer with this access code (upper case), or null. */
  public Future<UUID> byAccessCode(UUID organizerId, String accessCode) {
    return pool.preparedQuery(BY_ACCESS_CODE)
        .execute(Tuple.of(organizerId, accessCode))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  /**
   * The advantages open to a buyer on a channel now without a code: public ones, and those whose
   * contacts or indicator level include the buyer's contact (null: anonymous).
   */
  public Future<List<Advantage>> openTo(
      UUID organizerId, UUID channelId, UUID contactId, Instant now) {
    return pool.preparedQuery(SHOP_ADVANTAGES)
        .execute(Tuple.of(organizerId, channelId, timestamp(now), contactId))
        .compose(
            rows -> {
              List<UUID> ids = list(rows, r -> r.getUUID("id"));
              return advantages(ids).map(found -> ids.stream().map(found::get).toList());
            });
  }

  public Future<Advantage> setState(UUID id, Advantage.State state, Instant now) {
    return pool.preparedQuery(SET_STATE)
        .execute(Tuple.of(id, state.name(), timestamp(now)))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("advantage", id))
                    : advantage(id));
  }

  /** Deletes an advantage no order and no batch of codes used; false when one did. */
  public Future<Boolean> deleteUnused(UUID id) {
    return pool.preparedQuery(DELETE_UNUSED).execute(Tuple.of(id)).map(rows -> rows.size() == 1);
  }

  /** Of these performances, those of the organizer's events of this season. */
  public Future<Set<UUID>> seasonPerformances(UUID organizerId, String season, List<UUID> ids) {
    return pool.preparedQuery(SEASON_PERFORMANCES)
        .execute(Tuple.of(ids.toArray(UUID[]::new), organizerId, season))
        .map(rows -> new HashSet<>(list(rows, r -> r.getUUID("id"))));
  }

  /** Of these tariffs, the organizer's. */
  public Future<Set<UUID>> organizerTariffs(UUID organizerId, List<UUID> ids) {
    return pool.preparedQuery(ORGANIZER_TARIFFS)
        .execute(Tuple.of(ids.toArray(UUID[]::new), organizerId))
        .map(rows -> new HashSet<>(list(rows, r -> r.getUUID("id"))));
  }

  /** Links contacts of the organizer to an advantage; answers how many were newly linked. */
  public Future<Integer> link(
      UUID advantageId, UUID organizerId, List<UUID> contacts, Instant now) {
    return pool.preparedQuery(LINK_CONTACTS)
        .execute(Tuple.of(advantageId, contacts.toArray(UUID[]::new), timestamp(now), organizerId))
        .map(RowSet::rowCount);
  }

  public Future<Boolean> unlink(UUID advantageId, UUID contactId) {
    return pool.preparedQuery(UNLINK_CONTACT)
        .execute(Tuple.of(advantageId, contactId))
        .map(rows -> rows.size() == 1);
  }

  // --- buyers ---

  /** The contact of an account (every account has one), or null. */
  public Future<UUID> contactOfCustomer(UUID customerId) {
    return pool.preparedQuery(CONTACT_OF_CUSTOMER)
        .execute(Tuple.of(customerId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  /** A contact as targeting sees it: its indicators' levels and its linked advantages. */
  public Future<Shopper> shopper(UUID contactId) {
    if (contactId == null) {
      return Future.succeededFuture(Shopper.ANONYMOUS);
    }
    Future<RowSet<Row>> indicators =
        pool.preparedQuery(SHOPPER_INDICATORS).execute(Tuple.of(contactId));
    Future<RowSet<Row>> links = pool.preparedQuery(SHOPPER_LINKS).execute(Tuple.of(contactId));
    return Future.all(indicators, links)
        .map(
            all -> {
              Map<String, String> levels = new HashMap<>();
              indicators
                  .result()
                  .forEach(r -> levels.put(r.getString("code"), r.getString("level")));
              Set<UUID> linked =
                  new HashSet<>(list(links.result(), r -> r.getUUID("advantage_id")));
              return new Shopper(contactId, levels, linked);
            });
  }

  /** A performance as pricing sees it: its event and start. */
  public record PerformanceInfo(UUID id, UUID eventId, Instant startsAt) {}

  public Future<Map<UUID, PerformanceInfo>> performances(List<UUID> ids) {
    return pool.preparedQuery(PERFORMANCE_INFO)
        .execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, PerformanceInfo> out = new HashMap<>();
              rows.forEach(
                  r ->
                      out.put(
                          r.getUUID("id"),
                          new PerformanceInfo(
                              r.getUUID("id"), r.getUUID("event_id"), instant(r, "starts_at"))));
              return out;
            });
  }

  // --- promo codes ---

  public Future<PromoCode> createPromo(PromoCode p) {
    return translate(
            pool.preparedQuery(INSERT_PROMO)
                .execute(
                    Tuple.wrap(
                        new Object[] {
                          p.id(),
                          p.organizerId(),
                          p.code(),
                          p.internalName(),
                          p.publicName(),
                          p.state().name(),
                          p.kind().name(),
                          p.percentBasisPoints(),
                          p.amount(),
                          p.currency(),
                          p.minimumAmount(),
                          p.indicatorCode(),
                          p.indicatorLevel(),
                          timestamp(p.validFrom()),
                          timestamp(p.validUntil()),
                          uuidArray(p.channelIds()),
                          uuidArray(p.eventIds()),
                          p.combinable(),
                          p.stacksWithAdvantages(),
                          p.maxUses(),
                          p.budget(),
                          timestamp(p.createdAt())
                        })),
            "a promo code " + p.code())
        .compose(v -> promo(p.id()));
  }

  public Future<PromoCode> promo(UUID id) {
    return promos(List.of(id))
        .compose(
            found ->
                found.containsKey(id)
                    ? Future.succeededFuture(found.get(id))
                    : Future.failedFuture(DomainException.notFound("promo code", id)));
  }

  public Future<Map<UUID, PromoCode>> promos(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(SELECT_PROMOS)
        .execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, PromoCode> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getUUID("id"), promo(r)));
              return out;
            });
  }

  /** The organizer's promo code with this code (upper case), or null. */
  public Future<PromoCode> promoByCode(UUID organizerId, String code) {
    return pool.preparedQuery(PROMO_BY_CODE)
        .execute(Tuple.of(organizerId, code))
        .map(rows -> rows.size() == 0 ? null : promo(rows.iterator().next()));
  }

  public Future<Page<PromoCode>> listPromos(UUID organizerId, int page, int size) {
    return pool.preparedQuery(LIST_PROMOS)
        .execute(Tuple.of(organizerId, size, (long) page * size))
        .map(
            rows ->
                new Page<>(
                    list(rows, AdvantageStore::promo),
                    rows.size() == 0 ? 0 : rows.iterator().next().getLong("total")));
  }

  public Future<PromoCode> setPromoState(UUID id, Advantage.State state, Instant now) {
    return pool.preparedQuery(SET_PROMO_STATE)
        .execute(Tuple.of(id, state.name(), timestamp(now)))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("promo code", id))
                    : promo(id));
  }

  // --- rows ---

  private static Advantage advantage(Row r, List<AdvantagePrice> prices) {
    return new Advantage(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("season"),
        r.getString("family"),
        r.getString("code"),
        r.getString("internal_name"),
        r.getString("public_name"),
        r.getString("visual_url"),
        Advantage.State.valueOf(r.getString("state")),
        Advantage.Target.valueOf(r.getString("target")),
        r.getString("indicator_code"),
        r.getString("indicator_level"),
        r.getString("access_code"),
        uuids(r, "channel_ids"),
        instant(r, "valid_from"),
        instant(r, "valid_until"),
        Advantage.SaleEnd.valueOf(r.getString("sale_end")),
        r.getInteger("sale_end_tolerance_minutes"),
        r.getInteger("quota"),
        r.getInteger("uses"),
        r.getInteger("per_order_limit"),
        prices,
        instant(r, "created_at"));
  }

  private static PromoCode promo(Row r) {
    return new PromoCode(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("code"),
        r.getString("internal_name"),
        r.getString("public_name"),
        Advantage.State.valueOf(r.getString("state")),
        PromoCode.Kind.valueOf(r.getString("kind")),
        r.getInteger("percent_bp"),
        r.getLong("amount"),
        r.getString("currency"),
        r.getLong("minimum_amount"),
        r.getString("indicator_code"),
        r.getString("indicator_level"),
        instant(r, "valid_from"),
        instant(r, "valid_until"),
        uuids(r, "channel_ids"),
        uuids(r, "event_ids"),
        r.getBoolean("combinable"),
        r.getBoolean("stacks_with_advantages"),
        r.getInteger("max_uses"),
        r.getInteger("uses"),
        r.getLong("budget"),
        r.getLong("spent"),
        instant(r, "created_at"));
  }
}
