package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The waiting room through the HTTP API, with the server's own admission ticks. */
class WaitingRoomApiTest extends ServerTest {
  private static Fixtures f;

  @BeforeAll
  static void fixtures() {
    f = Fixtures.create();
  }

  @BeforeEach
  void clock() {
    TestServer.CLOCK.reset();
  }

  /** A new performance of the fixture's event, on sale on the fixture's channel now. */
  private static String performance() {
    JsonObject p =
        create(
            "/admin/v1/performances",
            new JsonObject()
                .put("eventId", f.event.getString("id"))
                .put("seatMapId", f.seatMap.getString("id"))
                .put(
                    "startsAt",
                    Instant.now()
                        .plus(10, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
                .put(
                    "prices",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("category", "A")
                                .put("tariffId", f.fullTariff())
                                .put("amount", 4500))
                        .add(
                            new JsonObject()
                                .put("category", "B")
                                .put("tariffId", f.fullTariff())
                                .put("amount", 2500))));
    create(
        "/admin/v1/performances/" + p.getString("id") + "/onsale-windows",
        new JsonObject()
            .put("channelId", f.channel.getString("id"))
            .put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(9, ChronoUnit.DAYS).toString()));
    return p.getString("id");
  }

  private static JsonObject onSale(String performance, Duration startsIn, int perMinute, int max) {
    Instant now = TestServer.CLOCK.instant();
    return create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
        new JsonObject()
            .put("name", "On-sale " + performance.substring(0, 8))
            .put("performanceIds", new JsonArray().add(performance))
            .put("queueOpensAt", now.minus(Duration.ofMinutes(5)).toString())
            .put("saleStartsAt", now.plus(startsIn).toString())
            .put("admissionPerMinute", perMinute)
            .put("maxActiveShoppers", max)
            .put("accessTokenSeconds", 120));
  }

  private static Reply join(String onSale, String visitor, String ticket) {
    HttpRequest<Buffer> request = client.post("/api/v1/onsales/" + onSale + "/queue");
    if (ticket != null) {
      request.putHeader("X-Queue-Ticket", ticket);
    }
    return send(request, visitor == null ? null : new JsonObject().put("visitorId", visitor));
  }

  private static Reply place(String onSale, String visitor, String ticket) {
    HttpRequest<Buffer> request = client.get("/api/v1/onsales/" + onSale + "/queue/" + visitor);
    if (ticket != null) {
      request.putHeader("X-Queue-Ticket", ticket);
    }
    return send(request, null);
  }

  private static JsonObject figures(String onSale) {
    Reply reply = adminGet("/admin/v1/onsales/" + onSale);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json().getJsonObject("figures");
  }

  /** Joins and polls (as a shop does) until admitted; answers the last place. */
  private static JsonObject admitted(String onSale) throws InterruptedException {
    JsonObject joined = join(onSale, null, null).json();
    String visitor = joined.getString("visitorId");
    String ticket = joined.getString("queueTicket");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject place = place(onSale, visitor, ticket).json();
      if ("ADMITTED".equals(place.getString("state"))) {
        return place;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not admitted within 20 s");
  }

  private static Reply hold(Shop.Cart cart, String performance, String visitor, String token) {
    return hold(cart, performance, visitor, token, "B");
  }

  private static Reply hold(
      Shop.Cart cart, String performance, String visitor, String token, String category) {
    HttpRequest<Buffer> request =
        client
            .post(cart.path() + "/items?pos=" + cart.pos())
            .putHeader("X-Cart-Secret", cart.secret());
    if (visitor != null) {
      request.putHeader("X-Visitor-Id", visitor);
    }
    if (token != null) {
      request.putHeader("X-Access-Token", token);
    }
    return send(
        request,
        new JsonObject()
            .put("performanceId", performance)
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", category)
                            .put("tariffId", f.fullTariff())
                            .put("quantity", 2))));
  }

  @Test
  void beforeTheStartJoinersGetAPlaceThatComingBackKeeps() {
    String onSale = onSale(performance(), Duration.ofHours(1), 60, 10).getString("id");
    Reply first = join(onSale, null, null);
    assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
    JsonObject place = first.json();
    assertThat(place.getString("state")).isEqualTo("WAITING");
    assertThat(place.getString("visitorId")).matches("[A-Za-z0-9_-]{22}");
    assertThat(first.headers().get("Location"))
        .isEqualTo("/api/v1/onsales/" + onSale + "/queue/" + place.getString("visitorId"));
    for (int i = 0; i < 9; i++) {
      assertThat(join(onSale, null, null).status()).isEqualTo(201);
    }
    JsonObject now =
        place(onSale, place.getString("visitorId"), place.getString("queueTicket")).json();
    assertThat(now.getLong("queueLength")).isEqualTo(10);
    assertThat(now.getLong("ahead")).isEqualTo(now.getLong("position") - 1).isBetween(0L, 9L);
    // An hour to the start, then one a second (60 a minute) until this place.
    assertThat(now.getLong("estimatedWaitSeconds"))
        .isBetween(3600 + now.getLong("position") - 5, 3600 + now.getLong("position") + 5);
    assertThat(now.getLong("pollAfterSeconds")).isEqualTo(30);
    Reply again = join(onSale, place.getString("visitorId"), place.getString("queueTicket"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getLong("position")).isEqualTo(now.getLong("position"));
    assertThat(figures(onSale).getLong("queueLength")).isEqualTo(10);
    JsonObject shop = get("/api/v1/onsales/" + onSale).json();
    assertThat(shop.getString("phase")).isEqualTo("PRE_QUEUE");
    assertThat(shop.getLong("queueLength")).isEqualTo(10);
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    String onSale = onSale(performance(), Duration.ofHours(1), 60, 10).getString("id");
    JsonObject v = join(onSale, null, null).json();
    String visitor = v.getString("visitorId");
    String ticket = v.getString("queueTicket");
    join(UUID.randomUUID().toString(), null, null).problem(404, "not-found");
    place(onSale, "not-a-visitor", ticket).problem(400, "bad-request");
    place(onSale, visitor, null).problem(403, "access-refused");
    place(onSale, visitor, ticket.replace(ticket.charAt(12), ticket.charAt(12) == 'A' ? 'B' : 'A'))
        .problem(403, "access-refused");
    place(onSale, "AAAAAAAAAAAAAAAAAAAAAA", ticket).problem(403, "access-refused");
    // Coming back as someone else without their ticket.
    join(onSale, visitor, null).problem(403, "access-refused");
    join(onSale, "BBBBBBBBBBBBBBBBBBBBBB", ticket).problem(403, "access-refused");
    send(
            client
                .post("/api/v1/onsales/" + onSale + "/queue")
                .putHeader("content-type", "application/json"),
            Buffer.buffer("{\"visitorId\": "))
        .problem(400, "malformed-json");
    send(client.post("/api/v1/onsales/" + onSale + "/queue"), new JsonObject().put("x", 1))
        .problem(400, "bad-request");
    Reply huge =
        send(
            client
                .get("/api/v1/onsales/" + onSale + "/queue/" + visitor)
                .putHeader("X-Queue-Ticket", "x".repeat(20_000)),
            null);
    huge.problem(431, "headers-too-large");
    // A queue not open yet, and a waiting room switched off.
    Instant now = TestServer.CLOCK.instant();
    String later =
        create(
                "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
                new JsonObject()
                    .put("name", "Later")
                    .put("performanceIds", new JsonArray().add(performance()))
                    .put("queueOpensAt", now.plus(Duration.ofHours(1)).toString())
                    .put("saleStartsAt", now.plus(Duration.ofHours(2)).toString())
                    .put("admissionPerMinute", 100)
                    .put("maxActiveShoppers", 100))
            .getString("id");
    join(later, null, null).problem(409, "queue-not-open");
    assertThat(
            admin(
                    HttpMethod.PATCH,
                    "/admin/v1/onsales/" + later,
                    new JsonObject().put("enabled", false))
                .status())
        .isEqualTo(200);
    join(later, null, null).problem(409, "queue-closed");
    admin(
            HttpMethod.PATCH,
            "/admin/v1/onsales/" + later,
            new JsonObject().put("admissionPerMinute", 0))
        .problem(400, "bad-request");
    admin(HttpMethod.PATCH, "/admin/v1/onsales/" + later, new JsonObject())
        .problem(400, "bad-request");
    // A performance belongs to one on-sale only.
    adminPost(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
            new JsonObject()
                .put("name", "Twice")
                .put(
                    "performanceIds",
                    new JsonArray()
                        .add(
                            adminGet("/admin/v1/onsales/" + later)
                                .json()
                                .getJsonArray("performanceIds")
                                .getString(0)))
                .put("queueOpensAt", now.toString())
                .put("saleStartsAt", now.toString())
                .put("admissionPerMinute", 100)
                .put("maxActiveShoppers", 100))
        .problem(409, "already-exists");
    assertThat(figures(onSale).getLong("queueLength")).isEqualTo(1);
    assertThat(figures(later).getLong("queueLength")).isZero();
  }

  @Test
  void queueCallsRefuseBodiesThatAreNotObjectsAndTextWithNul() throws Exception {
    String onSale = onSale(performance(), Duration.ofHours(1), 60, 10).getString("id");
    JsonObject v = join(onSale, null, null).json();
    String visitor = v.getString("visitorId");
    String ticket = v.getString("queueTicket");
    for (String body : new String[] {"[1]", "[]", "\"visitor\"", "42", "true"}) {
      send(
              client
                  .post("/api/v1/onsales/" + onSale + "/queue")
                  .putHeader("content-type", "application/json"),
              Buffer.buffer(body))
          .problem(400, "bad-request");
    }
    send(
            client.post("/api/v1/onsales/" + onSale + "/queue"),
            new JsonObject().put("visitorId", visitor.substring(0, 21) + "\u0000"))
        .problem(400, "bad-request");
    send(
            client.post("/api/v1/onsales/" + onSale + "/queue"),
            new JsonObject().put("visitor\u0000Id", visitor))
        .problem(400, "bad-request");
    place(onSale, visitor.substring(0, 21) + "%00", ticket).problem(400, "bad-request");
    send(
            client
                .delete("/api/v1/onsales/" + onSale + "/queue/%00" + visitor.substring(1))
                .putHeader("X-Queue-Ticket", ticket),
            null)
        .problem(400, "bad-request");
    // A ticket with a control character, sent as raw bytes (clients refuse to send it).
    String raw =
        rawRequest(
            "GET /api/v1/onsales/"
                + onSale
                + "/queue/"
                + visitor
                + " HTTP/1.1\r\nHost: x\r\nX-Queue-Ticket: "
                + ticket.substring(0, 10)
                + "\u0001"
                + ticket.substring(11)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400").contains("application/problem+json");
    // An on-sale's name with NUL.
    adminPost(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/onsales",
            new JsonObject()
                .put("name", "Null\u0000name")
                .put("performanceIds", new JsonArray().add(performance()))
                .put("queueOpensAt", TestServer.CLOCK.instant().toString())
                .put("saleStartsAt", TestServer.CLOCK.instant().plusSeconds(60).toString())
                .put("admissionPerMinute", 100)
                .put("maxActiveShoppers", 100))
        .problem(400, "bad-request");
    // Nothing changed: the one visitor still waits, alone.
    assertThat(place(onSale, visitor, ticket).json().getLong("queueLength")).isEqualTo(1);
    // the document null is no body (generated clients send it for a body left out): a new visitor
    assertThat(
            send(
                    client
                        .post("/api/v1/onsales/" + onSale + "/queue")
                        .putHeader("content-type", "application/json"),
                    Buffer.buffer("null"))
                .status())
        .isEqualTo(201);
  }

  private static String rawRequest(String request) throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), TestServer.port())) {
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void holdsNeedTheAccessTokenOfTheVisitorItWasGivenTo() throws Exception {
    String performance = performance();
    String onSale = onSale(performance, Duration.ofSeconds(-1), 6000, 100).getString("id");
    Shop.Cart cart = Shop.cart(f.posCode);
    hold(cart, performance, null, null).problem(403, "access-refused");
    JsonObject place = admitted(onSale);
    String visitor = place.getString("visitorId");
    String token = place.getString("accessToken");
    assertThat(Instant.parse(place.getString("accessExpiresAt")))
        .isAfter(TestServer.CLOCK.instant().plusSeconds(100));
    AccessTokens tokens = TestServer.get().services().waitingRoom().tokens();

    assertThat(
            hold(cart, performance, visitor, null)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("missing");
    assertThat(
            hold(cart, performance, visitor, "k~forged.token")
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("forged");
    String altered =
        token.substring(0, 15) + (token.charAt(15) == 'A' ? 'B' : 'A') + token.substring(16);
    assertThat(
            hold(cart, performance, visitor, altered)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("forged");
    String otherOnSale =
        tokens.access(UUID.randomUUID(), visitor, TestServer.CLOCK.millis() + 60_000);
    assertThat(
            hold(cart, performance, visitor, otherOnSale)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("other-onsale");
    String expired = tokens.access(UUID.fromString(onSale), visitor, TestServer.CLOCK.millis() - 1);
    assertThat(
            hold(cart, performance, visitor, expired)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("expired");
    // The token copied to another visitor.
    JsonObject thiefPlace = join(onSale, null, null).json();
    String thief = thiefPlace.getString("visitorId");
    assertThat(
            hold(cart, performance, thief, token)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("other-visitor");
    assertThat(hold(cart, performance, visitor, token).status()).isEqualTo(201);
    assertThat(hold(cart, performance, visitor, token).status()).isEqualTo(201);
    // One access, one cart at a time.
    Shop.Cart second = Shop.cart(f.posCode);
    assertThat(
            hold(second, performance, visitor, token)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("other-cart");

    // Checking out frees the place (just after the answer): the access ends.
    Reply order = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(order.status()).as("%s", order.body()).isEqualTo(201);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (place(onSale, visitor, place.getString("queueTicket")).status() == 200
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    place(onSale, visitor, place.getString("queueTicket")).problem(404, "not-found");
    assertThat(
            hold(second, performance, visitor, token)
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("access-ended");

    // The access token's lifetime passes.
    JsonObject other = admitted(onSale);
    TestServer.CLOCK.advance(Duration.ofSeconds(121));
    assertThat(
            hold(second, performance, other.getString("visitorId"), other.getString("accessToken"))
                .problem(403, "access-refused")
                .getString("reason"))
        .isEqualTo("expired");
    TestServer.CLOCK.reset();

    // Switched off: the shop is open to all, the queue says so.
    admin(HttpMethod.PATCH, "/admin/v1/onsales/" + onSale, new JsonObject().put("enabled", false));
    Reply open = hold(second, performance, null, null, "A");
    assertThat(open.status()).as("%s", open.body()).isEqualTo(201);
    assertThat(place(onSale, thief, thiefPlace.getString("queueTicket")).json().getString("state"))
        .isEqualTo("NO_QUEUE");
    join(onSale, null, null).problem(409, "queue-closed");
  }

  @Test
  void theQueueIsOnTheMetricsPage() throws Exception {
    String onSale = onSale(performance(), Duration.ofSeconds(-1), 600, 100).getString("id");
    admitted(onSale);
    join(onSale, null, null);
    String text = get("/metrics").body().toString();
    assertThat(text)
        .contains("guichet_queue_length{onsale=\"" + onSale + "\"}")
        .contains("guichet_queue_active_shoppers{onsale=\"" + onSale + "\"}")
        .contains("guichet_queue_admitted_per_minute{onsale=\"" + onSale + "\"}")
        .contains("guichet_queue_estimated_wait_seconds{onsale=\"" + onSale + "\"}");
  }
}
