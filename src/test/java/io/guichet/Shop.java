package io.guichet;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;

/** A buyer's path through the shop API, for the checkout tests: carts, holds, checkout, payment. */
public final class Shop {
  private Shop() {}

  /** A cart: its id and secret, on a point of sale, opened with a session token or not. */
  public record Cart(String id, String secret, String pos, String token) {
    public String path() {
      return "/api/v1/carts/" + id;
    }
  }

  public static Cart cart(String pos) {
    return cart(pos, null);
  }

  public static Cart cart(String pos, String token) {
    Reply reply =
        ServerTest.send(auth(ServerTest.client.post("/api/v1/carts?pos=" + pos), token), null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return new Cart(reply.json().getString("id"), reply.json().getString("secret"), pos, token);
  }

  /** Holds {@code quantity} best seats of a category at a tariff; answers the item. */
  public static JsonObject hold(
      Cart cart, String performanceId, String category, String tariffId, int quantity) {
    Reply reply = add(cart, performanceId, category, tariffId, quantity);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    return reply.json();
  }

  public static Reply add(
      Cart cart, String performanceId, String category, String tariffId, int quantity) {
    JsonObject body =
        new JsonObject()
            .put("performanceId", performanceId)
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", category)
                            .put("tariffId", tariffId)
                            .put("quantity", quantity)));
    return ServerTest.send(
        auth(
            ServerTest.client
                .post(cart.path() + "/items?pos=" + cart.pos())
                .putHeader("X-Cart-Secret", cart.secret()),
            cart.token()),
        body);
  }

  public static JsonObject guest(String email) {
    return new JsonObject().put("email", email).put("firstName", "Ada").put("lastName", "Lovelace");
  }

  /** A guest checkout body with this delivery mode. */
  public static JsonObject guestCheckout(String deliveryMode) {
    return new JsonObject()
        .put("deliveryMode", deliveryMode)
        .put(
            "buyer", guest("ada+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org"));
  }

  public static Reply checkout(Cart cart, JsonObject body, String idempotencyKey) {
    HttpRequest<Buffer> request =
        ServerTest.client
            .post(cart.path() + "/checkout?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret());
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return ServerTest.send(auth(request, cart.token()), body);
  }

  public static Reply checkout(Cart cart, JsonObject body) {
    return checkout(cart, body, UUID.randomUUID().toString());
  }

  /**
   * Pays (or declines, or cancels) on the simulated provider's page with the order's payment form,
   * then follows the browser's redirect back to the shop; answers that last reply.
   */
  public static Reply pay(JsonObject order, String decision) {
    HttpResponse<Buffer> page = submitPaymentForm(order.getJsonObject("payment"), decision);
    assertThat(page.statusCode()).as("%s", page.bodyAsString()).isEqualTo(303);
    String back = page.getHeader("Location");
    HttpResponse<Buffer> landing =
        ServerTest.client.getAbs(back).followRedirects(false).send().await();
    return ServerTest.checked(
        "GET",
        java.net.URI.create(back).getRawPath() + "?" + java.net.URI.create(back).getRawQuery(),
        landing);
  }

  /** Posts the payment form to the provider as the buyer's browser would. */
  public static HttpResponse<Buffer> submitPaymentForm(JsonObject payment, String decision) {
    assertThat(payment).as("a payment form").isNotNull();
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    payment
        .getJsonObject("fields")
        .forEach(e -> form.add(e.getKey(), String.valueOf(e.getValue())));
    if (decision != null) {
      form.add("SIM_DECISION", decision);
    }
    return ServerTest.client
        .postAbs(payment.getString("url"))
        .followRedirects(false)
        .sendForm(form)
        .await();
  }

  public static Reply order(String orderId, String pos, String secret) {
    return ServerTest.send(
        ServerTest.client
            .get("/api/v1/orders/" + orderId + "?pos=" + pos)
            .putHeader("X-Order-Secret", secret),
        null);
  }

  static HttpRequest<Buffer> auth(HttpRequest<Buffer> request, String token) {
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request;
  }
}
