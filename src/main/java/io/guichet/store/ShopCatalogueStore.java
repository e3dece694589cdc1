package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.Event;
import io.guichet.domain.catalogue.OnSaleWindow;
import io.guichet.domain.catalogue.SeatMap;
import io.guichet.domain.catalogue.Venue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The reads a shop front end makes: what a point of sale's channel may sell. A performance is
 * visible on a channel when it has an on-sale window for that channel that has not closed.
 */
public final class ShopCatalogueStore {
  private static final String VISIBLE =
      " exists (select 1 from on_sale_window w where w.performance_id = p.id"
          + " and w.channel_id = $1 and w.closes_at > $2)";
  private static final String EVENTS_IN_RANGE =
      " from event e join performance p on p.event_id = e.id where"
          + VISIBLE
          + " and p.starts_at >= $3 and p.starts_at < $4";
  private static final String SELECT_EVENTS =
      "select e.*, min(p.starts_at) as first_at"
          + EVENTS_IN_RANGE
          + " group by e.id order by first_at, e.id limit $5 offset $6";
  private static final String COUNT_EVENTS = "select count(distinct e.id)" + EVENTS_IN_RANGE;
  private static final String SELECT_EVENT_PERFORMANCES =
      "select p.id, p.starts_at, v.id as venue_id, v.name as venue_name, w.opens_at, w.closes_at"
          + " from performance p join seat_map m on m.id = p.seat_map_id"
          + " join venue v on v.id = m.venue_id"
          + " join on_sale_window w on w.performance_id = p.id and w.channel_id = $1"
          + " where p.event_id = $3 and w.closes_at > $2 order by p.starts_at, p.id";
  private static final String SELECT_PERFORMANCE =
      "select p.*, e.name as event_name, m.layout, v.id as venue_id, v.organizer_id as v_org,"
          + " v.name as venue_name, v.address, v.city, v.created_at as venue_created_at,"
          + " w.id as window_id, w.opens_at, w.closes_at"
          + " from performance p join event e on e.id = p.event_id"
          + " join seat_map m on m.id = p.seat_map_id join venue v on v.id = m.venue_id"
          + " join on_sale_window w on w.performance_id = p.id and w.channel_id = $1"
          + " where p.id = $3 and w.closes_at > $2";
  private static final String SELECT_PRICES =
      "select pp.category, pp.amount, t.id as tariff_id, t.code, t.name, t.channel_ids"
          + " from performance_price pp join tariff t on t.id = pp.tariff_id"
          + " where pp.performance_id = $1 and (t.channel_ids is null or $2 = any(t.channel_ids))"
          + " order by pp.category, t.code";
  private static final String SELECT_CATEGORY_COUNTS =
      "select category, count(*) as capacity, count(*) filter (where not blocked) as open"
          + " from seat where seat_map_id = $1 group by category";
  private static final String SELECT_SEATS =
      "select id, section, row_label, label, x, y, category, blocked from seat"
          + " where seat_map_id = $1 order by ordinal";
  private static final String SELECT_SHOWCASE =
      "select e.*, s.rank from showcase_item s join event e on e.id = s.event_id"
          + " where s.point_of_sale_id = $1 and exists (select 1 from performance p where"
          + " p.event_id = e.id and exists (select 1 from on_sale_window w"
          + " where w.performance_id = p.id and w.channel_id = $2 and w.closes_at > $3))"
          + " order by s.rank, e.id";

  private final Pool pool;

  public ShopCatalogueStore(Pool pool) {
    this.pool = pool;
  }

  /** A page of events with a performance visible on the channel and starting in [from, to). */
  public Future<Page<Event>> events(
      UUID channelId, Instant now, Instant from, Instant to, int page, int size) {
    Tuple range = Tuple.of(channelId, timestamp(now), timestamp(from), timestamp(to));
    Future<RowSet<Row>> items =
        pool.preparedQuery(SELECT_EVENTS)
            .execute(
                Tuple.of(
                    channelId, timestamp(now), timestamp(from), timestamp(to), size, page * size));
    Future<RowSet<Row>> total = pool.preparedQuery(COUNT_EVENTS).execute(range);
    return Future.all(items, total)
        .map(
            all ->
                new Page<>(
                    list(items.result(), CatalogueStore::event),
                    page,
                    size,
                    total.result().iterator().next().getLong(0)));
  }

  /** One page of a listing. */
  public record Page<T>(List<T> items, int page, int size, long total) {}

  /** A performance as a shop lists it under its event. */
  public record PerformanceListing(
      UUID id,
      Instant startsAt,
      UUID venueId,
      String venueName,
      Instant opensAt,
      Instant closesAt) {}

