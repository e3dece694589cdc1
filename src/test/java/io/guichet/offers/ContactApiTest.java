package io.guichet.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contacts imported from CSV, searched by targeting criteria, exported and linked in bulk. */
class ContactApiTest extends ServerTest {
  private Fixtures f;
  private String org;
  private String indicator;

  @BeforeEach
  void contacts() {
    f = Fixtures.create();
    org = f.organizer.getString("id");
    indicator = OfferFixtures.code("LOYAL");
    create(
        "/admin/v1/organizers/" + org + "/indicators",
        new JsonObject()
            .put("code", indicator)
            .put("name", "Fidélité")
            .put("levels", new JsonArray().add("Occasionnel").add("Assidu")));
    String csv =
        "email,firstName,lastName,type,country,postalCode,language,optIn,indicator:"
            + indicator
            + "\n"
            + "anne@example.org,Anne,Martin,INDIVIDUAL,FR,69003,fr,true,Assidu\n"
            + "bob@example.org,Bob,Durand,INDIVIDUAL,FR,75011,fr,false,Occasionnel\n"
            + "carla@example.org,Carla,Rossi,INDIVIDUAL,IT,00184,it,true,\n"
            + ",,Usine SA,ORGANISATION,FR,69100,fr,false,\n"
            + "bad-email,X,Y,INDIVIDUAL,FR,,,,\n"
            + "dan@example.org,Dan,Z,INDIVIDUAL,FR,69001,fr,true,Platine\n";
    Reply imported = importCsv(csv);
    assertThat(imported.status()).as("%s", imported.body()).isEqualTo(200);
    assertThat(imported.json().getInteger("created")).isEqualTo(4);
    assertThat(imported.json().getJsonArray("refused")).hasSize(2);
  }

  private Reply importCsv(String csv) {
    return send(
        client
            .post("/admin/v1/organizers/" + org + "/contacts/import")
            .putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .putHeader("content-type", "text/csv"),
        Buffer.buffer(csv));
  }

  private JsonObject search(JsonObject criteria) {
    Reply found = adminPost("/admin/v1/organizers/" + org + "/contacts/search", criteria);
    assertThat(found.status()).as("%s", found.body()).isEqualTo(200);
    return found.json();
  }

