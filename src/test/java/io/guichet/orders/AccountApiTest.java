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
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Buyers' accounts, sessions, credit balances, login at the start, e-mail confirmation. */
class AccountApiTest extends ServerTest {
  private static final String PASSWORD = "a long enough password";
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  private static String email() {
    return "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static Reply signUp(String pos, String email) {
    return send(
        client.post("/api/v1/accounts?pos=" + pos),
        new JsonObject()
            .put("email", email)
            .put("password", PASSWORD)
            .put("firstName", "Grace")
            .put("lastName", "Hopper"));
  }

  private static Reply login(String pos, JsonObject credentials) {
    return send(client.post("/api/v1/sessions?pos=" + pos), credentials);
  }

  private static String token(String pos, String email) {
    Reply reply = login(pos, new JsonObject().put("email", email).put("password", PASSWORD));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return reply.json().getString("token");
  }

  private static Reply account(String pos, String token) {
    return send(
        client.get("/api/v1/account?pos=" + pos).putHeader("Authorization", "Bearer " + token),
        null);
  }

  @Test
  void a_buyer_signs_up_logs_in_by_email_and_sees_their_account() {
    String email = email();
    Reply created = signUp(f.posCode, email);
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    assertThat(created.json().getLong("contactNumber")).isPositive();
    assertThat(created.json().containsKey("password")).isFalse();
    signUp(f.posCode, email.toUpperCase(java.util.Locale.ROOT)).problem(409, "already-exists");
    String hash =
        TestServerRows.string(
            "select password_hash from customer where lower(email) = lower($1)", email);
    assertThat(hash).startsWith("$argon2id$v=19$").doesNotContain(PASSWORD);

    String token = token(f.posCode, email.toUpperCase(java.util.Locale.ROOT));
    Reply me = account(f.posCode, token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("email")).isEqualTo(email);
    assertThat(me.json().getLong("creditBalance")).isZero();

    login(f.posCode, new JsonObject().put("email", email).put("password", "wrong password"))
        .problem(401, "invalid-credentials");
    login(f.posCode, new JsonObject().put("email", email()).put("password", PASSWORD))
        .problem(401, "invalid-credentials");
    signUp(f.posCode, "not an email").problem(400, "bad-request");
    send(
            client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", email())
                .put("password", "short")
                .put("firstName", "A")
                .put("lastName", "B"))
        .problem(400, "bad-request");
  }

