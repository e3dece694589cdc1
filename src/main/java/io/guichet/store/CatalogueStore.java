package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.Event;
import io.guichet.domain.catalogue.Organizer;
import io.guichet.domain.catalogue.Performance;
import io.guichet.domain.catalogue.Price;
import io.guichet.domain.catalogue.SeatMap;
import io.guichet.domain.catalogue.SeatMapSummary;
import io.guichet.domain.catalogue.Tariff;
import io.guichet.domain.catalogue.Venue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Organizers, tariffs, venues, seat maps, events and performances in PostgreSQL. */
public final class CatalogueStore {
  private static final int SEAT_INSERT_CHUNK = 5_000;

  private static final String INSERT_ORGANIZER =
      "insert into organizer (id, name, currency, created_at) values ($1, $2, $3, $4)";
  private static final String SELECT_ORGANIZER = "select * from organizer where id = $1";
  private static final String INSERT_TARIFF =
      "insert into tariff (id, organizer_id, code, name, channel_ids) values ($1, $2, $3, $4, $5)";
  private static final String SELECT_TARIFFS =
      "select * from tariff where organizer_id = $1 order by code";
  private static final String INSERT_VENUE =
      "insert into venue (id, organizer_id, name, address, city, created_at)"
          + " values ($1, $2, $3, $4, $5, $6)";
  private static final String SELECT_VENUE = "select * from venue where id = $1";
  private static final String INSERT_SEAT_MAP =
      "insert into seat_map (id, venue_id, name, capacity, layout, created_at)"
          + " values ($1, $2, $3, $4, $5, $6)";
  private static final String INSERT_SEATS =
      "insert into seat (seat_map_id, id, ordinal, section, row_label, pos, label, x, y, rank,"
          + " category, blocked) select $1, * from unnest($2::text[], $3::int[], $4::text[],"
          + " $5::text[], $6::int[], $7::text[], $8::float8[], $9::float8[], $10::int[],"
          + " $11::text[], $12::bool[])";
  private static final String SELECT_SEAT_MAP =
      "select m.*, (select count(*) from seat s where s.seat_map_id = m.id) as seat_count"
          + " from seat_map m where m.id = $1";
  private static final String SELECT_MAP_SEATS =
      "select id, section, row_label, pos, label, x, y, rank, category, blocked from seat"
          + " where seat_map_id = $1 order by ordinal";
  private static final String INSERT_EVENT =
      "insert into event (id, organizer_id, name, description, season, created_at)"
          + " values ($1, $2, $3, $4, $5, $6)";
  private static final String SELECT_EVENT = "select * from event where id = $1";
  private static final String SELECT_EVENT_ORGANIZER_AND_MAP =
      "select e.organizer_id as event_organizer, v.organizer_id as map_organizer, m.layout"
          + " from event e, seat_map m join venue v on v.id = m.venue_id"
          + " where e.id = $1 and m.id = $2";
  private static final String INSERT_PERFORMANCE =
      "insert into performance (id, event_id, seat_map_id, starts_at, currency, created_at)"
          + " select $1, $2, $3, $4, o.currency, $5 from event e join organizer o"
          + " on o.id = e.organizer_id where e.id = $2 returning currency";
  private static final String INSERT_PRICE =
      "insert into performance_price (performance_id, category, tariff_id, amount)"
          + " values ($1, $2, $3, $4)";
  private static final String SELECT_PERFORMANCE = "select * from performance where id = $1";
  private static final String SELECT_PRICES =
      "select * from performance_price where performance_id = $1 order by category, tariff_id";

  private final Pool pool;

  public CatalogueStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Organizer> createOrganizer(Organizer o) {
    return translate(
        pool.preparedQuery(INSERT_ORGANIZER)
            .execute(Tuple.of(o.id(), o.name(), o.currency(), timestamp(o.createdAt())))
            .map(o),
        "organizer");
  }

  public Future<Organizer> organizer(UUID id) {
    return one(SELECT_ORGANIZER, id, CatalogueStore::organizer, "organizer");
  }

  public Future<Tariff> createTariff(Tariff t) {
    return translate(
        pool.preparedQuery(INSERT_TARIFF)
            .execute(
                Tuple.of(t.id(), t.organizerId(), t.code(), t.name(), Db.uuidArray(t.channelIds())))
            .map(t),
        "tariff " + t.code());
  }

  public Future<List<Tariff>> tariffs(UUID organizerId) {
    return organizer(organizerId)
        .compose(o -> pool.preparedQuery(SELECT_TARIFFS).execute(Tuple.of(organizerId)))
        .map(rows -> list(rows, CatalogueStore::tariff));
  }

  public Future<Venue> createVenue(Venue v) {
    return translate(
        pool.preparedQuery(INSERT_VENUE)
            .execute(
                Tuple.of(
                    v.id(),
                    v.organizerId(),
                    v.name(),
                    v.address(),
                    v.city(),
                    timestamp(v.createdAt())))
            .map(v),
        "venue");
  }

