package io.guichet.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A batch's life: generated with progress, used, checked in, invalidated; the dashboard counts. */
class CodeDashboardTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
    OfferFixtures.forgetGuesses();
  }

  @Test
  void the_dashboard_counts_codes_generated_available_used_checked_in_and_invalidated()
      throws Exception {
    String org = f.organizer.getString("id");
    JsonObject adv =
        OfferFixtures.advantage(
            f, "SINGLE_USE_CODE", "A", 0, new JsonObject().put("perOrderLimit", 1));
    JsonObject partner = OfferFixtures.contact(f, "Comité d'entreprise");
    OfferFixtures.Batch batch = OfferFixtures.codes(adv, partner, 5);
    JsonObject progress = adminGet("/admin/v1/code-batches/" + batch.id()).json();
    assertThat(progress.getInteger("percentDone")).isEqualTo(100);
    assertThat(progress.getInteger("generated")).isEqualTo(5);
    // the list is e-mailed to the batch's destination
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> !io.guichet.TestMail.to(batch.email()).isEmpty());
    assertThat(io.guichet.TestMail.to(batch.email())).hasSize(1);
    var mail =
        (jakarta.mail.internet.MimeMultipart)
            io.guichet.TestMail.to(batch.email()).get(0).getContent();
    String attached = null;
    for (int i = 0; i < mail.getCount(); i++) {
      if (mail.getBodyPart(i).getFileName() != null) {
        attached =
            new String(
                mail.getBodyPart(i).getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    assertThat(attached).startsWith("number;code").contains(batch.codes().get(4));

    // one code is used by a paid order whose ticket is checked in at the door
    Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    assertThat(OfferFixtures.applyCode(cart, batch.codes().get(0)).status()).isEqualTo(200);
    Reply placed = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(placed.status()).as("%s", placed.body()).isEqualTo(201);
    JsonObject order = placed.json();
    // the ticket is free, its fee (1.00) is paid by card
    assertThat(order.getLong("total")).isEqualTo(100);
    assertThat(Shop.pay(order, "accept").json().getString("status")).isEqualTo("PAID");
    String secret = order.getString("secret");
    String ticket =
        Shop.order(order.getString("id"), f.posCode, secret)
            .json()
            .getJsonArray("tickets")
            .getJsonObject(0)
            .getString("id");
    String code =
        send(
                client
                    .get("/api/v1/tickets/" + ticket + "?pos=" + f.posCode)
                    .putHeader("X-Order-Secret", secret),
                null)
            .json()
            .getString("code");
    String scanner =
        create("/admin/v1/organizers/" + org + "/scanners", new JsonObject().put("name", "Door"))
            .getString("token");
    Reply scan =
        send(
            client.post("/api/v1/checkin").putHeader("Authorization", "Bearer " + scanner),
            new JsonObject().put("performanceId", f.performanceId()).put("code", code));
    assertThat(scan.status()).as("%s", scan.body()).isEqualTo(200);

    // one is invalidated, one is in a live cart (still available), two untouched
    adminPost(
        "/admin/v1/organizers/" + org + "/single-use-codes/invalidate",
        new JsonObject().put("codes", new JsonArray().add(batch.codes().get(1))));
    Cart other = Shop.cart(f.posCode);
    OfferFixtures.applyCode(other, batch.codes().get(2));

    JsonObject board =
        adminGet(
                "/admin/v1/organizers/"
                    + org
                    + "/code-dashboard?advantageId="
                    + adv.getString("id"))
            .json();
    JsonObject row = board.getJsonArray("rows").getJsonObject(0);
    assertThat(row.getString("contact")).isEqualTo("Comité d'entreprise");
    assertThat(row.getLong("generated")).isEqualTo(5);
    assertThat(row.getLong("available")).isEqualTo(3);
    assertThat(row.getLong("used")).isEqualTo(1);
    assertThat(row.getLong("checkedIn")).isEqualTo(1);
    assertThat(row.getLong("invalidated")).isEqualTo(1);
    assertThat(board.getJsonObject("totals").getLong("generated")).isEqualTo(5);

    // the tracking tells each code's state; the whole batch is invalidated but the used one
    JsonArray tracked =
        adminGet("/admin/v1/code-batches/" + batch.id() + "/codes").json().getJsonArray("items");
    assertThat(tracked.getJsonObject(0).getString("state")).isEqualTo("USED");
    assertThat(tracked.getJsonObject(0).getString("orderReference"))
        .isEqualTo(order.getString("reference"));
    assertThat(tracked.getJsonObject(1).getString("state")).isEqualTo("INVALIDATED");
    assertThat(tracked.getJsonObject(2).getString("state")).isEqualTo("IN_A_CART");
    Reply all = adminPost("/admin/v1/code-batches/" + batch.id() + "/invalidate", null);
    assertThat(all.json().getInteger("invalidated")).isEqualTo(3);
    assertThat(
            OfferFixtures.applyCode(Shop.cart(f.posCode), batch.codes().get(3))
                .problem(422, "offer-refused")
                .getString("reason"))
        .isEqualTo("invalidated");
  }
}
