package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShopCatalogueTest extends ServerTest {
  private static Fixtures f;

  @BeforeAll
  static void catalogue() {
    f = Fixtures.create();
  }

  @Test
  void events_on_sale_at_a_point_of_sale_are_listed() {
    JsonObject page = get("/api/v1/events?pos=" + f.posCode).json();
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo(f.event.getString("id"));
  }

  @Test
  void events_are_filtered_by_date_and_paginated() {
    String pos = "?pos=" + f.posCode;
    Instant in20Days = Instant.now().plus(20, ChronoUnit.DAYS);
    assertThat(get("/api/v1/events" + pos + "&from=" + in20Days).json().getLong("total")).isZero();
    assertThat(get("/api/v1/events" + pos + "&to=" + in20Days).json().getLong("total"))
        .isEqualTo(1);
    Reply pageTwo = get("/api/v1/events" + pos + "&page=1&size=1");
    assertThat(pageTwo.json().getJsonArray("items")).isEmpty();
    assertThat(pageTwo.json().getLong("total")).isEqualTo(1);
    get("/api/v1/events" + pos + "&size=1000").problem(400, "bad-request");
    get("/api/v1/events" + pos + "&page=-1").problem(400, "bad-request");
    get("/api/v1/events" + pos + "&from=tomorrow").problem(400, "bad-request");
  }

  @Test
  void a_point_of_sale_sees_only_its_channel_s_events() {
    JsonObject items = get("/api/v1/events?pos=web").json();
    assertThat(items.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .doesNotContain(f.event.getString("id"));
    get("/api/v1/events/" + f.event.getString("id") + "?pos=web").problem(404, "not-found");
    get("/api/v1/performances/" + f.performanceId() + "?pos=web").problem(404, "not-found");
  }

  @Test
  void an_event_lists_its_performances_on_sale_here() {
    JsonObject event =
        get("/api/v1/events/" + f.event.getString("id") + "?pos=" + f.posCode).json();
    JsonArray performances = event.getJsonArray("performances");
    assertThat(performances).hasSize(1);
    assertThat(performances.getJsonObject(0).getString("id")).isEqualTo(f.performanceId());
    assertThat(performances.getJsonObject(0).getString("venueName"))
        .isEqualTo(f.venue.getString("name"));
  }

  @Test
  void a_performance_shows_prices_and_availability_per_category() {
    JsonObject perf = get("/api/v1/performances/" + f.performanceId() + "?pos=" + f.posCode).json();
    assertThat(perf.getString("currency")).isEqualTo("EUR");
    assertThat(perf.getJsonObject("onSale").getBoolean("open")).isTrue();
    JsonObject a = perf.getJsonArray("categories").getJsonObject(0);
    assertThat(a.getString("code")).isEqualTo("A");
    assertThat(a.getLong("capacity")).isEqualTo(10);
    assertThat(a.getLong("available")).isEqualTo(9); // R1-11 is blocked
    assertThat(a.getJsonArray("prices")).hasSize(2);
    assertThat(a.getJsonArray("prices").getJsonObject(0).getLong("amount")).isEqualTo(4500);
    JsonObject b = perf.getJsonArray("categories").getJsonObject(1);
    assertThat(b.getLong("capacity")).isEqualTo(10);
    assertThat(b.getJsonArray("prices")).hasSize(1);
    JsonObject c = perf.getJsonArray("categories").getJsonObject(2);
    assertThat(c.getLong("capacity")).isEqualTo(50); // standing
    assertThat(c.getLong("available")).isEqualTo(50);
  }

  @Test
  void a_tariff_limited_to_other_channels_is_not_shown() {
    Fixtures g = Fixtures.create();
    String org = g.organizer.getString("id");
    JsonObject other = create("/admin/v1/channels", Fixtures.channel(org, "COMPANY"));
    JsonObject members =
        create(
            "/admin/v1/organizers/" + org + "/tariffs",
            new JsonObject()
                .put("code", "MEMBER")
                .put("name", "Members")
                .put("channelIds", new JsonArray().add(other.getString("id"))));
    JsonObject perf =
        create(
            "/admin/v1/performances",
            new JsonObject()
                .put("eventId", g.event.getString("id"))
                .put("seatMapId", g.seatMap.getString("id"))
                .put("startsAt", Instant.now().plus(5, ChronoUnit.DAYS).toString())
                .put(
                    "prices",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("category", "A")
                                .put("tariffId", g.full.getString("id"))
                                .put("amount", 100))
                        .add(
                            new JsonObject()
                                .put("category", "A")
                                .put("tariffId", members.getString("id"))
                                .put("amount", 50))));
    create(
        "/admin/v1/performances/" + perf.getString("id") + "/onsale-windows",
        new JsonObject()
            .put("channelId", g.channel.getString("id"))
            .put("opensAt", Instant.now().toString())
            .put("closesAt", Instant.now().plus(4, ChronoUnit.DAYS).toString()));
    JsonObject shown =
        get("/api/v1/performances/" + perf.getString("id") + "?pos=" + g.posCode).json();
    assertThat(shown.getJsonArray("categories").getJsonObject(0).getJsonArray("prices").encode())
        .contains("FULL")
        .doesNotContain("MEMBER");
  }

  @Test
  void the_seat_map_gives_every_seat_with_its_state_row_by_row() {
    JsonObject map =
        get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + f.posCode).json();
    assertThat(map.getInteger("seatCount")).isEqualTo(20);
    JsonArray rows = map.getJsonArray("rows");
    assertThat(rows).hasSize(2);
    JsonObject r1 = rows.getJsonObject(0);
    assertThat(r1.getString("row")).isEqualTo("R1");
    assertThat(r1.getJsonArray("ids")).hasSize(10).contains("R1-1", "R1-11");
    assertThat(r1.getString("states")).isEqualTo("FFFFFFFFFB");
    JsonObject floor =
        map.getJsonArray("sections").getJsonObject(1).getJsonObject("generalAdmission");
    assertThat(floor.getInteger("capacity")).isEqualTo(50);
  }

  @Test
  void the_stadium_seat_map_stays_under_two_megabytes() {
    String stadium = demoPerformance("Tournée des Étoiles 2027");
    Reply reply = get("/api/v1/performances/" + stadium + "/seatmap?pos=web");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getInteger("seatCount")).isEqualTo(50_000);
    assertThat(reply.body().length()).isLessThan(2_000_000);
  }

  @Test
  void the_showcase_lists_featured_events_on_sale() {
    JsonArray items = get("/api/v1/showcase?pos=web").json().getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("name")).isEqualTo("Tournée des Étoiles 2027");
  }

  @Test
  void a_restricted_point_of_sale_refuses_anonymous_callers() {
    String code = "vip-" + UUID.randomUUID().toString().substring(0, 8);
    create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", f.channel.getString("id"))
            .put("code", code)
            .put("name", "VIP")
            .put("restrictedOrganisations", new JsonArray().add("ACME")));
    get("/api/v1/events?pos=" + code).problem(403, "point-of-sale-restricted");
    get("/api/v1/performances/" + f.performanceId() + "?pos=" + code)
        .problem(403, "point-of-sale-restricted");
  }

  @Test
  void a_missing_or_unknown_point_of_sale_is_refused() {
    get("/api/v1/events").problem(400, "bad-request");
    get("/api/v1/events?pos=nope").problem(400, "unknown-point-of-sale");
    get("/api/v1/events?pos=" + "x".repeat(100)).problem(400, "bad-request");
    // codes that also read as JSON numbers or literals are codes all the same
    for (String code : new String[] {"123", "1e5", "true", "null"}) {
      get("/api/v1/events?pos=" + code).problem(400, "unknown-point-of-sale");
    }
  }

  @Test
  void a_point_of_sale_code_made_of_digits_is_a_code() {
    String code = String.valueOf(100_000 + new java.util.Random().nextInt(800_000));
    create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", f.channel.getString("id"))
            .put("code", code)
            .put("name", "Kiosk " + code));
    assertThat(get("/api/v1/events?pos=" + code).status()).isEqualTo(200);
  }

  @Test
  void unknown_or_malformed_ids_are_refused() {
    get("/api/v1/events/" + UUID.randomUUID() + "?pos=web").problem(404, "not-found");
    get("/api/v1/performances/" + UUID.randomUUID() + "?pos=web").problem(404, "not-found");
    get("/api/v1/performances/" + UUID.randomUUID() + "/seatmap?pos=web").problem(404, "not-found");
    get("/api/v1/performances/1234/seatmap?pos=web").problem(400, "bad-request");
  }

  static String demoPerformance(String eventName) {
    JsonArray events = get("/api/v1/events?pos=web").json().getJsonArray("items");
    String eventId =
        events.stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("name").equals(eventName))
            .findFirst()
            .orElseThrow()
            .getString("id");
    return get("/api/v1/events/" + eventId + "?pos=web")
        .json()
        .getJsonArray("performances")
        .getJsonObject(0)
        .getString("id");
  }
}
