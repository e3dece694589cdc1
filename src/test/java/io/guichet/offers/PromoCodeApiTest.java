package io.guichet.offers;

import static io.guichet.offers.OfferFixtures.applyPromo;
import static io.guichet.offers.OfferFixtures.promo;
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

/**
 * Promo codes in the shop: shown as discount lines on the cart and the order, removable, charged at
 * checkout as the cart showed them, and refused (with the cart unchanged) when they cannot be used.
 */
class PromoCodeApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
    OfferFixtures.forgetGuesses();
  }

  /** Two seats of category A at the full tariff: 2 × 45.00, 1.00 of fees per ticket. */
  private Cart cartWithTwoSeats() {
    Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    return cart;
  }

  private static JsonObject pricing(Reply reply) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json().getJsonObject("pricing");
  }

  private static Reply remove(Cart cart, String promoCodeId) {
    return OfferFixtures.send(cart, HttpMethod.DELETE, "/promo-codes/" + promoCodeId, null);
  }

  @Test
  void a_percentage_code_is_a_discount_line_of_the_cart_and_of_the_order_and_is_removable() {
    JsonObject promo =
        promo(f, new JsonObject().put("kind", "PERCENT").put("percentBasisPoints", 300));
    Cart cart = cartWithTwoSeats();
    assertThat(pricing(view(cart)).getLong("total")).isEqualTo(9200);

    JsonObject priced = pricing(applyPromo(cart, promo.getString("code").toLowerCase()));
    // 3 % of the lines (90.00) is 2.70, spread over the two lines; the fees are untouched
    assertThat(priced.getLong("linesTotal")).isEqualTo(9000);
    assertThat(priced.getLong("discountsTotal")).isEqualTo(270);
    assertThat(priced.getJsonArray("discounts").getJsonObject(0).getString("promoCodeId"))
        .isEqualTo(promo.getString("id"));
    assertThat(priced.getJsonObject("fees").getLong("total")).isEqualTo(200);
    assertThat(priced.getLong("total")).isEqualTo(8930);
    long spread =
        priced.getJsonArray("lines").stream()
            .mapToLong(l -> ((JsonObject) l).getLong("discount"))
            .sum();
    assertThat(spread).isEqualTo(270);
    assertThat(pricing(view(cart)).getLong("total")).isEqualTo(8930);

    assertThat(pricing(remove(cart, promo.getString("id"))).getLong("total")).isEqualTo(9200);
    assertThat(pricing(view(cart)).getJsonArray("discounts")).isEmpty();

    pricing(applyPromo(cart, promo.getString("code")));
    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET").put("expectedTotal", 8930));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(order.getLong("total")).isEqualTo(8930);
    assertThat(order.getLong("discountsTotal")).isEqualTo(270);
    assertThat(order.getJsonArray("discounts").getJsonObject(0).getString("code"))
        .isEqualTo(promo.getString("code"));
    JsonObject after = adminGet("/admin/v1/promo-codes/" + promo.getString("id")).json();
    assertThat(after.getInteger("uses")).isEqualTo(1);
    assertThat(after.getLong("spent")).isEqualTo(270);
  }

  @Test
  void an_amount_never_takes_more_than_the_lines_and_the_fees_are_still_due() {
    JsonObject promo = promo(f, new JsonObject().put("kind", "AMOUNT").put("amount", 50_000));
    Cart cart = cartWithTwoSeats();
    JsonObject priced = pricing(applyPromo(cart, promo.getString("code")));
    assertThat(priced.getLong("discountsTotal")).isEqualTo(9000);
    assertThat(priced.getLong("total")).isEqualTo(200);
  }

  @Test
  void
      unknown_malformed_suspended_expired_other_channel_too_small_and_used_up_codes_change_nothing() {
    Cart cart = cartWithTwoSeats();
    JsonObject before = pricing(view(cart));
    applyPromo(cart, "#!").problem(400, "invalid-code");
    assertThat(reason(applyPromo(cart, OfferFixtures.code("NOPE")))).isEqualTo("unknown");

    JsonObject suspended = promo(f, percent().put("state", "SUSPENDED"));
    assertThat(reason(applyPromo(cart, suspended.getString("code")))).isEqualTo("not-in-operation");
    JsonObject expired =
        promo(
            f,
            percent()
                .put("validFrom", Instant.now().minus(2, ChronoUnit.DAYS).toString())
                .put("validUntil", Instant.now().minus(1, ChronoUnit.DAYS).toString()));
    assertThat(reason(applyPromo(cart, expired.getString("code")))).isEqualTo("expired");
    JsonObject elsewhere =
        promo(f, percent().put("channelIds", new JsonArray().add(UUID.randomUUID().toString())));
    assertThat(reason(applyPromo(cart, elsewhere.getString("code")))).isEqualTo("other-channel");
    JsonObject minimum = promo(f, percent().put("minimumAmount", 10_000));
    assertThat(reason(applyPromo(cart, minimum.getString("code")))).isEqualTo("minimum-amount");
    JsonObject otherEvent =
        promo(f, percent().put("eventIds", new JsonArray().add(UUID.randomUUID().toString())));
    assertThat(reason(applyPromo(cart, otherEvent.getString("code")))).isEqualTo("not-applicable");

    JsonObject once = promo(f, percent().put("maxUses", 1));
    Cart first = cartWithTwoSeats();
    pricing(applyPromo(first, once.getString("code")));
    assertThat(Shop.checkout(first, Shop.guestCheckout("E_TICKET")).status()).isEqualTo(201);
    assertThat(reason(applyPromo(cart, once.getString("code")))).isEqualTo("used-up");

    assertThat(pricing(view(cart))).isEqualTo(before);
  }

  @Test
  void a_code_that_does_not_combine_is_refused_next_to_another_and_combinable_ones_add_up() {
    JsonObject first = promo(f, percent().put("combinable", true));
    JsonObject second =
        promo(f, new JsonObject().put("kind", "AMOUNT").put("amount", 500).put("combinable", true));
    JsonObject alone = promo(f, percent().put("combinable", false));
    Cart cart = cartWithTwoSeats();
    pricing(applyPromo(cart, first.getString("code")));
    JsonObject both = pricing(applyPromo(cart, second.getString("code")));
    // 3 % of 90.00, then 5.00 off what is left
    assertThat(both.getJsonArray("discounts")).hasSize(2);
    assertThat(both.getLong("discountsTotal")).isEqualTo(270 + 500);
    JsonObject before = pricing(view(cart));
    assertThat(reason(applyPromo(cart, alone.getString("code")))).isEqualTo("not-combinable");
    assertThat(pricing(view(cart))).isEqualTo(before);
  }

  private static JsonObject percent() {
    return new JsonObject().put("kind", "PERCENT").put("percentBasisPoints", 300);
  }

  private static String reason(Reply reply) {
    return reply.problem(422, "offer-refused").getString("reason");
  }
}
