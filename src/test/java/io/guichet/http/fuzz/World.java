package io.guichet.http.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.ServerTest.Reply;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.Waitlists;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Real resources for the bad requests to aim at, so that they get past "not found" and reach the
 * handlers: a catalogue (the {@link Fixtures}), a cart holding a seat, a paid order with its
 * tickets, a buyer's account, a scanner, a gift voucher, an on-sale (switched off, so that it
 * changes nothing for the rest of the catalogue), and a waiting list with an entry and an offer.
 */
final class World {
  final Fixtures f;
  final Shop.Cart cart;
  final String itemId;
  final JsonObject order;
  final String orderSecret;
  final List<String> tickets;
  final String customerId;
  final String session;
  final String scannerId;
  final String scannerToken;
  final String voucher;
  final String onSaleId;
  final String keyId;
  final String entryId;
  final String entrySecret;
  final String offerId;
  final String offerToken;
  private final Map<String, String> ids = new HashMap<>();

  World() {
    f = Fixtures.create();
    Shop.Cart paidCart = Shop.cart(f.posCode);
    Shop.hold(paidCart, f.performanceId(), "A", f.fullTariff(), 2);
    Reply placed = Shop.checkout(paidCart, Shop.guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    assertThat(Shop.pay(placed.json(), "accept").json().getString("status")).isEqualTo("PAID");
    orderSecret = placed.json().getString("secret");
    order = Shop.order(placed.json().getString("id"), f.posCode, orderSecret).json();
    tickets =
        order.getJsonArray("tickets").stream().map(t -> ((JsonObject) t).getString("id")).toList();

    cart = Shop.cart(f.posCode);
    itemId = Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1).getString("id");

    String email = "fuzz+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String password = "correct horse battery";
    Reply account =
        ServerTest.send(
            ServerTest.client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", email)
                .put("password", password)
                .put("firstName", "Fuzz")
                .put("lastName", "Tester"));
    assertThat(account.status()).as("%s", account.body()).isEqualTo(201);
    customerId = account.json().getString("id");
    session =
        ServerTest.send(
                ServerTest.client.post("/api/v1/sessions?pos=" + f.posCode),
                new JsonObject().put("email", email).put("password", password))
            .json()
            .getString("token");

    String org = f.organizer.getString("id");
    JsonObject scanner =
        ServerTest.create(
            "/admin/v1/organizers/" + org + "/scanners", new JsonObject().put("name", "Door F"));
    scannerId = scanner.getString("id");
    scannerToken = scanner.getString("token");
    voucher =
        ServerTest.create(
                "/admin/v1/organizers/" + org + "/gift-vouchers",
                new JsonObject()
                    .put("amount", 5000)
                    .put("expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).toString()))
            .getJsonArray("codes")
            .getString(0);
    onSaleId =
        ServerTest.create(
                "/admin/v1/organizers/" + org + "/onsales",
                new JsonObject()
                    .put("name", "Fuzz on-sale")
                    .put("performanceIds", new JsonArray().add(f.performanceId()))
                    .put("queueOpensAt", Instant.now().toString())
                    .put("saleStartsAt", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                    .put("admissionPerMinute", 10)
                    .put("maxActiveShoppers", 10)
                    .put("enabled", false))
            .getString("id");
    keyId =
        ServerTest.get("/api/v1/scanner/keys")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("kid");

    // A waiting list with an open offer and an entry still waiting, on a performance of its own
    // whose category A is sold out; nothing else comes back to it, so the offer engine leaves it
    // be.
    Fixtures wl = Fixtures.create();
    Shop.hold(Shop.cart(wl.posCode), wl.performanceId(), "A", wl.fullTariff(), 5);
    Shop.hold(Shop.cart(wl.posCode), wl.performanceId(), "A", wl.fullTariff(), 2);
    Shop.Cart two = Shop.cart(wl.posCode);
    String twoItem = Shop.hold(two, wl.performanceId(), "A", wl.fullTariff(), 2).getString("id");
    Waitlists.Entry first =
        Waitlists.waiting(wl.posCode, wl.performanceId(), Waitlists.guest(2, true, "A"));
    Waitlists.Entry second =
        Waitlists.waiting(wl.posCode, wl.performanceId(), Waitlists.guest(2, true, "A"));
    ServerTest.send(
        ServerTest.client
            .delete(two.path() + "/items/" + twoItem + "?pos=" + wl.posCode)
            .putHeader("X-Cart-Secret", two.secret()),
        null);
    JsonObject offer = Waitlists.offered(first).getJsonObject("offer");
    entryId = second.id();
    entrySecret = second.secret();
    offerId = offer.getString("id");
    offerToken = Waitlists.offerToken(offer, first);

    ids.put("entryId", entryId);
    ids.put("offerId", offerId);
    ids.put("token", offerToken);

    // offers: an advantage and a promo code in preparation (open to no buyer), a contact with an
    // indicator, and a batch of one code, generated before the run
    String indicator = "FUZZ" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    ServerTest.create(
        "/admin/v1/organizers/" + org + "/indicators",
        new JsonObject()
            .put("code", indicator)
            .put("name", "Fuzz")
            .put("levels", new JsonArray().add("One").add("Two")));
    String contact =
        ServerTest.create(
                "/admin/v1/organizers/" + org + "/contacts",
                new JsonObject().put("type", "ORGANISATION").put("lastName", "Fuzz Org"))
            .getString("id");
    String advantage =
        ServerTest.create(
                "/admin/v1/organizers/" + org + "/advantages",
                new JsonObject()
                    .put("season", Fixtures.SEASON)
                    .put("code", "FUZZ" + UUID.randomUUID().toString().substring(0, 6))
                    .put("internalName", "fuzz")
                    .put("publicName", "fuzz")
                    .put("target", "SINGLE_USE_CODE")
                    .put(
                        "prices",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("performanceId", f.performanceId())
                                    .put("category", "A")
                                    .put("tariffId", f.fullTariff())
                                    .put("amount", 100))))
            .getString("id");
    String promo =
        ServerTest.create(
                "/admin/v1/organizers/" + org + "/promo-codes",
                new JsonObject()
                    .put("code", "FUZZ" + UUID.randomUUID().toString().substring(0, 6))
                    .put("internalName", "fuzz")
                    .put("publicName", "fuzz")
                    .put("kind", "PERCENT")
                    .put("percentBasisPoints", 500))
            .getString("id");
    String batch =
        ServerTest.create(
                "/admin/v1/advantages/" + advantage + "/code-batches",
                new JsonObject()
                    .put("contactId", contact)
                    .put("count", 1)
                    .put("destinationEmail", "fuzz@example.org"))
            .getString("id");
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                "READY"
                    .equals(
                        ServerTest.adminGet("/admin/v1/code-batches/" + batch)
                            .json()
                            .getString("state")));
    ids.put("advantageId", advantage);
    ids.put("promoCodeId", promo);
    ids.put("batchId", batch);
    ids.put("contactId", contact);
    ids.put("indicatorCode", indicator);

    ids.put("organizerId", org);
    ids.put("venueId", f.venue.getString("id"));
    ids.put("seatMapId", f.seatMap.getString("id"));
    ids.put("eventId", f.event.getString("id"));
    ids.put("performanceId", f.performanceId());
    ids.put("performance", f.performanceId());
    ids.put("channelId", f.channel.getString("id"));
    ids.put("posId", f.pos.getString("id"));
    ids.put("tariffId", f.fullTariff());
    ids.put("cartId", cart.id());
    ids.put("itemId", itemId);
    ids.put("orderId", order.getString("id"));
    ids.put("customerId", customerId);
    ids.put("onSaleId", onSaleId);
    ids.put("ticketId", tickets.get(0));
    ids.put("scannerId", scannerId);
    ids.put("keyId", keyId);
    ids.put("code", voucher);
    ids.put("visitorId", "AAAAAAAAAAAAAAAAAAAAAA");
    ids.put("file", "swagger-ui.css");
    ids.put("pos", f.posCode);
  }

  /** The real value of a path or query parameter (or an id-valued property) of this name. */
  String value(String name) {
    String id = ids.get(name);
    return id != null ? id : "x";
  }

  /** A real id for a property name, or null. */
  String id(String name) {
    return ids.get(name);
  }

  /** The valid value of a header parameter, or null to leave it out. */
  String header(String name) {
    return switch (name) {
      case "X-Cart-Secret" -> cart.secret();
      case "X-Order-Secret" -> orderSecret;
      case "Idempotency-Key" -> "fuzz-key-0001";
      case "X-Waitlist-Secret" -> entrySecret;
      default -> null;
    };
  }

  String adminKey() {
    return TestServer.ADMIN_KEY;
  }

  String scannerToken() {
    return scannerToken;
  }
}
