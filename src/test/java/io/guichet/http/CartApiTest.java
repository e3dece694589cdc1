package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CartApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  /** A cart: its id and secret, on a point of sale. */
  record Cart(String id, String secret, String pos) {
    String path() {
      return "/api/v1/carts/" + id;
    }
  }

  static Cart cart(String pos) {
    Reply reply = send(client.post("/api/v1/carts?pos=" + pos), null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return new Cart(reply.json().getString("id"), reply.json().getString("secret"), pos);
  }

  static Reply add(Cart cart, JsonObject body) {
    return send(
        client
            .post(cart.path() + "/items?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret()),
        body);
  }

  static JsonObject quantities(
      String performanceId, String category, String tariffId, int quantity) {
    return new JsonObject()
        .put("performanceId", performanceId)
        .put(
            "quantities",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("category", category)
                        .put("tariffId", tariffId)
                        .put("quantity", quantity)));
  }

  static JsonObject seats(String performanceId, String tariffId, String... ids) {
    JsonArray seats = new JsonArray();
    for (String id : ids) {
      seats.add(new JsonObject().put("seatId", id).put("tariffId", tariffId));
    }
    return new JsonObject().put("performanceId", performanceId).put("seats", seats);
  }

  private String full() {
    return f.full.getString("id");
  }

  private String states(String pos, int row) {
    return get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + pos)
        .json()
        .getJsonArray("rows")
        .getJsonObject(row)
        .getString("states");
  }

  @Test
  void a_new_cart_has_a_secret_and_the_channel_s_deadline() {
    Reply reply = send(client.post("/api/v1/carts?pos=" + f.posCode), null);
    assertThat(reply.status()).isEqualTo(201);
    JsonObject cart = reply.json();
    assertThat(cart.getString("secret")).hasSizeGreaterThan(20);
    Instant deadline = Instant.parse(cart.getString("expiresAt"));
    assertThat(deadline).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));
  }

  @Test
  void best_available_holds_a_party_side_by_side_and_the_seat_map_shows_them_held() {
    Cart cart = cart(f.posCode);
    Reply reply = add(cart, quantities(f.performanceId(), "A", full(), 3));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    JsonArray seats = reply.json().getJsonArray("seats");
    assertThat(seats).hasSize(3);
    assertThat(seats.getJsonObject(0).getString("row")).isEqualTo("R1");
    // Best ranks are nearest the middle (pos 6 is the aisle): 3, 4, 5 on the left.
    assertThat(seats.stream().map(s -> ((JsonObject) s).getString("id")))
        .containsExactly("R1-3", "R1-4", "R1-5");
    assertThat(states(f.posCode, 0)).isEqualTo("FFHHHFFFFB");
    JsonObject a =
        get("/api/v1/performances/" + f.performanceId() + "?pos=" + f.posCode)
            .json()
            .getJsonArray("categories")
            .getJsonObject(0);
    assertThat(a.getLong("available")).isEqualTo(6);
    JsonObject read =
        send(
                client
                    .get(cart.path() + "?pos=" + f.posCode)
                    .putHeader("X-Cart-Secret", cart.secret()),
                null)
            .json();
    assertThat(read.getJsonArray("items")).hasSize(1);
    assertThat(read.getBoolean("expired")).isFalse();
  }

  @Test
  void a_request_that_cannot_be_seated_together_is_refused_with_alternatives() {
    Cart cart = cart(f.posCode);
    Reply reply = add(cart, quantities(f.performanceId(), "A", full(), 6));
    JsonObject problem = reply.problem(409, "sold-out");
    assertThat(problem.getInteger("largestGroup")).isEqualTo(5);
    assertThat(problem.getString("category")).isEqualTo("A");
    assertThat(states(f.posCode, 0)).isEqualTo("FFFFFFFFFB");
  }

  @Test
  void standing_places_are_counted_without_seat_ids() {
    Cart cart = cart(f.posCode);
    Reply reply = add(cart, quantities(f.performanceId(), "C", f.full.getString("id"), 5));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    assertThat(reply.json().getJsonObject("area").getInteger("places")).isEqualTo(5);
    JsonObject c =
        get("/api/v1/performances/" + f.performanceId() + "?pos=" + f.posCode)
            .json()
            .getJsonArray("categories")
            .getJsonObject(2);
    assertThat(c.getLong("available")).isEqualTo(45);
  }

  @Test
  void a_count_quota_on_standing_places_is_kept_for_its_channel() {
    String partner = f.sellingChannel("BEST_AVAILABLE_VIEW", 5, false);
    String partnerChannel =
        adminGet("/admin/v1/points-of-sale/" + posId(partner)).json().getString("channelId");
    create(
        "/admin/v1/performances/" + f.performanceId() + "/quotas",
        new JsonObject()
            .put("name", "Partner")
            .put("channelIds", new JsonArray().add(partnerChannel))
            .put("category", "C")
            .put("count", 46));
    assertThat(add(cart(f.posCode), quantities(f.performanceId(), "C", full(), 4)).status())
        .isEqualTo(201);
    add(cart(f.posCode), quantities(f.performanceId(), "C", full(), 1)).problem(409, "sold-out");
    assertThat(add(cart(partner), quantities(f.performanceId(), "C", full(), 6)).status())
        .isEqualTo(201);
  }

  private static String posId(String code) {
    return io.guichet.TestServer.get()
        .services()
        .pool()
        .preparedQuery("select id from point_of_sale where code = $1")
        .execute(io.vertx.sqlclient.Tuple.of(code))
        .await()
        .iterator()
        .next()
        .getUUID(0)
        .toString();
  }

  @Test
  void picking_on_the_map_holds_exactly_the_named_seats_and_refuses_taken_and_stranding_ones() {
    String pick = f.sellingChannel("PICK_ON_MAP", 5, false);
    Cart first = cart(pick);
    assertThat(add(first, seats(f.performanceId(), full(), "R2-1", "R2-2")).status())
        .isEqualTo(201);
    Cart second = cart(pick);
    JsonObject taken =
        add(second, seats(f.performanceId(), full(), "R2-2", "R2-3")).problem(409, "seat-taken");
    assertThat(taken.getString("seat")).isEqualTo("R2-2");
    JsonObject stranded =
        add(second, seats(f.performanceId(), full(), "R2-4", "R2-5")).problem(409, "isolated-seat");
    assertThat(stranded.getString("strandedSeat")).isEqualTo("R2-3");
    assertThat(add(second, seats(f.performanceId(), full(), "R2-3", "R2-4", "R2-5")).status())
        .isEqualTo(201);
    assertThat(states(pick, 1)).isEqualTo("HHHHHFFFFF");
  }

  @Test
  void the_mode_of_the_channel_decides_between_seats_and_quantities() {
    Cart cart = cart(f.posCode);
    add(cart, seats(f.performanceId(), full(), "R1-1")).problem(400, "wrong-search-mode");
    String pick = f.sellingChannel("PICK_ON_MAP", 5, false);
    add(cart(pick), quantities(f.performanceId(), "A", full(), 2))
        .problem(400, "wrong-search-mode");
    // Standing places have no seat to pick: quantities are fine there.
    assertThat(add(cart(pick), quantities(f.performanceId(), "C", full(), 2)).status())
        .isEqualTo(201);
  }

  @Test
  void no_map_hides_the_seats_until_the_ticket() {
    String noMap = f.sellingChannel("NO_MAP", 5, false);
    Reply reply = add(cart(noMap), quantities(f.performanceId(), "B", full(), 2));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().containsKey("seats")).isFalse();
    assertThat(reply.json().getInteger("quantity")).isEqualTo(2);
  }

  @Test
  void an_editable_hold_swaps_seats_atomically_under_the_same_rules() {
    String editable = f.sellingChannel("BEST_AVAILABLE_EDITABLE", 5, false);
    Cart cart = cart(editable);
    JsonObject item = add(cart, quantities(f.performanceId(), "B", full(), 2)).json();
    List<String> held =
        item.getJsonArray("seats").stream().map(s -> ((JsonObject) s).getString("id")).toList();
    assertThat(held).containsExactly("R2-4", "R2-5");
    String itemPath = cart.path() + "/items/" + item.getString("id") + "?pos=" + editable;
    JsonObject swap =
        new JsonObject()
            .put(
                "swap",
                new JsonArray().add(new JsonObject().put("from", "R2-4").put("to", "R2-7")));
    // R2-5 alone between the aisle and R2-4 freed... R2-4 free again: no stranding, R2-7 with R2-8
    // free next to it.
    Reply swapped =
        send(
            client.request(HttpMethod.PATCH, itemPath).putHeader("X-Cart-Secret", cart.secret()),
            swap);
    assertThat(swapped.status()).as("%s", swapped.body()).isEqualTo(200);
    assertThat(states(editable, 1)).isEqualTo("FFFFHHFFFF");
    JsonObject strand =
        new JsonObject()
            .put(
                "swap",
                new JsonArray().add(new JsonObject().put("from", "R2-5").put("to", "R2-2")));
    send(
            client.request(HttpMethod.PATCH, itemPath).putHeader("X-Cart-Secret", cart.secret()),
            strand)
        .problem(409, "isolated-seat");
    assertThat(states(editable, 1)).isEqualTo("FFFFHHFFFF");
    JsonObject notMine =
        new JsonObject()
            .put(
                "swap",
                new JsonArray().add(new JsonObject().put("from", "R2-1").put("to", "R2-2")));
    send(
            client.request(HttpMethod.PATCH, itemPath).putHeader("X-Cart-Secret", cart.secret()),
            notMine)
        .problem(400, "bad-request");
  }

  @Test
  void removing_an_item_puts_its_seats_back_on_sale() {
    Cart cart = cart(f.posCode);
    JsonObject item = add(cart, quantities(f.performanceId(), "A", full(), 2)).json();
    assertThat(states(f.posCode, 0)).contains("HH");
    Reply removed =
        send(
            client
                .delete(cart.path() + "/items/" + item.getString("id") + "?pos=" + f.posCode)
                .putHeader("X-Cart-Secret", cart.secret()),
            null);
    assertThat(removed.status()).isEqualTo(204);
    assertThat(states(f.posCode, 0)).isEqualTo("FFFFFFFFFB");
    send(
            client
                .delete(cart.path() + "/items/" + item.getString("id") + "?pos=" + f.posCode)
                .putHeader("X-Cart-Secret", cart.secret()),
            null)
        .problem(404, "not-found");
  }

  @Test
  void a_cart_never_holds_more_than_the_channel_s_maximum_per_performance() {
    Cart cart = cart(f.posCode);
    assertThat(add(cart, quantities(f.performanceId(), "B", full(), 3)).status()).isEqualTo(201);
    JsonObject problem =
        add(cart, quantities(f.performanceId(), "C", full(), 4))
            .problem(409, "max-per-performance");
    assertThat(problem.getInteger("max")).isEqualTo(6);
    assertThat(add(cart, quantities(f.performanceId(), "C", full(), 3)).status()).isEqualTo(201);
    add(cart(f.posCode), quantities(f.performanceId(), "C", full(), 7))
        .problem(409, "max-per-performance");
  }

  @Test
  void moving_the_clock_past_the_deadline_gives_the_seats_back_and_expires_the_cart() {
    Cart cart = cart(f.posCode);
    assertThat(add(cart, quantities(f.performanceId(), "A", full(), 2)).status()).isEqualTo(201);
    assertThat(states(f.posCode, 0)).contains("HH");
    try {
      TestServer.CLOCK.advance(Duration.ofSeconds(601));
      assertThat(states(f.posCode, 0)).isEqualTo("FFFFFFFFFB");
      add(cart, quantities(f.performanceId(), "A", full(), 1)).problem(410, "cart-expired");
      // Someone else gets the seats at once.
      assertThat(add(cart(f.posCode), quantities(f.performanceId(), "A", full(), 5)).status())
          .isEqualTo(201);
    } finally {
      TestServer.CLOCK.reset();
    }
  }

  // --- bad input: a 4xx problem and nothing held ---

  @Test
  void a_wrong_secret_is_answered_exactly_as_an_unknown_cart() {
    Cart cart = cart(f.posCode);
    UUID unknown = UUID.randomUUID();
    JsonObject wrong =
        send(
                client.get(cart.path() + "?pos=" + f.posCode).putHeader("X-Cart-Secret", "forged"),
                null)
            .problem(404, "not-found");
    JsonObject missing =
        send(
                client
                    .get("/api/v1/carts/" + unknown + "?pos=" + f.posCode)
                    .putHeader("X-Cart-Secret", "forged"),
                null)
            .problem(404, "not-found");
    assertThat(wrong.getString("detail").replace(cart.id(), unknown.toString()))
        .isEqualTo(missing.getString("detail"));
    assertThat(wrong.getString("title")).isEqualTo(missing.getString("title"));
  }

  @Test
  void a_wrong_or_missing_secret_or_another_point_of_sale_is_refused() {
    Cart cart = cart(f.posCode);
    JsonObject body = quantities(f.performanceId(), "A", full(), 1);
    send(
            client
                .post(cart.path() + "/items?pos=" + f.posCode)
                .putHeader("X-Cart-Secret", "forged"),
            body)
        .problem(404, "not-found");
    send(client.post(cart.path() + "/items?pos=" + f.posCode), body).problem(404, "not-found");
    // holds and releases check the cart's identity from the node's recent carts: same answers
    send(
            client.post(cart.path() + "/items?pos=web").putHeader("X-Cart-Secret", cart.secret()),
            body)
        .problem(404, "not-found");
    send(client.get(cart.path() + "?pos=web").putHeader("X-Cart-Secret", cart.secret()), null)
        .problem(404, "not-found");
    send(
            client
                .get("/api/v1/carts/" + UUID.randomUUID() + "?pos=" + f.posCode)
                .putHeader("X-Cart-Secret", "x"),
            null)
        .problem(404, "not-found");
    assertThat(states(f.posCode, 0)).isEqualTo("FFFFFFFFFB");
    // a held item: nobody but its shop with its secret releases it
    Reply held = add(cart, body);
    assertThat(held.status()).as("%s", held.body()).isEqualTo(201);
    String item = cart.path() + "/items/" + held.json().getString("id");
    send(client.delete(item + "?pos=" + f.posCode).putHeader("X-Cart-Secret", "forged"), null)
        .problem(404, "not-found");
    send(client.delete(item + "?pos=" + f.posCode), null).problem(404, "not-found");
    send(client.delete(item + "?pos=web").putHeader("X-Cart-Secret", cart.secret()), null)
        .problem(404, "not-found");
    assertThat(states(f.posCode, 0).chars().filter(c -> c == 'H').count()).isEqualTo(1);
    assertThat(
            send(
                    client
                        .delete(item + "?pos=" + f.posCode)
                        .putHeader("X-Cart-Secret", cart.secret()),
                    null)
                .status())
        .isEqualTo(204);
    assertThat(states(f.posCode, 0)).isEqualTo("FFFFFFFFFB");
  }

  @Test
  void bad_items_are_refused_and_hold_nothing() {
    Cart cart = cart(f.posCode);
    String pick = f.sellingChannel("PICK_ON_MAP", 5, false);
    Cart picker = cart(pick);
    add(cart, quantities(f.performanceId(), "A", full(), 0)).problem(400, "bad-request");
    add(cart, quantities(f.performanceId(), "A", full(), -2)).problem(400, "bad-request");
    add(cart, quantities(f.performanceId(), "A", full(), 5000)).problem(400, "bad-request");
    add(cart, quantities(f.performanceId(), "Z", full(), 1)).problem(400, "bad-request");
    add(cart, quantities(f.performanceId(), "A", UUID.randomUUID().toString(), 1))
        .problem(400, "bad-request");
    add(cart, quantities(UUID.randomUUID().toString(), "A", full(), 1)).problem(404, "not-found");
    add(picker, seats(f.performanceId(), full(), "R1-1", "R1-1")).problem(400, "bad-request");
    add(picker, seats(f.performanceId(), full(), "NOPE-1")).problem(400, "bad-request");
    add(picker, seats(f.performanceId(), full(), "R1-11")).problem(409, "seat-taken"); // blocked
    add(cart, new JsonObject().put("performanceId", f.performanceId())).problem(400, "bad-request");
    Fixtures other = Fixtures.create();
    add(picker, seats(other.performanceId(), full(), "R1-1")).problem(404, "not-found");
    assertThat(states(f.posCode, 0)).isEqualTo("FFFFFFFFFB");
    assertThat(states(f.posCode, 1)).isEqualTo("FFFFFFFFFF");
  }
}