  public Future<Venue> venue(UUID id) {
    return one(SELECT_VENUE, id, CatalogueStore::venue, "venue");
  }

  /** Stores the layout and every seat in one transaction: a map is imported whole or not at all. */
  public Future<SeatMapSummary> createSeatMap(UUID id, UUID venueId, SeatMap map, Instant now) {
    return translate(
        pool.withTransaction(
            conn ->
                conn.preparedQuery(INSERT_SEAT_MAP)
                    .execute(
                        Tuple.of(
                            id,
                            venueId,
                            map.name(),
                            map.capacity(),
                            SeatMapLayout.toJson(map),
                            timestamp(now)))
                    .compose(r -> insertSeats(conn, id, map.seats()))
                    .map(
                        v ->
                            new SeatMapSummary(
                                id, venueId, map.name(), map.capacity(), map.seats().size(), now))),
        "seat map");
  }

  private static Future<Void> insertSeats(
      SqlConnection conn, UUID mapId, List<SeatMap.Seat> seats) {
    Future<Void> chain = Future.succeededFuture();
    for (int start = 0; start < seats.size(); start += SEAT_INSERT_CHUNK) {
      int from = start;
      int to = Math.min(seats.size(), start + SEAT_INSERT_CHUNK);
      chain =
          chain.compose(
              v ->
                  conn.preparedQuery(INSERT_SEATS)
                      .execute(seatColumns(mapId, seats, from, to))
                      .mapEmpty());
    }
    return chain;
  }

  private static Tuple seatColumns(UUID mapId, List<SeatMap.Seat> seats, int from, int to) {
    int n = to - from;
    String[] ids = new String[n];
    Integer[] ordinals = new Integer[n];
    String[] sections = new String[n];
    String[] rows = new String[n];
    Integer[] positions = new Integer[n];
    String[] labels = new String[n];
    Double[] xs = new Double[n];
    Double[] ys = new Double[n];
    Integer[] ranks = new Integer[n];
    String[] categories = new String[n];
    Boolean[] blocked = new Boolean[n];
    for (int i = 0; i < n; i++) {
      SeatMap.Seat s = seats.get(from + i);
      ids[i] = s.id();
      ordinals[i] = from + i;
      sections[i] = s.section();
      rows[i] = s.row();
      positions[i] = s.pos();
      labels[i] = s.label();
      xs[i] = s.x();
      ys[i] = s.y();
      ranks[i] = s.rank();
      categories[i] = s.category();
      blocked[i] = s.blocked();
    }
    return Tuple.tuple(
        List.of(
            mapId,
            ids,
            ordinals,
            sections,
            rows,
            positions,
            labels,
            xs,
            ys,
            ranks,
            categories,
            blocked));
  }

  /** The summary and the stored layout (categories and sections) of a seat map. */
  public Future<SeatMapWithLayout> seatMap(UUID id) {
    return one(
        SELECT_SEAT_MAP,
        id,
        row ->
            new SeatMapWithLayout(
                new SeatMapSummary(
                    row.getUUID("id"),
                    row.getUUID("venue_id"),
                    row.getString("name"),
                    row.getInteger("capacity"),
                    row.getLong("seat_count").intValue(),
                    instant(row, "created_at")),
                SeatMapLayout.fromJson((JsonObject) row.getValue("layout"))),
        "seat map");
  }

