package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.offers.CartOffersService;
import io.guichet.offers.CartOffersService.Caller;
import io.guichet.ops.Services;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;

/**
 * The shop's offers: the advantages open to the buyer, and a cart's advantages and promo codes.
 * Each change answers the cart's price as its view shows it.
 */
final class CartOfferHandlers {
  private final Services services;
  private final CartOffersService offers;

  CartOfferHandlers(Services services) {
    this.services = services;
    this.offers = services.offers().carts();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listOpenAdvantages").addHandler(this::open);
    builder.getRoute("applyCartAdvantage").addHandler(this::applyAdvantage);
    builder.getRoute("removeCartAdvantage").addHandler(this::removeAdvantage);
    builder.getRoute("applyAdvantageCode").addHandler(this::applyCode);
    builder.getRoute("applyPromoCode").addHandler(this::applyPromo);
    builder.getRoute("removePromoCode").addHandler(this::removePromo);
    builder.getRoute("setCartContact").addHandler(this::setContact);
    builder.getRoute("contactAdvantages").addHandler(this::contactAdvantages);
  }

  private static Caller caller(RoutingContext rc) {
    return new Caller(
        pathId(rc, "cartId"),
        rc.queryParams().get("pos"),
        rc.request().getHeader(CartHandlers.SECRET_HEADER),
        SessionHandler.session(rc),
        rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress());
  }

  private void open(RoutingContext rc) {
    offers
        .openTo(rc.queryParams().get("pos"), SessionHandler.session(rc))
        .map(list -> Pages.of(rc, list, a -> OfferJson.advantage(a, false)))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void applyAdvantage(RoutingContext rc) {
    answer(
        rc,
        () ->
            offers.applyAdvantage(
                caller(rc), Json.uuid(Json.body(rc).getString("advantageId"), "advantageId")));
  }

  private void removeAdvantage(RoutingContext rc) {
    answer(rc, () -> offers.removeAdvantage(caller(rc), pathId(rc, "advantageId")));
  }

  private void applyCode(RoutingContext rc) {
    answer(rc, () -> offers.applyCode(caller(rc), Json.body(rc).getString("code")));
  }

  private void applyPromo(RoutingContext rc) {
    answer(rc, () -> offers.applyPromo(caller(rc), Json.body(rc).getString("code")));
  }

  private void removePromo(RoutingContext rc) {
    answer(rc, () -> offers.removePromo(caller(rc), pathId(rc, "promoCodeId")));
  }

  private void answer(
      RoutingContext rc, java.util.function.Supplier<Future<CartOffersService.CartState>> op) {
    Future<CartOffersService.CartState> result;
    try {
      result = op.get();
    } catch (RuntimeException e) {
      rc.fail(e);
      return;
    }
    result
        .onSuccess(
            state ->
                Json.ok(
                    rc,
                    new JsonObject()
                        .put("id", state.cart().id().toString())
                        .put(
                            "pricing",
                            OfferJson.pricing(
                                state.priced(),
                                io.guichet.orders.CartQuotes.deliveryModes(state.shop()).get(0),
                                state.shop().channel().currency()))))
        .onFailure(rc::fail);
  }

  /** A box office names the contact it sells a cart to. */
  private void setContact(RoutingContext rc) {
    UUID cartId;
    UUID contactId;
    try {
      cartId = pathId(rc, "cartId");
      contactId = Json.uuid(Json.body(rc).getString("contactId"), "contactId");
    } catch (RuntimeException e) {
      rc.fail(e);
      return;
    }
    services
        .offers()
        .advantages()
        .shopper(contactId)
        .compose(s -> new io.guichet.store.ContactStore(services.pool()).contact(contactId))
        .compose(c -> offers.setContact(cartId, contactId))
        .onSuccess(
            cart ->
                Json.ok(
                    rc,
                    new JsonObject()
                        .put("id", cart.id().toString())
                        .put("contactId", contactId.toString())))
        .onFailure(rc::fail);
  }

  /** The advantages a named contact is entitled to on a point of sale (a box office's list). */
  private void contactAdvantages(RoutingContext rc) {
    UUID posId;
    UUID contactId;
    try {
      posId = pathId(rc, "posId");
      contactId = pathId(rc, "contactId");
    } catch (RuntimeException e) {
      rc.fail(e);
      return;
    }
    services
        .pointsOfSale()
        .byId(posId)
        .compose(
            pos ->
                services
                    .pointsOfSale()
                    .channel(pos.channelId())
                    .map(ch -> new io.guichet.checkout.ShopContext(pos, ch)))
        .compose(
            shop ->
                new io.guichet.store.ContactStore(services.pool())
                    .contact(contactId)
                    .compose(
                        c ->
                            c.getString("organizerId").equals(shop.organizerId().toString())
                                ? offers.openToContact(shop, contactId)
                                : Future.failedFuture(
                                    io.guichet.domain.DomainException.notFound(
                                        "contact", contactId))))
        .map(list -> Pages.of(rc, list, a -> OfferJson.advantage(a, false)))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }
}
