package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.DomainException;
import io.guichet.domain.order.GiftVoucher;
import io.guichet.inventory.HzInventory;
import io.guichet.ops.Services;
import io.guichet.store.CatalogueStore;
import io.guichet.store.OrderStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Gift vouchers and credit balances (issued in the back office, read by shops), admin orders. */
final class VoucherHandlers {
  private static final char[] CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OrderStore orders;
  private final CatalogueStore catalogue;
  private final PointsOfSale pointsOfSale;
  private final HzInventory inventory;
  private final Clock clock;

  VoucherHandlers(Services services) {
    this.orders = services.orderStore();
    this.catalogue = services.catalogue();
    this.pointsOfSale = services.pointsOfSale();
    this.inventory = services.inventory();
    this.clock = services.clock();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createGiftVouchers").addHandler(this::issue);
    builder.getRoute("getGiftVoucher").addHandler(this::adminGet);
    builder.getRoute("getGiftVoucherBalance").addHandler(this::shopGet);
    builder.getRoute("creditCustomer").addHandler(this::credit);
    builder.getRoute("getOrderDetails").addHandler(this::order);
  }

  private void issue(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    UUID organizerId = pathId(rc, "organizerId");
    Instant expiresAt = Json.instant(body.getString("expiresAt"), "expiresAt");
    Instant now = clock.instant();
    if (!expiresAt.isAfter(now)) {
      rc.fail(DomainException.invalid("expiresAt must be in the future"));
      return;
    }
    long amount = body.getLong("amount");
    int count = body.getInteger("count", 1);
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      codes.add(newCode());
    }
    catalogue
        .organizer(organizerId)
        .compose(
            org ->
                orders
                    .issueVouchers(organizerId, org.currency(), amount, expiresAt, codes, now)
                    .map(
                        v ->
                            new JsonObject()
                                .put("currency", org.currency())
                                .put("amount", amount)
                                .put("expiresAt", expiresAt.toString())
                                .put("codes", new JsonArray(codes))))
        .onSuccess(json -> Json.created(rc, "/admin/v1/gift-vouchers/" + codes.get(0), json))
        .onFailure(rc::fail);
  }

  private void adminGet(RoutingContext rc) {
    orders
        .voucher(rc.pathParam("code"))
        .onSuccess(v -> Json.ok(rc, voucher(v)))
        .onFailure(rc::fail);
  }

  private void shopGet(RoutingContext rc) {
    String code = rc.pathParam("code");
    pointsOfSale
        .context(rc.queryParams().get("pos"))
        .compose(
            shop ->
                orders
                    .vouchers(shop.organizerId(), List.of(code))
                    .compose(
                        found ->
                            found.containsKey(code)
                                ? Future.succeededFuture(found.get(code))
                                : Future.failedFuture(
                                    DomainException.notFound("gift voucher", code))))
        .onSuccess(v -> Json.ok(rc, voucher(v)))
        .onFailure(rc::fail);
  }

  private void credit(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    orders
        .addCredit(
            pathId(rc, "customerId"),
            body.getLong("amount"),
            body.getString("reason"),
            clock.instant())
        .onSuccess(balance -> Json.ok(rc, new JsonObject().put("creditBalance", balance)))
        .onFailure(rc::fail);
  }

  private void order(RoutingContext rc) {
    orders
        .order(pathId(rc, "orderId"))
        .compose(o -> OrderJson.render(inventory, o, null, true))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private static JsonObject voucher(GiftVoucher v) {
    return new JsonObject()
        .put("code", v.code())
        .put("currency", v.currency())
        .put("initialAmount", v.initialAmount())
        .put("balance", v.balance())
        .put("expiresAt", v.expiresAt().toString());
  }

  /** 16 characters in 4 groups (about 80 bits): not guessable, easy to type. */
  static String newCode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        code.append('-');
      }
      code.append(CODE[RANDOM.nextInt(CODE.length)]);
    }
    return code.toString();
  }
}
