package io.guichet.waitlist;

import static io.guichet.Waitlists.entry;
import static io.guichet.Waitlists.guest;
import static io.guichet.Waitlists.offered;
import static io.guichet.Waitlists.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.Waitlists;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fairness rule for groups, on real seats: row R2 of category B (seats 1-5, an aisle, 7-11)
 * sold out seat by seat, seats coming back one at a time, a group of four that wants seats side by
 * side at the head of the list and singles behind it; K = 2 passes, W = 60 seconds.
 */
class WaitlistFairnessTest extends ServerTest {
  private static final List<String> ROW =
      List.of("R2-1", "R2-2", "R2-3", "R2-4", "R2-5", "R2-7", "R2-8", "R2-9", "R2-10", "R2-11");

  @AfterEach
  void clock() {
    TestServer.CLOCK.reset();
  }

  /** Category B held seat by seat, one cart item each; answers the release of each seat. */
  private static Map<String, Runnable> soldOutB(Fixtures f) {
    String box =
        f.shop(
            new JsonObject()
                .put("seatSearchMode", "PICK_ON_MAP")
                .put("alwaysAllowIsolatedSeats", true),
            new JsonObject());
    Map<String, Runnable> release = new HashMap<>();
    for (String seat : ROW) {
      Shop.Cart cart = Shop.cart(box);
      Reply held =
          send(
              client
                  .post(cart.path() + "/items?pos=" + box)
                  .putHeader("X-Cart-Secret", cart.secret()),
              new JsonObject()
                  .put("performanceId", f.performanceId())
                  .put(
                      "seats",
                      new JsonArray()
                          .add(
                              new JsonObject()
                                  .put("seatId", seat)
                                  .put("tariffId", f.fullTariff()))));
      assertThat(held.status()).as("%s", held.body()).isEqualTo(201);
      String item = held.json().getString("id");
      release.put(
          seat,
          () ->
              assertThat(
                      send(
                              client
                                  .delete(cart.path() + "/items/" + item + "?pos=" + box)
                                  .putHeader("X-Cart-Secret", cart.secret()),
                              null)
                          .status())
                  .isEqualTo(204));
    }
    return release;
  }

  private static Fixtures list() {
    Fixtures f = Fixtures.create();
    assertThat(
            Waitlists.settings(
                    f.performanceId(),
                    new JsonObject().put("maxPasses", 2).put("patienceSeconds", 60))
                .status())
        .isEqualTo(200);
    return f;
  }

  private static void staysWaiting(Waitlists.Entry e) {
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> entry(e).json().getString("status"), "WAITING"::equals);
  }

  @Test
  void a_group_passed_over_k_times_gets_the_seats_that_accumulate_until_four_sit_together() {
    Fixtures f = list();
    Map<String, Runnable> release = soldOutB(f);
    Waitlists.Entry group = waiting(f.posCode, f.performanceId(), guest(4, true, "B"));
    Waitlists.Entry s1 = waiting(f.posCode, f.performanceId(), guest(1, true, "B"));
    Waitlists.Entry s2 = waiting(f.posCode, f.performanceId(), guest(1, true, "B"));
    Waitlists.Entry s3 = waiting(f.posCode, f.performanceId(), guest(1, true, "B"));

    release.get("R2-1").run();
    assertThat(Waitlists.seats(offered(s1).getJsonObject("offer"))).containsExactly("R2-1");
    release.get("R2-3").run();
    assertThat(Waitlists.seats(offered(s2).getJsonObject("offer"))).containsExactly("R2-3");
    // passed over twice: seats that come back now wait for the group
    release.get("R2-8").run();
    staysWaiting(s3);
    release.get("R2-9").run();
    release.get("R2-10").run();
    staysWaiting(s3);
    release.get("R2-11").run();
    assertThat(Waitlists.seats(offered(group).getJsonObject("offer")))
        .containsExactlyInAnyOrder("R2-8", "R2-9", "R2-10", "R2-11");
    assertThat(entry(s3).json().getString("status")).isEqualTo("WAITING");
  }

  @Test
  void a_group_holds_the_line_for_w_at_most_then_the_single_behind_it_gets_the_seat() {
    Fixtures f = list();
    Map<String, Runnable> release = soldOutB(f);
    Waitlists.Entry group = waiting(f.posCode, f.performanceId(), guest(4, true, "B"));
    Waitlists.Entry s1 = waiting(f.posCode, f.performanceId(), guest(1, true, "B"));
    Waitlists.Entry s2 = waiting(f.posCode, f.performanceId(), guest(1, true, "B"));
    Waitlists.Entry s3 = waiting(f.posCode, f.performanceId(), guest(1, true, "B"));
    release.get("R2-1").run();
    offered(s1);
    release.get("R2-3").run();
    offered(s2);
    release.get("R2-5").run();
    staysWaiting(s3);

    TestServer.CLOCK.advance(Duration.ofSeconds(61));
    assertThat(Waitlists.seats(offered(s3).getJsonObject("offer"))).containsExactly("R2-5");
    assertThat(entry(group).json().getString("status")).isEqualTo("WAITING");
    assertThat(entry(group).json().getLong("rank")).as("it keeps its place").isEqualTo(1);
  }
}
