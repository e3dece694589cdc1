package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminCatalogueTest extends ServerTest {
  private static Fixtures f;

  @BeforeAll
  static void catalogue() {
    f = Fixtures.create();
  }

  @Test
  void every_created_resource_reads_back() {
    String org = f.organizer.getString("id");
    assertThat(adminGet("/admin/v1/organizers/" + org).json()).isEqualTo(f.organizer);
    assertThat(adminGet("/admin/v1/organizers/" + org + "/tariffs").items()).hasSize(2);
    assertThat(adminGet("/admin/v1/venues/" + f.venue.getString("id")).json()).isEqualTo(f.venue);
    assertThat(adminGet("/admin/v1/events/" + f.event.getString("id")).json()).isEqualTo(f.event);
    assertThat(adminGet("/admin/v1/channels/" + f.channel.getString("id")).json())
        .isEqualTo(f.channel);
    assertThat(adminGet("/admin/v1/points-of-sale/" + f.pos.getString("id")).json())
        .isEqualTo(f.pos);
    JsonObject perf = adminGet("/admin/v1/performances/" + f.performanceId()).json();
    assertThat(perf.getString("currency")).isEqualTo("EUR");
    assertThat(perf.getJsonArray("prices")).hasSize(4);
    assertThat(adminGet("/admin/v1/performances/" + f.performanceId() + "/onsale-windows").items())
        .hasSize(1);
  }

  @Test
  void a_seat_map_import_reports_capacity_and_keeps_its_layout() {
    assertThat(f.seatMap.getInteger("capacity")).isEqualTo(70);
    assertThat(f.seatMap.getInteger("seatCount")).isEqualTo(20);
    JsonObject stored = adminGet("/admin/v1/seatmaps/" + f.seatMap.getString("id")).json();
    assertThat(stored.getJsonArray("sections")).hasSize(2);
    assertThat(stored.getJsonArray("categories")).hasSize(3);
    assertThat(stored.getJsonArray("seats")).hasSize(20);
  }

  @Test
  void a_seat_map_reads_back_as_it_was_imported() throws Exception {
    JsonObject imported =
        new JsonObject(
            java.nio.file.Files.readString(java.nio.file.Path.of("docs/seatmap-example.json")));
    Reply created =
        adminPost("/admin/v1/venues/" + f.venue.getString("id") + "/seatmaps", imported);
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    Reply read = adminGet(created.headers().get("Location"));
    assertThat(read.status()).isEqualTo(200);
    JsonObject stored = read.json();

    assertThat(stored.getString("name")).isEqualTo(imported.getString("name"));
    assertThat(numbersAsDoubles(stored.getJsonArray("categories")))
        .isEqualTo(numbersAsDoubles(imported.getJsonArray("categories")));
    assertThat(numbersAsDoubles(stored.getJsonArray("sections")))
        .isEqualTo(numbersAsDoubles(imported.getJsonArray("sections")));
    // a seat's label defaults to its pos, blocked to false: what the format says it means
    JsonArray expectedSeats = new JsonArray();
    for (Object o : imported.getJsonArray("seats")) {
      JsonObject seat = ((JsonObject) o).copy();
      if (!seat.containsKey("label")) {
        seat.put("label", String.valueOf(seat.getInteger("pos")));
      }
      if (!seat.containsKey("blocked")) {
        seat.put("blocked", false);
      }
      expectedSeats.add(seat);
    }
    assertThat(numbersAsDoubles(stored.getJsonArray("seats")))
        .isEqualTo(numbersAsDoubles(expectedSeats));
  }

  /** JSON with every number as a double: 0 in a document and 0.0 read back are one value. */
  private static Object numbersAsDoubles(Object value) {
    if (value instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(e.getKey(), numbersAsDoubles(e.getValue())));
      return out;
    }
    if (value instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(numbersAsDoubles(v)));
      return out;
    }
    return value instanceof Number n ? (Object) n.doubleValue() : value;
  }

  @Test
  void a_channel_keeps_all_its_parameters() {
    assertThat(f.channel.getString("type")).isEqualTo("PUBLIC");
    assertThat(f.channel.getString("seatSearchMode")).isEqualTo("BEST_AVAILABLE_VIEW");
    assertThat(f.channel.getInteger("holdTimeoutSeconds")).isEqualTo(600);
    assertThat(f.channel.getInteger("isolatedSeatTrigger")).isEqualTo(10);
    assertThat(f.channel.getInteger("maxPerPerformance")).isEqualTo(6);
    assertThat(f.channel.getLong("feeCap")).isEqualTo(500);
    assertThat(f.channel.getString("currency")).isEqualTo("EUR");
    assertThat(f.channel.getJsonArray("deliveryModes")).hasSize(2);
  }

  @Test
  void a_point_of_sale_gets_default_settings_merged_with_given_ones() {
    JsonObject pos =
        create(
            "/admin/v1/points-of-sale",
            new JsonObject()
                .put("channelId", f.channel.getString("id"))
                .put("code", "pos-" + UUID.randomUUID().toString().substring(0, 8))
                .put("name", "Settings")
                .put(
                    "settings",
                    new JsonObject().put("disableTicketDownload", true).put("loginAt", "START")));
    JsonObject settings = pos.getJsonObject("settings");
    assertThat(settings.getBoolean("disableTicketDownload")).isTrue();
    assertThat(settings.getString("loginAt")).isEqualTo("START");
    assertThat(settings.getBoolean("guestCheckout")).isTrue();
  }

  @Test
  void quotas_of_seats_and_of_a_count_are_created_and_listed() {
    Fixtures g = Fixtures.create();
    String quotas = "/admin/v1/performances/" + g.performanceId() + "/quotas";
    JsonArray channels = new JsonArray().add(g.channel.getString("id"));
    create(
        quotas,
        new JsonObject()
            .put("name", "Seats")
            .put("channelIds", channels)
            .put("seatIds", new JsonArray().add("R1-1").add("R1-2")));
    create(
        quotas,
        new JsonObject()
            .put("name", "Count")
            .put("channelIds", channels)
            .put("category", "C")
            .put("count", 20));
    assertThat(adminGet(quotas).items()).hasSize(2);
  }

  @Test
  void a_quota_over_the_category_capacity_is_refused() {
    String quotas = "/admin/v1/performances/" + f.performanceId() + "/quotas";
    JsonArray channels = new JsonArray().add(f.channel.getString("id"));
    adminPost(
            quotas,
            new JsonObject()
                .put("name", "Too big")
                .put("channelIds", channels)
                .put("category", "A")
                .put("count", 11))
        .problem(400, "bad-request");
    adminPost(
            quotas,
            new JsonObject()
                .put("name", "No seat")
                .put("channelIds", channels)
                .put("seatIds", new JsonArray().add("ZZ-9")))
        .problem(400, "bad-request");
    adminPost(
            quotas,
            new JsonObject()
                .put("name", "Both")
                .put("channelIds", channels)
                .put("seatIds", new JsonArray().add("R1-1"))
                .put("category", "A")
                .put("count", 1))
        .problem(400, "bad-request");
  }

  @Test
  void quotas_together_never_reserve_more_than_a_category_holds() {
    Fixtures g = Fixtures.create();
    String quotas = "/admin/v1/performances/" + g.performanceId() + "/quotas";
    JsonArray channels = new JsonArray().add(g.channel.getString("id"));
    create(
        quotas,
        new JsonObject()
            .put("name", "Seats")
            .put("channelIds", channels)
            .put("seatIds", new JsonArray().add("R1-1").add("R1-2")));
    create(
        quotas,
        new JsonObject()
            .put("name", "Six")
            .put("channelIds", channels)
            .put("category", "A")
            .put("count", 6));
    adminPost(
            quotas,
            new JsonObject()
                .put("name", "Three")
                .put("channelIds", channels)
                .put("category", "A")
                .put("count", 3))
        .problem(400, "bad-request");
    create(
        quotas,
        new JsonObject()
            .put("name", "Two")
            .put("channelIds", channels)
            .put("category", "A")
            .put("count", 2));
  }

  @Test
  void the_showcase_is_replaced_and_read() {
    String path = "/admin/v1/points-of-sale/" + f.pos.getString("id") + "/showcase";
    JsonObject body =
        new JsonObject()
            .put(
                "items",
                new JsonArray()
                    .add(new JsonObject().put("eventId", f.event.getString("id")).put("rank", 1)));
    Reply reply = admin(HttpMethod.PUT, path, body);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(adminGet(path).json().getJsonArray("items")).hasSize(1);
  }

  // --- bad input: a 4xx problem and nothing changed ---

  @Test
  void malformed_json_is_a_400_problem() {
    long before = count("select count(*) from organizer");
    adminPost("/admin/v1/organizers", Buffer.buffer("{\"name\": \"x\","))
        .problem(400, "malformed-json");
    adminPost(
            "/admin/v1/venues/" + f.venue.getString("id") + "/seatmaps", Buffer.buffer("{\"name\""))
        .problem(400, "malformed-json");
    assertThat(count("select count(*) from organizer")).isEqualTo(before);
  }

  @Test
  void unknown_ids_are_404_problems() {
    String id = UUID.randomUUID().toString();
    for (String path :
        new String[] {
          "/admin/v1/organizers/",
          "/admin/v1/venues/",
          "/admin/v1/seatmaps/",
          "/admin/v1/events/",
          "/admin/v1/performances/",
          "/admin/v1/channels/",
          "/admin/v1/points-of-sale/"
        }) {
      adminGet(path + id).problem(404, "not-found");
    }
    adminPost("/admin/v1/venues", new JsonObject().put("organizerId", id).put("name", "x"))
        .problem(404, "not-found");
    adminPost("/admin/v1/venues/" + id + "/seatmaps", Fixtures.smallSeatMap())
        .problem(404, "not-found");
  }

  @Test
  void a_malformed_id_is_a_400_problem() {
    adminGet("/admin/v1/organizers/not-a-uuid").problem(400, "bad-request");
  }

  @Test
  void a_negative_price_is_refused_and_no_performance_is_created() {
    long before = count("select count(*) from performance");
    JsonObject body =
        new JsonObject()
            .put("eventId", f.event.getString("id"))
            .put("seatMapId", f.seatMap.getString("id"))
            .put("startsAt", "2030-01-01T20:00:00Z")
            .put(
                "prices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", "A")
                            .put("tariffId", f.full.getString("id"))
                            .put("amount", -1)));
    adminPost("/admin/v1/performances", body).problem(400, "bad-request");
    assertThat(count("select count(*) from performance")).isEqualTo(before);
  }

  @Test
  void prices_must_name_a_category_of_the_map_and_a_tariff_of_the_organizer() {
    JsonObject other = Fixtures.create().full;
    long before = count("select count(*) from performance");
    JsonObject base =
        new JsonObject()
            .put("eventId", f.event.getString("id"))
            .put("seatMapId", f.seatMap.getString("id"))
            .put("startsAt", "2030-01-01T20:00:00Z");
    adminPost(
            "/admin/v1/performances",
            base.copy()
                .put(
                    "prices",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("category", "Z")
                                .put("tariffId", f.full.getString("id"))
                                .put("amount", 10))))
        .problem(400, "bad-request");
    adminPost(
            "/admin/v1/performances",
            base.copy()
                .put(
                    "prices",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("category", "A")
                                .put("tariffId", other.getString("id"))
                                .put("amount", 10))))
        .problem(400, "bad-request");
    assertThat(count("select count(*) from performance")).isEqualTo(before);
  }

  @Test
  void a_huge_amount_or_a_wrong_currency_or_an_unknown_enum_is_refused() {
    adminPost("/admin/v1/organizers", new JsonObject().put("name", "x").put("currency", "euro"))
        .problem(400, "bad-request");
    JsonObject channel = Fixtures.channel(f.organizer.getString("id"), "PUBLIC");
    adminPost("/admin/v1/channels", channel.copy().put("feeCap", 10_000_000_000_000L))
        .problem(400, "bad-request");
    adminPost("/admin/v1/channels", channel.copy().put("type", "FRIENDS"))
        .problem(400, "bad-request");
    adminPost("/admin/v1/channels", channel.copy().put("maxPerPerformance", 0))
        .problem(400, "bad-request");
    adminPost("/admin/v1/channels", channel.copy().put("extra", true)).problem(400, "bad-request");
  }

  @Test
  void a_body_over_the_size_limit_is_a_413_problem_and_changes_nothing() {
    long before = count("select count(*) from organizer");
    String name = "x".repeat(300 * 1024);
    adminPost("/admin/v1/organizers", new JsonObject().put("name", name).put("currency", "EUR"))
        .problem(413, "body-too-large");
    assertThat(count("select count(*) from organizer")).isEqualTo(before);
  }

  @Test
  void a_seat_map_with_duplicate_seat_ids_is_refused_whole() {
    long maps = count("select count(*) from seat_map");
    long seats = count("select count(*) from seat");
    JsonObject doc = Fixtures.smallSeatMap();
    doc.getJsonArray("seats").getJsonObject(3).put("id", "R1-1");
    JsonObject problem =
        adminPost("/admin/v1/venues/" + f.venue.getString("id") + "/seatmaps", doc)
            .problem(422, "invalid-seat-map");
    assertThat(problem.getJsonArray("violations").encode())
        .contains("/seats/3/id")
        .contains("duplicate seat id R1-1");
    assertThat(count("select count(*) from seat_map")).isEqualTo(maps);
    assertThat(count("select count(*) from seat")).isEqualTo(seats);
  }

  @Test
  void a_seat_outside_any_section_is_refused() {
    long maps = count("select count(*) from seat_map");
    JsonObject unknownSection = Fixtures.smallSeatMap();
    unknownSection.getJsonArray("seats").getJsonObject(0).put("section", "NOWHERE");
    JsonObject outOfBounds = Fixtures.smallSeatMap();
    outOfBounds.getJsonArray("seats").getJsonObject(1).put("x", 500);
    String path = "/admin/v1/venues/" + f.venue.getString("id") + "/seatmaps";
    assertThat(adminPost(path, unknownSection).problem(422, "invalid-seat-map").encode())
        .contains("outside any section");
    assertThat(adminPost(path, outOfBounds).problem(422, "invalid-seat-map").encode())
        .contains("is outside section MAIN");
    assertThat(count("select count(*) from seat_map")).isEqualTo(maps);
  }

  @Test
  void a_seat_map_must_be_json() {
    Reply reply =
        send(
            client
                .post("/admin/v1/venues/" + f.venue.getString("id") + "/seatmaps")
                .putHeader("Authorization", "Bearer " + io.guichet.TestServer.ADMIN_KEY)
                .putHeader("content-type", "text/plain"),
            Buffer.buffer("seats"));
    reply.problem(415, "unsupported-media-type");
  }

  @Test
  void a_duplicate_point_of_sale_code_is_a_409_problem() {
    adminPost(
            "/admin/v1/points-of-sale",
            new JsonObject()
                .put("channelId", f.channel.getString("id"))
                .put("code", f.posCode)
                .put("name", "dup"))
        .problem(409, "already-exists");
  }

  @Test
  void an_on_sale_window_must_close_after_it_opens_and_once_per_channel() {
    String path = "/admin/v1/performances/" + f.performanceId() + "/onsale-windows";
    adminPost(
            path,
            new JsonObject()
                .put("channelId", f.channel.getString("id"))
                .put("opensAt", "2030-01-02T00:00:00Z")
                .put("closesAt", "2030-01-01T00:00:00Z"))
        .problem(400, "bad-request");
    adminPost(
            path,
            new JsonObject()
                .put("channelId", f.channel.getString("id"))
                .put("opensAt", "2030-01-01T00:00:00Z")
                .put("closesAt", "2030-01-02T00:00:00Z"))
        .problem(409, "already-exists");
    adminPost(
            path,
            new JsonObject()
                .put("channelId", f.channel.getString("id"))
                .put("opensAt", "yesterday")
                .put("closesAt", "2030-01-02T00:00:00Z"))
        .problem(400, "bad-request");
  }

  @Test
  void a_window_for_a_channel_of_another_organizer_is_refused() {
    Fixtures other = Fixtures.create();
    adminPost(
            "/admin/v1/performances/" + f.performanceId() + "/onsale-windows",
            new JsonObject()
                .put("channelId", other.channel.getString("id"))
                .put("opensAt", "2030-01-01T00:00:00Z")
                .put("closesAt", "2030-01-02T00:00:00Z"))
        .problem(400, "bad-request");
  }
}
