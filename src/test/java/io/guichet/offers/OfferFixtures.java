package io.guichet.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.ServerTest.Reply;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Advantages, promo codes and codes made through the admin API, and a buyer's offer calls. */
final class OfferFixtures {
  private OfferFixtures() {}

  static String code(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  /** An advantage in operation pricing (performance, category, full tariff) at {@code amount}. */
  static JsonObject advantage(
      Fixtures f, String target, String category, long amount, JsonObject extra) {
    JsonObject body =
        new JsonObject()
            .put("season", Fixtures.SEASON)
            .put("code", code("ADV"))
            .put("internalName", "Offer " + target)
            .put("publicName", "Offer")
            .put("target", target)
            .put("state", "OPERATION")
            .put(
                "prices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("performanceId", f.performanceId())
                            .put("category", category)
                            .put("tariffId", f.fullTariff())
                            .put("amount", amount)));
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    return ServerTest.create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/advantages", body);
  }

  static JsonObject promo(Fixtures f, JsonObject body) {
    body.put("internalName", "promo").put("publicName", "Promo");
    if (!body.containsKey("code")) {
      body.put("code", code("PROMO"));
    }
    if (!body.containsKey("state")) {
      body.put("state", "OPERATION");
    }
    return ServerTest.create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/promo-codes", body);
  }

  static JsonObject contact(Fixtures f, String name) {
    return ServerTest.create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/contacts",
        new JsonObject().put("type", "ORGANISATION").put("lastName", name));
  }

  /** A batch's id and its codes as printed. */
  record Batch(String id, java.util.List<String> codes, String email) {}

  /** A batch of single-use codes, waited for until generated. */
  static Batch codes(JsonObject advantage, JsonObject contact, int count) {
    String email = "codes+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    JsonObject batch =
        ServerTest.create(
            "/admin/v1/advantages/" + advantage.getString("id") + "/code-batches",
            new JsonObject()
                .put("contactId", contact.getString("id"))
                .put("count", count)
                .put("destinationEmail", email)
                .put("remark", "to hand out"));
    String id = batch.getString("id");
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "READY"
                    .equals(
                        ServerTest.adminGet("/admin/v1/code-batches/" + id)
                            .json()
                            .getString("state")));
    JsonObject page =
        ServerTest.adminGet("/admin/v1/code-batches/" + id + "/codes?size=1000").json();
    java.util.List<String> codes = new java.util.ArrayList<>();
    page.getJsonArray("items").forEach(i -> codes.add(((JsonObject) i).getString("code")));
    assertThat(codes).hasSize(count);
    return new Batch(id, codes, email);
  }

  static Reply applyCode(Shop.Cart cart, String code) {
    return send(cart, HttpMethod.POST, "/advantage-codes", new JsonObject().put("code", code));
  }

  static Reply applyAdvantage(Shop.Cart cart, String advantageId) {
    return send(
        cart, HttpMethod.POST, "/advantages", new JsonObject().put("advantageId", advantageId));
  }

  static Reply applyPromo(Shop.Cart cart, String code) {
    return send(cart, HttpMethod.POST, "/promo-codes", new JsonObject().put("code", code));
  }

  static Reply view(Shop.Cart cart) {
    return send(cart, HttpMethod.GET, "", null);
  }

  static Reply send(Shop.Cart cart, HttpMethod method, String path, JsonObject body) {
    var request =
        ServerTest.client
            .request(method, cart.path() + path + "?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret());
    if (cart.token() != null) {
      request.putHeader("Authorization", "Bearer " + cart.token());
    }
    return ServerTest.send(request, body);
  }

  /** Forgets every wrong code counted (the tests share one client address). */
  static void forgetGuesses() {
    var redis = TestServer.get().services().redis();
    var keys = redis.send(Request.cmd(Command.KEYS).arg("guichet:{guess}:*")).await();
    for (int i = 0; i < keys.size(); i++) {
      redis.send(Request.cmd(Command.DEL).arg(keys.get(i).toString())).await();
    }
  }
}
