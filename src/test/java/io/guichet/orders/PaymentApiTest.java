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
import io.guichet.TestServer;
import io.guichet.payment.OgoneSignature;
import io.guichet.payment.PaymentConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The payment provider's protocol: signed returns and notifications, declines, late payments. */
class PaymentApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  @AfterEach
  void clockBack() {
    TestServer.CLOCK.reset();
  }

  private JsonObject pendingOrder(int seats) {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "A", f.fullTariff(), seats);
    Reply placed = checkout(cart, guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    return placed.json();
  }

  private static PaymentConfig psp() {
    return TestServer.get().services().payments().gateway().config();
  }

  /** A feedback message as the provider would sign it (or not). */
  private static MultiMap feedback(
      JsonObject order, String amount, String status, String payId, String passphrase) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("orderID", order.getJsonObject("payment").getJsonObject("fields").getString("ORDERID"));
    p.put("currency", "EUR");
    p.put("amount", amount);
    p.put("PM", "CreditCard");
    p.put("STATUS", status);
    p.put("PAYID", payId);
    p.put("NCERROR", "0");
    p.put("SHASIGN", OgoneSignature.shaOut(p, passphrase, psp().algorithm()));
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    p.forEach(form::add);
    return form;
  }

  private static Reply notify(MultiMap form) {
    HttpResponse<Buffer> r = client.post("/api/v1/payments/ogone/notify").sendForm(form).await();
    return checked("POST", "/api/v1/payments/ogone/notify", r);
  }

  private String status(JsonObject order) {
    return Shop.order(order.getString("id"), f.posCode, order.getString("secret"))
        .json()
        .getString("status");
  }

  private long tickets(JsonObject order) {
    return count(
        "select count(*) from ticket where order_id = $1 and status = 'LIVE'",
        UUID.fromString(order.getString("id")));
  }

  @Test
  void the_providers_page_refuses_a_form_whose_sha_in_signature_is_wrong() {
    JsonObject order = pendingOrder(1);
    JsonObject payment = order.getJsonObject("payment").copy();
    payment.getJsonObject("fields").put("AMOUNT", "1");
    HttpResponse<Buffer> page = Shop.submitPaymentForm(payment, "accept");
    assertThat(page.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> html = Shop.submitPaymentForm(order.getJsonObject("payment"), null);
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.bodyAsString()).contains("SIM_DECISION").contains("46");
    assertThat(status(order)).isEqualTo("PENDING_PAYMENT");
  }

  @Test
  void a_notification_with_a_bad_signature_or_another_amount_is_refused_and_changes_nothing() {
    JsonObject order = pendingOrder(1);
    notify(feedback(order, "46", "9", "111", "not the pass phrase")).problem(400, "bad-signature");
    MultiMap tampered = feedback(order, "46", "9", "112", psp().shaOut()).set("amount", "0.01");
    notify(tampered).problem(400, "bad-signature");
    notify(feedback(order, "0.01", "9", "113", psp().shaOut())).problem(409, "amount-mismatch");
    MultiMap unsigned = feedback(order, "46", "9", "114", psp().shaOut()).remove("SHASIGN");
    notify(unsigned).problem(400, "bad-signature");
    assertThat(status(order)).isEqualTo("PENDING_PAYMENT");
    assertThat(tickets(order)).isZero();

    Reply paid = notify(feedback(order, "46", "9", "115", psp().shaOut()));
    assertThat(paid.status()).as("%s", paid.body()).isEqualTo(200);
    assertThat(status(order)).isEqualTo("PAID");
    assertThat(tickets(order)).isEqualTo(1);
  }

  @Test
  void a_replayed_notification_is_refused_and_changes_nothing() {
    JsonObject order = pendingOrder(2);
    Reply back = pay(order, "accept");
    assertThat(back.json().getString("status")).isEqualTo("PAID");
    long payments =
        count(
            "select count(*) from payment where order_id = $1",
            UUID.fromString(order.getString("id")));
    MultiMap again = feedback(order, "92", "9", "999", psp().shaOut());
    notify(again).problem(409, "payment-replayed");
    notify(again).problem(409, "payment-replayed");
    assertThat(tickets(order)).isEqualTo(2);
    assertThat(
            count(
                "select count(*) from payment where order_id = $1",
                UUID.fromString(order.getString("id"))))
        .isEqualTo(payments);
    assertThat(
            count(
                "select count(*) from payment where order_id = $1 and status = 'ACCEPTED'",
                UUID.fromString(order.getString("id"))))
        .isEqualTo(1);
  }

  private static void sql(String statement) {
    TestServer.get().services().pool().query(statement).execute().await();
  }

  @Test
  void a_payment_postgresql_cannot_record_now_answers_503_and_changes_nothing_until_retried() {
    JsonObject order = pendingOrder(1);
    // PostgreSQL refuses this one payment's update with a deadlock, past the writer's retries: the
    // provider must hear "retry", not a server fault.
    sql(
        "create function test_refuse_pay() returns trigger language plpgsql as $$ begin"
            + " if new.pay_id = '7777' then"
            + " raise exception using errcode = '40P01', message = 'deadlock (test)'; end if;"
            + " return new; end $$");
    sql(
        "create trigger test_refuse_pay before update on payment for each row"
            + " execute function test_refuse_pay()");
    try {
      Reply refused = notify(feedback(order, "46", "9", "7777", psp().shaOut()));
      refused.problem(503, "unavailable");
      assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
      assertThat(status(order)).isEqualTo("PENDING_PAYMENT");
      assertThat(tickets(order)).isZero();
    } finally {
      sql("drop trigger test_refuse_pay on payment");
      sql("drop function test_refuse_pay()");
    }
    Reply paid = notify(feedback(order, "46", "9", "7777", psp().shaOut()));
    assertThat(paid.status()).as("%s", paid.body()).isEqualTo(200);
    assertThat(status(order)).isEqualTo("PAID");
    assertThat(tickets(order)).isEqualTo(1);
  }

  @Test
  void a_declined_payment_leaves_the_order_pending_and_the_buyer_pays_again() {
    JsonObject order = pendingOrder(1);
    Reply declined = pay(order, "decline");
    assertThat(declined.status()).isEqualTo(200);
    assertThat(declined.json().getString("status")).isEqualTo("PENDING_PAYMENT");
    Reply cancelled = pay(order, "cancel");
    assertThat(cancelled.json().getString("status")).isEqualTo("PENDING_PAYMENT");
    assertThat(tickets(order)).isZero();

    Reply retry = CheckoutApiTest.payLater(order, f.posCode);
    assertThat(retry.status()).as("%s", retry.body()).isEqualTo(201);
    String ref = retry.json().getJsonObject("payment").getJsonObject("fields").getString("ORDERID");
    assertThat(ref)
        .isNotEqualTo(order.getJsonObject("payment").getJsonObject("fields").getString("ORDERID"));
    assertThat(pay(retry.json(), "accept").json().getString("status")).isEqualTo("PAID");
    assertThat(tickets(order)).isEqualTo(1);
    CheckoutApiTest.payLater(order, f.posCode).problem(409, "order-state");
  }

  @Test
  void seats_stay_held_while_the_payment_is_in_flight_up_to_the_grace_period() {
    JsonObject order = pendingOrder(2);
    // past the cart's deadline (10 min) but within the grace period (10 more)
    TestServer.CLOCK.advance(Duration.ofMinutes(15));
    assertThat(
            TestServer.get()
                .services()
                .orders()
                .expireDue()
                .toCompletionStage()
                .toCompletableFuture()
                .join())
        .isZero();
    assertThat(pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    assertThat(tickets(order)).isEqualTo(2);
  }

  @Test
  void a_late_payment_for_an_expired_order_is_refunded_and_never_becomes_tickets()
      throws Exception {
    JsonObject order = pendingOrder(2);
    String row = seatRow();
    TestServer.CLOCK.advance(Duration.ofMinutes(21));
    int expired =
        TestServer.get()
            .services()
            .orders()
            .expireDue()
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(expired).isGreaterThanOrEqualTo(1);
    assertThat(status(order)).isEqualTo("EXPIRED");
    assertThat(seatRow()).doesNotContain("H");
    // someone else buys the same seats meanwhile
    Cart other = Shop.cart(f.posCode);
    JsonObject item = hold(other, f.performanceId(), "A", f.fullTariff(), 2);
    assertThat(seatIds(item.getJsonArray("seats"), "id"))
        .containsExactlyInAnyOrderElementsOf(seatIds(lines(order), "seat"));
    JsonObject paid = checkout(other, guestCheckout("E_TICKET")).json();
    assertThat(pay(paid, "accept").json().getString("status")).isEqualTo("PAID");

    Reply late = pay(order, "accept");
    late.problem(409, "payment-refunded");
    assertThat(status(order)).isEqualTo("EXPIRED");
    assertThat(tickets(order)).isZero();
    UUID id = UUID.fromString(order.getString("id"));
    Instant deadline = Instant.now().plusSeconds(20);
    while (count("select count(*) from payment where order_id = $1 and status = 'REFUNDED'", id)
            == 0
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(
            count("select count(*) from payment where order_id = $1 and status = 'REFUNDED'", id))
        .isEqualTo(1);
    String payId =
        TestServer.get()
            .services()
            .pool()
            .preparedQuery("select pay_id from payment where order_id = $1 and status = 'REFUNDED'")
            .execute(io.vertx.sqlclient.Tuple.of(id))
            .await()
            .iterator()
            .next()
            .getString(0);
    assertThat(TestServer.get().services().pspSimulator().refunds()).containsOnlyOnce(payId);
    assertThat(row).isNotNull();
  }

  @Test
  void the_browser_comes_back_to_the_shops_own_page_when_the_point_of_sale_has_one() {
    String code = "u-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject other =
        create("/admin/v1/channels", Fixtures.channel(f.organizer.getString("id"), "PUBLIC"));
    create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", other.getString("id"))
            .put("code", code)
            .put("name", "With URL")
            .put("url", "https://shop.example.org/"));
    create(
        "/admin/v1/performances/" + f.performanceId() + "/onsale-windows",
        new JsonObject()
            .put("channelId", other.getString("id"))
            .put("opensAt", Instant.now().minusSeconds(3600).toString())
            .put("closesAt", Instant.now().plusSeconds(86_400).toString()));
    Cart cart = Shop.cart(code);
    hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
    JsonObject order = checkout(cart, guestCheckout("E_TICKET")).json();
    Reply back = pay(order, "accept");
    assertThat(back.status()).isEqualTo(303);
    assertThat(back.headers().get("Location"))
        .isEqualTo("https://shop.example.org/orders/" + order.getString("id") + "?status=PAID");
  }

  @Test
  void after_a_member_is_lost_recent_orders_are_sold_again_in_the_grid() {
    JsonObject order = pendingOrder(2);
    assertThat(pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    var services = TestServer.get().services();
    var live = services.inventory().open(UUID.fromString(f.performanceId())).await();
    java.util.List<String> seats = new java.util.ArrayList<>();
    order
        .getJsonArray("lines")
        .forEach(l -> seats.add(((JsonObject) l).getJsonObject("seat").getString("id")));
    // as if the node had died between the commit and the grid update
    services
        .inventory()
        .reopen(live, io.guichet.inventory.HzInventory.ref(live, 1, seats, null, 0))
        .await();
    assertThat(seatRow()).doesNotContain("S");
    assertThat(
            services
                .orders()
                .resellSince(java.time.Instant.now().minus(Duration.ofMinutes(5)))
                .await())
        .isPositive();
    assertThat(seatRow().chars().filter(c -> c == 'S').count()).isEqualTo(2);
  }

  private static java.util.List<String> seatIds(io.vertx.core.json.JsonArray list, String field) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object v = list.getJsonObject(i).getValue(field);
      ids.add(v instanceof JsonObject o ? o.getString("id") : (String) v);
    }
    return ids;
  }

  private static io.vertx.core.json.JsonArray lines(JsonObject order) {
    return order.getJsonArray("lines");
  }

  private String seatRow() {
    return get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + f.posCode)
        .json()
        .getJsonArray("rows")
        .getJsonObject(0)
        .getString("states");
  }
}
