package io.guichet.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The block holds the seats before the cart records them: whatever the cart then refuses (its cap,
 * its checkout) goes back, so the seats held in the grid are always exactly the cart's.
 */
class CartRulesAfterHoldTest extends ServerTest {
  private static final int ADDS = 12;

  @Test
  void a_hold_past_the_carts_cap_is_refused_and_its_seats_go_back() {
    Fixtures fx = Fixtures.create();
    Shop.Cart cart = Shop.cart(fx.posCode);
    Shop.hold(cart, fx.performanceId(), "B", fx.fullTariff(), 5);

    Shop.add(cart, fx.performanceId(), "B", fx.fullTariff(), 2).problem(409, "max-per-performance");

    assertThat(heldInGrid(fx.performanceId())).isEqualTo(heldInCart(cart)).hasSize(5);
  }

  @Test
  void concurrent_adds_on_one_cart_never_pass_its_cap_nor_hold_a_seat_outside_it() {
    Fixtures fx = Fixtures.create();
    // isolated seats allowed: row R2 seats four pairs, more than the cap's three
    Shop.Cart cart =
        Shop.cart(
            fx.shop(new JsonObject().put("alwaysAllowIsolatedSeats", true), new JsonObject()));
    JsonObject body =
        new JsonObject()
            .put("performanceId", fx.performanceId())
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", "B")
                            .put("tariffId", fx.fullTariff())
                            .put("quantity", 2)));
    List<Future<HttpResponse<Buffer>>> adds = new ArrayList<>();
    for (int k = 0; k < ADDS; k++) {
      adds.add(
          client
              .post(cart.path() + "/items?pos=" + cart.pos())
              .putHeader("X-Cart-Secret", cart.secret())
              .sendJsonObject(body));
    }
    Future.join(adds).await();

    long held = adds.stream().filter(f -> f.result().statusCode() == 201).count();
    assertThat(adds).allMatch(f -> List.of(201, 409).contains(f.result().statusCode()));
    assertThat(held).isEqualTo(3);
    assertThat(heldInGrid(fx.performanceId())).isEqualTo(heldInCart(cart)).hasSize(6);
  }

  private static Set<String> heldInCart(Shop.Cart cart) {
    JsonObject json =
        send(
                client
                    .get(cart.path() + "?pos=" + cart.pos())
                    .putHeader("X-Cart-Secret", cart.secret()),
                null)
            .json();
    Set<String> seats = new HashSet<>();
    for (Object item : json.getJsonArray("items")) {
      for (Object seat : ((JsonObject) item).getJsonArray("seats")) {
        seats.add(((JsonObject) seat).getString("id"));
      }
    }
    return seats;
  }

  private static Set<String> heldInGrid(String performanceId) {
    HzInventory inventory = TestServer.get().services().inventory();
    LivePerformance live = inventory.open(UUID.fromString(performanceId)).await();
    long[][] holders = inventory.holders(live).await();
    Set<String> seats = new HashSet<>();
    for (int b = 0; b < holders.length; b++) {
      SeatBlock block = live.plan().blocks().get(b);
      for (int i = 0; i < holders[b].length; i++) {
        if (holders[b][i] != 0) {
          seats.add(block.ids()[i]);
        }
      }
    }
    return seats;
  }
}