  private static java.util.List<String> names(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("lastName"))
        .toList();
  }

  @Test
  void a_search_by_contact_information_and_indicators_finds_exactly_those_that_match() {
    assertThat(search(new JsonObject()).getLong("total")).isEqualTo(4);
    assertThat(
            names(
                search(
                    new JsonObject()
                        .put("countries", new JsonArray().add("FR"))
                        .put("postalCodes", new JsonArray().add("69")))))
        .containsExactlyInAnyOrder("Martin", "Usine SA");
    assertThat(names(search(new JsonObject().put("optIn", true))))
        .containsExactlyInAnyOrder("Martin", "Rossi");
    assertThat(names(search(new JsonObject().put("types", new JsonArray().add("ORGANISATION")))))
        .containsExactly("Usine SA");
    JsonObject assidu =
        new JsonObject()
            .put(
                "indicators",
                new JsonArray()
                    .add(new JsonObject().put("code", indicator).put("level", "Assidu")));
    assertThat(names(search(assidu))).containsExactly("Martin");
    JsonObject notAssidu =
        new JsonObject()
            .put(
                "indicators",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("code", indicator)
                            .put("level", "Assidu")
                            .put("not", true)));
    assertThat(names(search(notAssidu))).containsExactlyInAnyOrder("Durand", "Rossi", "Usine SA");
  }

  @Test
  void importing_the_same_e_mail_again_updates_the_contact() {
    Reply again = importCsv("email,lastName,country\nanne@example.org,Martin-Lyon,FR\n");
    assertThat(again.json().getInteger("updated")).isEqualTo(1);
    assertThat(names(search(new JsonObject()))).contains("Martin-Lyon").doesNotContain("Martin");
  }

  @Test
  void the_result_links_to_an_advantage_in_one_call_and_the_history_criteria_see_the_links() {
    JsonObject adv = OfferFixtures.advantage(f, "CONTACTS", "A", 2000, new JsonObject());
    JsonObject criteria = new JsonObject().put("languages", new JsonArray().add("fr"));
    Reply linked =
        adminPost(
            "/admin/v1/organizers/" + org + "/contacts/link",
            new JsonObject().put("advantageId", adv.getString("id")).put("criteria", criteria));
    assertThat(linked.json().getInteger("linked")).isEqualTo(3);
    assertThat(names(search(new JsonObject().put("hasAdvantage", adv.getString("id")))))
        .containsExactlyInAnyOrder("Martin", "Durand", "Usine SA");
    assertThat(names(search(new JsonObject().put("notAdvantage", adv.getString("id")))))
        .containsExactly("Rossi");
    assertThat(search(new JsonObject().put("boughtInSeason", Fixtures.SEASON)).getLong("total"))
        .isZero();
  }

  @Test
  void
      a_contact_who_paid_an_order_of_the_season_is_found_by_bought_in_season_and_not_by_its_opposite() {
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    Reply placed =
        Shop.checkout(
            cart,
            new JsonObject()
                .put("deliveryMode", "E_TICKET")
                .put("buyer", Shop.guest("anne@example.org")));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    // an order waiting for its payment is not a purchase yet
    assertThat(search(new JsonObject().put("boughtInSeason", Fixtures.SEASON)).getLong("total"))
        .isZero();
    assertThat(Shop.pay(placed.json(), "accept").json().getString("status")).isEqualTo("PAID");
    assertThat(names(search(new JsonObject().put("boughtInSeason", Fixtures.SEASON))))
        .containsExactly("Martin");
    assertThat(names(search(new JsonObject().put("notBoughtInSeason", Fixtures.SEASON))))
        .containsExactlyInAnyOrder("Durand", "Rossi", "Usine SA");
    assertThat(search(new JsonObject().put("boughtInSeason", "1999-2000")).getLong("total"))
        .isZero();
  }

  @Test
  void a_search_exports_as_csv_and_as_xlsx() throws Exception {
    JsonObject criteria = new JsonObject().put("countries", new JsonArray().add("FR"));
    Reply csv = adminPost("/admin/v1/organizers/" + org + "/contacts/export?format=csv", criteria);
    assertThat(csv.status()).isEqualTo(200);
    String text = csv.body().toString();
    assertThat(text.lines().count()).isEqualTo(4);
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("contactNumber,type,origin,email");
    assertThat(text).contains("anne@example.org").contains("Assidu").doesNotContain("Rossi");

    Reply xlsx =
        adminPost("/admin/v1/organizers/" + org + "/contacts/export?format=xlsx", criteria);
    assertThat(xlsx.status()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body().getBytes()))) {
      Sheet sheet = book.getSheetAt(0);
      assertThat(sheet.getLastRowNum()).isEqualTo(3);
      assertThat(sheet.getRow(0).getCell(3).getStringCellValue()).isEqualTo("email");
    }
  }

  @Test
  void an_account_is_a_contact_and_takes_over_the_imported_contact_of_its_e_mail() {
    Reply account =
        send(
            client.post("/api/v1/accounts?pos=" + f.posCode),
            new JsonObject()
                .put("email", "Bob@example.org")
                .put("password", "a long enough password")
                .put("firstName", "Bob")
                .put("lastName", "Durand"));
    assertThat(account.status()).isEqualTo(201);
    JsonObject bob = search(new JsonObject().put("postalCodes", new JsonArray().add("75011")));
    assertThat(bob.getJsonArray("items").getJsonObject(0).getBoolean("hasAccount")).isTrue();
    assertThat(search(new JsonObject()).getLong("total")).isEqualTo(4);
  }
}
