package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.checkout.HzCarts;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A cart stays sound whatever fails half-way: a swap never strands a seat it gives back, a pending
 * item left by a hold that did not finish stops blocking the cart, and a grid change that must
 * happen (seats sold, seats given back) is retried until it does.
 */
class CartSoundnessTest extends ServerTest {
  /** Two sections, so two blocks: MAIN (rows R1, R2 as in the small map) and BALCONY (row G1). */
  private static JsonObject twoSections() {
    JsonObject map = Fixtures.smallSeatMap();
    map.getJsonArray("sections")
        .add(
            new JsonObject()
                .put("id", "BALCONY")
                .put("name", "Balcony")
                .put(
                    "bounds",
                    new JsonObject().put("x", 0).put("y", 20).put("width", 30).put("height", 5)));
    for (int p = 1; p <= 8; p++) {
      map.getJsonArray("seats")
          .add(
              new JsonObject()
                  .put("id", "G1-" + p)
                  .put("section", "BALCONY")
                  .put("row", "G1")
                  .put("pos", p)
                  .put("x", p * 2)
                  .put("y", 22)
                  .put("rank", 40 + p)
                  .put("category", "B"));
    }
    return map;
  }

  private static JsonObject seats(String performanceId, String tariffId, String... ids) {
    JsonArray seats = new JsonArray();
    for (String id : ids) {
      seats.add(new JsonObject().put("seatId", id).put("tariffId", tariffId));
    }
    return new JsonObject().put("performanceId", performanceId).put("seats", seats);
  }

