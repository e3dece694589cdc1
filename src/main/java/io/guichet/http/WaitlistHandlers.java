package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistOffer;
import io.guichet.inventory.LivePerformance;
import io.guichet.ops.Services;
import io.guichet.waitlist.OfferTaking;
import io.guichet.waitlist.WaitlistService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The buyer's waiting list: sign up on a sold-out performance, read, change and leave one's entry,
 * confirm a guest's address, read an offer and take it into a cart.
 */
final class WaitlistHandlers {
  static final String SECRET_HEADER = "X-Waitlist-Secret";

  private final WaitlistService waitlist;
  private final OfferTaking offers;
  private final io.guichet.checkout.CartService carts;

  WaitlistHandlers(Services services) {
    this.waitlist = services.waitlist().service();
    this.offers = services.waitlist().offers();
    this.carts = services.carts();
  }

  void mount(RouterBuilder builder) {
    // A crowd signs up within a minute of a sell-out: the sign-up checks its inputs itself, as
    // strictly as the contract (WaitlistSignUpBody), rather than through the generic schema walk.
    builder.getRoute("signUpToWaitlist").setDoValidation(false);
    builder.getRoute("signUpToWaitlist").addHandler(this::signUp);
    builder.getRoute("getWaitlistEntry").addHandler(this::get);
    builder.getRoute("changeWaitlistEntry").addHandler(this::change);
    builder.getRoute("leaveWaitlist").addHandler(this::leave);
    builder.getRoute("confirmWaitlistEntry").addHandler(this::confirm);
    builder.getRoute("getWaitlistOffer").addHandler(this::offer);
    builder.getRoute("takeWaitlistOffer").addHandler(this::take);
  }

  private static String pos(RoutingContext rc) {
    return rc.queryParams().get("pos");
  }

  private static WaitlistService.Access access(RoutingContext rc) {
    return new WaitlistService.Access(
        pos(rc), rc.request().getHeader(SECRET_HEADER), SessionHandler.session(rc));
  }

