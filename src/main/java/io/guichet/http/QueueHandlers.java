package io.guichet.http;

import static io.guichet.http.Json.body;
import static io.guichet.http.Json.instant;
import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.queue.OnSale;
import io.guichet.domain.queue.WaitEstimate;
import io.guichet.ops.Services;
import io.guichet.queue.AccessTokens;
import io.guichet.queue.RedisQueue;
import io.guichet.queue.WaitingRoom;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The waiting room: the shop's queue calls and the operator's on-sale settings. */
final class QueueHandlers {
  static final String TICKET_HEADER = "X-Queue-Ticket";
  private static final int DEFAULT_TOKEN_SECONDS = 900;

  private final WaitingRoom room;
  private final Clock clock;
  private final io.guichet.store.CatalogueStore catalogue;

  QueueHandlers(Services services) {
    this.room = services.waitingRoom();
    this.clock = services.clock();
    this.catalogue = services.catalogue();
  }

  void mount(RouterBuilder builder) {
    // The shop's queue calls are the hottest of an on-sale (every waiting browser polls). The
    // contract's validator builds a schema validator per parameter per request (copying every
    // schema of the document each time), which costs more than the call itself; these handlers
    // check their few inputs themselves, as strictly (the ids' forms, the body's one property).
    for (String op : new String[] {"joinQueue", "getQueuePlace", "leaveQueue", "getOnSaleStatus"}) {
      builder.getRoute(op).setDoValidation(false);
    }
    builder.getRoute("joinQueue").addHandler(this::join);
    builder.getRoute("getQueuePlace").addHandler(this::place);
    builder.getRoute("leaveQueue").addHandler(this::leave);
    builder.getRoute("getOnSaleStatus").addHandler(this::shopOnSale);
    builder.getRoute("createOnSale").addHandler(this::create);
    builder.getRoute("getOnSale").addHandler(this::adminOnSale);
    builder.getRoute("updateOnSale").addHandler(this::update);
  }

  // --- shop ---

  private void join(RoutingContext rc) {
    UUID onSale = pathId(rc, "onSaleId");
    JsonObject body = Json.optionalBody(rc);
    String visitor = null;
    if (body != null) {
      for (String field : body.fieldNames()) {
        if (!field.equals("visitorId")) {
          throw DomainException.invalid(
              "unknown property " + field + ": only visitorId is allowed");
        }
      }
      if (body.getValue("visitorId") != null && !(body.getValue("visitorId") instanceof String)) {
        throw DomainException.invalid("visitorId must be a string");
      }
      visitor = body.getString("visitorId");
      if (visitor != null && !AccessTokens.wellFormedVisitor(visitor)) {
        throw DomainException.invalid("a visitor id is 22 URL-safe base64 characters");
      }
    }
    room.join(onSale, visitor, ticket(rc))
        .onSuccess(
            place -> {
              Json.Raw json = placeJson(place);
              if (place.newcomer()) {
                Json.created(rc, "/api/v1/onsales/" + onSale + "/queue/" + place.visitor(), json);
              } else {
                Json.ok(rc, json);
              }
            })
        .onFailure(rc::fail);
  }

  private void place(RoutingContext rc) {
    room.status(pathId(rc, "onSaleId"), rc.pathParam("visitorId"), ticket(rc))
        .onSuccess(place -> Json.ok(rc, placeJson(place)))
        .onFailure(rc::fail);
  }