  /** An event and its performances visible on the channel; NOT_FOUND when it has none. */
  public Future<EventListing> event(UUID channelId, UUID eventId, Instant now) {
    return pool.preparedQuery(SELECT_EVENT_PERFORMANCES)
        .execute(Tuple.of(channelId, timestamp(now), eventId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainException.notFound("event", eventId));
              }
              List<PerformanceListing> performances =
                  list(
                      rows,
                      r ->
                          new PerformanceListing(
                              r.getUUID("id"),
                              instant(r, "starts_at"),
                              r.getUUID("venue_id"),
                              r.getString("venue_name"),
                              instant(r, "opens_at"),
                              instant(r, "closes_at")));
              return pool.preparedQuery("select * from event where id = $1")
                  .execute(Tuple.of(eventId))
                  .map(
                      e ->
                          new EventListing(
                              CatalogueStore.event(e.iterator().next()), performances));
            });
  }

  /** An event with its visible performances. */
  public record EventListing(Event event, List<PerformanceListing> performances) {}

  /** A performance as a shop sees it: its event, venue, layout and on-sale window. */
  public record ShopPerformance(
      UUID id,
      UUID eventId,
      String eventName,
      UUID seatMapId,
      Instant startsAt,
      String currency,
      Venue venue,
      SeatMap layout,
      OnSaleWindow window) {}

  public Future<ShopPerformance> performance(UUID channelId, UUID performanceId, Instant now) {
    return pool.preparedQuery(SELECT_PERFORMANCE)
        .execute(Tuple.of(channelId, timestamp(now), performanceId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainException.notFound("performance", performanceId));
              }
              Row r = rows.iterator().next();
              return Future.succeededFuture(
                  new ShopPerformance(
                      r.getUUID("id"),
                      r.getUUID("event_id"),
                      r.getString("event_name"),
                      r.getUUID("seat_map_id"),
                      instant(r, "starts_at"),
                      r.getString("currency"),
                      new Venue(
                          r.getUUID("venue_id"),
                          r.getUUID("v_org"),
                          r.getString("venue_name"),
                          r.getString("address"),
                          r.getString("city"),
                          instant(r, "venue_created_at")),
                      SeatMapLayout.fromJson((JsonObject) r.getValue("layout")),
                      new OnSaleWindow(
                          r.getUUID("window_id"),
                          r.getUUID("id"),
                          channelId,
                          instant(r, "opens_at"),
                          instant(r, "closes_at"))));
            });
  }

  /** A price offered on a channel. */
  public record ShopPrice(
      String category, UUID tariffId, String tariffCode, String tariffName, long amount) {}

  public Future<List<ShopPrice>> prices(UUID performanceId, UUID channelId) {
    return pool.preparedQuery(SELECT_PRICES)
        .execute(Tuple.of(performanceId, channelId))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new ShopPrice(
                            r.getString("category"),
                            r.getUUID("tariff_id"),
                            r.getString("code"),
                            r.getString("name"),
                            r.getLong("amount"))));
  }

  /** Numbered seats of a category: all of them, and those not blocked. */
  public record CategoryCount(String category, long capacity, long open) {}

  public Future<List<CategoryCount>> categoryCounts(UUID seatMapId) {
    return pool.preparedQuery(SELECT_CATEGORY_COUNTS)
        .execute(Tuple.of(seatMapId))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new CategoryCount(
                            r.getString("category"), r.getLong("capacity"), r.getLong("open"))));
  }

  /** One seat for the shop's seat map, in the map's order. */
  public record ShopSeat(
      String id,
      String section,
      String row,
      String label,
      double x,
      double y,
      String category,
      boolean blocked) {}

  public Future<List<ShopSeat>> seats(UUID seatMapId) {
    return pool.preparedQuery(SELECT_SEATS)
        .execute(Tuple.of(seatMapId))
        .map(
            rows ->
                list(
                    rows,
                    r ->
                        new ShopSeat(
                            r.getString("id"),
                            r.getString("section"),
                            r.getString("row_label"),
                            r.getString("label"),
                            r.getDouble("x"),
                            r.getDouble("y"),
                            r.getString("category"),
                            r.getBoolean("blocked"))));
  }

  /** The showcase of a point of sale: featured events that still have something on sale. */
  public Future<List<Event>> showcase(UUID posId, UUID channelId, Instant now) {
    return pool.preparedQuery(SELECT_SHOWCASE)
        .execute(Tuple.of(posId, channelId, timestamp(now)))
        .map(rows -> list(rows, CatalogueStore::event));
  }
}