  /** Every seat of a seat map, in the order of its import. */
  public Future<List<SeatMap.Seat>> seats(UUID seatMapId) {
    return pool.preparedQuery(SELECT_MAP_SEATS)
        .execute(Tuple.of(seatMapId))
        .map(
            rows ->
                list(
                    rows,
                    r ->
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
  }

  /** A seat map's summary with its layout (no seats). */
  public record SeatMapWithLayout(SeatMapSummary summary, SeatMap layout) {}

  public Future<Event> createEvent(Event e) {
    return translate(
        pool.preparedQuery(INSERT_EVENT)
            .execute(
                Tuple.of(
                    e.id(),
                    e.organizerId(),
                    e.name(),
                    e.description(),
                    e.season(),
                    timestamp(e.createdAt())))
            .map(e),
        "event");
  }

  public Future<Event> event(UUID id) {
    return one(SELECT_EVENT, id, CatalogueStore::event, "event");
  }

  /**
   * Creates a performance with its prices. Checks that the event and the seat map belong to the
   * same organizer, that every price names a category of the seat map and a tariff of that
   * organizer, and that no category/tariff pair is priced twice.
   */
  public Future<Performance> createPerformance(Performance p) {
    return translate(
        pool.withTransaction(
            conn ->
                conn.preparedQuery(SELECT_EVENT_ORGANIZER_AND_MAP)
                    .execute(Tuple.of(p.eventId(), p.seatMapId()))
                    .compose(rows -> checkPerformance(conn, p, rows))
                    .compose(
                        v ->
                            conn.preparedQuery(INSERT_PERFORMANCE)
                                .execute(
                                    Tuple.of(
                                        p.id(),
                                        p.eventId(),
                                        p.seatMapId(),
                                        timestamp(p.startsAt()),
                                        timestamp(p.createdAt()))))
                    .compose(
                        rows -> {
                          String currency = rows.iterator().next().getString("currency");
                          List<Tuple> prices = new ArrayList<>();
                          p.prices()
                              .forEach(
                                  price ->
                                      prices.add(
                                          Tuple.of(
                                              p.id(),
                                              price.category(),
                                              price.tariffId(),
                                              price.amount())));
                          Future<?> insert =
                              prices.isEmpty()
                                  ? Future.succeededFuture()
                                  : conn.preparedQuery(INSERT_PRICE).executeBatch(prices);
                          return insert.map(
                              r ->
                                  new Performance(
                                      p.id(),
                                      p.eventId(),
                                      p.seatMapId(),
                                      p.startsAt(),
                                      currency,
                                      p.prices(),
                                      p.createdAt()));
                        })),
        "performance");
  }

  private static Future<Void> checkPerformance(
      SqlConnection conn, Performance p, RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Future.failedFuture(
          DomainException.notFound("event or seat map", p.eventId() + " / " + p.seatMapId()));
    }
    Row row = rows.iterator().next();
    UUID organizerId = row.getUUID("event_organizer");
    if (!organizerId.equals(row.getUUID("map_organizer"))) {
      return Future.failedFuture(
          DomainException.invalid("the seat map belongs to a venue of another organizer"));
    }
    SeatMap layout = SeatMapLayout.fromJson((JsonObject) row.getValue("layout"));
    Set<String> categories = layout.categoriesByCode().keySet();
    Set<String> pairs = new HashSet<>();
    for (Price price : p.prices()) {
      if (!categories.contains(price.category())) {
        return Future.failedFuture(
            DomainException.invalid("price for unknown seat category " + price.category()));
      }
      if (!pairs.add(price.category() + "/" + price.tariffId())) {
        return Future.failedFuture(
            DomainException.invalid(
                "category "
                    + price.category()
                    + " is priced twice for tariff "
                    + price.tariffId()));
      }
    }
    return conn.preparedQuery(SELECT_TARIFFS)
        .execute(Tuple.of(organizerId))
        .compose(
            tariffRows -> {
              Set<UUID> tariffs = new HashSet<>();
              tariffRows.forEach(t -> tariffs.add(t.getUUID("id")));
              for (Price price : p.prices()) {
                if (!tariffs.contains(price.tariffId())) {
                  return Future.failedFuture(
                      DomainException.invalid(
                          "tariff " + price.tariffId() + " is not a tariff of this organizer"));
                }
              }
              return Future.succeededFuture();
            });
  }

  public Future<Performance> performance(UUID id) {
    return one(SELECT_PERFORMANCE, id, row -> row, "performance")
        .compose(
            row ->
                pool.preparedQuery(SELECT_PRICES)
                    .execute(Tuple.of(id))
                    .map(prices -> performance(row, list(prices, CatalogueStore::price))));
  }

  // --- row mapping ---

  private <T> Future<T> one(String sql, UUID id, Function<Row, T> mapper, String what) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound(what, id))
                    : Future.succeededFuture(mapper.apply(rows.iterator().next())));
  }

  static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> result = new ArrayList<>(rows.size());
    rows.forEach(r -> result.add(mapper.apply(r)));
    return result;
  }

  static Organizer organizer(Row r) {
    return new Organizer(
        r.getUUID("id"), r.getString("name"), r.getString("currency"), instant(r, "created_at"));
  }

  static Tariff tariff(Row r) {
    return new Tariff(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("code"),
        r.getString("name"),
        Db.uuids(r, "channel_ids"));
  }

  static Venue venue(Row r) {
    return new Venue(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("name"),
        r.getString("address"),
        r.getString("city"),
        instant(r, "created_at"));
  }

  static Event event(Row r) {
    return new Event(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getString("name"),
        r.getString("description"),
        r.getString("season"),
        instant(r, "created_at"));
  }

  static Price price(Row r) {
    return new Price(r.getString("category"), r.getUUID("tariff_id"), r.getLong("amount"));
  }

  static Performance performance(Row r, List<Price> prices) {
    return new Performance(
        r.getUUID("id"),
        r.getUUID("event_id"),
        r.getUUID("seat_map_id"),
        instant(r, "starts_at"),
        r.getString("currency"),
        prices,
        instant(r, "created_at"));
  }
}
