package io.guichet.b2b;

import static io.guichet.Shop.checkout;
import static io.guichet.Shop.hold;
import static io.guichet.Shop.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A performance's reports against its orders, summed independently: orders made through the shop
 * API on two channels, several tariffs and two days (the server's clock moved a day), some left
 * unpaid or expired, which must not count.
 */
class SalesReportsTest extends ServerTest {
  private static Fixtures f;
  private static String otherPos;
  private static String otherChannel;
  private static String optedInEmail;
  private static String lastEmail;

  /** The paid orders as the orders API answered them, and the channel each was sold through. */
  private static final List<JsonObject> PAID = new ArrayList<>();

  private static final Map<String, String> CHANNEL_OF = new HashMap<>();
  private static JsonObject expired;
  private static JsonObject pending;

  @BeforeAll
  static void sales() {
    f = Fixtures.create();
    otherPos = f.sellingChannel("BEST_AVAILABLE_VIEW", 0, true);
    otherChannel = channelOf(otherPos);
    // a quota of two B seats for the other channel only, before anything is sold
    create(
        "/admin/v1/performances/" + f.performanceId() + "/quotas",
        new JsonObject()
            .put("name", "Partners")
            .put("channelIds", new JsonArray().add(otherChannel))
            .put("seatIds", new JsonArray().add("R2-1").add("R2-2")));

    // day one, first channel: two full price A, then a reduced A and a full B in one order
    paid(f.posCode, "A", f.fullTariff(), 2, null, 0);
    optedInEmail = lastEmail;
    paid(f.posCode, "A", f.reducedTariff(), 1, "B", 1);
    // an order never paid, then expired: not revenue
    expired = placed(f.posCode, "A", f.fullTariff(), 1);
    TestServer.CLOCK.advance(Duration.ofMinutes(21));
    TestServer.get().services().orders().expireDue().await();

    // day two, other channel: two full B, one standing place
    TestServer.CLOCK.advance(Duration.ofDays(1));
    paid(otherPos, "B", f.fullTariff(), 2, null, 0);
    paid(otherPos, "C", f.fullTariff(), 1, null, 0);
    // an order waiting for its payment: its seat is held, not sold, not revenue
    pending = placed(otherPos, "B", f.fullTariff(), 1);

    // the organizer knows the first buyer as a contact who agreed to hear from it
    create(
        "/admin/v1/organizers/" + f.organizer.getString("id") + "/contacts",
        new JsonObject()
            .put("email", optedInEmail)
            .put("firstName", "Ada")
            .put("lastName", "Lovelace")
            .put("optIn", true));
  }

  @AfterAll
  static void clockBack() {
    TestServer.CLOCK.reset();
  }

  private static String channelOf(String posCode) {
    return TestServer.get()
        .services()
        .pool()
        .preparedQuery("select channel_id from point_of_sale where code = $1")
        .execute(io.vertx.sqlclient.Tuple.of(posCode))
        .await()
        .iterator()
        .next()
        .getUUID(0)
        .toString();
  }

  private static JsonObject placed(String pos, String category, String tariff, int quantity) {
    return placed(pos, category, tariff, quantity, null, 0);
  }

  private static JsonObject placed(
      String pos, String category, String tariff, int quantity, String second, int secondCount) {
    Shop.Cart cart = Shop.cart(pos);
    hold(cart, f.performanceId(), category, tariff, quantity);
    if (second != null) {
      hold(cart, f.performanceId(), second, f.fullTariff(), secondCount);
    }
    JsonObject body = Shop.guestCheckout("E_TICKET");
    lastEmail = body.getJsonObject("buyer").getString("email");
    Reply placed = checkout(cart, body);
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    return placed.json();
  }

  private static JsonObject paid(
      String pos, String category, String tariff, int quantity, String second, int secondCount) {
    JsonObject order = placed(pos, category, tariff, quantity, second, secondCount);
    assertThat(pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    JsonObject paid = Shop.order(order.getString("id"), pos, order.getString("secret")).json();
    assertThat(paid.getString("status")).isEqualTo("PAID");
    PAID.add(paid);
    CHANNEL_OF.put(paid.getString("id"), pos.equals(f.posCode) ? channelId() : otherChannel);
    return paid;
  }

  private static String channelId() {
    return f.channel.getString("id");
  }

  private static String base() {
    return "/admin/v1/performances/" + f.performanceId() + "/reports/";
  }

  /** The sums of the paid orders' lines, by a key of (order, line). */
  private interface Key {
    String of(JsonObject order, JsonObject line);
  }

  private static Map<String, Long> sums(Key key) {
    Map<String, Long> sums = new HashMap<>();
    for (JsonObject order : PAID) {
      JsonArray lines = order.getJsonArray("lines");
      for (int i = 0; i < lines.size(); i++) {
        JsonObject line = lines.getJsonObject(i);
        sums.merge(key.of(order, line), line.getLong("price"), Long::sum);
      }
    }
    return sums;
  }

  private static String day(JsonObject order) {
    return Instant.parse(order.getString("paidAt")).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static Map<String, Long> parts(JsonArray parts, String key) {
    Map<String, Long> out = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonObject p = parts.getJsonObject(i);
      out.put(p.getString(key), p.getLong("amount"));
    }
    return out;
  }

  private static long sum(Map<String, Long> parts) {
    return parts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void the_revenue_is_the_paid_orders_lines_by_tariff_channel_and_day_to_the_cent() {
    JsonObject report = adminGet(base() + "revenue").json();

    Map<String, Long> byTariff = sums((o, l) -> l.getString("tariffId"));
    Map<String, Long> byChannel = sums((o, l) -> CHANNEL_OF.get(o.getString("id")));
    Map<String, Long> byDay = sums((o, l) -> day(o));
    long total = sum(byTariff);
    long paidTotals =
        PAID.stream().mapToLong(o -> o.getLong("linesTotal") - o.getLong("discountsTotal")).sum();

    assertThat(total).isEqualTo(paidTotals).isEqualTo(2 * 4500 + 3000 + 2500 + 2 * 2500 + 1500);
    assertThat(report.getLong("amount")).isEqualTo(total);
    assertThat(report.getLong("tickets")).isEqualTo(7);
    assertThat(report.getString("currency")).isEqualTo("EUR");
    assertThat(parts(report.getJsonArray("byTariff"), "tariffId")).isEqualTo(byTariff);
    assertThat(parts(report.getJsonArray("byChannel"), "channelId")).isEqualTo(byChannel);
    assertThat(parts(report.getJsonArray("byDay"), "day")).isEqualTo(byDay);
    assertThat(byDay).hasSize(2);
    assertThat(byChannel).hasSize(2);
    // every cut sums to the total, and so does the finest
    assertThat(sum(parts(report.getJsonArray("byTariff"), "tariffId")))
        .isEqualTo(sum(parts(report.getJsonArray("byChannel"), "channelId")))
        .isEqualTo(sum(parts(report.getJsonArray("byDay"), "day")))
        .isEqualTo(
            report.getJsonArray("lines").stream()
                .mapToLong(l -> ((JsonObject) l).getLong("amount"))
                .sum())
        .isEqualTo(total);
  }

  @Test
  void orders_expired_or_waiting_for_their_payment_are_not_revenue() {
    // left unpaid past its deadline: expired by the sweep, or still pending; never paid
    assertThat(
            Shop.order(expired.getString("id"), f.posCode, expired.getString("secret"))
                .json()
                .getString("status"))
        .isIn("EXPIRED", "PENDING_PAYMENT");
    assertThat(
            Shop.order(pending.getString("id"), otherPos, pending.getString("secret"))
                .json()
                .getString("status"))
        .isEqualTo("PENDING_PAYMENT");
    long inDatabase =
        count(
            "select coalesce(sum(l.price), 0) from order_line l join orders o on o.id = l.order_id"
                + " where l.performance_id = $1",
            UUID.fromString(f.performanceId()));
    long report = adminGet(base() + "revenue").json().getLong("amount");
    assertThat(inDatabase - report)
        .isEqualTo(
            expired.getJsonArray("lines").getJsonObject(0).getLong("price")
                + pending.getJsonArray("lines").getJsonObject(0).getLong("price"));
  }

  @Test
  void the_sales_per_minute_add_up_to_the_revenue_and_its_orders() {
    JsonObject sales = adminGet(base() + "sales").json();
    JsonArray minutes = sales.getJsonArray("minutes");
    long amount = 0;
    long orders = 0;
    for (int i = 0; i < minutes.size(); i++) {
      amount += minutes.getJsonObject(i).getLong("amount");
      orders += minutes.getJsonObject(i).getLong("orders");
    }
    assertThat(amount).isEqualTo(sales.getLong("amount")).isEqualTo(sum(sums((o, l) -> "all")));
    assertThat(orders).isEqualTo(sales.getLong("orders")).isEqualTo(PAID.size());
    for (JsonObject order : PAID) {
      String minute =
          Instant.parse(order.getString("paidAt"))
              .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
              .toString();
      assertThat(minutes.stream().map(m -> ((JsonObject) m).getString("minute"))).contains(minute);
    }
    // a window before the second day leaves its sales out
    String firstDayEnd =
        Instant.parse(PAID.get(2).getString("paidAt")).minus(Duration.ofHours(1)).toString();
    JsonObject early = adminGet(base() + "sales?to=" + firstDayEnd).json();
    assertThat(early.getLong("orders")).isEqualTo(2);
    assertThat(early.getLong("amount")).isEqualTo(2 * 4500 + 3000 + 2500);
  }

  @Test
  void a_window_the_wrong_way_round_or_longer_than_a_month_is_refused() {
    Instant now = TestServer.CLOCK.instant();
    adminGet(base() + "sales?from=" + now + "&to=" + now.minusSeconds(60))
        .problem(400, "bad-request");
    adminGet(base() + "sales?from=" + now.minus(Duration.ofDays(40)) + "&to=" + now)
        .problem(400, "bad-request");
  }

  @Test
  void the_seats_by_quota_and_category_match_the_orders_and_the_hold() {
    JsonObject report = adminGet(base() + "availability").json();
    JsonObject total = report.getJsonObject("total");
    // numbered seats: 10 in A (one blocked), 10 in B; standing places are not in it
    assertThat(total.getLong("seats")).isEqualTo(20);
    assertThat(total.getLong("sold")).isEqualTo(6);
    assertThat(total.getLong("held")).isEqualTo(1);
    assertThat(total.getLong("blocked")).isEqualTo(1);
    assertThat(total.getLong("free")).isEqualTo(12);
    Map<String, Long> soldByCategory = new HashMap<>();
    Map<String, Long> seatsByCategory = new HashMap<>();
    JsonArray rows = report.getJsonArray("rows");
    JsonObject partners = null;
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i);
      soldByCategory.merge(r.getString("category"), r.getLong("sold"), Long::sum);
      seatsByCategory.merge(r.getString("category"), r.getLong("seats"), Long::sum);
      assertThat(r.getLong("seats"))
          .isEqualTo(
              r.getLong("sold") + r.getLong("held") + r.getLong("free") + r.getLong("blocked"));
      if ("Partners".equals(r.getString("quotaName"))) {
        partners = r;
      }
    }
    assertThat(seatsByCategory).isEqualTo(Map.of("A", 10L, "B", 10L));
    Map<String, Long> ordered = new HashMap<>();
    for (JsonObject order : PAID) {
      order.getJsonArray("lines").stream()
          .map(JsonObject.class::cast)
          .filter(l -> l.containsKey("seat"))
          .forEach(l -> ordered.merge(l.getString("category"), 1L, Long::sum));
    }
    assertThat(soldByCategory).isEqualTo(ordered);
    assertThat(partners).isNotNull();
    assertThat(partners.getLong("seats")).isEqualTo(2);
    assertThat(partners.getString("category")).isEqualTo("B");
  }

  @Test
  void the_contacts_list_holds_the_buyers_who_opted_in_only() {
    Reply page = adminGet(base() + "contacts");
    assertThat(page.json().getLong("total")).isEqualTo(1);
    JsonObject contact = page.items().getJsonObject(0);
    assertThat(contact.getString("email")).isEqualTo(optedInEmail);
    assertThat(contact.getLong("tickets")).isEqualTo(2);
    assertThat(contact.getLong("orders")).isEqualTo(1);
  }

  @Test
  void the_csv_and_xlsx_files_hold_the_same_rows_as_the_revenue() throws Exception {
    long total = adminGet(base() + "revenue").json().getLong("amount");
    Reply csv = adminGet(base() + "export?report=revenue&format=csv");
    assertThat(csv.contentType()).startsWith("text/csv");
    String[] lines = csv.body().toString().split("\r\n");
    assertThat(lines[0]).isEqualTo("day,channel,tariff_code,tariff_name,tickets,amount,currency");
    long fromCsv = 0;
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      fromCsv += Long.parseLong(cells[5]);
    }
    assertThat(fromCsv).isEqualTo(total);

    Reply xlsx = adminGet(base() + "export?report=revenue&format=xlsx");
    long fromXlsx = 0;
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body().getBytes()))) {
      Sheet sheet = book.getSheetAt(0);
      assertThat(sheet.getRow(0).getCell(5).getStringCellValue()).isEqualTo("amount");
      for (int i = 1; i <= sheet.getLastRowNum(); i++) {
        Row row = sheet.getRow(i);
        fromXlsx += (long) row.getCell(5).getNumericCellValue();
      }
      assertThat(sheet.getLastRowNum()).isEqualTo(lines.length - 1);
    }
    assertThat(fromXlsx).isEqualTo(total);
  }

  @Test
  void every_report_exports_as_csv_and_xlsx() {
    for (String report : List.of("availability", "sales", "contacts")) {
      Reply csv = adminGet(base() + "export?report=" + report);
      assertThat(csv.status()).isEqualTo(200);
      assertThat(csv.headers().get("Content-Disposition")).contains(report + "-");
      Reply xlsx = adminGet(base() + "export?format=xlsx&report=" + report);
      assertThat(xlsx.status()).isEqualTo(200);
      assertThat(xlsx.contentType())
          .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
    assertThat(adminGet(base() + "export?report=contacts").body().toString())
        .contains(optedInEmail);
  }

  @Test
  void an_unknown_performance_or_report_is_answered_as_such() {
    adminGet("/admin/v1/performances/" + UUID.randomUUID() + "/reports/revenue")
        .problem(404, "not-found");
    adminGet(base() + "export?report=nothing").problem(400, "bad-request");
  }
}
