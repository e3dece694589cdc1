package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.catalogue.ChannelType;
import io.guichet.domain.catalogue.DeliveryMode;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.domain.catalogue.OnSaleWindow;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.PosSettings;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.catalogue.SeatSearchMode;
import io.guichet.domain.catalogue.ShowcaseItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sales channels, points of sale, quotas, on-sale windows and showcases in PostgreSQL. */
public final class SalesSetupStore {
  private static final String INSERT_CHANNEL =
      "insert into sales_channel (id, organizer_id, name, type, seat_search_mode,"
          + " hold_timeout_seconds, isolated_seat_trigger, always_allow_isolated, allow_split,"
          + " max_per_performance, per_ticket_fee, fee_cap, payment_ceiling, sender_email,"
          + " option_deadline, delivery_modes, created_at, enabled) values ($1, $2, $3, $4, $5,"
          + " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
  // A channel's settings change in place; its type only while no order was made on it ($16).
  private static final String UPDATE_CHANNEL =
      "update sales_channel c set name = $2, type = $3, seat_search_mode = $4,"
          + " hold_timeout_seconds = $5, isolated_seat_trigger = $6, always_allow_isolated = $7,"
          + " allow_split = $8, max_per_performance = $9, per_ticket_fee = $10, fee_cap = $11,"
          + " payment_ceiling = $12, sender_email = $13, option_deadline = $14,"
          + " delivery_modes = $15, enabled = $16 where c.id = $1 and (c.type = $3"
          + " or not exists (select 1 from orders o where o.channel_id = c.id)) returning c.id";
  private static final String CHANNEL_EXISTS = "select type from sales_channel where id = $1";
  private static final String SELECT_CHANNEL =
      "select c.*, o.currency from sales_channel c join organizer o on o.id = c.organizer_id"
          + " where c.id = $1";
  private static final String INSERT_POS =
      "insert into point_of_sale (id, channel_id, code, name, url, languages,"
          + " restricted_organisations, restricted_contacts, allowed_origins, settings, created_at,"
          + " enabled) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
  private static final String UPDATE_POS =
      "update point_of_sale set code = $2, name = $3, url = $4, languages = $5,"
          + " restricted_organisations = $6, restricted_contacts = $7, allowed_origins = $8,"
          + " settings = $9, enabled = $10 where id = $1";
  private static final String SELECT_ALLOWED_ORIGINS =
      "select distinct unnest(allowed_origins) from point_of_sale";
  private static final String SELECT_POS = "select * from point_of_sale where id = $1";
  private static final String SELECT_POS_BY_CODE = "select * from point_of_sale where code = $1";
  private static final String SELECT_PERFORMANCE_ORGANIZER =
      "select e.organizer_id, p.seat_map_id from performance p join event e on e.id = p.event_id"
          + " where p.id = $1";
  private static final String LOCK_PERFORMANCE =
      "select id, opened_at from performance where id = $1 for update";
  private static final String COUNT_CHANNELS_OF_ORGANIZER =
      "select count(*) from sales_channel where organizer_id = $1 and id = any($2)";
  private static final String COUNT_SEATS =
      "select count(*) from seat where seat_map_id = $1 and id = any($2)";
  private static final String CATEGORY_CAPACITY =
      "select (select count(*) from seat where seat_map_id = m.id and category = $2)"
          + " + coalesce((select sum((s->'generalAdmission'->>'capacity')::int)"
          + " from jsonb_array_elements(m.layout->'sections') s"
          + " where s->'generalAdmission'->>'category' = $2), 0) as capacity,"
          + " exists (select 1 from jsonb_array_elements(m.layout->'categories') c"
          + " where c->>'code' = $2) as known,"
          + " (select coalesce(sum(q.seat_count), 0) from quota q where q.performance_id = $3"
          + " and q.category = $2) + (select count(*) from quota q, unnest(q.seat_ids) qs(id),"
          + " seat st where q.performance_id = $3 and st.seat_map_id = m.id and st.id = qs.id"
          + " and st.category = $2) as reserved from seat_map m where m.id = $1";
  private static final String QUOTA_SEATS_TAKEN =
      "select count(*) from quota q, unnest(q.seat_ids) s(id) where q.performance_id = $1"
          + " and s.id = any($2)";
  private static final String INSERT_QUOTA =
      "insert into quota (id, performance_id, name, channel_ids, seat_ids, category, seat_count)"
          + " values ($1, $2, $3, $4, $5, $6, $7)";
  private static final String SELECT_QUOTAS =
      "select * from quota where performance_id = $1 order by name, id";
  private static final String INSERT_WINDOW =
      "insert into on_sale_window (id, performance_id, channel_id, opens_at, closes_at)"
          + " values ($1, $2, $3, $4, $5)";
  private static final String SELECT_WINDOWS =
      "select * from on_sale_window where performance_id = $1 order by opens_at, id";
  private static final String DELETE_SHOWCASE =
      "delete from showcase_item where point_of_sale_id = $1";
  private static final String INSERT_SHOWCASE =
      "insert into showcase_item (point_of_sale_id, event_id, rank) values ($1, $2, $3)";
  private static final String SELECT_SHOWCASE =
      "select * from showcase_item where point_of_sale_id = $1 order by rank, event_id";

