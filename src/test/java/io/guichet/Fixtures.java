package io.guichet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Builds a small complete catalogue through the admin API, with unique codes per call. */
public final class Fixtures {
  public final JsonObject organizer;
  public final JsonObject full;
  public final JsonObject reduced;
  public final JsonObject venue;
  public final JsonObject seatMap;
  public final JsonObject event;
  public final JsonObject channel;
  public final JsonObject pos;
  public final JsonObject performance;
  public final String posCode;

  /** The season of the fixtures' event. */
  public static final String SEASON = "2026-2027";

  private Fixtures() {
    this(smallSeatMap());
  }

  private Fixtures(JsonObject map) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    organizer =
        ServerTest.create(
            "/admin/v1/organizers",
            new JsonObject().put("name", "Org " + suffix).put("currency", "EUR"));
    String org = organizer.getString("id");
    full =
        ServerTest.create(
            "/admin/v1/organizers/" + org + "/tariffs",
            new JsonObject().put("code", "FULL").put("name", "Full price"));
    reduced =
        ServerTest.create(
            "/admin/v1/organizers/" + org + "/tariffs",
            new JsonObject().put("code", "RED").put("name", "Reduced"));
    venue =
        ServerTest.create(
            "/admin/v1/venues",
            new JsonObject()
                .put("organizerId", org)
                .put("name", "Hall " + suffix)
                .put("city", "Nantes"));
    seatMap = ServerTest.create("/admin/v1/venues/" + venue.getString("id") + "/seatmaps", map);
    event =
        ServerTest.create(
            "/admin/v1/events",
            new JsonObject()
                .put("organizerId", org)
                .put("name", "Show " + suffix)
                .put("season", SEASON));
    channel = ServerTest.create("/admin/v1/channels", channel(org, "PUBLIC"));
    posCode = "pos-" + suffix;
    pos =
        ServerTest.create(
            "/admin/v1/points-of-sale",
            new JsonObject()
                .put("channelId", channel.getString("id"))
                .put("code", posCode)
                .put("name", "Shop " + suffix));
    performance =
        ServerTest.create(
            "/admin/v1/performances",
            new JsonObject()
                .put("eventId", event.getString("id"))
                .put("seatMapId", seatMap.getString("id"))
                .put(
                    "startsAt",
                    Instant.now()
                        .plus(10, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
                .put(
                    "prices",
                    new JsonArray()
                        .add(price("A", full, 4500))
                        .add(price("A", reduced, 3000))
                        .add(price("B", full, 2500))
                        .add(price("C", full, 1500))));
    ServerTest.create(
        "/admin/v1/performances/" + performance.getString("id") + "/onsale-windows",
        new JsonObject()
            .put("channelId", channel.getString("id"))
            .put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(9, ChronoUnit.DAYS).toString()));
  }