  private static Reply add(Shop.Cart cart, JsonObject body) {
    return send(
        client
            .post(cart.path() + "/items?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret()),
        body);
  }

  private static Reply swap(Shop.Cart cart, String itemId, String from, String to) {
    return send(
        client
            .request(HttpMethod.PATCH, cart.path() + "/items/" + itemId + "?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret()),
        new JsonObject()
            .put("swap", new JsonArray().add(new JsonObject().put("from", from).put("to", to))));
  }

  private static String states(Fixtures f, String pos, int row) {
    return get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + pos)
        .json()
        .getJsonArray("rows")
        .getJsonObject(row)
        .getString("states");
  }

  @Test
  void a_swap_that_gives_back_a_seat_between_two_held_ones_is_refused_in_one_block() {
    Fixtures f = Fixtures.create();
    String pos = f.sellingChannel("PICK_ON_MAP", 0, false);
    Shop.Cart cart = Shop.cart(pos);
    Reply held = add(cart, seats(f.performanceId(), f.fullTariff(), "R2-3", "R2-4", "R2-5"));
    assertThat(held.status()).as("%s", held.body()).isEqualTo(201);
    String item = held.json().getString("id");
    String before = states(f, pos, 1);

    swap(cart, item, "R2-4", "R2-9").problem(409, "isolated-seat");
    assertThat(states(f, pos, 1)).isEqualTo(before);
    // giving back an end seat strands nothing
    Reply end = swap(cart, item, "R2-3", "R2-9");
    assertThat(end.status()).as("%s", end.body()).isEqualTo(200);
  }

  @Test
  void a_swap_across_blocks_that_gives_back_a_seat_between_two_held_ones_is_refused() {
    Fixtures f = Fixtures.create(twoSections());
    String pos = f.sellingChannel("PICK_ON_MAP", 0, false);
    Shop.Cart cart = Shop.cart(pos);
    Reply held = add(cart, seats(f.performanceId(), f.fullTariff(), "R2-3", "R2-4", "R2-5"));
    assertThat(held.status()).as("%s", held.body()).isEqualTo(201);
    String item = held.json().getString("id");
    String main = states(f, pos, 1);
    String balcony = states(f, pos, 2);

    swap(cart, item, "R2-4", "G1-4").problem(409, "isolated-seat");
    assertThat(states(f, pos, 1)).isEqualTo(main);
    assertThat(states(f, pos, 2))
        .as("the balcony seat taken first is given back")
        .isEqualTo(balcony);

    Reply moved = swap(cart, item, "R2-3", "G1-4");
    assertThat(moved.status()).as("%s", moved.body()).isEqualTo(200);
    assertThat(
            moved.json().getJsonArray("seats").stream().map(s -> ((JsonObject) s).getString("id")))
        .containsExactlyInAnyOrder("R2-4", "R2-5", "G1-4");
    assertThat(states(f, pos, 1).charAt(2)).as("R2-3 given back").isEqualTo('F');
    assertThat(states(f, pos, 2).charAt(3)).as("G1-4 held").isEqualTo('H');
  }

  @Test
  void a_pending_item_left_by_a_hold_that_never_finished_stops_blocking_the_cart() {
    Fixtures f = Fixtures.create();
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 2);
    // a hold whose node died between asking the grid and recording the seats: a pending item
    IMap<String, Cart> carts = TestServer.get().services().hazelcast().getMap(HzCarts.CARTS);
    Cart stored = carts.get(cart.id());
    CartItem stuck =
        new CartItem(
            UUID.randomUUID(),
            UUID.fromString(f.performanceId()),
            12345L,
            true,
            4,
            "BEST_AVAILABLE_VIEW",
            List.of(),
            List.of(),
            Set.of(),
            null,
            false,
            Instant.now());
    carts.set(cart.id(), stored.with(stuck));
    Shop.checkout(cart, Shop.guestCheckout("E_TICKET"))
        .problem(409, "checkout-in-progress"); // a hold may still be running

    // once older than any hold can take, it no longer counts, nor blocks the checkout
    carts.set(
        cart.id(),
        stored.with(
            new CartItem(
                stuck.id(),
                stuck.performanceId(),
                stuck.holdId(),
                true,
                4,
                stuck.mode(),
                List.of(),
                List.of(),
                Set.of(),
                null,
                false,
                Instant.now().minus(Duration.ofMinutes(10)))));
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 2); // 4 seats: the cap is 6
    Reply order = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(order.status()).as("%s", order.body()).isEqualTo(201);
    assertThat(order.json().getJsonArray("lines")).hasSize(4);
  }

  @Test
  void a_sale_the_grid_cannot_take_now_is_retried_until_the_seats_show_sold() throws Exception {
    Fixtures f = Fixtures.create();
    HzInventory inventory = TestServer.get().services().inventory();
    LivePerformance live = inventory.open(UUID.fromString(f.performanceId())).await();
    Shop.Cart cart = Shop.cart(f.posCode);
    JsonObject item = Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 2);
    List<String> seatIds =
        item.getJsonArray("seats").stream().map(s -> ((JsonObject) s).getString("id")).toList();
    long holdId =
        TestServer.get()
            .services()
            .hazelcast()
            .<String, Cart>getMap(HzCarts.CARTS)
            .get(cart.id())
            .items()
            .get(0)
            .holdId();
    HzInventory.HoldRef ref = HzInventory.ref(live, holdId, seatIds, null, 0);
    String blockKey = live.blockKey(ref.seatsByBlock().keySet().iterator().next());
    IMap<String, Object> blocks =
        TestServer.get().services().hazelcast().getMap(HzInventory.BLOCKS);
    // another member holds the block's lock: every change of it waits past the grid's deadline
    blocks.lock(blockKey);
    Instant unlocked;
    try {
      io.vertx.core.Promise<Void> sold = io.vertx.core.Promise.promise();
      TestServer.get()
          .vertx()
          .runOnContext(v -> inventory.sellUntilDone(live, ref).onComplete(sold));
      sold.future().await(); // the first attempt failed at the deadline: now being retried
      assertThat(inventory.repairs().pending()).as("the sale waits for the grid").isPositive();
      assertThat(states(f, f.posCode, 0)).contains("HH").doesNotContain("S");
    } finally {
      unlocked = Instant.now();
      blocks.unlock(blockKey);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(states(f, f.posCode, 0)).contains("SS"));
    System.out.printf(
        "sold seats shown sold %d ms after the grid came back%n",
        Duration.between(unlocked, Instant.now()).toMillis());
    await().atMost(Duration.ofSeconds(5)).until(() -> inventory.repairs().pending() == 0);
  }

  @Test
  void quotas_are_set_before_the_performances_seats_are_first_opened() {
    Fixtures f = Fixtures.create();
    String quotas = "/admin/v1/performances/" + f.performanceId() + "/quotas";
    JsonObject quota =
        new JsonObject()
            .put("name", "Agencies")
            .put("channelIds", new JsonArray().add(f.channel.getString("id")))
            .put("category", "B")
            .put("count", 2);
    assertThat(admin(HttpMethod.POST, quotas, quota).status()).isEqualTo(201);
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 1); // opens it
    admin(HttpMethod.POST, quotas, quota.copy().put("name", "Late"))
        .problem(409, "performance-opened");
    assertThat(adminGet(quotas).items()).hasSize(1);
  }

  @Test
  void a_swap_across_blocks_whose_release_the_grid_cannot_take_now_frees_the_seat_later()
      throws Exception {
    Fixtures f = Fixtures.create(twoSections());
    String pos = f.sellingChannel("PICK_ON_MAP", 1000, false); // no isolated-seat rule here
    Shop.Cart cart = Shop.cart(pos);
    Reply held = add(cart, seats(f.performanceId(), f.fullTariff(), "R2-3", "R2-4"));
    assertThat(held.status()).as("%s", held.body()).isEqualTo(201);
    HzInventory inventory = TestServer.get().services().inventory();
    LivePerformance live = inventory.open(UUID.fromString(f.performanceId())).await();
    String mainBlock =
        live.blockKey(
            HzInventory.ref(live, 1L, List.of("R2-3"), null, 0)
                .seatsByBlock()
                .keySet()
                .iterator()
                .next());
    IMap<String, Object> blocks =
        TestServer.get().services().hazelcast().getMap(HzInventory.BLOCKS);
    blocks.lock(mainBlock); // the block of the seat given back answers nothing for a while
    try {
      Reply swapped = swap(cart, held.json().getString("id"), "R2-3", "G1-2");
      assertThat(swapped.status()).as("%s", swapped.body()).isEqualTo(200);
      assertThat(
              swapped.json().getJsonArray("seats").stream()
                  .map(s -> ((JsonObject) s).getString("id")))
          .containsExactlyInAnyOrder("R2-4", "G1-2");
      assertThat(inventory.repairs().pending()).isPositive();
    } finally {
      blocks.unlock(mainBlock);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(states(f, pos, 1).charAt(2)).isEqualTo('F'));
  }
}
