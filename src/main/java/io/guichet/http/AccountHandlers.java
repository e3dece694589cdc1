package io.guichet.http;

import io.guichet.accounts.AccountService;
import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.account.Customer;
import io.guichet.domain.account.Session;
import io.guichet.ops.Services;
import io.guichet.store.OrderStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Buyers' accounts: sign-up, login, and the logged-in buyer's page. */
final class AccountHandlers {
  private final AccountService accounts;
  private final PointsOfSale pointsOfSale;
  private final OrderStore orders;

  AccountHandlers(Services services) {
    this.accounts = services.accounts();
    this.pointsOfSale = services.pointsOfSale();
    this.orders = services.orderStore();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("signUp").addHandler(this::signUp);
    builder.getRoute("logIn").addHandler(this::login);
    builder.getRoute("getAccount").addHandler(this::me);
    builder.getRoute("requestPasswordReset").addHandler(this::requestReset);
    builder.getRoute("redeemPasswordReset").addHandler(this::redeemReset);
    builder.getRoute("changePassword").addHandler(this::changePassword);
    builder.getRoute("editProfile").addHandler(this::editProfile);
    builder.getRoute("listDeliveryModes").addHandler(this::deliveryModes);
  }

  /** Answers 202 whether or not the address has an account. */
  private void requestReset(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(shop -> accounts.requestPasswordReset(shop, body.getString("email")))
        .onSuccess(
            v ->
                Json.send(
                    rc,
                    202,
                    new JsonObject()
                        .put("linkValidMinutes", AccountService.RESET_LIFETIME.toMinutes())))
        .onFailure(rc::fail);
  }

  private void redeemReset(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(
            shop ->
                accounts.resetPassword(shop, body.getString("token"), body.getString("password")))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void changePassword(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    signedIn(rc)
        .compose(
            session ->
                accounts.changePassword(
                    session, body.getString("currentPassword"), body.getString("newPassword")))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void editProfile(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    signedIn(rc)
        .compose(
            session ->
                accounts.editProfile(
                    session, body.getString("firstName"), body.getString("lastName")))
        .onSuccess(c -> Json.ok(rc, customer(c)))
        .onFailure(rc::fail);
  }

  /** The delivery modes a buyer may choose here, with their fees and whether they are immediate. */
  private void deliveryModes(RoutingContext rc) {
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .onSuccess(shop -> Json.ok(rc, DeliveryModes.json(shop)))
        .onFailure(rc::fail);
  }

  /** The session of the request, valid on this point of sale's organizer; else login-required. */
  private Future<Session> signedIn(RoutingContext rc) {
    Session session = SessionHandler.session(rc);
    if (session == null) {
      return Future.failedFuture(
          new DomainException(Failure.LOGIN_REQUIRED, "log in to change your account"));
    }
    return pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(
            shop ->
                shop.organizerId().equals(session.organizerId())
                    ? Future.succeededFuture(session)
                    : Future.failedFuture(
                        new DomainException(
                            Failure.LOGIN_REQUIRED,
                            "this session is not valid on this point of sale")));
  }

  private void signUp(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(
            shop ->
                accounts.signUp(
                    shop,
                    body.getString("email"),
                    body.getString("password"),
                    body.getString("firstName"),
                    body.getString("lastName"),
                    body.getBoolean("optIn", false)))
        .onSuccess(c -> Json.created(rc, "/api/v1/account", customer(c)))
        .onFailure(rc::fail);
  }

  private void login(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(
            shop ->
                accounts.login(
                    shop,
                    body.getString("email"),
                    body.getLong("contactNumber"),
                    body.getString("password")))
        .onSuccess(
            login ->
                Json.created(
                    rc,
                    "/api/v1/account",
                    new JsonObject()
                        .put("token", login.token())
                        .put("expiresAt", login.session().expiresAt().toString())
                        .put("customer", customer(login.customer()))))
        .onFailure(rc::fail);
  }

  private void me(RoutingContext rc) {
    Session session = SessionHandler.session(rc);
    if (session == null) {
      rc.fail(new DomainException(Failure.LOGIN_REQUIRED, "log in to see your account"));
      return;
    }
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(
            shop -> {
              if (!shop.organizerId().equals(session.organizerId())) {
                return Future.failedFuture(
                    new DomainException(
                        Failure.LOGIN_REQUIRED, "this session is not valid on this point of sale"));
              }
              return accounts.customer(session);
            })
        .compose(
            c ->
                orders
                    .ordersOfCustomer(c.id(), 100)
                    .map(
                        ids -> {
                          JsonArray list = new JsonArray();
                          ids.forEach(id -> list.add(id.toString()));
                          return customer(c).put("orders", list);
                        }))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private static JsonObject customer(Customer c) {
    return new JsonObject()
        .put("id", c.id().toString())
        .put("contactNumber", c.contactNumber())
        .put("email", c.email())
        .put("firstName", c.firstName())
        .put("lastName", c.lastName())
        .put("creditBalance", c.creditBalance())
        .put("currency", c.currency());
  }
}
