package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SeatMap;
import io.guichet.domain.catalogue.SeatState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.ops.Futures;
import io.guichet.ops.Services;
import io.guichet.store.ShopCatalogueStore.CategoryCount;
import io.guichet.store.ShopCatalogueStore.ShopPerformance;
import io.guichet.store.ShopCatalogueStore.ShopPrice;
import io.guichet.store.ShopCatalogueStore.ShopSeat;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The public shop API under {@code /api/v1}. Every call names its point of sale ({@code pos}); what
 * it shows is what that point of sale's channel sells.
 */
final class ShopHandlers {
  /** Default listing horizon when {@code to} is absent. */
  private static final long DEFAULT_HORIZON_DAYS = 3650;

  private final Services services;
  private final Map<UUID, Future<List<ShopSeat>>> seatsByMap;

  ShopHandlers(Services services, Map<UUID, Future<List<ShopSeat>>> seatCache) {
    this.services = services;
    this.seatsByMap = seatCache;
  }

  /** A cache of seat maps' seats shared by every HTTP verticle: seat maps never change. */
  static Map<UUID, Future<List<ShopSeat>>> newSeatCache() {
    return new ConcurrentHashMap<>();
  }

  void mount(RouterBuilder builder) {
    route(builder, "listEvents", this::listEvents);
    route(builder, "getEvent", this::event);
    route(builder, "getPerformance", this::performance);
    route(builder, "getPerformanceSeatMap", this::seatMap);
    route(builder, "listFeaturedEvents", this::showcase);
  }

  private void route(
      RouterBuilder builder,
      String operationId,
      BiFunction<RoutingContext, PointOfSale, Future<?>> op) {
    builder
        .getRoute(operationId)
        .addHandler(
            rc ->
                pointOfSale(rc)
                    .compose(pos -> op.apply(rc, pos))
                    .onSuccess(value -> Json.ok(rc, value))
                    .onFailure(rc::fail));
  }

  /**
   * The caller's point of sale, if it shows its catalogue (it and its channel are switched on); a
   * restricted one refused callers it does not list already (SessionHandler).
   */
  private Future<PointOfSale> pointOfSale(RoutingContext rc) {
    return services
        .pointsOfSale()
        .showing(rc.queryParams().get("pos"))
        .map(io.guichet.checkout.ShopContext::pos);
  }

