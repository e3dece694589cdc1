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

  static java.util.UUID uuid(JsonObject order) {
    return java.util.UUID.fromString(order.getString("id"));
  }
}
