package io.guichet.waitlist;

import static io.guichet.Waitlists.guest;
import static io.guichet.Waitlists.offered;
import static io.guichet.Waitlists.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Waitlists;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The organizer's list: figures, a page of entries, the CSV export, pausing and resuming offers,
 * and seats sent to the list (a quota released).
 */
class WaitlistAdminTest extends ServerTest {

  private static String releaseItem(Shop.Cart cart) {
    JsonObject view =
        send(
                client
                    .get(cart.path() + "?pos=" + cart.pos())
                    .putHeader("X-Cart-Secret", cart.secret()),
                null)
            .json();
    String item = view.getJsonArray("items").getJsonObject(0).getString("id");
    Reply removed =
        send(
            client
                .delete(cart.path() + "/items/" + item + "?pos=" + cart.pos())
                .putHeader("X-Cart-Secret", cart.secret()),
            null);
    assertThat(removed.status()).isEqualTo(204);
    return item;
  }

  @Test
  void the_organizer_reads_the_figures_a_page_of_entries_and_the_whole_list_as_csv() {
    Fixtures f = Fixtures.create();
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 5);
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 4);
    for (int i = 0; i < 3; i++) {
      waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    }
    JsonObject tricky = guest(1, false, "A");
    tricky.getJsonObject("buyer").put("lastName", "=HYPERLINK(\"x\",\"y\"), \"Jr\"");
    Reply unconfirmed = Waitlists.signUp(f.posCode, f.performanceId(), tricky, null);
    assertThat(unconfirmed.status()).isEqualTo(201);

    JsonObject overview = Waitlists.overview(f.performanceId());
    JsonObject figures = overview.getJsonObject("figures");
    assertThat(figures.getJsonObject("entries").getJsonObject("WAITING").getLong("entries"))
        .isEqualTo(3);
    assertThat(figures.getJsonObject("entries").getJsonObject("UNCONFIRMED").getLong("seats"))
        .isEqualTo(1);
    assertThat(figures.getJsonObject("wantedByCategory").getJsonObject("A").getLong("seats"))
        .isEqualTo(7);
    assertThat(overview.getInteger("offerSeconds")).isEqualTo(1800);

    JsonObject page =
        adminGet(
                "/admin/v1/performances/"
                    + f.performanceId()
                    + "/waitlist/entries?status=WAITING&size=2&page=1")
            .json();
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(page.getJsonArray("items")).hasSize(1);

    Reply csv = adminGet("/admin/v1/performances/" + f.performanceId() + "/waitlist/export");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    List<String> lines = csv.body().toString().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("position,entry_id,status");
    assertThat(lines.get(1)).startsWith("1,");
    assertThat(lines.get(4)).contains("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\"), \"\"Jr\"\"\"");
  }

  @Test
  void while_offers_are_paused_seats_that_come_back_go_on_sale_and_after_resuming_to_the_list() {
    Fixtures f = Fixtures.create();
    Shop.Cart a = Shop.cart(f.posCode);
    Shop.hold(a, f.performanceId(), "A", f.fullTariff(), 5);
    Shop.Cart b = Shop.cart(f.posCode);
    Shop.hold(b, f.performanceId(), "A", f.fullTariff(), 4);
    Waitlists.Entry entry = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    assertThat(
            Waitlists.settings(f.performanceId(), new JsonObject().put("paused", true))
                .json()
                .getBoolean("paused"))
        .isTrue();
    // within a second the list stops keeping seats: those that come back are on sale
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              Shop.Cart probe = Shop.cart(f.posCode);
              return Shop.add(probe, f.performanceId(), "A", f.fullTariff(), 5).status();
            },
            status -> status == 409);
    releaseItem(b);
    Shop.Cart buyer = Shop.cart(f.posCode);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Shop.add(buyer, f.performanceId(), "A", f.fullTariff(), 2).status() == 201);
    assertThat(Waitlists.entry(entry).json().getString("status")).isEqualTo("WAITING");

    assertThat(
            Waitlists.settings(f.performanceId(), new JsonObject().put("paused", false)).status())
        .isEqualTo(200);
    releaseItem(a); // five seats come back: the list's again
    assertThat(Waitlists.seats(offered(entry).getJsonObject("offer"))).hasSize(2);
  }

  @Test
  void a_quota_sent_to_the_list_is_offered_to_its_entries() {
    Fixtures f = Fixtures.create();
    String other = f.sellingChannel("BEST_AVAILABLE_VIEW", 10, false);
    JsonObject quota =
        create(
            "/admin/v1/performances/" + f.performanceId() + "/quotas",
            new JsonObject()
                .put("name", "Agences")
                .put("channelIds", new JsonArray().add(channelOf(f, other)))
                .put("seatIds", new JsonArray().add("R1-1").add("R1-2")));
    // the web channel holds every A seat it may: the quota's two are not its
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 4);
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 3);
    Waitlists.Entry entry = waiting(f.posCode, f.performanceId(), guest(2, false, "A"));

    Reply released =
        adminPost(
            "/admin/v1/performances/" + f.performanceId() + "/waitlist/releases",
            new JsonObject().put("quotaId", quota.getString("id")));
    assertThat(released.status()).as("%s", released.body()).isEqualTo(200);
    assertThat(released.json().getJsonArray("seatIds")).hasSize(2);
    List<String> offeredSeats = Waitlists.seats(offered(entry).getJsonObject("offer"));
    assertThat(offeredSeats)
        .containsExactlyInAnyOrderElementsOf(
            released.json().getJsonArray("seatIds").stream().map(Object::toString).toList());
    // seats that are on sale already cannot be sent
    adminPost(
            "/admin/v1/performances/" + f.performanceId() + "/waitlist/releases",
            new JsonObject().put("seatIds", new JsonArray().add("R2-1")))
        .problem(400, "bad-request");
    JsonObject audit = adminGet("/admin/v1/performances/" + f.performanceId() + "/audit").json();
    assertThat(audit.getBoolean("ok")).as("%s", audit).isTrue();
  }

  /** The channel of a point of sale. */
  private static String channelOf(Fixtures f, String posCode) {
    return io.guichet.TestServer.get()
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
}