  private void leave(RoutingContext rc) {
    room.leave(pathId(rc, "onSaleId"), rc.pathParam("visitorId"), ticket(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void shopOnSale(RoutingContext rc) {
    room.onSale(pathId(rc, "onSaleId"))
        .compose(s -> room.figures(s).map(f -> publicJson(s, f)))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private static String ticket(RoutingContext rc) {
    return rc.request().getHeader(TICKET_HEADER);
  }

  /**
   * An on-sale's id and start of sale as text (formatting an instant costs more than the rest), and
   * what a sold-out answer says of the waiting list.
   */
  private record OnSaleText(OnSale onSale, String id, String saleStartsAt, String waitlist) {}

  /**
   * What leads a visitor from a sold-out answer to the waiting list: the on-sale's performances and
   * the sign-up of each (with the shop's own {@code pos}; a point of sale that hides the list
   * answers 403 there).
   */
  static String waitlistJson(OnSale onSale) {
    StringBuilder out = new StringBuilder(",\"waitlist\":{\"performanceIds\":[");
    for (int i = 0; i < onSale.performanceIds().size(); i++) {
      out.append(i == 0 ? "\"" : ",\"").append(onSale.performanceIds().get(i)).append('"');
    }
    return out.append("],\"signUp\":\"/api/v1/performances/{performanceId}/waitlist\"}").toString();
  }

  private static volatile OnSaleText onSaleText;

  /**
   * A place in the queue as JSON, written directly: every waiting visitor's app polls it, and
   * building a JsonObject to have Jackson's databind walk it costs more than the rest of the
   * answer's own work. {@code PlaceJsonTest} checks it against the same document built as a
   * JsonObject.
   */
  static Json.Raw placeJson(WaitingRoom.Place p) {
    OnSaleText text = onSaleText;
    if (text == null || text.onSale() != p.onSale()) {
      // the on-sale comes from a cache: the same instance answers a crowd's polls for a while
      text =
          new OnSaleText(
              p.onSale(),
              p.onSale().id().toString(),
              p.onSale().saleStartsAt().toString(),
              waitlistJson(p.onSale()));
      onSaleText = text;
    }
    StringBuilder out = new StringBuilder(p.state() == WaitingRoom.State.ADMITTED ? 640 : 400);
    out.append("{\"onSaleId\":\"").append(text.id()).append("\",\"visitorId\":");
    Json.quote(out, p.visitor()).append(",\"queueTicket\":");
    Json.quote(out, p.ticket()).append(",\"state\":\"").append(p.state().name());
    out.append("\",\"saleStartsAt\":\"").append(text.saleStartsAt()).append('"');
    switch (p.state()) {
      case WAITING, SOLD_OUT -> {
        long waitSeconds = p.estimatedWait().toSeconds();
        out.append(",\"position\":").append(p.position());
        out.append(",\"ahead\":").append(p.position() - 1);
        out.append(",\"queueLength\":").append(p.queueLength());
        out.append(",\"estimatedWaitSeconds\":").append(waitSeconds);
        out.append(",\"admittedPerMinute\":").append(Math.round(p.admittedPerMinute()));
        out.append(",\"soldOut\":").append(p.state() == WaitingRoom.State.SOLD_OUT);
        // Poll less often the longer the wait: a crowd of a million must not poll every second.
        out.append(",\"pollAfterSeconds\":").append(Math.max(2, Math.min(30, waitSeconds / 10)));
        if (p.state() == WaitingRoom.State.SOLD_OUT) {
          out.append(text.waitlist());
        }
      }
      case ADMITTED -> {
        out.append(",\"accessToken\":");
        Json.quote(out, p.accessToken()).append(",\"accessExpiresAt\":\"");
        out.append(p.accessEndsAt()).append('"');
      }
      case NO_QUEUE -> {}
    }
    return new Json.Raw(out.append('}').toString());
  }

  private JsonObject publicJson(OnSale s, RedisQueue.Figures f) {
    Instant now = clock.instant();
    double measured = WaitEstimate.measuredPerMinute(f.admittedLastMinute(), s.saleStartsAt(), now);
    Duration wait =
        WaitEstimate.of(f.queueLength(), measured, s.admissionPerMinute(), s.saleStartsAt(), now);
    JsonObject json =
        new JsonObject()
            .put("id", s.id().toString())
            .put("name", s.name())
            .put("phase", s.phase(now).name())
            .put(
                "performanceIds",
                new JsonArray(s.performanceIds().stream().map(UUID::toString).toList()))
            .put("queueOpensAt", s.queueOpensAt().toString())
            .put("saleStartsAt", s.saleStartsAt().toString())
            .put("queueLength", f.queueLength())
            .put("soldOut", f.soldOut());
    if (s.phase(now) != OnSale.Phase.OFF) {
      json.put("estimatedWaitSeconds", wait.toSeconds());
    }
    if (f.soldOut()) {
      json.put("waitlist", new JsonObject(waitlistJson(s).substring(",\"waitlist\":".length())));
    }
    return json;
  }

  // --- admin ---

  private void create(RoutingContext rc) {
    JsonObject b = body(rc);
    OnSale s =
        new OnSale(
            UUID.randomUUID(),
            pathId(rc, "organizerId"),
            b.getString("name"),
            Json.uuids(b.getJsonArray("performanceIds"), "performanceIds"),
            instant(b.getString("queueOpensAt"), "queueOpensAt"),
            instant(b.getString("saleStartsAt"), "saleStartsAt"),
            b.getInteger("admissionPerMinute"),
            b.getInteger("maxActiveShoppers"),
            b.getInteger("accessTokenSeconds", DEFAULT_TOKEN_SECONDS),
            b.getBoolean("enabled", true));
    catalogue
        .organizer(s.organizerId()) // an unknown organizer is 404, as everywhere under it
        .compose(o -> room.create(s))
        .onSuccess(c -> Json.created(rc, "/admin/v1/onsales/" + c.id(), adminJson(c, null)))
        .onFailure(rc::fail);
  }

  private void adminOnSale(RoutingContext rc) {
    room.fresh(pathId(rc, "onSaleId"))
        .compose(s -> room.figures(s).map(f -> adminJson(s, f)))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void update(RoutingContext rc) {
    JsonObject b = body(rc);
    room.fresh(pathId(rc, "onSaleId"))
        .compose(
            s -> {
              Instant opens = instant(b.getString("queueOpensAt"), "queueOpensAt");
              Instant starts = instant(b.getString("saleStartsAt"), "saleStartsAt");
              OnSale changed;
              try {
                changed =
                    s.with(
                        opens == null ? s.queueOpensAt() : opens,
                        starts == null ? s.saleStartsAt() : starts,
                        b.getInteger("admissionPerMinute", s.admissionPerMinute()),
                        b.getInteger("maxActiveShoppers", s.maxActiveShoppers()),
                        b.getInteger("accessTokenSeconds", s.accessTokenSeconds()),
                        b.getBoolean("enabled", s.enabled()));
              } catch (DomainException e) {
                return Future.failedFuture(e);
              }
              return room.update(changed);
            })
        .compose(s -> room.figures(s).map(f -> adminJson(s, f)))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private JsonObject adminJson(OnSale s, RedisQueue.Figures f) {
    JsonObject json =
        new JsonObject()
            .put("id", s.id().toString())
            .put("organizerId", s.organizerId().toString())
            .put("name", s.name())
            .put(
                "performanceIds",
                new JsonArray(s.performanceIds().stream().map(UUID::toString).toList()))
            .put("queueOpensAt", s.queueOpensAt().toString())
            .put("saleStartsAt", s.saleStartsAt().toString())
            .put("admissionPerMinute", s.admissionPerMinute())
            .put("maxActiveShoppers", s.maxActiveShoppers())
            .put("accessTokenSeconds", s.accessTokenSeconds())
            .put("enabled", s.enabled())
            .put("phase", s.phase(clock.instant()).name());
    if (f != null) {
      json.put(
          "figures",
          new JsonObject()
              .put("queueLength", f.queueLength())
              .put("activeShoppers", f.activeShoppers())
              .put("admittedLastMinute", f.admittedLastMinute())
              .put("admittedInAll", f.admitted())
              .put("soldOut", f.soldOut()));
    }
    return json;
  }
}
