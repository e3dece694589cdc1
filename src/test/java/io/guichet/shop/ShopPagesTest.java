package io.guichet.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shop's and the control room's files as a browser gets them: names, caching, compression. */
class ShopPagesTest extends ServerTest {
  private static final Pattern SHOP_SCRIPT =
      Pattern.compile("/assets/(shop\\.[0-9a-f]{12}\\.js)\"");

  private static HttpResponse<Buffer> fetch(String path, String header, String value) {
    var request = client.get(path);
    if (header != null) {
      request.putHeader(header, value);
    }
    return request.send().await();
  }

  @Test
  void the_shop_page_is_never_cached_without_asking_and_names_its_assets_by_their_hash() {
    HttpResponse<Buffer> page = fetch("/", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    Matcher script = SHOP_SCRIPT.matcher(page.bodyAsString());
    assertThat(script.find()).as("a hashed script name in %s", page.bodyAsString()).isTrue();

    HttpResponse<Buffer> again = fetch("/", "If-None-Match", page.getHeader("ETag"));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();

    HttpResponse<Buffer> asset = fetch("/assets/" + script.group(1), null, null);
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(asset.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
  }

  @Test
  void an_asset_asked_by_its_plain_name_or_an_old_hash_is_not_found() {
    for (String path : new String[] {"/assets/shop.js", "/assets/shop.000000000000.js"}) {
      HttpResponse<Buffer> reply = fetch(path, null, null);
      assertThat(reply.statusCode()).isEqualTo(404);
      assertThat(reply.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
  }

  @Test
  void the_page_and_its_assets_travel_compressed() {
    HttpResponse<Buffer> page = fetch("/", "Accept-Encoding", "gzip");
    assertThat(page.getHeader("Content-Encoding")).isEqualTo("gzip");
  }

  /**
   * The shop's first page as a browser loads it (the page, its style sheet, its three scripts and
   * its icon; the QR encoder comes only with an order's tickets), compressed as sent: a budget,
   * printed for the README's figure.
   */
  @Test
  void the_shop_s_first_page_weighs_under_25_kb_over_the_wire() {
    HttpResponse<Buffer> page = fetch("/", "Accept-Encoding", "gzip");
    String html = fetch("/", null, null).bodyAsString();
    long compressed = page.body().length();
    long plain = html.length();
    Matcher assets =
        Pattern.compile("/assets/([a-z]+\\.[0-9a-f]{12}\\.(?:js|css|svg))\"").matcher(html);
    int count = 0;
    while (assets.find()) {
      if (assets.group(1).startsWith("qrcode.")) {
        continue; // loaded with an order's tickets only
      }
      compressed += fetch("/assets/" + assets.group(1), "Accept-Encoding", "gzip").body().length();
      plain += fetch("/assets/" + assets.group(1), null, null).body().length();
      count++;
    }
    System.out.printf(
        "the shop's first page: %d files, %d bytes, %d bytes gzipped%n",
        count + 1, plain, compressed);
    assertThat(count).isEqualTo(5);
    assertThat(compressed).isLessThan(25_000);
  }

  @Test
  void the_control_room_page_opens_without_the_key_but_the_admin_api_still_needs_it() {
    HttpResponse<Buffer> room = fetch("/admin/", null, null);
    assertThat(room.statusCode()).isEqualTo(200);
    assertThat(room.bodyAsString()).contains("/assets/admin.");
    assertThat(fetch("/admin/v1/organizers", null, null).statusCode()).isEqualTo(401);
    assertThat(fetch("/admin/index.html", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void a_browser_joins_a_queue_with_a_body_and_its_origin_header() {
    Fixtures f = Fixtures.create();
    JsonObject onSale =
        create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
            new JsonObject()
                .put("name", "Joined from a browser")
                .put("performanceIds", new JsonArray().add(f.performanceId()))
                .put("queueOpensAt", Instant.now().minusSeconds(600).toString())
                .put("saleStartsAt", Instant.now().minusSeconds(60).toString())
                .put("admissionPerMinute", 600)
                .put("maxActiveShoppers", 100));
    // a browser sends Origin on every POST, also to its own origin; the origins are looked up
    // before the body is read, which once lost the body (500)
    Reply joined =
        send(
            client
                .post("/api/v1/onsales/" + onSale.getString("id") + "/queue")
                .putHeader("Origin", "http://127.0.0.1:" + TestServer.port()),
            new JsonObject());
    assertThat(joined.status()).as("%s", joined.body()).isEqualTo(201);
  }

  @Test
  void the_payment_provider_s_way_back_to_an_order_opens_the_shop() {
    HttpResponse<Buffer> back =
        fetch("/orders/0b6f2c4d-8e1a-4f3b-a5c7-9d2e4f6a8b10?status=PAID", null, null);
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.bodyAsString()).contains("/assets/shop.");
  }
}