  @Test
  void forged_altered_or_foreign_session_tokens_are_refused() {
    String email = email();
    signUp(f.posCode, email);
    String token = token(f.posCode, email);
    account(f.posCode, "forged").problem(401, "login-required");
    String altered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    account(f.posCode, altered).problem(401, "login-required");
    send(
            client
                .post("/api/v1/carts?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + altered),
            null)
        .problem(401, "login-required");
    // a session of another organizer's shop is no session here
    Fixtures other = Fixtures.create();
    String elsewhere = email();
    signUp(other.posCode, elsewhere);
    account(f.posCode, token(other.posCode, elsewhere)).problem(401, "login-required");
    assertThat(account(f.posCode, token).status()).isEqualTo(200);
  }

  @Test
  void login_by_contact_number_only_where_the_point_of_sale_allows_it() {
    String email = email();
    long number = signUp(f.posCode, email).json().getLong("contactNumber");
    JsonObject byNumber = new JsonObject().put("contactNumber", number).put("password", PASSWORD);
    login(f.posCode, byNumber).problem(403, "not-allowed-here");
    String numbers = f.shop(new JsonObject(), new JsonObject().put("contactNumberLogin", true));
    Reply ok = login(numbers, byNumber);
    assertThat(ok.status()).as("%s", ok.body()).isEqualTo(201);
    assertThat(ok.json().getJsonObject("customer").getString("email")).isEqualTo(email);
  }

  @Test
  void a_logged_in_buyer_pays_with_credit_and_gets_it_back_when_cancelling() {
    String email = email();
    String customer = signUp(f.posCode, email).json().getString("id");
    Reply credited =
        adminPost(
            "/admin/v1/customers/" + customer + "/credit",
            new JsonObject().put("amount", 3000).put("reason", "refund as credit"));
    assertThat(credited.json().getLong("creditBalance")).isEqualTo(3000);
    String token = token(f.posCode, email);

    Cart cart = Shop.cart(f.posCode, token);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    Reply placed =
        checkout(cart, new JsonObject().put("deliveryMode", "E_TICKET").put("useCredit", true));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(order.getJsonObject("buyer").getString("email")).isEqualTo(email);
    assertThat(order.getJsonObject("settlement").getLong("credit")).isEqualTo(3000);
    assertThat(order.getJsonObject("settlement").getLong("card")).isEqualTo(4600 - 3000);
    assertThat(account(f.posCode, token).json().getLong("creditBalance")).isZero();
    assertThat(account(f.posCode, token).json().getJsonArray("orders"))
        .contains(order.getString("id"));

    // the buyer's session is enough to read and cancel their own order
    Reply read =
        send(
            client
                .get("/api/v1/orders/" + order.getString("id") + "?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + token),
            null);
    assertThat(read.status()).isEqualTo(200);
    Reply cancelled =
        send(
            client
                .post("/api/v1/orders/" + order.getString("id") + "/cancel?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + token),
            null);
    assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(account(f.posCode, token).json().getLong("creditBalance")).isEqualTo(3000);
  }

  @Test
  void a_cart_opened_by_one_account_is_not_found_for_anyone_else() {
    String a = email();
    String b = email();
    signUp(f.posCode, a);
    signUp(f.posCode, b);
    Cart cart = Shop.cart(f.posCode, token(f.posCode, a));
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    checkout(
            new Cart(cart.id(), cart.secret(), cart.pos(), token(f.posCode, b)),
            guestCheckout("E_TICKET"))
        .problem(404, "not-found");
    checkout(new Cart(cart.id(), cart.secret(), cart.pos(), null), guestCheckout("E_TICKET"))
        .problem(404, "not-found");
    checkout(cart, new JsonObject().put("deliveryMode", "E_TICKET")).json();
  }

  @Test
  void without_guest_checkout_a_buyer_must_log_in_and_credit_needs_an_account() {
    String members = f.shop(new JsonObject(), new JsonObject().put("guestCheckout", false));
    Cart cart = Shop.cart(members);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    checkout(cart, guestCheckout("E_TICKET")).problem(401, "login-required");
    Cart guest = Shop.cart(f.posCode);
    hold(guest, f.performanceId(), "A", f.fullTariff(), 1);
    checkout(guest, guestCheckout("E_TICKET").put("useCredit", true)).problem(400, "bad-request");
  }

  @Test
  void where_login_is_at_the_start_every_shop_call_needs_a_session() {
    String start = f.shop(new JsonObject(), new JsonObject().put("loginAt", "START"));
    get("/api/v1/events?pos=" + start).problem(401, "login-required");
    send(client.post("/api/v1/carts?pos=" + start), null).problem(401, "login-required");
    String email = email();
    assertThat(signUp(start, email).status()).isEqualTo(201);
    String token = token(start, email);
    Reply events =
        send(
            client.get("/api/v1/events?pos=" + start).putHeader("Authorization", "Bearer " + token),
            null);
    assertThat(events.status()).isEqualTo(200);
    Cart cart = Shop.cart(start, token);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    assertThat(checkout(cart, new JsonObject().put("deliveryMode", "E_TICKET")).status())
        .isEqualTo(201);
  }

  @Test
  void with_e_mail_confirmation_a_guest_order_waits_for_the_link_of_the_e_mail() throws Exception {
    String confirm =
        f.shop(new JsonObject(), new JsonObject().put("confirmationEmailRequired", true));
    Cart cart = Shop.cart(confirm);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    JsonObject body = guestCheckout("E_TICKET");
    String email = body.getJsonObject("buyer").getString("email");
    JsonObject order = checkout(cart, body).json();
    assertThat(order.getString("status")).isEqualTo("PENDING_PAYMENT");
    assertThat(order.getBoolean("awaitingEmailConfirmation")).isTrue();
    assertThat(order.containsKey("payment"))
        .as("no payment before the e-mail is confirmed")
        .isFalse();
    CheckoutApiTest.payLater(order, confirm).problem(409, "order-state");

    MimeMessage mail = awaitMail(email);
    Matcher m =
        Pattern.compile("token=([A-Za-z0-9_%-]+)").matcher(String.valueOf(mail.getContent()));
    assertThat(m.find()).as("a link in %s", mail.getContent()).isTrue();
    String token = java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);

    String path = "/api/v1/orders/" + order.getString("id") + "/email-confirmation?pos=" + confirm;
    send(client.post(path), new JsonObject().put("token", token + "x")).problem(404, "not-found");
    Reply confirmed = send(client.post(path), new JsonObject().put("token", token));
    assertThat(confirmed.status()).as("%s", confirmed.body()).isEqualTo(200);
    assertThat(confirmed.json().getBoolean("awaitingEmailConfirmation")).isFalse();
    assertThat(pay(confirmed.json(), "accept").json().getString("status")).isEqualTo("PAID");
  }

  @Test
  void the_e_mail_link_of_a_point_of_sale_without_a_site_opens_a_page_that_confirms()
      throws Exception {
    String confirm =
        f.shop(new JsonObject(), new JsonObject().put("confirmationEmailRequired", true));
    Cart cart = Shop.cart(confirm);
    hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    JsonObject body = guestCheckout("E_TICKET");
    JsonObject order = checkout(cart, body).json();
    assertThat(order.getBoolean("awaitingEmailConfirmation")).isTrue();

    MimeMessage mail = awaitMail(body.getJsonObject("buyer").getString("email"));
    Matcher m =
        Pattern.compile("https?://[^/\\s]+(/\\S+)").matcher(String.valueOf(mail.getContent()));
    assertThat(m.find()).as("a link in %s", mail.getContent()).isTrue();
    String link = m.group(1);
    assertThat(link).startsWith("/api/v1/orders/" + order.getString("id") + "/email-confirmation?");

    // what a browser does with a link: GET it
    Reply page = send(client.get(link), null);
    assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body().toString()).contains("<form", "name=\"SHASIGN\"");
    Reply again = send(client.get(link), null);
    assertThat(again.status()).as("opening the link again").isEqualTo(200);
    JsonObject read = Shop.order(order.getString("id"), confirm, order.getString("secret")).json();
    assertThat(read.getBoolean("awaitingEmailConfirmation")).isFalse();
    assertThat(read.containsKey("payment")).as("the card payment is open").isTrue();
    send(client.get(link.replaceAll("token=[^&]+", "token=forged-token-0")), null)
        .problem(404, "not-found");
  }

  private static MimeMessage awaitMail(String email) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (TestMail.to(email).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(TestMail.to(email)).as("an e-mail to %s", email).isNotEmpty();
    return TestMail.to(email).get(0);
  }

  /** A single value read from the server's database. */
  static final class TestServerRows {
    private TestServerRows() {}

    static String string(String sql, Object... params) {
      return io.guichet.TestServer.get()
          .services()
          .pool()
          .preparedQuery(sql)
          .execute(io.vertx.sqlclient.Tuple.wrap(params))
          .await()
          .iterator()
          .next()
          .getString(0);
    }
  }
}
