package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.checkout.CartService;
import io.guichet.checkout.CartService.AddRequest;
import io.guichet.checkout.CartService.PickedSeat;
import io.guichet.domain.DomainException;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.TariffLine;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.inventory.LivePerformance;
import io.guichet.ops.Services;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The cart API: open a cart, hold seats in it, swap and release them. */
final class CartHandlers {
  static final String SECRET_HEADER = "X-Cart-Secret";
  static final String VISITOR_HEADER = "X-Visitor-Id";
  static final String ACCESS_HEADER = "X-Access-Token";

  private final CartService carts;
  private final Services services;

  CartHandlers(Services services) {
    this.carts = services.carts();
    this.services = services;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createCart").addHandler(this::create);
    builder.getRoute("getCart").addHandler(this::get);
    builder.getRoute("addCartItem").addHandler(this::add);
    builder.getRoute("swapCartItemSeats").addHandler(this::swap);
    builder.getRoute("removeCartItem").addHandler(this::remove);
  }

  private static String pos(RoutingContext rc) {
    return rc.queryParams().get("pos");
  }

  private static String secret(RoutingContext rc) {
    return rc.request().getHeader(SECRET_HEADER);
  }

  private static CartService.Admission admission(RoutingContext rc) {
    return new CartService.Admission(
        rc.request().getHeader(VISITOR_HEADER), rc.request().getHeader(ACCESS_HEADER));
  }

  private void create(RoutingContext rc) {
    carts
        .create(pos(rc), SessionHandler.session(rc))
        .onSuccess(
            created ->
                Json.created(
                    rc,
                    "/api/v1/carts/" + created.cart().id(),
                    new JsonObject()
                        .put("id", created.cart().id().toString())
                        .put("secret", created.secret())
                        .put("expiresAt", created.cart().deadline().toString())
                        .put("items", new JsonArray())))
        .onFailure(rc::fail);
  }

