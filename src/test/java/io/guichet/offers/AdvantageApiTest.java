package io.guichet.offers;

import static io.guichet.offers.OfferFixtures.advantage;
import static io.guichet.offers.OfferFixtures.applyAdvantage;
import static io.guichet.offers.OfferFixtures.applyCode;
import static io.guichet.offers.OfferFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each target type's eligibility (yes and no), priced in the cart and at checkout alike. */
class AdvantageApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
    OfferFixtures.forgetGuesses();
  }

  private Cart cartWithTwoSeats(String token) {
    Cart cart = Shop.cart(f.posCode, token);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    return cart;
  }

  private static JsonObject pricing(Reply reply) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json().getJsonObject("pricing");
  }

  private String signUp() {
    String email = "buyer+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    Reply account =
        send(
            client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", email)
                .put("password", "a long enough password")
                .put("firstName", "Ada")
                .put("lastName", "Byron"));
    assertThat(account.status()).as("%s", account.body()).isEqualTo(201);
    return send(
            client.post("/api/v1/sessions?pos=" + f.posCode),
            new JsonObject().put("email", email).put("password", "a long enough password"))
        .json()
        .getString("token");
  }

  private String customerOf(String token) {
    return send(
            client
                .get("/api/v1/account?pos=" + f.posCode)
                .putHeader("Authorization", "Bearer " + token),
            null)
        .json()
        .getString("id");
  }

  @Test
  void a_public_advantage_prices_the_lines_it_covers_in_the_cart_and_checkout_charges_the_same() {
    JsonObject adv = advantage(f, "PUBLIC", "A", 3000, new JsonObject());
    JsonArray open = get("/api/v1/advantages?pos=" + f.posCode).json().getJsonArray("items");
    assertThat(open.stream().map(o -> ((JsonObject) o).getString("id")))
        .contains(adv.getString("id"));
    // the list pages like every list
    JsonObject firstPage = get("/api/v1/advantages?pos=" + f.posCode + "&size=1").json();
    assertThat(firstPage.getJsonArray("items")).hasSize(1);
    assertThat(firstPage.getInteger("size")).isEqualTo(1);
    assertThat(firstPage.getLong("total")).isEqualTo(open.size());
    JsonObject beyond = get("/api/v1/advantages?pos=" + f.posCode + "&page=1000").json();
    assertThat(beyond.getJsonArray("items")).isEmpty();
    assertThat(beyond.getLong("total")).isEqualTo(open.size());

    Cart cart = cartWithTwoSeats(null);
    JsonObject before = pricing(view(cart));
    assertThat(before.getLong("linesTotal")).isEqualTo(9000);
    JsonObject priced = pricing(applyAdvantage(cart, adv.getString("id")));
    assertThat(priced.getLong("linesTotal")).isEqualTo(6000);
    assertThat(priced.getJsonObject("fees").getLong("total")).isEqualTo(200);
    assertThat(priced.getLong("total")).isEqualTo(6200);
    assertThat(priced.getJsonArray("lines").getJsonObject(0).getString("advantageId"))
        .isEqualTo(adv.getString("id"));
    assertThat(pricing(view(cart)).getLong("total")).isEqualTo(6200);

    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET").put("expectedTotal", 6200));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    assertThat(placed.json().getLong("total")).isEqualTo(6200);
    assertThat(adminGet("/admin/v1/advantages/" + adv.getString("id")).json().getInteger("uses"))
        .isEqualTo(2);
  }

  @Test
  void a_contacts_advantage_is_for_the_linked_contacts_only() {
    JsonObject adv = advantage(f, "CONTACTS", "A", 2500, new JsonObject());
    String token = signUp();
    Cart cart = cartWithTwoSeats(token);
    applyAdvantage(cart, adv.getString("id")).problem(422, "offer-refused");
    assertThat(get("/api/v1/advantages?pos=" + f.posCode).json().getJsonArray("items")).isEmpty();

    Reply linked =
        adminPost(
            "/admin/v1/advantages/" + adv.getString("id") + "/contacts",
            new JsonObject().put("contactIds", new JsonArray().add(customerOf(token))));
    assertThat(linked.json().getInteger("linked")).isEqualTo(1);
    assertThat(pricing(applyAdvantage(cart, adv.getString("id"))).getLong("linesTotal"))
        .isEqualTo(5000);
    // an anonymous cart is not the contact
    assertThat(
            applyAdvantage(cartWithTwoSeats(null), adv.getString("id"))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("not-targeted");
  }

  @Test
  void an_indicator_advantage_is_for_contacts_at_its_level_including_those_who_reach_it_later() {
    String org = f.organizer.getString("id");
    String indicator = OfferFixtures.code("LOYAL");
    create(
        "/admin/v1/organizers/" + org + "/indicators",
        new JsonObject()
            .put("code", indicator)
            .put("name", "Fidélité")
            .put("levels", new JsonArray().add("Occasionnel").add("Assidu")));
    JsonObject adv =
        advantage(
            f,
            "INDICATOR",
            "A",
            2000,
            new JsonObject()
                .put("indicator", new JsonObject().put("code", indicator).put("level", "Assidu")));
    String token = signUp();
    String contact = customerOf(token);
    Cart cart = cartWithTwoSeats(token);
    assertThat(
            applyAdvantage(cart, adv.getString("id"))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("not-targeted");
    admin(
        HttpMethod.PUT,
        "/admin/v1/contacts/" + contact + "/indicators/" + indicator,
        new JsonObject().put("level", "Occasionnel"));
    applyAdvantage(cart, adv.getString("id")).problem(422, "offer-refused");
    Reply level =
        admin(
            HttpMethod.PUT,
            "/admin/v1/contacts/" + contact + "/indicators/" + indicator,
            new JsonObject().put("level", "Assidu"));
    assertThat(level.json().getJsonObject("indicators").getString(indicator)).isEqualTo("Assidu");
    assertThat(pricing(applyAdvantage(cart, adv.getString("id"))).getLong("linesTotal"))
        .isEqualTo(4000);
  }

  @Test
  void a_partner_advantage_is_for_whoever_enters_its_shared_code() {
    String access = OfferFixtures.code("PART");
    JsonObject adv = advantage(f, "PARTNER", "A", 3500, new JsonObject().put("accessCode", access));
    Cart cart = cartWithTwoSeats(null);
    assertThat(
            applyAdvantage(cart, adv.getString("id"))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("code-required");
    assertThat(applyCode(cart, "NOT" + access).problem(422, "offer-refused").getString("reason"))
        .isEqualTo("unknown");
    assertThat(pricing(applyCode(cart, access.toLowerCase())).getLong("linesTotal"))
        .isEqualTo(7000);
  }

  @Test
  void a_single_use_code_advantage_is_for_whoever_has_an_unused_code_which_its_order_uses_once() {
    JsonObject adv =
        advantage(f, "SINGLE_USE_CODE", "A", 0, new JsonObject().put("perOrderLimit", 1));
    OfferFixtures.Batch batch =
        OfferFixtures.codes(adv, OfferFixtures.contact(f, "Amis du théâtre"), 3);
    String code = batch.codes().get(0);
    Cart cart = cartWithTwoSeats(null);
    applyAdvantage(cart, adv.getString("id")).problem(422, "offer-refused");
    JsonObject priced = pricing(applyCode(cart, code.toLowerCase().replace("-", " ")));
    // one code, one ticket at the advantage's price (an invitation), the other at its list price
    assertThat(priced.getLong("linesTotal")).isEqualTo(4500);
    // another cart cannot take the code while this one holds it
    Cart other = cartWithTwoSeats(null);
    assertThat(applyCode(other, code).problem(422, "offer-refused").getString("reason"))
        .isEqualTo("in-another-cart");

    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    assertThat(placed.json().getLong("linesTotal")).isEqualTo(4500);
    JsonObject tracked =
        adminGet(
                "/admin/v1/organizers/" + f.organizer.getString("id") + "/single-use-codes/" + code)
            .json();
    assertThat(tracked.getString("state")).isEqualTo("USED");
    assertThat(tracked.getString("orderReference")).isEqualTo(placed.json().getString("reference"));
    assertThat(applyCode(other, code).problem(422, "offer-refused").getString("reason"))
        .isEqualTo("used");
    // the list downloads
    Reply csv = adminGet("/admin/v1/code-batches/" + batch.id() + "/codes.csv");
    assertThat(csv.body().toString()).startsWith("number;code\n").contains(code);
  }

  @Test
  void
      malformed_mistyped_unknown_invalidated_suspended_expired_and_other_channel_codes_are_refused_and_change_nothing() {
    JsonObject adv = advantage(f, "SINGLE_USE_CODE", "A", 1000, new JsonObject());
    OfferFixtures.Batch batch = OfferFixtures.codes(adv, OfferFixtures.contact(f, "CE Usine"), 2);
    Cart cart = cartWithTwoSeats(null);
    JsonObject before = view(cart).json().getJsonObject("pricing");

    assertThat(applyCode(cart, "#!").problem(400, "invalid-code").getString("reason"))
        .isEqualTo("malformed");
    String code = batch.codes().get(0);
    char last = code.charAt(code.length() - 1);
    String typo = code.substring(0, code.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(applyCode(cart, typo).problem(400, "invalid-code").getString("reason"))
        .isEqualTo("typo");

    adminPost(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/single-use-codes/invalidate",
        new JsonObject().put("codes", new JsonArray().add(code)));
    assertThat(applyCode(cart, code).problem(422, "offer-refused").getString("reason"))
        .isEqualTo("invalidated");

    adminPost(
        "/admin/v1/advantages/" + adv.getString("id") + "/state",
        new JsonObject().put("state", "SUSPENDED"));
    assertThat(
            applyCode(cart, batch.codes().get(1)).problem(422, "offer-refused").getString("reason"))
        .isEqualTo("not-in-operation");

    JsonObject expired =
        advantage(
            f,
            "PUBLIC",
            "A",
            1000,
            new JsonObject()
                .put("validFrom", Instant.now().minus(2, ChronoUnit.DAYS).toString())
                .put("validUntil", Instant.now().minus(1, ChronoUnit.DAYS).toString()));
    assertThat(
            applyAdvantage(cart, expired.getString("id"))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("expired");
    JsonObject elsewhere =
        advantage(
            f,
            "PUBLIC",
            "A",
            1000,
            new JsonObject().put("channelIds", new JsonArray().add(UUID.randomUUID().toString())));
    assertThat(
            applyAdvantage(cart, elsewhere.getString("id"))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("other-channel");
    JsonObject otherTariff = advantage(f, "PUBLIC", "B", 1000, new JsonObject());
    assertThat(
            applyAdvantage(cart, otherTariff.getString("id"))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("not-applicable");

    assertThat(view(cart).json().getJsonObject("pricing")).isEqualTo(before);
  }

  @Test
  void an_advantage_is_duplicated_in_preparation_and_deleted_only_while_unused() {
    JsonObject adv = advantage(f, "PUBLIC", "A", 3000, new JsonObject());
    JsonObject copy =
        create(
            "/admin/v1/advantages/" + adv.getString("id") + "/duplicate",
            new JsonObject().put("code", OfferFixtures.code("COPY")));
    assertThat(copy.getString("state")).isEqualTo("PREPARATION");
    assertThat(copy.getJsonArray("prices")).isEqualTo(adv.getJsonArray("prices"));
    assertThat(
            admin(HttpMethod.DELETE, "/admin/v1/advantages/" + copy.getString("id"), null).status())
        .isEqualTo(200);
    adminGet("/admin/v1/advantages/" + copy.getString("id")).problem(404, "not-found");

    Cart cart = cartWithTwoSeats(null);
    applyAdvantage(cart, adv.getString("id"));
    assertThat(Shop.checkout(cart, Shop.guestCheckout("E_TICKET")).status()).isEqualTo(201);
    admin(HttpMethod.DELETE, "/admin/v1/advantages/" + adv.getString("id"), null)
        .problem(409, "offer-in-use");
    // a deleted advantage is unknown
    applyAdvantage(cartWithTwoSeats(null), copy.getString("id")).problem(404, "not-found");
  }

  @Test
  void an_advantage_for_performances_of_another_season_or_organizer_is_refused() {
    JsonObject body =
        new JsonObject()
            .put("season", "1999-2000")
            .put("code", OfferFixtures.code("OLD"))
            .put("internalName", "old")
            .put("publicName", "old")
            .put("target", "PUBLIC")
            .put(
                "prices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("performanceId", f.performanceId())
                            .put("category", "A")
                            .put("tariffId", f.fullTariff())
                            .put("amount", 100)));
    adminPost("/admin/v1/organizers/" + f.organizer.getString("id") + "/advantages", body)
        .problem(400, "bad-request");
    body.put("season", Fixtures.SEASON).put("target", "PARTNER");
    adminPost("/admin/v1/organizers/" + f.organizer.getString("id") + "/advantages", body)
        .problem(400, "bad-request");
  }

  @Test
  void
      a_box_office_lists_what_a_named_contact_is_entitled_to_and_sells_them_a_cart_at_those_prices() {
    JsonObject adv = advantage(f, "CONTACTS", "A", 2200, new JsonObject());
    JsonObject contact =
        create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/contacts",
            new JsonObject().put("firstName", "Marie").put("lastName", "Curie"));
    String posId = f.pos.getString("id");
    String listing =
        "/admin/v1/points-of-sale/"
            + posId
            + "/contacts/"
            + contact.getString("id")
            + "/advantages";
    assertThat(adminGet(listing).json().getJsonArray("items")).isEmpty();
    adminPost(
        "/admin/v1/advantages/" + adv.getString("id") + "/contacts",
        new JsonObject().put("contactIds", new JsonArray().add(contact.getString("id"))));
    assertThat(adminGet(listing).json().getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo(adv.getString("id"));

    Cart cart = cartWithTwoSeats(null);
    applyAdvantage(cart, adv.getString("id")).problem(422, "offer-refused");
    Reply named =
        admin(
            HttpMethod.PUT,
            "/admin/v1/carts/" + cart.id() + "/contact",
            new JsonObject().put("contactId", contact.getString("id")));
    assertThat(named.status()).as("%s", named.body()).isEqualTo(200);
    assertThat(pricing(applyAdvantage(cart, adv.getString("id"))).getLong("linesTotal"))
        .isEqualTo(4400);
    adminGet("/admin/v1/points-of-sale/" + posId + "/contacts/" + UUID.randomUUID() + "/advantages")
        .problem(404, "not-found");
  }
}
