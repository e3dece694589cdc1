package io.guichet.http;

import static io.guichet.http.Json.body;
import static io.guichet.http.Json.instant;
import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.catalogue.Event;
import io.guichet.domain.catalogue.OnSaleWindow;
import io.guichet.domain.catalogue.Organizer;
import io.guichet.domain.catalogue.Performance;
import io.guichet.domain.catalogue.Price;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SeatMap;
import io.guichet.domain.catalogue.SeatMapParser;
import io.guichet.domain.catalogue.ShowcaseItem;
import io.guichet.domain.catalogue.Tariff;
import io.guichet.domain.catalogue.Venue;
import io.guichet.inventory.InventoryAudit;
import io.guichet.ops.Services;
import io.guichet.store.SeatMapLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The back-office catalogue API under {@code /admin/v1}. Bodies are already schema-checked. */
final class AdminHandlers {
  private final Vertx vertx;
  private final Services services;

  AdminHandlers(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
  }

  void mount(RouterBuilder builder) {
    route(builder, "createOrganizer", this::createOrganizer);
    route(builder, "getOrganizer", rc -> services.catalogue().organizer(pathId(rc, "organizerId")));
    route(builder, "createTariff", this::createTariff);
    route(
        builder,
        "listTariffs",
        rc ->
            services
                .catalogue()
                .tariffs(pathId(rc, "organizerId"))
                .map(all -> Pages.of(rc, all, Pages::record)));
    route(builder, "createVenue", this::createVenue);
    route(builder, "getVenue", rc -> services.catalogue().venue(pathId(rc, "venueId")));
    // The seat map is parsed and checked on a worker thread: it can hold 200,000 seats.
    builder.getRoute("importSeatMap").setDoValidation(false);
    route(builder, "importSeatMap", this::importSeatMap);
    route(builder, "getSeatMap", this::seatMap);
    route(builder, "createEvent", this::createEvent);
    route(builder, "getEventDetails", rc -> services.catalogue().event(pathId(rc, "eventId")));
    route(builder, "createPerformance", this::createPerformance);
    route(
        builder,
        "getPerformanceDetails",
        rc -> services.catalogue().performance(pathId(rc, "performanceId")));
    InventoryAudit audit =
        new InventoryAudit(services.inventory(), services.salesSetup(), services.pool());
    route(
        builder,
        "auditPerformance",
        rc ->
            underPerformance(rc).compose(p -> audit.audit(p.id())).map(report -> (Object) report));
    route(builder, "createQuota", this::createQuota);
    route(
        builder,
        "listQuotas",
        rc ->
            underPerformance(rc)
                .compose(p -> services.salesSetup().quotas(p.id()))
                .map(all -> Pages.of(rc, all, Pages::record)));
    route(builder, "createOnSaleWindow", this::createOnSaleWindow);
    route(
        builder,
        "listOnSaleWindows",
        rc ->
            underPerformance(rc)
                .compose(p -> services.salesSetup().windows(p.id()))
                .map(all -> Pages.of(rc, all, Pages::record)));
    new SalesSetupHandlers(services, this::now).mount(builder);
    route(builder, "setShowcase", this::setShowcase);
    route(
        builder,
        "getShowcase",
        rc ->
            showcase(
                rc,
                services
                    .salesSetup()
                    .pointOfSale(pathId(rc, "posId"))
                    .compose(p -> services.salesSetup().showcase(p.id()))));
  }

  /**
   * The performance a sub-resource is under: an unknown one is 404 for every operation under it.
   */
  private Future<Performance> underPerformance(RoutingContext rc) {
    return services.catalogue().performance(pathId(rc, "performanceId"));
  }

  /** A created resource: its status, location and body. */
  record Created(String location, Object body) {}

