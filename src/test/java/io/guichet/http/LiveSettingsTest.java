package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.checkout.PointsOfSale;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channels and points of sale changed live: validation and authorization of the changes, the on and
 * off switches, the sale switch, languages and restricted points of sale, and that a change never
 * reaches what is held already.
 */
class LiveSettingsTest extends ServerTest {
  private static final String PASSWORD = "a long enough password";
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  @org.junit.jupiter.api.AfterEach
  void clockBack() {
    TestServer.CLOCK.reset();
  }

  private String channelPath() {
    return "/admin/v1/channels/" + f.channel.getString("id");
  }

  private String posPath() {
    return "/admin/v1/points-of-sale/" + f.pos.getString("id");
  }

  private static Reply patch(String path, JsonObject body) {
    return admin(HttpMethod.PATCH, path, body);
  }

  private static JsonObject changed(String path, JsonObject body) {
    Reply reply = patch(path, body);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void changes_need_the_admin_key_and_name_a_known_channel_or_point_of_sale() {
    JsonObject body = new JsonObject().put("name", "Renamed");
    send(client.patch(channelPath()), body).problem(401, "unauthorized");
    send(client.patch(posPath()).putHeader("Authorization", "Bearer not-the-key"), body)
        .problem(401, "unauthorized");
    patch("/admin/v1/channels/" + UUID.randomUUID(), body).problem(404, "not-found");
    patch("/admin/v1/points-of-sale/" + UUID.randomUUID(), body).problem(404, "not-found");
    assertThat(adminGet(channelPath()).json().getString("name")).isEqualTo("PUBLIC channel");
  }

  @Test
  void a_change_is_checked_as_a_creation_is_and_a_refused_one_changes_nothing() {
    patch(channelPath(), new JsonObject()).problem(400, "bad-request");
    patch(channelPath(), new JsonObject().put("holdTimeoutSeconds", 5)).problem(400, "bad-request");
    patch(channelPath(), new JsonObject().put("organizerId", UUID.randomUUID().toString()))
        .problem(400, "bad-request");
    patch(
            channelPath(),
            new JsonObject()
                .put("maxPerPerformance", 2)
                .put(
                    "deliveryModes",
                    new JsonArray()
                        .add(new JsonObject().put("mode", "POST"))
                        .add(new JsonObject().put("mode", "POST").put("fee", 10))))
        .problem(400, "bad-request");
    patch(posPath(), new JsonObject().put("languages", new JsonArray().add("fr").add("fr")))
        .problem(400, "bad-request");
    patch(posPath(), new JsonObject().put("settings", new JsonObject().put("loginAt", "NEVER")))
        .problem(400, "bad-request");
    patch(posPath(), new JsonObject().put("channelId", UUID.randomUUID().toString()))
        .problem(400, "bad-request");
    JsonObject other = Fixtures.create().pos;
    patch(posPath(), new JsonObject().put("code", other.getString("code")))
        .problem(409, "already-exists");

    JsonObject channel = adminGet(channelPath()).json();
    assertThat(channel.getInteger("maxPerPerformance")).isEqualTo(6);
    assertThat(channel.getInteger("holdTimeoutSeconds")).isEqualTo(600);
    assertThat(adminGet(posPath()).json()).isEqualTo(f.pos);
  }

  @Test
  void a_change_replaces_the_fields_given_clears_those_set_to_null_and_keeps_the_others() {
    JsonObject channel =
        changed(
            channelPath(),
            new JsonObject()
                .put("holdTimeoutSeconds", 900)
                .put("feeCap", (Object) null)
                .put("senderEmail", "box@example.org"));
    assertThat(channel.getInteger("holdTimeoutSeconds")).isEqualTo(900);
    assertThat(channel.getValue("feeCap")).isNull();
    assertThat(channel.getString("senderEmail")).isEqualTo("box@example.org");
    assertThat(channel.getInteger("maxPerPerformance")).isEqualTo(6);
    assertThat(channel.getBoolean("enabled")).isTrue();
    assertThat(adminGet(channelPath()).json()).isEqualTo(channel);

    JsonObject pos =
        changed(
            posPath(),
            new JsonObject()
                .put("name", "Box office")
                .put("settings", new JsonObject().put("guestCheckout", false)));
    assertThat(pos.getString("name")).isEqualTo("Box office");
    assertThat(pos.getJsonObject("settings").getBoolean("guestCheckout")).isFalse();
    assertThat(pos.getJsonObject("settings").getBoolean("sale")).isTrue();
    assertThat(pos.getString("code")).isEqualTo(f.posCode);
    assertThat(adminGet(posPath()).json()).isEqualTo(pos);
  }

  @Test
  void a_channel_type_changes_only_while_no_order_was_made_on_it() {
    changed(channelPath(), new JsonObject().put("type", "COMPANY"));
    changed(channelPath(), new JsonObject().put("type", "PUBLIC"));
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
    assertThat(Shop.checkout(cart, Shop.guestCheckout("E_TICKET")).status()).isEqualTo(201);

    patch(channelPath(), new JsonObject().put("type", "AGENCY")).problem(409, "setting-locked");
    assertThat(adminGet(channelPath()).json().getString("type")).isEqualTo("PUBLIC");
    changed(channelPath(), new JsonObject().put("type", "PUBLIC").put("name", "Web"));
  }

  @Test
  void a_cart_keeps_the_deadline_it_was_given_and_the_next_cart_gets_the_new_timeout() {
    Shop.Cart before = Shop.cart(f.posCode);
    Shop.hold(before, f.performanceId(), "B", f.fullTariff(), 2);
    Instant deadline = Instant.parse(cartOf(before).getString("expiresAt"));

    changed(channelPath(), new JsonObject().put("holdTimeoutSeconds", 60));

    assertThat(Instant.parse(cartOf(before).getString("expiresAt"))).isEqualTo(deadline);
    Reply after = send(client.post("/api/v1/carts?pos=" + f.posCode), null);
    Instant opened = TestServer.CLOCK.instant();
    assertThat(Instant.parse(after.json().getString("expiresAt")))
        .isBefore(opened.plusSeconds(61))
        .isBefore(deadline);
  }

  @Test
  void a_lower_maximum_applies_to_the_next_hold_and_leaves_the_seats_held_before() {
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 2);
    changed(channelPath(), new JsonObject().put("maxPerPerformance", 1));

    Shop.add(cart, f.performanceId(), "B", f.fullTariff(), 1).problem(409, "max-per-performance");
    assertThat(cartOf(cart).getJsonArray("items")).hasSize(1);
    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    assertThat(placed.json().getJsonArray("lines")).hasSize(2);
  }