  private final Pool pool;

  public SalesSetupStore(Pool pool) {
    this.pool = pool;
  }

  public Future<SalesChannel> createChannel(SalesChannel c) {
    JsonArray modes = deliveryModes(c);
    Tuple tuple =
        Tuple.tuple(
            java.util.Arrays.asList(
                c.id(),
                c.organizerId(),
                c.name(),
                c.type().name(),
                c.seatSearchMode().name(),
                c.holdTimeoutSeconds(),
                c.isolatedSeatTrigger(),
                c.alwaysAllowIsolatedSeats(),
                c.allowSplit(),
                c.maxPerPerformance(),
                c.perTicketFee(),
                c.feeCap(),
                c.paymentCeiling(),
                c.senderEmail(),
                timestamp(c.optionDeadline()),
                modes,
                timestamp(c.createdAt()),
                c.enabled()));
    return translate(pool.preparedQuery(INSERT_CHANNEL).execute(tuple), "sales channel")
        .compose(r -> channel(c.id()));
  }

  /**
   * Changes a channel's settings (every one but its organizer and its creation date). Its type
   * changes only while no order was made on it: else {@link Failure#SETTING_LOCKED}.
   */
  public Future<SalesChannel> updateChannel(SalesChannel c) {
    Tuple tuple =
        Tuple.tuple(
            java.util.Arrays.asList(
                c.id(),
                c.name(),
                c.type().name(),
                c.seatSearchMode().name(),
                c.holdTimeoutSeconds(),
                c.isolatedSeatTrigger(),
                c.alwaysAllowIsolatedSeats(),
                c.allowSplit(),
                c.maxPerPerformance(),
                c.perTicketFee(),
                c.feeCap(),
                c.paymentCeiling(),
                c.senderEmail(),
                timestamp(c.optionDeadline()),
                deliveryModes(c),
                c.enabled()));
    return translate(pool.preparedQuery(UPDATE_CHANNEL).execute(tuple), "sales channel")
        .compose(
            rows ->
                rows.size() == 1
                    ? channel(c.id())
                    : pool.preparedQuery(CHANNEL_EXISTS)
                        .execute(Tuple.of(c.id()))
                        .compose(found -> Future.failedFuture(notUpdated(found, c.id()))));
  }

  private static DomainException notUpdated(RowSet<Row> found, UUID id) {
    if (found.size() == 0) {
      return DomainException.notFound("sales channel", id);
    }
    return new DomainException(
        Failure.SETTING_LOCKED,
        "orders were made on channel "
            + id
            + ": its type stays "
            + found.iterator().next().getString("type")
            + " (make a new channel for another population)");
  }

  private static JsonArray deliveryModes(SalesChannel c) {
    JsonArray modes = new JsonArray();
    c.deliveryModes()
        .forEach(d -> modes.add(new JsonObject().put("mode", d.mode().name()).put("fee", d.fee())));
    return modes;
  }

