package io.guichet.b2b;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The producer's space: a producer's users log in and read the reports of their own events only
 * (404 for anything else); nothing else opens with their session, and their space opens with
 * nothing else (the admin key, a buyer's session).
 */
class ProducerSpaceTest extends ServerTest {
  private static final String PASSWORD = "a long enough password";
  private static final List<String> REPORTS =
      List.of(
          "revenue",
          "availability",
          "sales",
          "contacts",
          "export?report=revenue",
          "export?report=contacts&format=xlsx");

  private static Fixtures f;
  private static Fixtures otherOrganizer;
  private static String producerId;
  private static String email;
  private static String token;
  private static String otherEventPerformance;

  @BeforeAll
  static void producerWithOneEvent() {
    f = Fixtures.create();
    otherOrganizer = Fixtures.create();
    producerId = producer(f.organizer.getString("id"), "Productions du Levant").getString("id");
    email = "prod+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    user(producerId, email);
    assertThat(assign(f.event.getString("id"), producerId).status()).isEqualTo(200);
    // another event of the same organizer, not the producer's
    JsonObject otherEvent =
        create(
            "/admin/v1/events",
            new JsonObject()
                .put("organizerId", f.organizer.getString("id"))
                .put("name", "Another show"));
    otherEventPerformance =
        create(
                "/admin/v1/performances",
                new JsonObject()
                    .put("eventId", otherEvent.getString("id"))
                    .put("seatMapId", f.seatMap.getString("id"))
                    .put(
                        "startsAt",
                        Instant.now()
                            .plus(20, ChronoUnit.DAYS)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString())
                    .put(
                        "prices",
                        new io.vertx.core.json.JsonArray()
                            .add(
                                new JsonObject()
                                    .put("category", "A")
                                    .put("tariffId", f.fullTariff())
                                    .put("amount", 1000))))
            .getString("id");
    token = login(email, PASSWORD).json().getString("token");
  }

  private static JsonObject producer(String organizerId, String name) {
    return create(
        "/admin/v1/organizers/" + organizerId + "/producers", new JsonObject().put("name", name));
  }

  private static Reply user(String producerId, String email) {
    Reply r =
        adminPost(
            "/admin/v1/producers/" + producerId + "/users",
            new JsonObject().put("email", email).put("password", PASSWORD));
    return r;
  }

  private static Reply assign(String eventId, String producerId) {
    return admin(
        HttpMethod.PUT,
        "/admin/v1/events/" + eventId + "/producer",
        new JsonObject().put("producerId", producerId));
  }

  private static Reply login(String email, String password) {
    return send(
        client.post("/producer/v1/sessions"),
        new JsonObject().put("email", email).put("password", password));
  }

  private static Reply asProducer(String path, String bearer) {
    var request = client.get(path);
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    return send(request, null);
  }

  private static String reports(String performanceId) {
    return "/producer/v1/performances/" + performanceId + "/reports/";
  }

  @Test
  void a_producer_logs_in_and_lists_its_own_events_with_their_performances() {
    Reply events = asProducer("/producer/v1/events", token);
    assertThat(events.json().getLong("total")).isEqualTo(1);
    JsonObject event = events.items().getJsonObject(0);
    assertThat(event.getString("id")).isEqualTo(f.event.getString("id"));
    assertThat(event.getJsonArray("performanceIds").getList()).containsExactly(f.performanceId());
  }

  @Test
  void a_producer_reads_every_report_of_its_own_performances() {
    for (String report : REPORTS) {
      Reply r = asProducer(reports(f.performanceId()) + report, token);
      assertThat(r.status()).as(report + ": %s", r.body()).isEqualTo(200);
    }
    assertThat(
            asProducer(reports(f.performanceId()) + "revenue", token).json().getString("eventId"))
        .isEqualTo(f.event.getString("id"));
  }

  @Test
  void any_other_performance_is_not_found_for_a_producer() {
    for (String other :
        List.of(
            otherEventPerformance, otherOrganizer.performanceId(), UUID.randomUUID().toString())) {
      for (String report : REPORTS) {
        asProducer(reports(other) + report, token).problem(404, "not-found");
      }
    }
  }

  @Test
  void the_producers_space_opens_with_no_other_credentials() {
    String buyer = buyerSession();
    for (String path :
        List.of(
            "/producer/v1/events",
            reports(f.performanceId()) + "revenue",
            reports(f.performanceId()) + "export?report=contacts")) {
      asProducer(path, null).problem(401, "producer-unauthorized");
      asProducer(path, TestServer.ADMIN_KEY).problem(401, "producer-unauthorized");
      asProducer(path, buyer).problem(401, "producer-unauthorized");
      asProducer(path, token + "x").problem(401, "producer-unauthorized");
    }
  }

  @Test
  void a_producer_session_opens_neither_the_back_office_nor_a_shop() {
    asProducer("/admin/v1/performances/" + f.performanceId() + "/reports/revenue", token)
        .problem(401, "unauthorized");
    asProducer("/admin/v1/organizers/" + f.organizer.getString("id") + "/producers", token)
        .problem(401, "unauthorized");
    asProducer("/api/v1/account?pos=" + f.posCode, token).problem(401, "login-required");
  }

  @Test
  void the_organizers_producer_and_report_routes_need_the_admin_key() {
    String org = f.organizer.getString("id");
    for (String path :
        List.of(
            "/admin/v1/organizers/" + org + "/producers",
            "/admin/v1/producers/" + producerId,
            "/admin/v1/producers/" + producerId + "/users",
            "/admin/v1/performances/" + f.performanceId() + "/reports/revenue",
            "/admin/v1/performances/" + f.performanceId() + "/reports/availability",
            "/admin/v1/performances/" + f.performanceId() + "/reports/sales",
            "/admin/v1/performances/" + f.performanceId() + "/reports/contacts",
            "/admin/v1/performances/" + f.performanceId() + "/reports/export?report=revenue")) {
      send(client.get(path), null).problem(401, "unauthorized");
    }
    send(
            client.post("/admin/v1/organizers/" + org + "/producers"),
            new JsonObject().put("name", "x"))
        .problem(401, "unauthorized");
    send(
            client.put("/admin/v1/events/" + f.event.getString("id") + "/producer"),
            new JsonObject().putNull("producerId"))
        .problem(401, "unauthorized");
  }

  @Test
  void a_wrong_password_or_an_unknown_email_is_refused_alike() {
    login(email, "not the password at all").problem(401, "invalid-credentials");
    login("nobody-" + UUID.randomUUID() + "@example.org", PASSWORD)
        .problem(401, "invalid-credentials");
  }

  @Test
  void an_email_is_one_producer_user_only() {
    String other = producer(f.organizer.getString("id"), "Other").getString("id");
    user(other, email.toUpperCase(java.util.Locale.ROOT)).problem(409, "already-exists");
    Reply users = adminGet("/admin/v1/producers/" + producerId + "/users");
    assertThat(users.json().getLong("total")).isEqualTo(1);
    assertThat(users.items().getJsonObject(0).containsKey("password")).isFalse();
  }

  @Test
  void an_event_is_given_only_to_a_producer_of_its_organizer_and_can_be_taken_back() {
    String foreign = producer(otherOrganizer.organizer.getString("id"), "Foreign").getString("id");
    assign(f.event.getString("id"), foreign).problem(404, "not-found");
    assign(UUID.randomUUID().toString(), producerId).problem(404, "not-found");

    String own = producer(f.organizer.getString("id"), "Later").getString("id");
    String later = "later+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    assertThat(user(own, later).status()).isEqualTo(201);
    String laterToken = login(later, PASSWORD).json().getString("token");
    JsonObject otherEvent =
        create(
            "/admin/v1/events",
            new JsonObject().put("organizerId", f.organizer.getString("id")).put("name", "Loan"));
    assertThat(assign(otherEvent.getString("id"), own).status()).isEqualTo(200);
    assertThat(asProducer("/producer/v1/events", laterToken).json().getLong("total")).isEqualTo(1);
    Reply back = assign(otherEvent.getString("id"), null);
    assertThat(back.json().getValue("producerId")).isNull();
    assertThat(asProducer("/producer/v1/events", laterToken).json().getLong("total")).isZero();
  }

  @Test
  void the_organizer_lists_reads_and_renames_its_producers() {
    String org = f.organizer.getString("id");
    Reply list = adminGet("/admin/v1/organizers/" + org + "/producers");
    assertThat(list.json().getLong("total")).isGreaterThanOrEqualTo(1);
    Reply renamed =
        admin(
            HttpMethod.PATCH,
            "/admin/v1/producers/" + producerId,
            new JsonObject().put("name", "Productions du Levant SA"));
    assertThat(renamed.json().getString("name")).isEqualTo("Productions du Levant SA");
    assertThat(adminGet("/admin/v1/producers/" + producerId).json().getString("name"))
        .isEqualTo("Productions du Levant SA");
    adminGet("/admin/v1/producers/" + UUID.randomUUID()).problem(404, "not-found");
    adminGet("/admin/v1/organizers/" + UUID.randomUUID() + "/producers").problem(404, "not-found");
  }

  private static String buyerSession() {
    String buyer = "buyer+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    Reply signedUp =
        send(
            client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", buyer)
                .put("password", PASSWORD)
                .put("firstName", "Grace")
                .put("lastName", "Hopper"));
    assertThat(signedUp.status()).as("%s", signedUp.body()).isEqualTo(201);
    Reply session =
        send(
            client.post("/api/v1/sessions?pos=" + f.posCode),
            new JsonObject().put("email", buyer).put("password", PASSWORD));
    return session.json().getString("token");
  }
}