  @Test
  void with_its_sale_switch_off_a_point_of_sale_shows_but_takes_no_cart_hold_or_checkout() {
    Shop.Cart open = Shop.cart(f.posCode);
    JsonObject held = Shop.hold(open, f.performanceId(), "B", f.fullTariff(), 1);
    changed(posPath(), new JsonObject().put("settings", new JsonObject().put("sale", false)));

    assertThat(get("/api/v1/events?pos=" + f.posCode).status()).isEqualTo(200);
    assertThat(get("/api/v1/performances/" + f.performanceId() + "?pos=" + f.posCode).status())
        .isEqualTo(200);
    send(client.post("/api/v1/carts?pos=" + f.posCode), null).problem(403, "not-allowed-here");
    Shop.add(open, f.performanceId(), "B", f.fullTariff(), 1).problem(403, "not-allowed-here");
    Shop.checkout(open, Shop.guestCheckout("E_TICKET")).problem(403, "not-allowed-here");
    // what is held stays reachable: the buyer sees the cart and can give the seats back
    assertThat(cartOf(open).getJsonArray("items")).hasSize(1);
    Reply removed =
        send(
            client
                .delete(open.path() + "/items/" + held.getString("id") + "?pos=" + f.posCode)
                .putHeader("X-Cart-Secret", open.secret()),
            null);
    assertThat(removed.status()).as("%s", removed.body()).isEqualTo(204);

    changed(posPath(), new JsonObject().put("settings", new JsonObject().put("sale", true)));
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "B", f.fullTariff(), 1);
  }

  @Test
  void a_point_of_sale_switched_off_shows_nothing_and_its_orders_awaiting_payment_finish() {
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    assertThat(placed.json().getString("status")).isEqualTo("PENDING_PAYMENT");

    changed(posPath(), new JsonObject().put("enabled", false));

    get("/api/v1/events?pos=" + f.posCode).problem(403, "not-allowed-here");
    send(client.post("/api/v1/carts?pos=" + f.posCode), null).problem(403, "not-allowed-here");
    Reply paid = Shop.pay(placed.json(), "accept");
    assertThat(paid.json().getString("status")).as("%s", paid.body()).isEqualTo("PAID");

    changed(posPath(), new JsonObject().put("enabled", true));
    assertThat(get("/api/v1/events?pos=" + f.posCode).status()).isEqualTo(200);
  }

  @Test
  void a_channel_switched_off_closes_its_points_of_sale() {
    Shop.Cart cart = Shop.cart(f.posCode);
    changed(channelPath(), new JsonObject().put("enabled", false));

    get("/api/v1/events?pos=" + f.posCode).problem(403, "not-allowed-here");
    Shop.add(cart, f.performanceId(), "B", f.fullTariff(), 1).problem(403, "not-allowed-here");
    send(client.post("/api/v1/carts?pos=" + f.posCode), null).problem(403, "not-allowed-here");

    changed(channelPath(), new JsonObject().put("enabled", true));
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
  }

  @Test
  void the_buyer_s_language_must_be_one_of_the_point_of_sale_s() {
    changed(posPath(), new JsonObject().put("languages", new JsonArray().add("fr").add("en")));
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1);

    Shop.checkout(cart, Shop.guestCheckout("E_TICKET").put("language", "de"))
        .problem(400, "bad-request");
    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET").put("language", "en"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    assertThat(placed.json().getJsonObject("payment").getJsonObject("fields").getString("LANGUAGE"))
        .isEqualTo("en_US");

    Shop.Cart second = Shop.cart(f.posCode);
    Shop.hold(second, f.performanceId(), "B", f.fullTariff(), 1);
    Reply byDefault = Shop.checkout(second, Shop.guestCheckout("E_TICKET"));
    assertThat(
            byDefault.json().getJsonObject("payment").getJsonObject("fields").getString("LANGUAGE"))
        .as("the point of sale's first language when none is asked for")
        .isEqualTo("fr_FR");
  }

  @Test
  void a_restricted_point_of_sale_admits_the_logged_in_contacts_it_lists_and_no_one_else() {
    String listed = "in-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String other = "out-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    long number = signUp(listed).getLong("contactNumber");
    signUp(other);
    changed(
        posPath(),
        new JsonObject()
            .put("restrictedContacts", new JsonArray().add(Long.toString(number)))
            .put("restrictedOrganisations", new JsonArray().add("ACME")));

    get("/api/v1/events?pos=" + f.posCode).problem(403, "point-of-sale-restricted");
    String outsider = login(other);
    send(
            client
                .get("/api/v1/events?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + outsider),
            null)
        .problem(403, "point-of-sale-restricted");
    send(
            client
                .post("/api/v1/carts?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + outsider),
            null)
        .problem(403, "point-of-sale-restricted");

    String member = login(listed);
    assertThat(
            send(
                    client
                        .get("/api/v1/events?pos=" + f.posCode)
                        .putHeader("Authorization", "Bearer " + member),
                    null)
                .status())
        .isEqualTo(200);
    Shop.Cart cart = Shop.cart(f.posCode, member);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1);

    changed(posPath(), new JsonObject().put("restrictedContacts", new JsonArray()));
    send(
            client
                .get("/api/v1/events?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + member),
            null)
        .problem(403, "point-of-sale-restricted");
    changed(posPath(), new JsonObject().put("restrictedOrganisations", new JsonArray()));
    assertThat(get("/api/v1/events?pos=" + f.posCode).status()).isEqualTo(200);
  }

  @Test
  void another_node_sees_a_change_once_its_cached_copy_is_five_seconds_old() {
    PointsOfSale otherNode =
        new PointsOfSale(TestServer.get().services().salesSetup(), TestServer.CLOCK);
    assertThat(otherNode.context(f.posCode).await().channel().maxPerPerformance()).isEqualTo(6);
    assertThat(otherNode.byCode(f.posCode).await().settings().sale()).isTrue();

    changed(channelPath(), new JsonObject().put("maxPerPerformance", 3));
    changed(posPath(), new JsonObject().put("settings", new JsonObject().put("sale", false)));
    // this node at once
    send(client.post("/api/v1/carts?pos=" + f.posCode), null).problem(403, "not-allowed-here");
    // the other one still has its copy ...
    assertThat(otherNode.context(f.posCode).await().channel().maxPerPerformance()).isEqualTo(6);
    assertThat(otherNode.byCode(f.posCode).await().settings().sale()).isTrue();
    // ... until it is five seconds old
    TestServer.CLOCK.advance(Duration.ofMillis(PointsOfSale.CACHE_MILLIS));
    assertThat(otherNode.context(f.posCode).await().channel().maxPerPerformance()).isEqualTo(3);
    assertThat(otherNode.byCode(f.posCode).await().settings().sale()).isFalse();
    changed(posPath(), new JsonObject().put("settings", new JsonObject().put("sale", true)));
    Shop.add(Shop.cart(f.posCode), f.performanceId(), "B", f.fullTariff(), 4)
        .problem(409, "max-per-performance");
  }

  private JsonObject cartOf(Shop.Cart cart) {
    Reply reply =
        send(
            client
                .get(cart.path() + "?pos=" + cart.pos())
                .putHeader("X-Cart-Secret", cart.secret()),
            null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json();
  }

  private JsonObject signUp(String email) {
    Reply reply =
        send(
            client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", email)
                .put("password", PASSWORD)
                .put("firstName", "Ada")
                .put("lastName", "Lovelace"));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return reply.json();
  }

  private String login(String email) {
    Reply reply =
        send(
            client.post("/api/v1/sessions?pos=" + f.posCode),
            new JsonObject().put("email", email).put("password", PASSWORD));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return reply.json().getString("token");
  }
}
