package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ContractAnswers;
import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the contract promises across operations: an unknown parent is 404 for every operation under
 * it, lists page the same way, a request that breaks the contract names each broken rule.
 */
class ContractConsistencyTest extends ServerTest {
  private static Fixtures f;

  @BeforeAll
  static void catalogue() {
    f = Fixtures.create();
  }

  /** A valid body for each admin operation under a parent (null: the operation takes none). */
  private static Map<String, JsonObject> bodiesUnderAParent() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, JsonObject> bodies = new LinkedHashMap<>();
    bodies.put("createTariff", new JsonObject().put("code", "X1").put("name", "X"));
    bodies.put("listTariffs", null);
    bodies.put(
        "createGiftVouchers",
        new JsonObject()
            .put("amount", 100)
            .put("expiresAt", now.plus(9, ChronoUnit.DAYS).toString()));
    bodies.put("createScanner", new JsonObject().put("name", "Door"));
    bodies.put("listScanners", null);
    bodies.put(
        "createOnSale",
        new JsonObject()
            .put("name", "x")
            .put("performanceIds", new JsonArray().add(f.performanceId()))
            .put("queueOpensAt", now.toString())
            .put("saleStartsAt", now.plus(1, ChronoUnit.HOURS).toString())
            .put("admissionPerMinute", 10)
            .put("maxActiveShoppers", 10));
    bodies.put("importSeatMap", Fixtures.smallSeatMap());
    bodies.put(
        "createQuota",
        new JsonObject()
            .put("name", "q")
            .put("channelIds", new JsonArray().add(f.channel.getString("id")))
            .put("category", "A")
            .put("count", 1));
    bodies.put("listQuotas", null);
    bodies.put(
        "createOnSaleWindow",
        new JsonObject()
            .put("channelId", f.channel.getString("id"))
            .put("opensAt", now.toString())
            .put("closesAt", now.plus(1, ChronoUnit.DAYS).toString()));
    bodies.put("listOnSaleWindows", null);
    bodies.put("auditPerformance", null);
    bodies.put("getCheckinReport", null);
    bodies.put("setShowcase", new JsonObject().put("items", new JsonArray()));
    bodies.put("getShowcase", null);
    bodies.put("creditCustomer", new JsonObject().put("amount", 100).put("reason", "x"));
    bodies.put("getWaitlist", null);
    bodies.put("changeWaitlist", new JsonObject().put("paused", true));
    bodies.put("listWaitlistEntries", null);
    bodies.put("exportWaitlist", null);
    bodies.put("releaseToWaitlist", new JsonObject().put("seatIds", new JsonArray().add("A-1")));
    bodies.put("cancelOrderTickets", new JsonObject().put("refundTo", "NONE").put("reason", "x"));
    bodies.put("listOrderCancellations", null);
    bodies.put("listRefunds", null);
    bodies.put("retryRefund", null);
    offerBodies(bodies);
    return bodies;
  }

  /** Advantages, promo codes, single-use codes and contacts. */
  private static void offerBodies(Map<String, JsonObject> bodies) {
    String someId = UUID.randomUUID().toString();
    bodies.put(
        "createAdvantage",
        new JsonObject()
            .put("season", "2026")
            .put("code", "X1")
            .put("internalName", "x")
            .put("publicName", "x")
            .put("target", "PUBLIC")
            .put(
                "prices",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("performanceId", f.performanceId())
                            .put("category", "A")
                            .put("tariffId", someId)
                            .put("amount", 100))));
    bodies.put("listAdvantages", null);
    bodies.put("setAdvantageState", new JsonObject().put("state", "OPERATION"));
    bodies.put("duplicateAdvantage", new JsonObject().put("code", "X2"));
    bodies.put(
        "linkAdvantageContacts", new JsonObject().put("contactIds", new JsonArray().add(someId)));
    bodies.put(
        "createCodeBatch",
        new JsonObject()
            .put("contactId", someId)
            .put("count", 1)
            .put("destinationEmail", "codes@example.org"));
    bodies.put("listBatchCodes", null);
    bodies.put("downloadBatchCodes", null);
    bodies.put("invalidateCodeBatch", null);
    bodies.put(
        "invalidateCodes", new JsonObject().put("codes", new JsonArray().add("AAAA-AAAA-AAAA-A")));
    bodies.put("trackCode", null);
    bodies.put("codeDashboard", null);
    bodies.put(
        "createPromoCode",
        new JsonObject()
            .put("code", "X1")
            .put("internalName", "x")
            .put("publicName", "x")
            .put("kind", "AMOUNT")
            .put("amount", 100));
    bodies.put("listPromoCodes", null);
    bodies.put("setPromoCodeState", new JsonObject().put("state", "OPERATION"));
    bodies.put("createContact", new JsonObject().put("lastName", "x"));
    bodies.put(
        "createIndicator",
        new JsonObject().put("code", "X").put("name", "x").put("levels", new JsonArray().add("a")));
    bodies.put("setContactIndicator", new JsonObject().put("level", "a"));
    bodies.put("setCartContact", new JsonObject().put("contactId", someId));
    bodies.put("contactAdvantages", null);
    bodies.put("searchContacts", new JsonObject());
    bodies.put("exportContacts", new JsonObject());
    bodies.put(
        "linkSearchToAdvantage",
        new JsonObject().put("advantageId", someId).put("criteria", new JsonObject()));
    bodies.put("importContacts", null);
    bodies.put("createProducer", new JsonObject().put("name", "x"));
    bodies.put("listProducers", null);
    bodies.put(
        "createProducerUser",
        new JsonObject().put("email", "p@example.org").put("password", "a long enough password"));
    bodies.put("listProducerUsers", null);
    bodies.put("setEventProducer", new JsonObject().putNull("producerId"));
    bodies.put("getRevenueReport", null);
    bodies.put("getAvailabilityReport", null);
    bodies.put("getSalesReport", null);
    bodies.put("listReportContacts", null);
    bodies.put("exportReport", null);
  }

  @Test
  void an_unknown_parent_is_404_for_every_operation_under_it() {
    Map<String, JsonObject> bodies = bodiesUnderAParent();
    JsonObject paths = ContractAnswers.get().document().getJsonObject("paths");
    Set<String> underAParent = new TreeSet<>();
    List<String> answers = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      // /admin/v1/<collection>/{parent}/<sub-resource>...
      String[] parts = path.split("/");
      if (parts.length < 6 || !path.startsWith("/admin/v1/") || !parts[4].startsWith("{")) {
        continue;
      }
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        String id = op.getString("operationId");
        if (id.equals("retireTicketKey")) {
          continue; // a key, not a parent of anything
        }
        underAParent.add(id);
        if (!bodies.containsKey(id)) {
          continue;
        }
        String target = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        Reply reply = admin(HttpMethod.valueOf(method.toUpperCase()), target, bodies.get(id));
        answers.add(id + " " + reply.status());
        reply.problem(404, "not-found");
      }
    }
    assertThat(bodies.keySet())
        .as("every operation under a parent is tried (answers: %s)", answers)
        .containsExactlyInAnyOrderElementsOf(underAParent);
  }

  @Test
  void every_list_is_a_page_of_items_with_its_page_size_and_total() {
    String tariffs = "/admin/v1/organizers/" + f.organizer.getString("id") + "/tariffs";
    JsonObject first = adminGet(tariffs + "?size=1").json();
    JsonObject second = adminGet(tariffs + "?size=1&page=1").json();
    assertThat(first.getInteger("total")).isEqualTo(2);
    assertThat(first.getInteger("size")).isEqualTo(1);
    assertThat(second.getInteger("page")).isEqualTo(1);
    assertThat(first.getJsonArray("items")).hasSize(1);
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(first.getJsonArray("items")).isNotEqualTo(second.getJsonArray("items"));
    JsonObject beyond = adminGet(tariffs + "?size=1&page=5").json();
    assertThat(beyond.getJsonArray("items")).isEmpty();
    assertThat(beyond.getInteger("total")).isEqualTo(2);
    for (String list :
        List.of(
            "/admin/v1/performances/" + f.performanceId() + "/quotas",
            "/admin/v1/performances/" + f.performanceId() + "/onsale-windows",
            "/admin/v1/organizers/" + f.organizer.getString("id") + "/scanners",
            "/admin/v1/points-of-sale/" + f.pos.getString("id") + "/showcase",
            "/admin/v1/performances/" + f.performanceId() + "/waitlist/entries")) {
      assertThat(adminGet(list).json().fieldNames())
          .as(list)
          .containsExactlyInAnyOrder("items", "page", "size", "total");
    }
    assertThat(get("/api/v1/scanner/keys").json().fieldNames())
        .containsExactlyInAnyOrder("items", "page", "size", "total");
    assertThat(get("/api/v1/showcase?pos=" + f.posCode).json().fieldNames())
        .containsExactlyInAnyOrder("items", "page", "size", "total");
  }

  @Test
  void a_body_that_breaks_the_contract_names_each_broken_rule_and_its_field() {
    Shop.Cart cart = Shop.cart(f.posCode);
    JsonObject body =
        new JsonObject()
            .put("performanceId", f.performanceId())
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", "A")
                            .put("tariffId", "not-a-uuid")
                            .put("quantity", 2)))
            .put("colour", "blue");
    JsonObject problem =
        send(
                client
                    .post(cart.path() + "/items?pos=" + f.posCode)
                    .putHeader("X-Cart-Secret", cart.secret()),
                body)
            .problem(400, "bad-request");
    assertThat(violations(problem))
        .contains("/quantities/0/tariffId pattern", "/colour additionalProperties");

    JsonObject missing =
        send(
                client
                    .post(cart.path() + "/items?pos=" + f.posCode)
                    .putHeader("X-Cart-Secret", cart.secret()),
                new JsonObject().put("seats", new JsonArray()))
            .problem(400, "bad-request");
    assertThat(violations(missing)).contains("/performanceId required");
    // an empty list is as good as none (generated clients send one for a list left out)
    JsonObject neither =
        send(
                client
                    .post(cart.path() + "/items?pos=" + f.posCode)
                    .putHeader("X-Cart-Secret", cart.secret()),
                new JsonObject()
                    .put("performanceId", f.performanceId())
                    .put("seats", new JsonArray())
                    .put("quantities", new JsonArray()))
            .problem(400, "bad-request");
    assertThat(neither.getString("detail")).contains("either seats or quantities");
  }

  @Test
  void a_parameter_that_breaks_the_contract_is_named_with_its_rule() {
    JsonObject problem =
        get("/api/v1/events?pos=" + f.posCode + "&size=1000").problem(400, "bad-request");
    JsonObject v = problem.getJsonArray("violations").getJsonObject(0);
    assertThat(v.getString("parameter")).isEqualTo("size");
    assertThat(v.getString("in")).isEqualTo("query");
    assertThat(v.getString("rule")).isEqualTo("maximum");
    JsonObject missing = get("/api/v1/events").problem(400, "bad-request");
    JsonObject m = missing.getJsonArray("violations").getJsonObject(0);
    assertThat(m.getString("parameter")).isEqualTo("pos");
    assertThat(m.getString("rule")).isEqualTo("required");
  }

  private static List<String> violations(JsonObject problem) {
    List<String> list = new ArrayList<>();
    JsonArray violations = problem.getJsonArray("violations", new JsonArray());
    for (Object o : violations) {
      JsonObject v = (JsonObject) o;
      list.add(v.getString("pointer") + " " + v.getString("rule"));
    }
    return list;
  }
}