  private Instant now() {
    return services.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private Future<?> listEvents(RoutingContext rc, PointOfSale pos) {
    Instant now = now();
    Instant from = Json.instant(rc.queryParams().get("from"), "from");
    Instant to = Json.instant(rc.queryParams().get("to"), "to");
    from = from == null ? now : from;
    to = to == null ? from.plus(DEFAULT_HORIZON_DAYS, ChronoUnit.DAYS) : to;
    if (!to.isAfter(from)) {
      throw DomainException.invalid("to must be after from");
    }
    Pages.Request page = Pages.request(rc);
    return services
        .shop()
        .events(pos.channelId(), now, from, to, page.page(), page.size())
        .map(p -> Pages.page(Json.array(p.items()), page, p.total()));
  }

  private Future<?> event(RoutingContext rc, PointOfSale pos) {
    return services
        .shop()
        .event(pos.channelId(), pathId(rc, "eventId"), now())
        .map(
            listing ->
                JsonObject.mapFrom(listing.event())
                    .put("performances", Json.array(listing.performances())));
  }

  private Future<?> performance(RoutingContext rc, PointOfSale pos) {
    UUID id = pathId(rc, "performanceId");
    Instant now = now();
    return services
        .shop()
        .performance(pos.channelId(), id, now)
        .compose(
            perf ->
                Future.all(
                        services.shop().prices(id, pos.channelId()),
                        services.shop().categoryCounts(perf.seatMapId()),
                        services.inventory().open(id))
                    .map(
                        all ->
                            performanceJson(
                                perf, all.resultAt(0), all.resultAt(1), all.resultAt(2), now)));
  }

  private static JsonObject performanceJson(
      ShopPerformance perf,
      List<ShopPrice> prices,
      List<CategoryCount> counts,
      LivePerformance live,
      Instant now) {
    Map<String, long[]> availability = new HashMap<>();
    counts.forEach(c -> availability.put(c.category(), new long[] {c.capacity(), 0}));
    for (SeatMap.Section s : perf.layout().sections()) {
      if (s.generalAdmission()) {
        availability.computeIfAbsent(s.gaCategory(), k -> new long[2])[0] += s.gaCapacity();
      }
    }
    // What is free now comes from the grid (held and sold seats are not).
    availability.forEach((code, a) -> a[1] = live.free(live.plan().categoryIndex(code)));
    JsonArray categories = new JsonArray();
    for (SeatMap.Category c : perf.layout().categories()) {
      long[] a = availability.getOrDefault(c.code(), new long[2]);
      JsonArray categoryPrices = new JsonArray();
      prices.stream()
          .filter(p -> p.category().equals(c.code()))
          .forEach(
              p ->
                  categoryPrices.add(
                      new JsonObject()
                          .put("tariffId", p.tariffId().toString())
                          .put("tariffCode", p.tariffCode())
                          .put("tariffName", p.tariffName())
                          .put("amount", p.amount())
                          .put("currency", perf.currency())));
      categories.add(
          new JsonObject()
              .put("code", c.code())
              .put("name", c.name())
              .put("capacity", a[0])
              .put("available", a[1])
              .put("prices", categoryPrices));
    }
    return new JsonObject()
        .put("id", perf.id().toString())
        .put(
            "event",
            new JsonObject().put("id", perf.eventId().toString()).put("name", perf.eventName()))
        .put("startsAt", perf.startsAt().toString())
        .put(
            "venue",
            new JsonObject()
                .put("id", perf.venue().id().toString())
                .put("name", perf.venue().name())
                .put("city", perf.venue().city()))
        .put("currency", perf.currency())
        .put(
            "onSale",
            new JsonObject()
                .put("opensAt", perf.window().opensAt().toString())
                .put("closesAt", perf.window().closesAt().toString())
                .put("open", perf.window().openAt(now)))
        .put("categories", categories);
  }

  /**
   * The seat map with every seat's state, grouped by row and written in columns so that a
   * 50,000-seat stadium stays around a megabyte (and far less gzipped).
   */
  private Future<?> seatMap(RoutingContext rc, PointOfSale pos) {
    UUID id = pathId(rc, "performanceId");
    return services
        .shop()
        .performance(pos.channelId(), id, now())
        .compose(
            perf ->
                services
                    .inventory()
                    .open(id)
                    .compose(
                        live ->
                            Future.all(seats(perf.seatMapId()), services.inventory().snapshot(live))
                                .map(
                                    all ->
                                        seatMapJson(
                                            perf, all.resultAt(0), live, all.resultAt(1)))));
  }

  private Future<List<ShopSeat>> seats(UUID seatMapId) {
    Future<List<ShopSeat>> cached =
        seatsByMap.computeIfAbsent(seatMapId, k -> services.shop().seats(seatMapId));
    if (cached.succeeded()) {
      return Futures.detached(cached);
    }
    // A failed load must not stay cached.
    return cached.onFailure(e -> seatsByMap.remove(seatMapId, cached));
  }

  private static JsonObject seatMapJson(
      ShopPerformance perf,
      List<ShopSeat> seats,
      LivePerformance live,
      HzInventory.Snapshot states) {
    List<SeatMap.Category> categoryList = perf.layout().categories();
    Map<String, Integer> categoryIndex = new HashMap<>();
    for (int i = 0; i < categoryList.size(); i++) {
      categoryIndex.put(categoryList.get(i).code(), i);
    }
    JsonArray sections = new JsonArray();
    for (SeatMap.Section s : perf.layout().sections()) {
      JsonObject section = new JsonObject().put("id", s.id()).put("name", s.name());
      if (s.bounds() != null) {
        section.put("bounds", JsonObject.mapFrom(s.bounds())); // as imported
      }
      if (s.generalAdmission()) {
        int area = gaIndex(live, s.id());
        section.put(
            "generalAdmission",
            new JsonObject()
                .put("category", s.gaCategory())
                .put("capacity", s.gaCapacity())
                .put("available", area < 0 ? 0 : states.areaFree()[area]));
      }
      sections.add(section);
    }
    JsonArray rows = new JsonArray();
    RowWriter row = null;
    for (ShopSeat seat : seats) {
      if (row == null || !row.is(seat)) {
        if (row != null) {
          rows.add(row.json());
        }
        row = new RowWriter(seat.section(), seat.row());
      }
      // States come from PostgreSQL until the inventory grid serves them.
      PerformancePlan.SeatAddress at = live.plan().seats().get(seat.id());
      byte[] block = states.blockStates()[at.block()];
      SeatState state = block == null ? SeatState.BLOCKED : SeatState.values()[block[at.index()]];
      row.add(seat, categoryIndex.get(seat.category()), state);
    }
    if (row != null) {
      rows.add(row.json());
    }
    JsonObject codes = new JsonObject();
    for (SeatState s : SeatState.values()) {
      codes.put(String.valueOf(s.code()), s.name());
    }
    return new JsonObject()
        .put("performanceId", perf.id().toString())
        .put("categories", Json.array(categoryList))
        .put("sections", sections)
        .put("stateCodes", codes)
        .put("seatCount", seats.size())
        .put("rows", rows);
  }

  private static int gaIndex(LivePerformance live, String section) {
    List<PerformancePlan.GaArea> areas = live.plan().gaAreas();
    for (int a = 0; a < areas.size(); a++) {
      if (areas.get(a).section().equals(section)) {
        return a;
      }
    }
    return -1;
  }

  /** Accumulates one row's seats in columns. */
  private static final class RowWriter {
    private final String section;
    private final String row;
    private final JsonArray ids = new JsonArray();
    private final JsonArray labels = new JsonArray();
    private final JsonArray xs = new JsonArray();
    private final JsonArray ys = new JsonArray();
    private final JsonArray categories = new JsonArray();
    private final StringBuilder states = new StringBuilder();

    RowWriter(String section, String row) {
      this.section = section;
      this.row = row;
    }

    boolean is(ShopSeat seat) {
      return section.equals(seat.section()) && row.equals(seat.row());
    }

    void add(ShopSeat seat, Integer category, SeatState state) {
      ids.add(seat.id());
      labels.add(seat.label());
      xs.add(compact(seat.x()));
      ys.add(compact(seat.y()));
      categories.add(Objects.requireNonNull(category));
      states.append(state.code());
    }

    JsonObject json() {
      return new JsonObject()
          .put("section", section)
          .put("row", row)
          .put("ids", ids)
          .put("labels", labels)
          .put("x", xs)
          .put("y", ys)
          .put("categories", categories)
          .put("states", states.toString());
    }

    private static Number compact(double value) {
      double rounded = Math.round(value * 10) / 10.0;
      return rounded == Math.rint(rounded) ? (Number) (long) rounded : (Number) rounded;
    }
  }

  private Future<?> showcase(RoutingContext rc, PointOfSale pos) {
    return services
        .shop()
        .showcase(pos.id(), pos.channelId(), now())
        .map(events -> Pages.of(rc, events, Pages::record));
  }
}
