package io.guichet.orders;

import static io.guichet.Shop.checkout;
import static io.guichet.Shop.guestCheckout;
import static io.guichet.Shop.hold;
import static io.guichet.Shop.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.guichet.TestMail;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckoutApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  private String seatStates(String pos, int row) {
    return get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + pos)
        .json()
        .getJsonArray("rows")
        .getJsonObject(row)
        .getString("states");
  }

  @Test
  void a_guest_pays_by_card_on_the_providers_page_and_gets_a_durable_paid_order() throws Exception {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    JsonObject body = guestCheckout("POST");
    String email = body.getJsonObject("buyer").getString("email");
    Reply placed = checkout(cart, body);
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(order.getString("status")).isEqualTo("PENDING_PAYMENT");
    // 2 × 45.00, fees 2 × 1.00 + post 3.00 = 5.00 (the cap is 5.00)
    assertThat(order.getLong("linesTotal")).isEqualTo(9000);
    assertThat(order.getJsonObject("fees").getLong("total")).isEqualTo(500);
    assertThat(order.getLong("total")).isEqualTo(9500);
    assertThat(order.getJsonObject("settlement").getLong("card")).isEqualTo(9500);
    assertThat(order.getJsonObject("payment").getJsonObject("fields").getString("AMOUNT"))
        .isEqualTo("9500");
    assertThat(order.getString("secret")).isNotBlank();
    assertThat(count("select count(*) from ticket where order_id = $1", uuid(order)))
        .as("no ticket before the payment")
        .isZero();

    Reply back = pay(order, "accept");
    assertThat(back.status()).as("%s", back.body()).isEqualTo(200);
    assertThat(back.json().getString("status")).isEqualTo("PAID");

    Reply read = Shop.order(order.getString("id"), f.posCode, order.getString("secret"));
    assertThat(read.json().getString("status")).isEqualTo("PAID");
    assertThat(read.json().containsKey("payment")).isFalse();
    assertThat(
            count(
                "select count(*) from ticket where order_id = $1 and status = 'LIVE'", uuid(order)))
        .isEqualTo(2);
    assertThat(
            count(
                "select count(*) from payment where order_id = $1 and status = 'ACCEPTED'",
                uuid(order)))
        .isEqualTo(1);
    assertThat(seatStates(f.posCode, 0)).contains("SS");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (TestMail.to(email).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(TestMail.to(email)).hasSize(1);
    assertThat(TestMail.to(email).get(0).getSubject()).contains(order.getString("reference"));
  }

  @Test
  void the_same_idempotency_key_returns_the_same_order_and_never_a_second_one() {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    JsonObject body = guestCheckout("E_TICKET");
    String key = java.util.UUID.randomUUID().toString();
    Reply first = checkout(cart, body, key);
    assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
    Reply again = checkout(cart, body, key);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(again.json().getBoolean("replayed")).isTrue();
    assertThat(again.json().getJsonObject("payment").getJsonObject("fields").getString("ORDERID"))
        .isEqualTo(
            first.json().getJsonObject("payment").getJsonObject("fields").getString("ORDERID"));
    // the same body with its keys in another order is the same request
    JsonObject reordered =
        new JsonObject().put("buyer", body.getJsonObject("buyer")).put("deliveryMode", "E_TICKET");
    assertThat(checkout(cart, reordered, key).status()).isEqualTo(200);

    checkout(cart, guestCheckout("POST"), key).problem(422, "idempotency-key-reused");
    checkout(cart, body, java.util.UUID.randomUUID().toString()).problem(409, "cart-checked-out");
    assertThat(
            count(
                "select count(*) from orders where cart_id = $1",
                java.util.UUID.fromString(cart.id())))
        .isEqualTo(1);
    // the cart no longer changes
    Shop.add(cart, f.performanceId(), "B", f.fullTariff(), 1).problem(409, "cart-checked-out");
  }

  @Test
  void concurrent_checkouts_of_one_cart_make_exactly_one_order() throws Exception {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    JsonObject body = guestCheckout("E_TICKET");
    String key = java.util.UUID.randomUUID().toString();
    java.util.List<
            io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>>
        all = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(
          client
              .post(cart.path() + "/checkout?pos=" + cart.pos())
              .putHeader("X-Cart-Secret", cart.secret())
              .putHeader("Idempotency-Key", i % 2 == 0 ? key : key + "-" + i)
              .sendJsonObject(body));
    }
    io.vertx.core.Future.join(all).await();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (var f : all) {
      int status = f.result().statusCode();
      assertThat(status).isIn(200, 201, 409);
      if (status < 300) {
        ids.add(f.result().bodyAsJsonObject().getString("id"));
      }
    }
    assertThat(ids).hasSize(1);
    assertThat(
            count(
                "select count(*) from orders where cart_id = $1",
                java.util.UUID.fromString(cart.id())))
        .isEqualTo(1);
  }

  @Test
  void gift_vouchers_pay_first_in_part_and_a_covered_order_is_paid_at_once() {
    String small = voucher(2000, Instant.now().plusSeconds(86_400));
    String large = voucher(20_000, Instant.now().plusSeconds(86_400));
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    Reply placed =
        checkout(
            cart,
            guestCheckout("E_TICKET")
                .put("vouchers", new io.vertx.core.json.JsonArray().add(small)));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject settlement = placed.json().getJsonObject("settlement");
    assertThat(settlement.getJsonArray("vouchers").getJsonObject(0).getLong("amount"))
        .isEqualTo(2000);
    assertThat(settlement.getLong("card")).isEqualTo(9200 - 2000);
    assertThat(placed.json().getJsonObject("payment").getJsonObject("fields").getString("AMOUNT"))
        .isEqualTo("7200");
    assertThat(adminGet("/admin/v1/gift-vouchers/" + small).json().getLong("balance")).isZero();

    Cart second = Shop.cart(f.posCode);
    hold(second, f.performanceId(), "B", f.fullTariff(), 1);
    Reply covered =
        checkout(
            second,
            guestCheckout("E_TICKET")
                .put("vouchers", new io.vertx.core.json.JsonArray().add(large)));
    assertThat(covered.status()).as("%s", covered.body()).isEqualTo(201);
    assertThat(covered.json().getString("status")).isEqualTo("PAID");
    assertThat(covered.json().containsKey("payment")).isFalse();
    assertThat(adminGet("/admin/v1/gift-vouchers/" + large).json().getLong("balance"))
        .isEqualTo(20_000 - 2600);
    assertThat(seatStates(f.posCode, 1)).contains("S");
    assertThat(
            count(
                "select count(*) from ticket where order_id = $1 and status = 'LIVE'",
                uuid(covered.json())))
        .isEqualTo(1);
  }

  @Test
  void unknown_expired_and_spent_vouchers_are_refused_and_nothing_is_charged_or_sold() {
    String spent = voucher(100, Instant.now().plusSeconds(86_400));
    Cart used = Shop.cart(f.posCode);
    hold(used, f.performanceId(), "B", f.fullTariff(), 1);
    assertThat(
            checkout(
                    used,
                    guestCheckout("E_TICKET")
                        .put("vouchers", new io.vertx.core.json.JsonArray().add(spent)))
                .status())
        .isEqualTo(201);
    String expiring = voucher(5000, Instant.now().plusSeconds(120));

    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    JsonObject unknown =
        checkout(
                cart,
                guestCheckout("E_TICKET")
                    .put("vouchers", new io.vertx.core.json.JsonArray().add("NOPE-NOPE-NOPE")))
            .problem(422, "voucher-refused");
    assertThat(unknown.getString("reason")).isEqualTo("unknown");
    JsonObject gone =
        checkout(
                cart,
                guestCheckout("E_TICKET")
                    .put("vouchers", new io.vertx.core.json.JsonArray().add(spent)))
            .problem(422, "voucher-refused");
    assertThat(gone.getString("reason")).isEqualTo("spent");
    io.guichet.TestServer.CLOCK.advance(Duration.ofMinutes(3));
    try {
      JsonObject late =
          checkout(
                  cart,
                  guestCheckout("E_TICKET")
                      .put("vouchers", new io.vertx.core.json.JsonArray().add(expiring)))
              .problem(422, "voucher-refused");
      assertThat(late.getString("reason")).isEqualTo("expired");
    } finally {
      io.guichet.TestServer.CLOCK.reset();
    }
    assertThat(adminGet("/admin/v1/gift-vouchers/" + expiring).json().getLong("balance"))
        .isEqualTo(5000);
    assertThat(
            count(
                "select count(*) from orders where cart_id = $1",
                java.util.UUID.fromString(cart.id())))
        .isZero();
    // after the refusals the cart is still the buyer's and can be checked out
    assertThat(checkout(cart, guestCheckout("E_TICKET")).status()).isEqualTo(201);
  }

  @Test
  void above_the_payment_ceiling_the_order_is_reserved_then_paid_later_or_cancelled() {
    String pos = f.shop(new JsonObject().put("paymentCeiling", 5000), new JsonObject());
    Cart cart = Shop.cart(pos);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    Reply placed = checkout(cart, guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(order.getString("status")).isEqualTo("RESERVED");
    assertThat(order.containsKey("payment")).isFalse();
    assertThat(
            count(
                "select count(*) from ticket where order_id = $1 and status = 'LIVE'", uuid(order)))
        .isEqualTo(2);

    Reply started = payLater(order, pos);
    assertThat(started.status()).as("%s", started.body()).isEqualTo(201);
    assertThat(started.json().getJsonObject("payment").getJsonObject("fields").getString("AMOUNT"))
        .isEqualTo(String.valueOf(order.getLong("total")));
    assertThat(pay(started.json(), "accept").json().getString("status")).isEqualTo("PAID");

    Cart other = Shop.cart(pos);
    hold(other, f.performanceId(), "A", f.fullTariff(), 2);
    JsonObject reserved = checkout(other, guestCheckout("E_TICKET")).json();
    String before = seatStates(pos, 0);
    Reply cancelled = cancel(reserved, pos);
    assertThat(cancelled.status()).as("%s", cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(
            count(
                "select count(*) from ticket where order_id = $1 and status = 'LIVE'",
                uuid(reserved)))
        .isZero();
    assertThat(seatStates(pos, 0).chars().filter(c -> c == 'S').count())
        .isEqualTo(before.chars().filter(c -> c == 'S').count() - 2);
    // a retried cancellation (its answer lost) gets the same answer and changes nothing
    String after = seatStates(pos, 0);
    Reply again = cancel(reserved, pos);
    assertThat(again.status()).as("%s", again.body()).isEqualTo(200);
    assertThat(again.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(seatStates(pos, 0)).isEqualTo(after);
  }

  @Test
  void a_pending_order_cancelled_by_its_buyer_gives_back_its_seats_and_vouchers() {
    String code = voucher(1000, Instant.now().plusSeconds(86_400));
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "B", f.fullTariff(), 3);
    JsonObject order =
        checkout(
                cart,
                guestCheckout("E_TICKET")
                    .put("vouchers", new io.vertx.core.json.JsonArray().add(code)))
            .json();
    assertThat(order.getString("status")).isEqualTo("PENDING_PAYMENT");
    assertThat(seatStates(f.posCode, 1)).contains("HHH");
    Reply cancelled = cancel(order, f.posCode);
    assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(seatStates(f.posCode, 1)).doesNotContain("H");
    assertThat(adminGet("/admin/v1/gift-vouchers/" + code).json().getLong("balance"))
        .isEqualTo(1000);
    // the provider's page of a cancelled order pays nothing: the money is refunded
    pay(order, "accept").problem(409, "payment-refunded");
  }

  @Test
  void delivery_modes_are_those_of_the_channel_and_immediate_ones_only_where_asked() {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    checkout(cart, guestCheckout("RFID")).problem(422, "delivery-mode-not-allowed");
    checkout(cart, guestCheckout("TELEPORT")).problem(400, "bad-request");

    String immediate =
        f.shop(new JsonObject(), new JsonObject().put("immediateDeliveryOnly", true));
    Cart other = Shop.cart(immediate);
    hold(other, f.performanceId(), "A", f.fullTariff(), 1);
    checkout(other, guestCheckout("POST")).problem(422, "delivery-mode-not-allowed");
    Reply ok = checkout(other, guestCheckout("E_TICKET"));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().getJsonObject("fees").getLong("delivery")).isZero();
  }

  @Test
  void bad_checkouts_are_refused_with_a_problem_and_change_nothing() {
    Cart empty = Shop.cart(f.posCode);
    checkout(empty, guestCheckout("E_TICKET")).problem(409, "cart-empty");

    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    checkout(cart, guestCheckout("E_TICKET"), null).problem(400, "bad-request");
    checkout(cart, new JsonObject().put("deliveryMode", "E_TICKET")).problem(400, "bad-request");
    checkout(cart, guestCheckout("E_TICKET").put("expectedTotal", 1))
        .problem(409, "amount-mismatch");
    checkout(cart, guestCheckout("E_TICKET").put("expectedTotal", -5)).problem(400, "bad-request");
    checkout(cart, guestCheckout("E_TICKET").put("surprise", true)).problem(400, "bad-request");
    checkout(
            cart,
            new JsonObject()
                .put("deliveryMode", "E_TICKET")
                .put("buyer", Shop.guest("not-an-email")))
        .problem(400, "bad-request");
    send(
            client
                .post(cart.path() + "/checkout?pos=" + cart.pos())
                .putHeader("X-Cart-Secret", cart.secret())
                .putHeader("Idempotency-Key", "k-12345678")
                .putHeader("content-type", "application/json"),
            io.vertx.core.buffer.Buffer.buffer("{\"deliveryMode\": "))
        .problem(400, "malformed-json");
    checkout(new Cart(cart.id(), "wrong-secret", cart.pos(), null), guestCheckout("E_TICKET"))
        .problem(404, "not-found");
    String otherShop = f.sellingChannel("BEST_AVAILABLE_VIEW", 5, false);
    checkout(new Cart(cart.id(), cart.secret(), otherShop, null), guestCheckout("E_TICKET"))
        .problem(404, "not-found");
    checkout(
            new Cart(java.util.UUID.randomUUID().toString(), "x", cart.pos(), null),
            guestCheckout("E_TICKET"))
        .problem(404, "not-found");
    assertThat(
            count(
                "select count(*) from orders where cart_id = $1",
                java.util.UUID.fromString(cart.id())))
        .isZero();
    assertThat(checkout(cart, guestCheckout("E_TICKET").put("expectedTotal", 4600)).status())
        .isEqualTo(201);
  }

  @Test
  void an_expired_cart_cannot_be_checked_out() {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    io.guichet.TestServer.CLOCK.advance(Duration.ofMinutes(11));
    try {
      checkout(cart, guestCheckout("E_TICKET")).problem(410, "cart-expired");
    } finally {
      io.guichet.TestServer.CLOCK.reset();
    }
  }

  @Test
  void another_buyers_order_is_not_found() {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    JsonObject order = checkout(cart, guestCheckout("E_TICKET")).json();
    Shop.order(order.getString("id"), f.posCode, "forged").problem(404, "not-found");
    Shop.order(order.getString("id"), f.posCode, null).problem(404, "not-found");
    String other = f.sellingChannel("BEST_AVAILABLE_VIEW", 5, false);
    Shop.order(order.getString("id"), other, order.getString("secret")).problem(404, "not-found");
    assertThat(Shop.order(order.getString("id"), f.posCode, order.getString("secret")).status())
        .isEqualTo(200);
  }

  @Test
  void where_the_point_of_sale_forbids_it_reserved_orders_are_not_paid_or_cancelled_online() {
    String pos =
        f.shop(
            new JsonObject().put("paymentCeiling", 1000),
            new JsonObject().put("allowPayOrCancelPending", false));
    Cart cart = Shop.cart(pos);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    JsonObject order = checkout(cart, guestCheckout("E_TICKET")).json();
    assertThat(order.getString("status")).isEqualTo("RESERVED");
    payLater(order, pos).problem(403, "not-allowed-here");
    cancel(order, pos).problem(403, "not-allowed-here");
    assertThat(
            count(
                "select count(*) from ticket where order_id = $1 and status = 'LIVE'", uuid(order)))
        .isEqualTo(1);
  }

  @Test
  void e_mails_go_out_from_the_channels_sender_address() throws Exception {
    String pos =
        f.shop(new JsonObject().put("senderEmail", "box-office@example.org"), new JsonObject());
    Cart cart = Shop.cart(pos);
    hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
    JsonObject body = guestCheckout("E_TICKET");
    String email = body.getJsonObject("buyer").getString("email");
    JsonObject order = checkout(cart, body).json();
    assertThat(pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (TestMail.to(email).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(TestMail.to(email)).hasSize(1);
    assertThat(TestMail.to(email).get(0).getFrom()[0].toString())
        .isEqualTo("box-office@example.org");
  }

  private String voucher(long amount, Instant expiresAt) {
    return create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/gift-vouchers",
            new JsonObject().put("amount", amount).put("expiresAt", expiresAt.toString()))
        .getJsonArray("codes")
        .getString(0);
  }

  static Reply payLater(JsonObject order, String pos) {
    return send(
        client
            .post("/api/v1/orders/" + order.getString("id") + "/payments?pos=" + pos)
            .putHeader("X-Order-Secret", order.getString("secret")),
        null);
  }

  static Reply cancel(JsonObject order, String pos) {
    return send(
        client
            .post("/api/v1/orders/" + order.getString("id") + "/cancel?pos=" + pos)
            .putHeader("X-Order-Secret", order.getString("secret")),
        null);
  }

  static java.util.UUID uuid(JsonObject order) {
    return java.util.UUID.fromString(order.getString("id"));
  }
}