  /**
   * Mounts an operation whose handler returns a future: a {@link Created} answers 201 with its
   * location, anything else 200; a failure goes to the problem handler.
   */
  static void route(
      RouterBuilder builder,
      String operationId,
      java.util.function.Function<RoutingContext, Future<?>> op) {
    builder
        .getRoute(operationId)
        .addHandler(
            rc -> {
              Future<?> result;
              try {
                result = op.apply(rc);
              } catch (RuntimeException e) {
                rc.fail(e);
                return;
              }
              result
                  .onSuccess(
                      value -> {
                        if (value instanceof Created c) {
                          Json.created(rc, c.location(), c.body());
                        } else {
                          Json.ok(rc, value);
                        }
                      })
                  .onFailure(rc::fail);
            });
  }

  /** Now, at PostgreSQL's precision (microseconds), so what is returned is what is stored. */
  private Instant now() {
    return services.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private Future<?> createOrganizer(RoutingContext rc) {
    JsonObject b = body(rc);
    Organizer o =
        new Organizer(UUID.randomUUID(), b.getString("name"), b.getString("currency"), now());
    return services
        .catalogue()
        .createOrganizer(o)
        .map(c -> new Created("/admin/v1/organizers/" + c.id(), c));
  }

  private Future<?> createTariff(RoutingContext rc) {
    JsonObject b = body(rc);
    UUID organizerId = pathId(rc, "organizerId");
    Tariff t =
        new Tariff(
            UUID.randomUUID(),
            organizerId,
            b.getString("code"),
            b.getString("name"),
            Json.uuids(b.getJsonArray("channelIds"), "channelIds"));
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> services.catalogue().createTariff(t))
        .map(c -> new Created("/admin/v1/organizers/" + organizerId + "/tariffs", c));
  }

  private Future<?> createVenue(RoutingContext rc) {
    JsonObject b = body(rc);
    Venue v =
        new Venue(
            UUID.randomUUID(),
            Json.uuid(b.getString("organizerId"), "organizerId"),
            b.getString("name"),
            b.getString("address"),
            b.getString("city"),
            now());
    return services
        .catalogue()
        .createVenue(v)
        .map(c -> new Created("/admin/v1/venues/" + c.id(), c));
  }

  private Future<?> importSeatMap(RoutingContext rc) {
    UUID venueId = pathId(rc, "venueId");
    Buffer raw = rc.body().buffer();
    if (raw == null || raw.length() == 0) {
      throw DomainException.invalid("a seat map document is required");
    }
    JsonBodies.checkMediaType(rc.request().getHeader("content-type"));
    return services
        .catalogue()
        .venue(venueId)
        .compose(venue -> vertx.executeBlocking(() -> parseSeatMap(raw), false))
        .compose(map -> services.catalogue().createSeatMap(UUID.randomUUID(), venueId, map, now()))
        .map(s -> new Created("/admin/v1/seatmaps/" + s.id(), s));
  }

  /** Decoded as strictly as every other body (a seat map is a JSON object and nothing after it). */
  private static SeatMap parseSeatMap(Buffer raw) {
    return SeatMapParser.parse(JsonBodies.object(raw).getMap());
  }

  private Future<?> createEvent(RoutingContext rc) {
    JsonObject b = body(rc);
    Event e =
        new Event(
            UUID.randomUUID(),
            Json.uuid(b.getString("organizerId"), "organizerId"),
            b.getString("name"),
            b.getString("description"),
            b.getString("season"),
            now());
    return services
        .catalogue()
        .createEvent(e)
        .map(c -> new Created("/admin/v1/events/" + c.id(), c));
  }

  private Future<?> createPerformance(RoutingContext rc) {
    JsonObject b = body(rc);
    List<Price> prices = new ArrayList<>();
    for (Object item : b.getJsonArray("prices")) {
      JsonObject p = (JsonObject) item;
      prices.add(
          new Price(
              p.getString("category"),
              Json.uuid(p.getString("tariffId"), "tariffId"),
              p.getLong("amount")));
    }
    Performance p =
        new Performance(
            UUID.randomUUID(),
            Json.uuid(b.getString("eventId"), "eventId"),
            Json.uuid(b.getString("seatMapId"), "seatMapId"),
            instant(b.getString("startsAt"), "startsAt"),
            null,
            prices,
            now());
    return services
        .catalogue()
        .createPerformance(p)
        .map(c -> new Created("/admin/v1/performances/" + c.id(), c));
  }