  private void signUp(RoutingContext rc) {
    String pos = WaitlistSignUpBody.pos(pos(rc));
    java.util.UUID performanceId = pathId(rc, "performanceId");
    WaitlistService.SignUpRequest request = WaitlistSignUpBody.read(Json.body(rc));
    waitlist
        .signUp(pos, performanceId, request, SessionHandler.session(rc))
        .onSuccess(
            signed ->
                Json.created(
                    rc,
                    "/api/v1/waitlist/entries/" + signed.entry().id(),
                    newEntryJson(signed.entry(), signed.secret())))
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    waitlist
        .view(pathId(rc, "entryId"), access(rc))
        .compose(this::viewJson)
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void change(RoutingContext rc) {
    JsonObject b = Json.body(rc);
    JsonArray categories = Json.nonEmpty(b.getJsonArray("categories"));
    WaitlistService.Change change =
        new WaitlistService.Change(
            b.getInteger("quantity"),
            // an empty list leaves them unchanged, as an absent one (what generated clients send
            // for a list left unset)
            categories == null ? null : Json.strings(categories),
            b.getBoolean("together"));
    waitlist
        .change(pathId(rc, "entryId"), access(rc), change)
        .compose(this::viewJson)
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void leave(RoutingContext rc) {
    waitlist
        .leave(pathId(rc, "entryId"), access(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void confirm(RoutingContext rc) {
    waitlist
        .confirm(pathId(rc, "entryId"), pos(rc), Json.body(rc).getString("token"))
        .compose(this::viewJson)
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void offer(RoutingContext rc) {
    offers
        .view(pathId(rc, "offerId"), pos(rc), rc.queryParams().get("token"))
        .onSuccess(
            view ->
                Json.ok(
                    rc,
                    offerJson(view.offer(), view.live()).put("quantity", view.entry().quantity())))
        .onFailure(rc::fail);
  }

  private void take(RoutingContext rc) {
    JsonObject b = Json.body(rc);
    List<OfferTaking.TariffChoice> tariffs = new ArrayList<>();
    JsonArray chosen = b.getJsonArray("tariffs");
    if (chosen != null) {
      for (Object o : chosen) {
        JsonObject t = (JsonObject) o;
        tariffs.add(
            new OfferTaking.TariffChoice(
                Json.uuid(t.getString("tariffId"), "tariffId"), t.getInteger("quantity")));
      }
    }
    String cartId = b.getString("cartId");
    OfferTaking.TakeRequest request =
        new OfferTaking.TakeRequest(
            b.getString("token"),
            tariffs,
            cartId == null ? null : Json.uuid(cartId, "cartId"),
            rc.request().getHeader(CartHandlers.SECRET_HEADER));
    if (request.cartId() != null && request.cartSecret() == null) {
      rc.fail(DomainException.invalid("taking an offer into a cart needs the cart's secret"));
      return;
    }
    offers
        .take(pathId(rc, "offerId"), pos(rc), request)
        .onSuccess(
            taken -> {
              JsonObject json =
                  new JsonObject()
                      .put("id", taken.cart().id().toString())
                      .put("expiresAt", taken.cart().deadline().toString())
                      .put("item", CartHandlers.itemJson(taken.item(), taken.live()));
              if (taken.secret() != null) {
                json.put("secret", taken.secret());
              }
              Json.created(rc, "/api/v1/carts/" + taken.cart().id(), json);
            })
        .onFailure(rc::fail);
  }

  // --- JSON ---

  private Future<JsonObject> viewJson(WaitlistService.EntryView view) {
    if (view.offer() == null) {
      return Future.succeededFuture(entryJson(view.entry(), view.rank(), null, null));
    }
    return carts
        .performance(view.entry().performanceId())
        .map(live -> entryJson(view.entry(), view.rank(), view.offer(), live));
  }

  /**
   * A new entry (no rank, no offer) and a guest's secret as JSON, written directly: the answer of
   * every sign-up. {@code WaitlistSignUpBodyTest} checks it against {@link #entryJson}.
   */
  static Json.Raw newEntryJson(WaitlistEntry e, String secret) {
    StringBuilder out = new StringBuilder(320);
    out.append("{\"id\":\"").append(e.id()).append("\",\"performanceId\":\"");
    out.append(e.performanceId()).append("\",\"status\":\"").append(e.status().name());
    out.append("\",\"quantity\":").append(e.quantity()).append(",\"categories\":[");
    for (int i = 0; i < e.categories().size(); i++) {
      Json.quote(i == 0 ? out : out.append(','), e.categories().get(i));
    }
    out.append("],\"together\":").append(e.together());
    out.append(",\"createdAt\":\"").append(e.createdAt()).append('"');
    if (secret != null) {
      Json.quote(out.append(",\"secret\":"), secret);
    }
    return new Json.Raw(out.append('}').toString());
  }

  static JsonObject entryJson(
      WaitlistEntry e, Long rank, WaitlistOffer offer, LivePerformance live) {
    JsonObject json =
        new JsonObject()
            .put("id", e.id().toString())
            .put("performanceId", e.performanceId().toString())
            .put("status", e.status().name())
            .put("quantity", e.quantity())
            .put("categories", new JsonArray(new ArrayList<>(e.categories())))
            .put("together", e.together())
            .put("createdAt", e.createdAt().toString());
    if (rank != null) {
      json.put("rank", rank);
    }
    if (offer != null) {
      json.put("offer", offerJson(offer, live));
    }
    return json;
  }

  /** An offer as its buyer sees it: what is held, until when, and where it stands. */
  static JsonObject offerJson(WaitlistOffer o, LivePerformance live) {
    JsonObject json =
        new JsonObject()
            .put("id", o.id().toString())
            .put("performanceId", o.performanceId().toString())
            .put("status", o.status().name())
            .put("category", o.category())
            .put("places", o.places())
            .put("expiresAt", o.expiresAt().toString());
    PerformancePlan plan = live.plan();
    if (o.gaArea() != null) {
      PerformancePlan.GaArea area = plan.gaAreas().get(o.gaArea());
      json.put(
          "area",
          new JsonObject()
              .put("section", area.section())
              .put("name", area.name())
              .put("places", o.places()));
    } else {
      JsonArray seats = new JsonArray();
      for (String id : o.seatIds()) {
        PerformancePlan.SeatAddress a = plan.seats().get(id);
        SeatBlock b = plan.blocks().get(a.block());
        int i = a.index();
        seats.add(
            new JsonObject()
                .put("id", id)
                .put("section", b.section())
                .put("row", b.rowLabels()[b.row()[i]])
                .put("label", b.labels()[i]));
      }
      json.put("seats", seats);
    }
    if (o.cartId() != null) {
      json.put("cartId", o.cartId().toString());
    }
    return json;
  }
}
