package io.guichet.b2b;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Buyers agree to hear from the organizer at sign-up or at checkout; the contacts report of a
 * performance lists those of them who paid for it, and nobody else.
 */
class OptInTest extends ServerTest {
  private static final String PASSWORD = "a long enough password";

  private static String email(String who) {
    return who + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static JsonObject guestOrder(Fixtures f, String email, boolean optIn) {
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
    JsonObject body = Shop.guestCheckout("E_TICKET").put("optIn", optIn);
    body.getJsonObject("buyer").put("email", email);
    Reply placed = Shop.checkout(cart, body);
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    return placed.json();
  }

  private static List<String> listed(Fixtures f) {
    Reply page =
        adminGet("/admin/v1/performances/" + f.performanceId() + "/reports/contacts?size=100");
    List<String> emails = new ArrayList<>();
    page.items().forEach(c -> emails.add(((JsonObject) c).getString("email")));
    return emails;
  }

  @Test
  void a_guest_who_agrees_at_checkout_and_pays_is_listed_and_the_others_are_not() {
    Fixtures f = Fixtures.create();
    String agreed = email("yes");
    String declined = email("no");
    String unpaid = email("unpaid");
    Shop.pay(guestOrder(f, agreed, true), "accept");
    Shop.pay(guestOrder(f, declined, false), "accept");
    guestOrder(f, unpaid, true);

    assertThat(listed(f)).containsExactly(agreed);
  }

  @Test
  void a_buyer_who_agrees_at_sign_up_is_listed_once_they_paid() {
    Fixtures f = Fixtures.create();
    String buyer = email("account");
    Reply signedUp =
        send(
            client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", buyer)
                .put("password", PASSWORD)
                .put("firstName", "Grace")
                .put("lastName", "Hopper")
                .put("optIn", true));
    assertThat(signedUp.status()).as("%s", signedUp.body()).isEqualTo(201);
    String token =
        send(
                client.post("/api/v1/sessions?pos=" + f.posCode),
                new JsonObject().put("email", buyer).put("password", PASSWORD))
            .json()
            .getString("token");
    assertThat(listed(f)).isEmpty();

    Shop.Cart cart = Shop.cart(f.posCode, token);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    Reply placed = Shop.checkout(cart, new JsonObject().put("deliveryMode", "E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    Shop.pay(placed.json(), "accept");

    assertThat(listed(f)).containsExactly(buyer);
  }

  @Test
  void a_later_order_without_the_agreement_does_not_take_it_back() {
    Fixtures f = Fixtures.create();
    String buyer = email("twice");
    Shop.pay(guestOrder(f, buyer, true), "accept");
    Shop.pay(guestOrder(f, buyer, false), "accept");
    assertThat(listed(f)).containsExactly(buyer);
    JsonObject contact =
        adminGet("/admin/v1/performances/" + f.performanceId() + "/reports/contacts")
            .items()
            .getJsonObject(0);
    assertThat(contact.getLong("orders")).isEqualTo(2);
  }
}