  private Future<?> createQuota(RoutingContext rc) {
    JsonObject b = body(rc);
    UUID performanceId = pathId(rc, "performanceId");
    JsonArray seats = Json.nonEmpty(b.getJsonArray("seatIds"));
    String category = b.getString("category");
    Integer count = b.getInteger("count");
    if ((seats == null) == (count == null) || (count == null) != (category == null)) {
      throw DomainException.invalid("a quota has either seatIds, or a category and a count");
    }
    Quota q =
        new Quota(
            UUID.randomUUID(),
            performanceId,
            b.getString("name"),
            Json.uuids(b.getJsonArray("channelIds"), "channelIds"),
            seats == null ? null : Json.strings(seats),
            category,
            count);
    return services
        .salesSetup()
        .createQuota(q)
        .map(c -> new Created("/admin/v1/performances/" + performanceId + "/quotas", c));
  }

  private Future<?> createOnSaleWindow(RoutingContext rc) {
    JsonObject b = body(rc);
    UUID performanceId = pathId(rc, "performanceId");
    OnSaleWindow w =
        new OnSaleWindow(
            UUID.randomUUID(),
            performanceId,
            Json.uuid(b.getString("channelId"), "channelId"),
            instant(b.getString("opensAt"), "opensAt"),
            instant(b.getString("closesAt"), "closesAt"));
    if (!w.closesAt().isAfter(w.opensAt())) {
      throw DomainException.invalid("closesAt must be after opensAt");
    }
    return services
        .salesSetup()
        .createWindow(w)
        .map(c -> new Created("/admin/v1/performances/" + performanceId + "/onsale-windows", c));
  }

  private Future<?> setShowcase(RoutingContext rc) {
    UUID posId = pathId(rc, "posId");
    List<ShowcaseItem> items = new ArrayList<>();
    java.util.Set<UUID> seen = new java.util.HashSet<>();
    for (Object item : body(rc).getJsonArray("items")) {
      JsonObject i = (JsonObject) item;
      UUID eventId = Json.uuid(i.getString("eventId"), "eventId");
      if (!seen.add(eventId)) {
        throw new DomainException(Failure.INVALID_REQUEST, "event " + eventId + " is listed twice");
      }
      items.add(new ShowcaseItem(eventId, i.getInteger("rank")));
    }
    return showcase(
        rc,
        services
            .salesSetup()
            .pointOfSale(posId)
            .compose(p -> services.salesSetup().setShowcase(posId, items)));
  }

  private static Future<JsonObject> showcase(RoutingContext rc, Future<List<ShowcaseItem>> items) {
    return items.map(list -> Pages.of(rc, list, Pages::record));
  }

  /**
   * A seat map as imported (name, categories, sections and every seat, in the import format) with
   * what the server adds (id, venue, capacity, seat count, date of import): it reads back what went
   * in.
   */
  private Future<?> seatMap(RoutingContext rc) {
    UUID id = pathId(rc, "seatMapId");
    return services
        .catalogue()
        .seatMap(id)
        .compose(
            map ->
                services
                    .catalogue()
                    .seats(id)
                    .map(
                        seats -> {
                          JsonObject json = JsonObject.mapFrom(map.summary());
                          SeatMapLayout.toJson(map.layout())
                              .forEach(e -> json.put(e.getKey(), e.getValue()));
                          JsonArray list = new JsonArray();
                          seats.forEach(seat -> list.add(JsonObject.mapFrom(seat)));
                          return json.put("seats", list);
                        }));
  }
}
