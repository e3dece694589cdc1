package io.guichet.orders;

import static io.guichet.orders.PaidOrders.cancel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestMail;
import io.guichet.TestServer;
import io.guichet.orders.PaidOrders.Paid;
import io.guichet.payment.PspSimulator;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The box office cancels paid orders, whole or in part, and refunds them. */
class CancellationApiTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  @AfterEach
  void providerBack() {
    psp().refuseRefunds(0);
    psp().loseRefundAnswers(0);
  }

  private static PspSimulator psp() {
    return TestServer.get().services().pspSimulator();
  }

  private static long liveTickets(Paid p) {
    return count(
        "select count(*) from ticket where order_id = $1 and status = 'LIVE'",
        UUID.fromString(p.id()));
  }

  private static Reply scan(String token, String performanceId, Paid p, String ticketId) {
    return scan(token, performanceId, code(p, ticketId));
  }

  private static String code(Paid p, String ticketId) {
    return send(
            client
                .get("/api/v1/tickets/" + ticketId + "?pos=" + p.pos())
                .putHeader("X-Order-Secret", p.secret()),
            null)
        .json()
        .getString("code");
  }

  private static Reply scan(String token, String performanceId, String code) {
    return send(
        client.post("/api/v1/checkin").putHeader("Authorization", "Bearer " + token),
        new JsonObject().put("performanceId", performanceId).put("code", code));
  }

  private String scanner() {
    return create(
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/scanners",
            new JsonObject().put("name", "Door"))
        .getString("token");
  }

  @Test
  void a_whole_paid_order_cancelled_is_refunded_to_the_card_and_its_seats_go_back_on_sale()
      throws Exception {
    Paid p = PaidOrders.guest(f, 2);
    long total = p.total();
    java.util.List<String> seats =
        java.util.List.of(seatOf(p.tickets().get(0)), seatOf(p.tickets().get(1)));
    assertThat(seats).allMatch(seat -> state(seat) == 'S');

    Reply reply = adminPost(p.cancellations(), cancel("CARD", "the show moved to a smaller hall"));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    JsonObject c = reply.json();
    assertThat(c.getBoolean("whole")).isTrue();
    assertThat(c.getLong("amount")).isEqualTo(total);
    assertThat(c.getLong("toCard")).isEqualTo(total);
    assertThat(c.getJsonObject("refund").getString("status")).isEqualTo("REFUNDED");
    assertThat(psp().refundedHundredths(p.payId())).isEqualTo(total);
    assertThat(p.status()).isEqualTo("CANCELLED");
    assertThat(liveTickets(p)).isZero();

    // the seats are on sale again (the shop's seat map is cached a moment)
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> seats.stream().allMatch(seat -> state(seat) == 'F'));
    // the buyer is told, by e-mail
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !TestMail.to(p.email()).stream()
                    .filter(m -> subject(m).contains("annulée"))
                    .toList()
                    .isEmpty());
    MimeMessage mail =
        TestMail.to(p.email()).stream()
            .filter(m -> subject(m).contains("annulée"))
            .findFirst()
            .orElseThrow();
    assertThat(mail.getContent().toString())
        .contains("the show moved to a smaller hall")
        .contains("refunded to your card");
  }

  private static String seatOf(String ticketId) {
    return TestServer.get()
        .services()
        .pool()
        .preparedQuery("select seat_id from ticket where id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(ticketId)))
        .await()
        .iterator()
        .next()
        .getString(0);
  }

  /** A seat's state in the shop's seat map: F, H or S. */
  private char state(String seatId) {
    JsonObject map =
        get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + f.posCode).json();
    for (Object o : map.getJsonArray("rows")) {
      JsonObject row = (JsonObject) o;
      io.vertx.core.json.JsonArray ids = row.getJsonArray("ids");
      for (int i = 0; i < ids.size(); i++) {
        if (ids.getString(i).equals(seatId)) {
          return row.getString("states").charAt(i);
        }
      }
    }
    throw new AssertionError("no seat " + seatId);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void
      some_tickets_cancelled_give_back_their_price_and_the_rest_later_gives_back_all_that_is_left() {
    Paid p = PaidOrders.guest(f, 3);
    long total = p.total();
    Reply first = adminPost(p.cancellations(), cancel("CARD", "one seat is broken", 2));
    assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
    assertThat(first.json().getBoolean("whole")).isFalse();
    assertThat(first.json().getLong("amount")).isEqualTo(4500);
    assertThat(p.status()).isEqualTo("PAID");
    assertThat(liveTickets(p)).isEqualTo(2);
    assertThat(
            count(
                "select count(*) from ticket where order_id = $1 and line_no = 2"
                    + " and status = 'CANCELLED'",
                UUID.fromString(p.id())))
        .isEqualTo(1);

    // the same line again: refused, nothing changes
    adminPost(p.cancellations(), cancel("CARD", "again", 2)).problem(409, "order-state");
    adminPost(p.cancellations(), cancel("CARD", "no such line", 9)).problem(400, "bad-request");

    Reply rest = adminPost(p.cancellations(), cancel("CARD", "the show is cancelled"));
    assertThat(rest.status()).as("%s", rest.body()).isEqualTo(201);
    assertThat(rest.json().getBoolean("whole")).isTrue();
    assertThat(rest.json().getLong("amount")).isEqualTo(total - 4500);
    assertThat(psp().refundedHundredths(p.payId())).isEqualTo(total);
    assertThat(p.status()).isEqualTo("CANCELLED");
    assertThat(adminGet(p.cancellations()).json().getLong("total")).isEqualTo(2);
    // nothing left to cancel
    adminPost(p.cancellations(), cancel("CARD", "once more")).problem(409, "order-state");
  }

  @Test
  void the_same_idempotency_key_answers_the_same_cancellation_and_refunds_once() {
    Paid p = PaidOrders.guest(f, 2);
    String key = "cancel-" + UUID.randomUUID();
    JsonObject body = cancel("CARD", "double click", 1);
    Reply first =
        send(
            client
                .post(p.cancellations())
                .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .putHeader("Idempotency-Key", key),
            body);
    assertThat(first.status()).isEqualTo(201);
    Reply again =
        send(
            client
                .post(p.cancellations())
                .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .putHeader("Idempotency-Key", key),
            body);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getBoolean("replayed")).isTrue();
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    send(
            client
                .post(p.cancellations())
                .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .putHeader("Idempotency-Key", key),
            cancel("CARD", "another body", 2))
        .problem(422, "idempotency-key-reused");
    assertThat(psp().refundedHundredths(p.payId())).isEqualTo(4500);
    assertThat(liveTickets(p)).isEqualTo(1);
  }

  @Test
  void a_refund_the_provider_refuses_is_failed_listed_and_refunded_when_retried() {
    Paid p = PaidOrders.guest(f, 1);
    psp().refuseRefunds(1);
    Reply reply = adminPost(p.cancellations(), cancel("CARD", "moved"));
    assertThat(reply.status()).isEqualTo(201);
    JsonObject refund = reply.json().getJsonObject("refund");
    assertThat(refund.getString("status")).isEqualTo("FAILED");
    assertThat(refund.getString("lastError")).contains("50001046");
    assertThat(psp().refundedHundredths(p.payId())).isZero();
    // the ticket is cancelled whatever the provider says
    assertThat(liveTickets(p)).isZero();

    String refunds = "/admin/v1/organizers/" + f.organizer.getString("id") + "/refunds";
    Reply failed = adminGet(refunds + "?status=FAILED");
    assertThat(failed.json().getLong("total")).isEqualTo(1);
    assertThat(failed.items().getJsonObject(0).getString("id")).isEqualTo(refund.getString("id"));

    Reply retried = adminPost("/admin/v1/refunds/" + refund.getString("id") + "/retry", null);
    assertThat(retried.status()).as("%s", retried.body()).isEqualTo(200);
    assertThat(retried.json().getString("status")).isEqualTo("REFUNDED");
    assertThat(retried.json().getInteger("attempts")).isEqualTo(2);
    assertThat(psp().refundedHundredths(p.payId())).isEqualTo(p.total());
    assertThat(adminGet(refunds + "?status=FAILED").json().getLong("total")).isZero();
    // refunded: a retry is refused
    adminPost("/admin/v1/refunds/" + refund.getString("id") + "/retry", null)
        .problem(409, "order-state");
  }

  @Test
  void a_refund_whose_answer_is_lost_is_unknown_and_its_retry_never_refunds_twice() {
    Paid p = PaidOrders.guest(f, 2);
    psp().loseRefundAnswers(1);
    Reply reply = adminPost(p.cancellations(), cancel("CARD", "moved"));
    assertThat(reply.status()).isEqualTo(201);
    JsonObject refund = reply.json().getJsonObject("refund");
    assertThat(refund.getString("status")).isEqualTo("UNKNOWN");
    // the provider did refund: only its answer was lost
    assertThat(psp().refundedHundredths(p.payId())).isEqualTo(p.total());

    Reply retried = adminPost("/admin/v1/refunds/" + refund.getString("id") + "/retry", null);
    assertThat(retried.json().getString("status")).isEqualTo("REFUNDED");
    assertThat(psp().refundedHundredths(p.payId())).isEqualTo(p.total());
  }

  @Test
  void a_refund_to_credit_goes_to_the_buyers_account_and_a_guest_has_none() {
    Paid holder = PaidOrders.account(f, 1);
    long before =
        count("select credit_balance from customer where lower(email) = $1", holder.email());
    Reply reply = adminPost(holder.cancellations(), cancel("CREDIT", "exchange for credit"));
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    assertThat(reply.json().getLong("toCredit")).isEqualTo(holder.total());
    assertThat(reply.json().containsKey("refund")).isFalse();
    assertThat(count("select credit_balance from customer where lower(email) = $1", holder.email()))
        .isEqualTo(before + holder.total());
    assertThat(psp().refundedHundredths(holder.payId())).isZero();

    Paid guest = PaidOrders.guest(f, 1);
    adminPost(guest.cancellations(), cancel("CREDIT", "no account")).problem(409, "order-state");
    assertThat(liveTickets(guest)).isEqualTo(1);
    Reply none = adminPost(guest.cancellations(), cancel("NONE", "goodwill, no refund"));
    assertThat(none.json().getLong("amount")).isZero();
    assertThat(liveTickets(guest)).isZero();
    assertThat(psp().refundedHundredths(guest.payId())).isZero();
  }

  @Test
  void a_cancelled_ticket_is_refused_at_the_doors_and_a_scanned_one_is_never_cancelled() {
    Paid p = PaidOrders.guest(f, 2);
    String token = scanner();
    Reply in = scan(token, f.performanceId(), p, p.tickets().get(0));
    assertThat(in.status()).isEqualTo(200);
    long line =
        count("select line_no from ticket where id = $1", UUID.fromString(p.tickets().get(0)));
    long otherLine =
        count("select line_no from ticket where id = $1", UUID.fromString(p.tickets().get(1)));
    adminPost(p.cancellations(), cancel("CARD", "too late", (int) line))
        .problem(409, "order-state");
    adminPost(p.cancellations(), cancel("CARD", "whole, with one scanned"))
        .problem(409, "order-state");
    assertThat(liveTickets(p)).isEqualTo(2);
    assertThat(psp().refundedHundredths(p.payId())).isZero();

    String otherCode = code(p, p.tickets().get(1));
    Reply cancelled = adminPost(p.cancellations(), cancel("CARD", "the other", (int) otherLine));
    assertThat(cancelled.status()).isEqualTo(201);
    JsonObject refused = scan(token, f.performanceId(), otherCode).problem(409, "checkin-refused");
    assertThat(refused.getString("reason")).isEqualTo("CANCELLED");
  }

  @Test
  void every_cancellation_route_needs_the_admin_key_and_an_unknown_subject_is_not_found() {
    Paid p = PaidOrders.guest(f, 1);
    String org = f.organizer.getString("id");
    String[][] routes = {
      {"POST", p.cancellations()},
      {"GET", p.cancellations()},
      {"GET", "/admin/v1/organizers/" + org + "/refunds"},
      {"POST", "/admin/v1/refunds/" + UUID.randomUUID() + "/retry"}
    };
    for (String[] r : routes) {
      JsonObject body = r[0].equals("POST") ? cancel("CARD", "no key") : null;
      send(client.request(HttpMethod.valueOf(r[0]), r[1]), body).problem(401, "unauthorized");
      send(
              client
                  .request(HttpMethod.valueOf(r[0]), r[1])
                  .putHeader("Authorization", "Bearer wrong"),
              body)
          .problem(401, "unauthorized");
    }
    assertThat(liveTickets(p)).isEqualTo(1);
    String unknownOrder = "/admin/v1/orders/" + UUID.randomUUID() + "/cancellations";
    adminPost(unknownOrder, cancel("CARD", "x")).problem(404, "not-found");
    adminGet(unknownOrder).problem(404, "not-found");
    adminGet("/admin/v1/organizers/" + UUID.randomUUID() + "/refunds").problem(404, "not-found");
    adminPost("/admin/v1/refunds/" + UUID.randomUUID() + "/retry", null).problem(404, "not-found");
    adminPost(p.cancellations(), new JsonObject().put("refundTo", "CASH").put("reason", "x"))
        .problem(400, "bad-request");
    adminPost(p.cancellations(), new JsonObject().put("refundTo", "CARD").put("reason", " "))
        .problem(400, "bad-request");
  }
}