  /** The cart, its seats and its price (lines, discounts, fees, total) before checkout. */
  private void get(RoutingContext rc) {
    String deliveryMode = rc.queryParams().get("deliveryMode");
    carts
        .view(pathId(rc, "cartId"), pos(rc), secret(rc))
        .compose(
            view ->
                services
                    .pointsOfSale()
                    .context(pos(rc))
                    .compose(
                        shop ->
                            services
                                .offers()
                                .quotes()
                                .quote(view.cart(), shop, deliveryMode, services.clock().instant())
                                .map(
                                    priced ->
                                        OfferJson.pricing(
                                            priced,
                                            deliveryMode != null
                                                ? deliveryMode
                                                : io.guichet.orders.CartQuotes.deliveryModes(shop)
                                                    .get(0),
                                            shop.channel().currency())))
                    .compose(
                        pricing ->
                            cartJson(view.cart(), view.expired())
                                .map(
                                    json ->
                                        json.put(
                                                "seatSearchMode",
                                                view.channel().seatSearchMode().name())
                                            .put("pricing", pricing))))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void add(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    // an empty list is as good as none (generated clients send one for a list left out)
    JsonArray seats = Json.nonEmpty(body.getJsonArray("seats"));
    JsonArray quantities = Json.nonEmpty(body.getJsonArray("quantities"));
    if ((seats == null) == (quantities == null)) {
      rc.fail(DomainException.invalid("give either seats or quantities"));
      return;
    }
    List<PickedSeat> picked = null;
    List<TariffLine> lines = null;
    if (seats != null) {
      picked = new ArrayList<>();
      for (Object o : seats) {
        JsonObject s = (JsonObject) o;
        picked.add(
            new PickedSeat(s.getString("seatId"), Json.uuid(s.getString("tariffId"), "tariffId")));
      }
    } else {
      lines = new ArrayList<>();
      for (Object o : quantities) {
        JsonObject q = (JsonObject) o;
        lines.add(
            new TariffLine(
                Json.uuid(q.getString("tariffId"), "tariffId"),
                q.getString("category"),
                q.getInteger("quantity")));
      }
    }
    UUID cartId = pathId(rc, "cartId");
    AddRequest request =
        new AddRequest(Json.uuid(body.getString("performanceId"), "performanceId"), picked, lines);
    carts
        .add(cartId, pos(rc), secret(rc), request, admission(rc))
        .onSuccess(
            added ->
                Json.created(rc, "/api/v1/carts/" + cartId, itemJson(added.item(), added.live())))
        .onFailure(rc::fail);
  }

  private void swap(RoutingContext rc) {
    List<String> from = new ArrayList<>();
    List<String> to = new ArrayList<>();
    for (Object o : Json.body(rc).getJsonArray("swap")) {
      JsonObject pair = (JsonObject) o;
      from.add(pair.getString("from"));
      to.add(pair.getString("to"));
    }
    carts
        .swap(
            pathId(rc, "cartId"),
            pos(rc),
            secret(rc),
            pathId(rc, "itemId"),
            from,
            to,
            admission(rc))
        .onSuccess(added -> Json.ok(rc, itemJson(added.item(), added.live())))
        .onFailure(rc::fail);
  }

  private void remove(RoutingContext rc) {
    carts
        .remove(pathId(rc, "cartId"), pos(rc), secret(rc), pathId(rc, "itemId"))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private Future<JsonObject> cartJson(Cart cart, boolean expired) {
    List<Future<JsonObject>> items = new ArrayList<>();
    for (CartItem item : cart.items()) {
      if (!item.pending()) {
        items.add(carts.performance(item.performanceId()).map(live -> itemJson(item, live)));
      }
    }
    return Future.all(items)
        .map(
            all -> {
              JsonArray list = new JsonArray();
              items.forEach(f -> list.add(f.result()));
              return new JsonObject()
                  .put("id", cart.id().toString())
                  .put("expiresAt", cart.deadline().toString())
                  .put("expired", expired)
                  .put("items", list);
            });
  }

  /** An item as the buyer sees it; NO_MAP hides which seats until the ticket. */
  static JsonObject itemJson(CartItem item, LivePerformance live) {
    JsonArray tariffs = new JsonArray();
    List<UUID> perSeat = new ArrayList<>();
    for (TariffLine line : item.tariffs()) {
      tariffs.add(
          new JsonObject()
              .put("tariffId", line.tariffId().toString())
              .put("category", line.category())
              .put("quantity", line.quantity()));
      for (int k = 0; k < line.quantity(); k++) {
        perSeat.add(line.tariffId());
      }
    }
    JsonObject json =
        new JsonObject()
            .put("id", item.id().toString())
            .put("performanceId", item.performanceId().toString())
            .put("quantity", item.quantity())
            .put("tariffs", tariffs);
    PerformancePlan plan = live.plan();
    if (item.area() != null) {
      PerformancePlan.GaArea area = plan.gaAreas().get(item.area());
      json.put(
          "area",
          new JsonObject()
              .put("section", area.section())
              .put("name", area.name())
              .put("places", item.quantity()));
    } else if (!item.hideSeats()) {
      JsonArray seats = new JsonArray();
      for (int k = 0; k < item.seatIds().size(); k++) {
        String id = item.seatIds().get(k);
        PerformancePlan.SeatAddress a = plan.seats().get(id);
        SeatBlock b = plan.blocks().get(a.block());
        int i = a.index();
        seats.add(
            new JsonObject()
                .put("id", id)
                .put("section", b.section())
                .put("row", b.rowLabels()[b.row()[i]])
                .put("label", b.labels()[i])
                .put("category", plan.categories().get(b.category()[i]))
                .put("tariffId", k < perSeat.size() ? perSeat.get(k).toString() : null));
      }
      json.put("seats", seats);
    }
    return json;
  }
}
