package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.ticket.Beneficiary;
import io.guichet.inventory.HzInventory;
import io.guichet.ops.Services;
import io.guichet.orders.CheckoutService;
import io.guichet.orders.OrderService;
import io.guichet.tickets.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checkout, orders, and the payment provider's return and notification. */
final class OrderHandlers {
  static final String ORDER_SECRET_HEADER = "X-Order-Secret";

  private final CheckoutService checkout;
  private final OrderService orders;
  private final HzInventory inventory;
  private final io.guichet.checkout.PointsOfSale pointsOfSale;
  private final TicketService tickets;
  private final io.guichet.store.Consents consents;
  private final java.time.Clock clock;

  OrderHandlers(Services services) {
    this.pointsOfSale = services.pointsOfSale();
    this.checkout = services.checkout();
    this.orders = services.orders();
    this.inventory = services.inventory();
    this.tickets = services.tickets();
    this.consents = new io.guichet.store.Consents(services.pool());
    this.clock = services.clock();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("checkoutCart").addHandler(this::checkout);
    builder.getRoute("getOrder").addHandler(this::get);
    builder.getRoute("payOrder").addHandler(this::pay);
    builder.getRoute("cancelOrder").addHandler(this::cancel);
    builder.getRoute("confirmOrderEmail").addHandler(this::confirmEmail);
    builder.getRoute("openEmailConfirmationLink").addHandler(this::confirmEmailPage);
    builder.getRoute("receivePaymentReturn").addHandler(rc -> feedback(rc, false));
    builder.getRoute("receivePaymentNotification").addHandler(rc -> feedback(rc, true));
  }

  private void checkout(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    JsonObject buyer = body.getJsonObject("buyer");
    JsonArray vouchers = body.getJsonArray("vouchers");
    CheckoutService.Request request =
        new CheckoutService.Request(
            pathId(rc, "cartId"),
            rc.queryParams().get("pos"),
            rc.request().getHeader(CartHandlers.SECRET_HEADER),
            SessionHandler.session(rc),
            rc.request().getHeader("Idempotency-Key"),
            RequestHash.of(body),
            body.getString("deliveryMode"),
            buyer == null
                ? null
                : new CheckoutService.GuestInput(
                    buyer.getString("email"),
                    buyer.getString("firstName"),
                    buyer.getString("lastName")),
            vouchers == null ? List.of() : Json.strings(vouchers),
            body.getBoolean("useCredit", false),
            body.getLong("expectedTotal"),
            body.getString("language"),
            beneficiaries(body.getJsonArray("beneficiaries")));
    consent(body, request)
        .compose(v -> checkout.checkout(request))
        .compose(
            placed ->
                OrderJson.render(inventory, placed.order(), placed.payment(), false)
                    .map(
                        json ->
                            Map.entry(
                                placed.replayed(),
                                json.put("secret", orders.secret(placed.order().id()))
                                    .put("replayed", placed.replayed()))))
        .onSuccess(
            answer -> {
              if (answer.getKey()) {
                Json.ok(rc, answer.getValue());
              } else {
                Json.created(
                    rc, "/api/v1/orders/" + answer.getValue().getString("id"), answer.getValue());
              }
            })
        .onFailure(rc::fail);
  }

  /**
   * Keeps the buyer's agreement to hear from the organizer ({@code optIn}) on its contact, before
   * the order: it is the buyer's word whether or not this checkout goes through, and a failure to
   * keep it fails the request before anything is bought (the same request may then be sent again).
   * A guest's identity that is not valid is left to the checkout to refuse.
   */
  private Future<Void> consent(JsonObject body, CheckoutService.Request request) {
    if (!body.getBoolean("optIn", false)) {
      return Future.succeededFuture();
    }
    if (request.session() != null) {
      return consents.account(request.session().customerId());
    }
    CheckoutService.GuestInput guest = request.guest();
    if (guest == null) {
      return Future.succeededFuture();
    }
    try {
      new io.guichet.domain.order.Buyer(null, guest.email(), guest.firstName(), guest.lastName());
    } catch (DomainException invalid) {
      return Future.succeededFuture();
    }
    return pointsOfSale
        .context(request.posCode())
        .compose(
            shop ->
                consents.guest(
                    shop.organizerId(),
                    guest.email(),
                    guest.firstName(),
                    guest.lastName(),
                    clock.instant()));
  }

