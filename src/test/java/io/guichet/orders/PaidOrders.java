package io.guichet.orders;

import static io.guichet.Shop.checkout;
import static io.guichet.Shop.hold;
import static io.guichet.Shop.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.ServerTest.Reply;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Paid orders for the cancellation tests: guests' or an account's, paid by card. */
final class PaidOrders {
  private PaidOrders() {}

  /** A paid order: its id, secret, point of sale, tickets (in line order), PAYID and buyer. */
  record Paid(
      String id, String secret, String pos, List<String> tickets, String payId, String email) {
    String cancellations() {
      return "/admin/v1/orders/" + id + "/cancellations";
    }

    long total() {
      return ServerTest.adminGet("/admin/v1/orders/" + id).json().getLong("total");
    }

    String status() {
      return ServerTest.adminGet("/admin/v1/orders/" + id).json().getString("status");
    }
  }

  /** A guest's order of {@code quantity} seats of category A, paid by card. */
  static Paid guest(Fixtures f, int quantity) {
    return guest(f, quantity, "A");
  }

  /** A guest's order of {@code quantity} seats of a category, paid by card. */
  static Paid guest(Fixtures f, int quantity, String category) {
    String email = "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), category, f.fullTariff(), quantity);
    JsonObject body =
        new JsonObject().put("deliveryMode", "E_TICKET").put("buyer", Shop.guest(email));
    return paid(cart, body, email, quantity);
  }

  /** An account's order of {@code quantity} seats of category A, paid by card. */
  static Paid account(Fixtures f, int quantity) {
    String email = "holder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    Reply signUp =
        ServerTest.send(
            ServerTest.client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", email)
                .put("password", "a long enough password")
                .put("firstName", "Ada")
                .put("lastName", "Lovelace"));
    assertThat(signUp.status()).as("%s", signUp.body()).isEqualTo(201);
    Reply login =
        ServerTest.send(
            ServerTest.client.post("/api/v1/sessions?pos=" + f.posCode),
            new JsonObject().put("email", email).put("password", "a long enough password"));
    assertThat(login.status()).as("%s", login.body()).isEqualTo(201);
    Cart cart = Shop.cart(f.posCode, login.json().getString("token"));
    hold(cart, f.performanceId(), "A", f.fullTariff(), quantity);
    return paid(cart, new JsonObject().put("deliveryMode", "E_TICKET"), email, quantity);
  }

  private static Paid paid(Cart cart, JsonObject body, String email, int quantity) {
    Reply placed = checkout(cart, body);
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    String id = order.getString("id");
    String secret = order.getString("secret");
    JsonArray tickets = Shop.order(id, cart.pos(), secret).json().getJsonArray("tickets");
    assertThat(tickets).hasSize(quantity);
    JsonObject details = ServerTest.adminGet("/admin/v1/orders/" + id).json();
    String payId =
        details.getJsonArray("payments").stream()
            .map(p -> (JsonObject) p)
            .filter(p -> "ACCEPTED".equals(p.getString("status")))
            .findFirst()
            .orElseThrow()
            .getString("payId");
    return new Paid(
        id,
        secret,
        cart.pos(),
        tickets.stream().map(t -> ((JsonObject) t).getString("id")).toList(),
        payId,
        email);
  }

  /** A cancellation request body. */
  static JsonObject cancel(String refundTo, String reason, Integer... lines) {
    JsonObject body = new JsonObject().put("refundTo", refundTo).put("reason", reason);
    if (lines.length > 0) {
      body.put("lines", new JsonArray(List.of((Object[]) lines)));
    }
    return body;
  }
}