  /**
   * Another channel of this organizer with its own point of sale, selling the performance now;
   * answers the point of sale's code.
   */
  public String sellingChannel(String mode, int isolatedSeatTrigger, boolean allowSplit) {
    JsonObject other =
        ServerTest.create(
            "/admin/v1/channels",
            channel(organizer.getString("id"), "PUBLIC")
                .put("seatSearchMode", mode)
                .put("isolatedSeatTrigger", isolatedSeatTrigger)
                .put("allowSplit", allowSplit));
    String code = "c-" + UUID.randomUUID().toString().substring(0, 8);
    ServerTest.create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", other.getString("id"))
            .put("code", code)
            .put("name", mode));
    ServerTest.create(
        "/admin/v1/performances/" + performanceId() + "/onsale-windows",
        new JsonObject()
            .put("channelId", other.getString("id"))
            .put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(9, ChronoUnit.DAYS).toString()));
    return code;
  }

  /**
   * Another channel of this organizer (the fixture's channel settings with {@code overrides}), with
   * a point of sale of these shop settings selling the performance now; answers the point of sale's
   * code.
   */
  public String shop(JsonObject overrides, JsonObject settings) {
    JsonObject body = channel(organizer.getString("id"), "PUBLIC");
    overrides.forEach(e -> body.put(e.getKey(), e.getValue()));
    JsonObject other = ServerTest.create("/admin/v1/channels", body);
    String code = "s-" + UUID.randomUUID().toString().substring(0, 8);
    ServerTest.create(
        "/admin/v1/points-of-sale",
        new JsonObject()
            .put("channelId", other.getString("id"))
            .put("code", code)
            .put("name", "Shop " + code)
            .put("settings", settings));
    ServerTest.create(
        "/admin/v1/performances/" + performanceId() + "/onsale-windows",
        new JsonObject()
            .put("channelId", other.getString("id"))
            .put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(9, ChronoUnit.DAYS).toString()));
    return code;
  }

  public String fullTariff() {
    return full.getString("id");
  }

  public String reducedTariff() {
    return reduced.getString("id");
  }

  public static Fixtures create() {
    return new Fixtures();
  }

  /** The same catalogue on another seat map (its categories among A, B and C). */
  public static Fixtures create(JsonObject seatMap) {
    return new Fixtures(seatMap);
  }

  public String performanceId() {
    return performance.getString("id");
  }

  static JsonObject price(String category, JsonObject tariff, long amount) {
    return new JsonObject()
        .put("category", category)
        .put("tariffId", tariff.getString("id"))
        .put("amount", amount);
  }

  public static JsonObject channel(String organizerId, String type) {
    return new JsonObject()
        .put("organizerId", organizerId)
        .put("name", type + " channel")
        .put("type", type)
        .put("seatSearchMode", "BEST_AVAILABLE_VIEW")
        .put("holdTimeoutSeconds", 600)
        .put("isolatedSeatTrigger", 10)
        .put("maxPerPerformance", 6)
        .put("perTicketFee", 100)
        .put("feeCap", 500)
        .put(
            "deliveryModes",
            new JsonArray()
                .add(new JsonObject().put("mode", "E_TICKET"))
                .add(new JsonObject().put("mode", "POST").put("fee", 300)));
  }

  /**
   * Two sections: "MAIN" with rows R1 (10 seats, an aisle after seat 5, seat 10 blocked) and R2 (10
   * seats) in categories A (R1) and B (R2); a standing area "FLOOR" of 50 in category B.
   */
  public static JsonObject smallSeatMap() {
    JsonArray seats = new JsonArray();
    for (int r = 1; r <= 2; r++) {
      for (int p = 1; p <= 11; p++) {
        if (p == 6) {
          continue;
        }
        JsonObject seat =
            new JsonObject()
                .put("id", "R" + r + "-" + p)
                .put("section", "MAIN")
                .put("row", "R" + r)
                .put("pos", p)
                .put("x", p * 2)
                .put("y", r * 3)
                .put("rank", r * 10 + Math.abs(6 - p))
                .put("category", r == 1 ? "A" : "B");
        if (r == 1 && p == 11) {
          seat.put("blocked", true);
        }
        seats.add(seat);
      }
    }
    return new JsonObject()
        .put("name", "Small hall")
        .put(
            "categories",
            new JsonArray()
                .add(new JsonObject().put("code", "A").put("name", "Cat A"))
                .add(new JsonObject().put("code", "B").put("name", "Cat B"))
                .add(new JsonObject().put("code", "C").put("name", "Standing")))
        .put(
            "sections",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", "MAIN")
                        .put("name", "Main")
                        .put(
                            "bounds",
                            new JsonObject()
                                .put("x", 0)
                                .put("y", 0)
                                .put("width", 30)
                                .put("height", 10)))
                .add(
                    new JsonObject()
                        .put("id", "FLOOR")
                        .put("name", "Floor")
                        .put(
                            "generalAdmission",
                            new JsonObject().put("capacity", 50).put("category", "C"))))
        .put("seats", seats);
  }
}