  private static List<Beneficiary> beneficiaries(JsonArray values) {
    if (values == null) {
      return List.of();
    }
    List<Beneficiary> all = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      JsonObject b = values.getJsonObject(i);
      all.add(new Beneficiary(b.getString("firstName"), b.getString("lastName")));
    }
    return all;
  }

  private OrderService.Access access(RoutingContext rc) {
    return new OrderService.Access(
        rc.queryParams().get("pos"),
        rc.request().getHeader(ORDER_SECRET_HEADER),
        SessionHandler.session(rc));
  }

  private void get(RoutingContext rc) {
    orders
        .view(pathId(rc, "orderId"), access(rc))
        .compose(
            p ->
                OrderJson.render(inventory, p.order(), p.payment(), false)
                    .compose(
                        json ->
                            tickets
                                .ofOrder(p.order().id())
                                .map(
                                    list -> {
                                      JsonArray items = new JsonArray();
                                      list.forEach(t -> items.add(TicketService.summary(t)));
                                      return json.put("tickets", items);
                                    })))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void pay(RoutingContext rc) {
    JsonObject body = Json.optionalBody(rc);
    String language = body == null ? null : body.getString("language");
    orders
        .pay(pathId(rc, "orderId"), access(rc), language)
        .compose(p -> OrderJson.render(inventory, p.order(), p.payment(), false))
        .onSuccess(json -> Json.send(rc, 201, json))
        .onFailure(rc::fail);
  }

  private void cancel(RoutingContext rc) {
    orders
        .cancel(pathId(rc, "orderId"), access(rc))
        .compose(o -> OrderJson.render(inventory, o, null, false))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void confirmEmail(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    orders
        .confirmEmail(
            pathId(rc, "orderId"),
            rc.queryParams().get("pos"),
            body.getString("token"),
            body.getString("language"))
        .compose(p -> OrderJson.render(inventory, p.order(), p.payment(), false))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  /**
   * The confirmation e-mail's link when the point of sale has no site: a GET a browser can open. It
   * confirms the address (confirming again changes nothing, so a mail client that follows the link
   * first does no harm) and answers a page, with the payment form when a card payment is due.
   */
  private void confirmEmailPage(RoutingContext rc) {
    orders
        .confirmEmail(
            pathId(rc, "orderId"), rc.queryParams().get("pos"), rc.queryParams().get("token"), null)
        .onSuccess(
            p ->
                rc.response()
                    .putHeader("content-type", "text/html; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .end(EmailConfirmationPage.html(p.order(), p.payment())))
        .onFailure(rc::fail);
  }

  /** The provider's signed feedback: parameters in the query (return) or a form (notify). */
  private void feedback(RoutingContext rc, boolean notification) {
    var params = notification ? FormBodies.fields(rc) : rc.queryParams();
    if (params.isEmpty()) {
      rc.fail(DomainException.invalid("no payment parameters"));
      return;
    }
    orders
        .feedback(params, notification)
        .compose(
            outcome ->
                notification
                    ? Future.succeededFuture(Map.entry(outcome, ""))
                    : pointsOfSale
                        .byId(outcome.order().posId())
                        .map(pos -> Map.entry(outcome, pos.url() == null ? "" : pos.url())))
        .onSuccess(
            answer -> {
              OrderService.FeedbackOutcome outcome = answer.getKey();
              if (!answer.getValue().isEmpty()) {
                // The buyer's browser goes back to the shop's own page for the order.
                rc.response()
                    .setStatusCode(303)
                    .putHeader(
                        "Location",
                        answer.getValue().replaceAll("/+$", "")
                            + "/orders/"
                            + outcome.order().id()
                            + "?status="
                            + outcome.order().status().name())
                    .end();
                return;
              }
              JsonObject json =
                  new JsonObject()
                      .put("orderId", outcome.order().id().toString())
                      .put("reference", outcome.order().reference())
                      .put("status", outcome.order().status().name())
                      .put("message", outcome.message());
              Json.ok(rc, json);
            })
        .onFailure(rc::fail);
  }
}