  public Future<SalesChannel> channel(UUID id) {
    return pool.preparedQuery(SELECT_CHANNEL)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("sales channel", id))
                    : Future.succeededFuture(channel(rows.iterator().next())));
  }

  public Future<PointOfSale> createPointOfSale(PointOfSale p) {
    Tuple tuple =
        Tuple.tuple(
            java.util.Arrays.asList(
                p.id(),
                p.channelId(),
                p.code(),
                p.name(),
                p.url(),
                Db.stringArray(p.languages()),
                Db.stringArray(p.restrictedOrganisations()),
                Db.stringArray(p.restrictedContacts()),
                Db.stringArray(p.allowedOrigins()),
                JsonObject.mapFrom(p.settings()),
                timestamp(p.createdAt()),
                p.enabled()));
    return translate(
        pool.preparedQuery(INSERT_POS).execute(tuple).map(p), "point of sale " + p.code());
  }

  /** Changes a point of sale's settings (every one but its channel and its creation date). */
  public Future<PointOfSale> updatePointOfSale(PointOfSale p) {
    Tuple tuple =
        Tuple.tuple(
            java.util.Arrays.asList(
                p.id(),
                p.code(),
                p.name(),
                p.url(),
                Db.stringArray(p.languages()),
                Db.stringArray(p.restrictedOrganisations()),
                Db.stringArray(p.restrictedContacts()),
                Db.stringArray(p.allowedOrigins()),
                JsonObject.mapFrom(p.settings()),
                p.enabled()));
    return translate(pool.preparedQuery(UPDATE_POS).execute(tuple), "point of sale " + p.code())
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? Future.succeededFuture(p)
                    : Future.failedFuture(DomainException.notFound("point of sale", p.id())));
  }

  /** The origins any point of sale allows (for the shop's calls that name no point of sale). */
  public Future<java.util.Set<String>> allowedOrigins() {
    return pool.preparedQuery(SELECT_ALLOWED_ORIGINS)
        .execute()
        .map(
            rows -> {
              java.util.Set<String> origins = new java.util.HashSet<>();
              rows.forEach(r -> origins.add(r.getString(0)));
              return java.util.Set.copyOf(origins);
            });
  }

  public Future<PointOfSale> pointOfSale(UUID id) {
    return pool.preparedQuery(SELECT_POS)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("point of sale", id))
                    : Future.succeededFuture(pointOfSale(rows.iterator().next())));
  }

  /** The point of sale with this code, or a failed future of kind UNKNOWN_POINT_OF_SALE. */
  public Future<PointOfSale> pointOfSaleByCode(String code) {
    return pool.preparedQuery(SELECT_POS_BY_CODE)
        .execute(Tuple.of(code))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(
                        new DomainException(
                            io.guichet.domain.Failure.UNKNOWN_POINT_OF_SALE,
                            "no point of sale has the code " + code))
                    : Future.succeededFuture(pointOfSale(rows.iterator().next())));
  }

  /**
   * Creates a quota after checking it: its channels belong to the performance's organizer; a seat
   * quota names seats of the performance's seat map that no other quota holds; a count quota names
   * a category of the map and does not exceed the category's capacity.
   */
  public Future<Quota> createQuota(Quota q) {
    return translate(
        pool.withTransaction(
            conn ->
                conn.preparedQuery(LOCK_PERFORMANCE)
                    .execute(Tuple.of(q.performanceId()))
                    .compose(lock -> notOpened(lock, q.performanceId()))
                    .compose(v -> performanceOrganizer(conn, q.performanceId()))
                    .compose(
                        perf ->
                            checkChannels(conn, perf.getUUID("organizer_id"), q.channelIds())
                                .compose(
                                    v -> checkQuotaSeats(conn, q, perf.getUUID("seat_map_id"))))
                    .compose(
                        v ->
                            conn.preparedQuery(INSERT_QUOTA)
                                .execute(
                                    Tuple.tuple(
                                        java.util.Arrays.asList(
                                            q.id(),
                                            q.performanceId(),
                                            q.name(),
                                            Db.uuidArray(q.channelIds()),
                                            Db.stringArray(q.seatIds()),
                                            q.category(),
                                            q.count()))))
                    .map(q)),
        "quota");
  }

  /**
   * Quotas are set before a performance's seats are first opened: every node plans it from the same
   * quota rows (see InventoryStore#planInputs, which takes the same row lock).
   */
  private static Future<Void> notOpened(RowSet<Row> lock, UUID performanceId) {
    if (lock.size() == 0) {
      return Future.succeededFuture(); // no such performance: said by the next step
    }
    if (lock.iterator().next().getValue("opened_at") != null) {
      return Future.failedFuture(
          new DomainException(
              Failure.PERFORMANCE_OPENED,
              "performance "
                  + performanceId
                  + " is open for sale already: its quotas are set before its seats are first"
                  + " opened"));
    }
    return Future.succeededFuture();
  }

  private static Future<Void> checkQuotaSeats(SqlConnection conn, Quota q, UUID seatMapId) {
    if (q.seatIds() != null) {
      String[] ids = q.seatIds().stream().distinct().toArray(String[]::new);
      if (ids.length != q.seatIds().size()) {
        return Future.failedFuture(DomainException.invalid("a seat is listed twice in the quota"));
      }
      return conn.preparedQuery(COUNT_SEATS)
          .execute(Tuple.of(seatMapId, (Object) ids))
          .compose(
              rows -> {
                long found = rows.iterator().next().getLong(0);
                if (found != ids.length) {
                  return Future.failedFuture(
                      DomainException.invalid(
                          (ids.length - found) + " seat(s) of the quota are not on the seat map"));
                }
                return conn.preparedQuery(QUOTA_SEATS_TAKEN)
                    .execute(Tuple.of(q.performanceId(), (Object) ids));
              })
          .compose(
              rows ->
                  rows.iterator().next().getLong(0) > 0
                      ? Future.failedFuture(
                          DomainException.invalid("some seats already belong to another quota"))
                      : Future.succeededFuture());
    }
    return conn.preparedQuery(CATEGORY_CAPACITY)
        .execute(Tuple.of(seatMapId, q.category(), q.performanceId()))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              if (!row.getBoolean("known")) {
                return Future.failedFuture(
                    DomainException.invalid("unknown seat category " + q.category()));
              }
              long capacity = row.getLong("capacity") - row.getLong("reserved");
              if (q.count() > capacity) {
                return Future.failedFuture(
                    DomainException.invalid(
                        "a quota of "
                            + q.count()
                            + " is more than the "
                            + capacity
                            + " places of category "
                            + q.category()
                            + " not already in a quota"));
              }
              return Future.succeededFuture();
            });
  }

  public Future<List<Quota>> quotas(UUID performanceId) {
    return performanceOrganizer(pool, performanceId)
        .compose(p -> pool.preparedQuery(SELECT_QUOTAS).execute(Tuple.of(performanceId)))
        .map(rows -> list(rows, SalesSetupStore::quota));
  }

  public Future<OnSaleWindow> createWindow(OnSaleWindow w) {
    return translate(
        pool.withTransaction(
            conn ->
                performanceOrganizer(conn, w.performanceId())
                    .compose(
                        p -> checkChannels(conn, p.getUUID("organizer_id"), List.of(w.channelId())))
                    .compose(
                        v ->
                            conn.preparedQuery(INSERT_WINDOW)
                                .execute(
                                    Tuple.of(
                                        w.id(),
                                        w.performanceId(),
                                        w.channelId(),
                                        timestamp(w.opensAt()),
                                        timestamp(w.closesAt()))))
                    .map(w)),
        "on-sale window for this channel");
  }

  public Future<List<OnSaleWindow>> windows(UUID performanceId) {
    return performanceOrganizer(pool, performanceId)
        .compose(p -> pool.preparedQuery(SELECT_WINDOWS).execute(Tuple.of(performanceId)))
        .map(rows -> list(rows, SalesSetupStore::window));
  }

  /** Replaces the showcase of a point of sale. */
  public Future<List<ShowcaseItem>> setShowcase(UUID posId, List<ShowcaseItem> items) {
    List<Tuple> tuples = new ArrayList<>();
    items.forEach(i -> tuples.add(Tuple.of(posId, i.eventId(), i.rank())));
    return translate(
        pool.withTransaction(
            conn ->
                conn.preparedQuery(DELETE_SHOWCASE)
                    .execute(Tuple.of(posId))
                    .compose(
                        r ->
                            tuples.isEmpty()
                                ? Future.succeededFuture()
                                : conn.preparedQuery(INSERT_SHOWCASE).executeBatch(tuples))
                    .map(items)),
        "showcase item");
  }

  public Future<List<ShowcaseItem>> showcase(UUID posId) {
    return pointOfSale(posId)
        .compose(p -> pool.preparedQuery(SELECT_SHOWCASE).execute(Tuple.of(posId)))
        .map(
            rows -> list(rows, r -> new ShowcaseItem(r.getUUID("event_id"), r.getInteger("rank"))));
  }

  private static Future<Row> performanceOrganizer(io.vertx.sqlclient.SqlClient client, UUID id) {
    return client
        .preparedQuery(SELECT_PERFORMANCE_ORGANIZER)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("performance", id))
                    : Future.succeededFuture(rows.iterator().next()));
  }

  private static Future<Void> checkChannels(
      SqlConnection conn, UUID organizerId, List<UUID> channels) {
    UUID[] ids = channels.stream().distinct().toArray(UUID[]::new);
    return conn.preparedQuery(COUNT_CHANNELS_OF_ORGANIZER)
        .execute(Tuple.of(organizerId, (Object) ids))
        .compose(
            rows ->
                rows.iterator().next().getLong(0) == ids.length
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        DomainException.invalid(
                            "every channel must exist and belong to the performance's organizer")));
  }

  // --- row mapping ---

  static SalesChannel channel(Row r) {
    List<DeliveryOption> modes = new ArrayList<>();
    ((JsonArray) r.getValue("delivery_modes"))
        .forEach(
            m -> {
              JsonObject o = (JsonObject) m;
              modes.add(
                  new DeliveryOption(DeliveryMode.valueOf(o.getString("mode")), o.getLong("fee")));
            });
    return new SalesChannel(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("name"),
        ChannelType.valueOf(r.getString("type")),
        r.getString("currency"),
        SeatSearchMode.valueOf(r.getString("seat_search_mode")),
        r.getInteger("hold_timeout_seconds"),
        r.getInteger("isolated_seat_trigger"),
        r.getBoolean("always_allow_isolated"),
        r.getBoolean("allow_split"),
        r.getInteger("max_per_performance"),
        r.getLong("per_ticket_fee"),
        r.getLong("fee_cap"),
        r.getLong("payment_ceiling"),
        r.getString("sender_email"),
        instant(r, "option_deadline"),
        modes,
        r.getBoolean("enabled"),
        instant(r, "created_at"));
  }

  static PointOfSale pointOfSale(Row r) {
    return new PointOfSale(
        r.getUUID("id"),
        r.getUUID("channel_id"),
        r.getString("code"),
        r.getString("name"),
        r.getString("url"),
        Db.strings(r, "languages"),
        Db.strings(r, "restricted_organisations"),
        Db.strings(r, "restricted_contacts"),
        Db.strings(r, "allowed_origins"),
        ((JsonObject) r.getValue("settings")).mapTo(PosSettings.class),
        r.getBoolean("enabled"),
        instant(r, "created_at"));
  }

  static Quota quota(Row r) {
    return new Quota(
        r.getUUID("id"),
        r.getUUID("performance_id"),
        r.getString("name"),
        Db.uuids(r, "channel_ids"),
        Db.strings(r, "seat_ids"),
        r.getString("category"),
        r.getInteger("seat_count"));
  }

  static OnSaleWindow window(Row r) {
    return new OnSaleWindow(
        r.getUUID("id"),
        r.getUUID("performance_id"),
        r.getUUID("channel_id"),
        instant(r, "opens_at"),
        instant(r, "closes_at"));
  }
}
