package io.guichet.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.guichet.TestServer;
import io.guichet.domain.ticket.CodeKeyRing;
import io.guichet.tickets.TicketApiTest.Paid;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckinApiTest extends ServerTest {
  private Fixtures f;
  private String token;

  @BeforeEach
  void scanner() {
    f = Fixtures.create();
    JsonObject device =
        create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/scanners",
            new JsonObject().put("name", "Door A"));
    token = device.getString("token");
    assertThat(token).startsWith("gsd_");
  }

  private Reply scan(String bearer, String performanceId, String code) {
    var request = client.post("/api/v1/checkin");
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    return send(request, new JsonObject().put("performanceId", performanceId).put("code", code));
  }

  private String code(Paid p, int i) {
    return TicketApiTest.ticket(p, p.tickets().get(i)).json().getString("code");
  }

  @Test
  void a_ticket_gets_in_once_and_a_second_scan_is_refused_with_the_first_time() {
    Paid p = TicketApiTest.paid(f, f.posCode, 1, new JsonObject());
    String code = code(p, 0);
    Reply first = scan(token, f.performanceId(), code);
    assertThat(first.status()).as("%s", first.body()).isEqualTo(200);
    assertThat(first.json().getString("result")).isEqualTo("ACCEPTED");
    assertThat(first.json().getString("seatId")).isNotBlank();
    assertThat(first.json().getString("category")).isEqualTo("A");
    JsonObject again = scan(token, f.performanceId(), code).problem(409, "checkin-refused");
    assertThat(again.getString("reason")).isEqualTo("ALREADY_SCANNED");
    assertThat(again.getString("checkedInAt")).isNotBlank();
    assertThat(TicketApiTest.ticket(p, p.tickets().get(0)).json().getBoolean("checkedIn")).isTrue();
  }

  @Test
  void two_scans_of_one_ticket_at_the_same_instant_accept_exactly_one() {
    Paid p = TicketApiTest.paid(f, f.posCode, 2, new JsonObject());
    for (int i = 0; i < 2; i++) {
      String code = code(p, i);
      List<Future<HttpResponse<Buffer>>> scans = new ArrayList<>();
      for (int k = 0; k < 16; k++) {
        scans.add(
            client
                .post("/api/v1/checkin")
                .putHeader("Authorization", "Bearer " + token)
                .sendJsonObject(
                    new JsonObject().put("performanceId", f.performanceId()).put("code", code)));
      }
      Future.join(scans).await();
      long accepted = scans.stream().filter(s -> s.result().statusCode() == 200).count();
      long refused =
          scans.stream()
              .filter(
                  s ->
                      s.result().statusCode() == 409
                          && "ALREADY_SCANNED"
                              .equals(s.result().bodyAsJsonObject().getString("reason")))
              .count();
      assertThat(accepted).as("accepted scans of ticket %d", i).isEqualTo(1);
      assertThat(refused).isEqualTo(15);
      assertThat(
              count(
                  "select count(*) from checkin_scan where ticket_id = $1 and result = 'ACCEPTED'",
                  UUID.fromString(p.tickets().get(i))))
          .isEqualTo(1);
    }
  }

  @Test
  void a_superseded_code_and_a_ticket_of_another_performance_are_refused_with_the_reason() {
    String open = f.shop(new JsonObject(), new JsonObject().put("beneficiaryChangeHours", 2));
    Paid p = TicketApiTest.paid(f, open, 1, new JsonObject());
    String old = code(p, 0);
    Reply renamed =
        TicketApiTest.shop(
            HttpMethod.PUT,
            "/api/v1/tickets/" + p.tickets().get(0) + "/beneficiary",
            p,
            new JsonObject().put("firstName", "Alan").put("lastName", "Turing"));
    assertThat(renamed.status()).as("%s", renamed.body()).isEqualTo(200);
    assertThat(
            scan(token, f.performanceId(), old).problem(409, "checkin-refused").getString("reason"))
        .isEqualTo("SUPERSEDED");
    String fresh = code(p, 0);

    JsonObject other =
        create(
            "/admin/v1/performances",
            new JsonObject()
                .put("eventId", f.event.getString("id"))
                .put("seatMapId", f.seatMap.getString("id"))
                .put(
                    "startsAt",
                    Instant.now()
                        .plus(20, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
                .put("prices", new JsonArray()));
    assertThat(
            scan(token, other.getString("id"), fresh)
                .problem(409, "checkin-refused")
                .getString("reason"))
        .isEqualTo("OTHER_PERFORMANCE");
    Reply ok = scan(token, f.performanceId(), fresh);
    assertThat(ok.status()).as("%s", ok.body()).isEqualTo(200);
    assertThat(ok.json().getJsonObject("beneficiary").getString("lastName")).isEqualTo("Turing");
  }

  @Test
  void forged_truncated_and_foreign_codes_and_bad_scanners_are_refused_and_change_nothing()
      throws Exception {
    Paid p = TicketApiTest.paid(f, f.posCode, 1, new JsonObject());
    String code = code(p, 0);
    scan(null, f.performanceId(), code).problem(401, "scanner-unauthorized");
    scan("gsd_forged", f.performanceId(), code).problem(401, "scanner-unauthorized");
    scan(io.guichet.TestServer.ADMIN_KEY, f.performanceId(), code)
        .problem(401, "scanner-unauthorized");
    scan(token, f.performanceId(), code.substring(0, code.length() - 10))
        .problem(400, "invalid-ticket-code");
    scan(token, f.performanceId(), "%%%").problem(400, "invalid-ticket-code");
    byte[] bytes = Base64.getUrlDecoder().decode(code);
    bytes[bytes.length - 1] ^= 1;
    scan(token, f.performanceId(), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
        .problem(422, "forged-ticket-code");
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    CodeKeyRing theirs =
        CodeKeyRing.of(
            List.of(
                new CodeKeyRing.Key(
                    "deadbeef", pair.getPublic(), pair.getPrivate(), Instant.now())));
    UUID ticket = UUID.fromString(p.tickets().get(0));
    String foreign = theirs.sign(ticket, UUID.fromString(f.performanceId()), 1, "MAIN-R1-1", null);
    scan(token, f.performanceId(), foreign).problem(422, "unknown-ticket-key");
    scan(token, UUID.randomUUID().toString(), code).problem(404, "not-found");
    send(
            client.post("/api/v1/checkin").putHeader("Authorization", "Bearer " + token),
            Buffer.buffer("{\"code\":"))
        .problem(400, "malformed-json");
    assertThat(
            count(
                "select count(*) from ticket where id = $1 and checked_in_at is not null", ticket))
        .isZero();

    // a revoked scanner stops working
    String deviceId =
        adminGet("/admin/v1/organizers/" + f.organizer.getString("id") + "/scanners")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    assertThat(admin(HttpMethod.DELETE, "/admin/v1/scanners/" + deviceId, null).status())
        .isEqualTo(204);
    scan(token, f.performanceId(), code).problem(401, "scanner-unauthorized");
  }

  @Test
  void a_ticket_of_an_unpaid_order_is_refused_and_once_the_order_is_cancelled_too() {
    // above the channel's payment ceiling: RESERVED, its tickets issued, to be paid later
    String pos = f.shop(new JsonObject().put("paymentCeiling", 1000), new JsonObject());
    Cart cart = Shop.cart(pos);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    assertThat(order.getString("status")).isEqualTo("RESERVED");
    String secret = order.getString("secret");
    JsonObject read = Shop.order(order.getString("id"), pos, secret).json();
    Paid p =
        new Paid(
            read,
            secret,
            pos,
            read.getJsonArray("tickets").stream()
                .map(t -> ((JsonObject) t).getString("id"))
                .toList());
    // The shop does not deliver tickets of unpaid orders …
    assertThat(
            TicketApiTest.ticket(p, p.tickets().get(0))
                .problem(409, "order-state")
                .getString("detail"))
        .contains("once order");
    // … but the door does not rely on it: a code of such a ticket (signed here with the server's
    // key, as the box office's printer would) is refused while the order is not paid.
    String seat =
        TestServer.get()
            .services()
            .pool()
            .preparedQuery("select seat_id from ticket where id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(p.tickets().get(0))))
            .await()
            .iterator()
            .next()
            .getString(0);
    String code =
        TestServer.get()
            .services()
            .ticketKeys()
            .ring()
            .sign(
                UUID.fromString(p.tickets().get(0)),
                UUID.fromString(f.performanceId()),
                1,
                seat,
                null);

    JsonObject unpaid = scan(token, f.performanceId(), code).problem(409, "checkin-refused");
    assertThat(unpaid.getString("reason")).isEqualTo("NOT_PAID");

    Reply cancelled =
        send(
            client
                .post("/api/v1/orders/" + order.getString("id") + "/cancel?pos=" + pos)
                .putHeader("X-Order-Secret", secret),
            null);
    assertThat(cancelled.status()).as("%s", cancelled.body()).isEqualTo(200);
    JsonObject refused = scan(token, f.performanceId(), code).problem(409, "checkin-refused");
    assertThat(refused.getString("reason")).isEqualTo("CANCELLED");
    assertThat(
            count(
                "select count(*) from checkin_scan where ticket_id = $1 and result <> 'ACCEPTED'",
                UUID.fromString(p.tickets().get(0))))
        .as("both refusals are logged for the doors' report")
        .isEqualTo(2);
    assertThat(
            count(
                "select count(*) from ticket where id = $1 and checked_in_at is null",
                UUID.fromString(p.tickets().get(0))))
        .isEqualTo(1);
  }

  @Test
  void the_doors_report_counts_tickets_checked_in_and_every_scan_by_result_and_device() {
    String report = "/admin/v1/performances/" + f.performanceId() + "/checkin-report";
    JsonObject empty = adminGet(report).json();
    assertThat(empty.getLong("checkedIn")).isZero();
    assertThat(empty.getJsonObject("scans")).isEmpty();
    long before = empty.getLong("tickets");
    Paid p = TicketApiTest.paid(f, f.posCode, 3, new JsonObject());
    String second =
        create(
                "/admin/v1/organizers/" + f.organizer.getString("id") + "/scanners",
                new JsonObject().put("name", "Door B"))
            .getString("token");
    assertThat(scan(token, f.performanceId(), code(p, 0)).status()).isEqualTo(200);
    assertThat(scan(second, f.performanceId(), code(p, 1)).status()).isEqualTo(200);
    assertThat(scan(second, f.performanceId(), code(p, 1)).status()).isEqualTo(409);
    assertThat(scan(second, f.performanceId(), code(p, 0)).status()).isEqualTo(409);

    JsonObject r = adminGet(report).json();
    assertThat(r.getLong("tickets")).isEqualTo(before + 3);
    assertThat(r.getLong("checkedIn")).isEqualTo(2);
    assertThat(r.getLong("notYet")).isEqualTo(before + 1);
    assertThat(r.getJsonObject("scans").getMap())
        .containsOnly(
            java.util.Map.entry("ACCEPTED", 2), java.util.Map.entry("ALREADY_SCANNED", 2));
    JsonArray devices = r.getJsonArray("devices");
    assertThat(devices).hasSize(2);
    assertThat(devices.getJsonObject(0).getString("name")).isEqualTo("Door A");
    assertThat(devices.getJsonObject(0).getLong("accepted")).isEqualTo(1);
    assertThat(devices.getJsonObject(0).getLong("refused")).isZero();
    assertThat(devices.getJsonObject(1).getString("name")).isEqualTo("Door B");
    assertThat(devices.getJsonObject(1).getLong("accepted")).isEqualTo(1);
    assertThat(devices.getJsonObject(1).getLong("refused")).isEqualTo(2);
    assertThat(devices.getJsonObject(1).getString("lastScanAt")).isNotBlank();

    adminGet("/admin/v1/performances/" + UUID.randomUUID() + "/checkin-report")
        .problem(404, "not-found");
    adminGet("/admin/v1/performances/not-a-uuid/checkin-report").problem(400, "bad-request");
  }

  @Test
  void a_scanner_of_another_organizer_does_not_see_the_performance() {
    Paid p = TicketApiTest.paid(f, f.posCode, 1, new JsonObject());
    Fixtures other = Fixtures.create();
    String theirToken =
        create(
                "/admin/v1/organizers/" + other.organizer.getString("id") + "/scanners",
                new JsonObject().put("name", "Other door"))
            .getString("token");
    scan(theirToken, f.performanceId(), code(p, 0)).problem(404, "not-found");
  }

  @Test
  void after_a_key_rotation_new_codes_use_the_new_key_and_retiring_the_old_one_stops_its_codes() {
    Paid p = TicketApiTest.paid(f, f.posCode, 2, new JsonObject());
    String before = code(p, 0);
    String oldKid = java.util.HexFormat.of().formatHex(Base64.getUrlDecoder().decode(before), 1, 5);
    Reply rotated = adminPost("/admin/v1/ticket-keys", null);
    assertThat(rotated.status()).as("%s", rotated.body()).isEqualTo(201);
    assertThat(rotated.json().getBoolean("signing")).isTrue();
    assertThat(get("/api/v1/scanner/keys").items().size()).isGreaterThanOrEqualTo(2);
    String after = code(p, 1);
    String newKid = java.util.HexFormat.of().formatHex(Base64.getUrlDecoder().decode(after), 1, 5);
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(scan(token, f.performanceId(), after).status()).isEqualTo(200);

    assertThat(adminPost("/admin/v1/ticket-keys/" + oldKid + "/retire", null).status())
        .isEqualTo(204);
    scan(token, f.performanceId(), before).problem(422, "unknown-ticket-key");
    adminPost("/admin/v1/ticket-keys/" + newKid + "/retire", null).problem(400, "bad-request");
    adminPost("/admin/v1/ticket-keys/0badc0de/retire", null).problem(404, "not-found");
    // the same ticket downloaded again carries a code of the new key, which gets in
    String reissued = code(p, 0);
    assertThat(scan(token, f.performanceId(), reissued).status()).isEqualTo(200);
  }
}
