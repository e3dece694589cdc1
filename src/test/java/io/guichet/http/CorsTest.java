package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shops on their own origins call the API from the browser (CORS): real preflights as a browser
 * sends them, the origins each point of sale allows, and the admin API closed to all of them.
 */
class CorsTest extends ServerTest {
  private static final String SHOP = "https://shop.cors.test";
  private static Fixtures f;
  private static String pos;

  @BeforeAll
  static void shopWithAnOrigin() {
    f = Fixtures.create();
    pos = "cors-" + UUID.randomUUID().toString().substring(0, 8);
    create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", f.channel.getString("id"))
            .put("code", pos)
            .put("name", "Shop elsewhere")
            .put("allowedOrigins", new JsonArray().add("HTTPS://Shop.CORS.test:443")));
  }

  private static Reply preflight(String path, String origin, String method, String headers) {
    var request =
        client
            .request(HttpMethod.OPTIONS, path)
            .putHeader("Origin", origin)
            .putHeader("Access-Control-Request-Method", method);
    if (headers != null) {
      request.putHeader("Access-Control-Request-Headers", headers);
    }
    return send(request, null);
  }

  @Test
  void a_preflight_from_an_allowed_origin_gets_the_methods_and_headers_a_shop_sends() {
    Reply reply =
        preflight("/api/v1/carts?pos=" + pos, SHOP, "POST", "content-type, x-cart-secret");
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(204);
    assertThat(reply.headers().get("Access-Control-Allow-Origin")).isEqualTo(SHOP);
    assertThat(reply.headers().get("Access-Control-Allow-Methods")).contains("POST", "PATCH");
    assertThat(reply.headers().get("Access-Control-Allow-Headers"))
        .containsIgnoringCase("x-cart-secret")
        .containsIgnoringCase("idempotency-key");
    assertThat(reply.headers().get("Access-Control-Allow-Credentials")).isNull();
    assertThat(reply.headers().getAll("Vary")).contains("Origin");
  }

  @Test
  void the_answer_to_an_allowed_origin_names_it_and_exposes_the_headers_a_shop_reads() {
    Reply reply = send(client.post("/api/v1/carts?pos=" + pos).putHeader("Origin", SHOP), null);
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.headers().get("Access-Control-Allow-Origin")).isEqualTo(SHOP);
    assertThat(reply.headers().get("Access-Control-Expose-Headers"))
        .contains("Location", "Retry-After", "X-Request-Id");
  }

  @Test
  void another_origin_or_another_point_of_sale_is_refused_and_never_told_it_may() {
    preflight("/api/v1/carts?pos=" + pos, "https://evil.example", "POST", null)
        .problem(403, "origin-not-allowed");
    preflight("/api/v1/carts?pos=" + f.posCode, SHOP, "POST", null)
        .problem(403, "origin-not-allowed");
    Reply answered =
        send(client.post("/api/v1/carts?pos=" + f.posCode).putHeader("Origin", SHOP), null);
    assertThat(answered.headers().get("Access-Control-Allow-Origin")).isNull();
    preflight("/api/v1/carts?pos=" + pos, SHOP, "POST", "x-something-else")
        .problem(403, "origin-not-allowed");
  }

  @Test
  void the_admin_api_is_never_open_cross_origin() {
    preflight("/admin/v1/organizers", SHOP, "POST", "authorization")
        .problem(403, "origin-not-allowed");
    Reply answer =
        send(
            client
                .get("/admin/v1/organizers/" + f.organizer.getString("id"))
                .putHeader("Origin", SHOP)
                .putHeader("Authorization", "Bearer " + io.guichet.TestServer.ADMIN_KEY),
            null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void calls_that_name_no_point_of_sale_are_open_to_the_origins_some_point_of_sale_allows() {
    Reply reply = preflight("/api/v1/onsales/" + UUID.randomUUID() + "/queue", SHOP, "POST", null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(204);
    preflight(
            "/api/v1/onsales/" + UUID.randomUUID() + "/queue", "https://evil.example", "POST", null)
        .problem(403, "origin-not-allowed");
  }

  @Test
  void a_wildcard_or_an_origin_with_a_path_is_refused_when_the_point_of_sale_is_made() {
    for (String bad :
        new String[] {"*", "https://shop.example.org/path", "ftp://shop.example.org"}) {
      admin(
              HttpMethod.POST,
              "/admin/v1/points-of-sale",
              new JsonObject()
                  .put("channelId", f.channel.getString("id"))
                  .put("code", "bad-" + UUID.randomUUID().toString().substring(0, 8))
                  .put("name", "Bad")
                  .put("allowedOrigins", new JsonArray().add(bad)))
          .problem(400, "bad-request");
    }
  }
}
