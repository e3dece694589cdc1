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
import io.guichet.TestMail;
import io.guichet.TestServer;
import io.guichet.Waitlists;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting list end to end, against the real server: seats that come back on a sold-out
 * performance go to the list in sign-up order, are held for the entry until the offer's deadline,
 * announced by e-mail, and bought through a cart opened from the offer's link; nobody outside the
 * list gets them meanwhile.
 */
class WaitlistApiTest extends ServerTest {

  @AfterEach
  void clock() {
    TestServer.CLOCK.reset();
  }

  /** Category A (9 seats) held whole by two carts of 5 and 4: A is sold out. */
  private static Shop.Cart[] soldOutA(Fixtures f, int... parts) {
    Shop.Cart[] carts = new Shop.Cart[parts.length];
    for (int i = 0; i < parts.length; i++) {
      carts[i] = Shop.cart(f.posCode);
      Shop.hold(carts[i], f.performanceId(), "A", f.fullTariff(), parts[i]);
    }
    return carts;
  }

  private static void release(Shop.Cart cart) {
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
  }

  @Test
  void a_seat_that_comes_back_is_offered_in_sign_up_order_taken_into_a_cart_and_bought()
      throws Exception {
    Fixtures f = Fixtures.create();
    Shop.Cart[] carts = soldOutA(f, 5, 4);
    JsonObject firstBody = guest(2, true, "A");
    Waitlists.Entry first = waiting(f.posCode, f.performanceId(), firstBody);
    Waitlists.Entry second = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    assertThat(entry(first).json().getLong("rank")).isEqualTo(1);
    assertThat(entry(second).json().getLong("rank")).isEqualTo(2);

    release(carts[1]); // four seats come back
    JsonObject offer = offered(first).getJsonObject("offer");
    assertThat(offer.getString("category")).isEqualTo("A");
    assertThat(Waitlists.seats(offer)).hasSize(2);
    JsonObject secondOffer = offered(second).getJsonObject("offer");
    assertThat(Waitlists.seats(secondOffer)).doesNotContainAnyElementsOf(Waitlists.seats(offer));

    // nobody outside the list gets them while the offers run
    Shop.Cart outsider = Shop.cart(f.posCode);
    Shop.add(outsider, f.performanceId(), "A", f.fullTariff(), 1).problem(409, "sold-out");

    // the e-mail, in the point of sale's language, with the offer's link
    String email = firstBody.getJsonObject("buyer").getString("email");
    MimeMessage mail =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    TestMail.to(email).stream()
                        .filter(m -> subject(m).startsWith("Des places pour vous"))
                        .findFirst()
                        .orElse(null),
                m -> m != null);
    String text = (String) mail.getContent();
    assertThat(text).contains(offer.getString("id")).contains("token=");

    // a link bound to another entry, or forged, opens nothing
    Waitlists.take(
            f.posCode,
            offer.getString("id"),
            new JsonObject().put("token", Waitlists.offerToken(offer, second)))
        .problem(404, "not-found");
    Waitlists.take(
            f.posCode, offer.getString("id"), new JsonObject().put("token", "forged-0123456789"))
        .problem(404, "not-found");
    assertThat(entry(first).json().getString("status")).isEqualTo("OFFERED");

    String token = Waitlists.offerToken(offer, first);
    Reply shown =
        get(
            "/api/v1/waitlist/offers/"
                + offer.getString("id")
                + "?pos="
                + f.posCode
                + "&token="
                + token);
    assertThat(shown.status()).as("%s", shown.body()).isEqualTo(200);
    assertThat(Waitlists.seats(shown.json())).isEqualTo(Waitlists.seats(offer));

    Reply taken =
        Waitlists.take(f.posCode, offer.getString("id"), new JsonObject().put("token", token));
    assertThat(taken.status()).as("%s", taken.body()).isEqualTo(201);
    List<String> inCart = Waitlists.seats(taken.json().getJsonObject("item"));
    assertThat(inCart).containsExactlyInAnyOrderElementsOf(Waitlists.seats(offer));
    Shop.Cart cart =
        new Shop.Cart(
            taken.json().getString("id"), taken.json().getString("secret"), f.posCode, null);

    // the link used again changes nothing
    Waitlists.take(f.posCode, offer.getString("id"), new JsonObject().put("token", token))
        .problem(409, "offer-not-open");

    Reply order = Shop.checkout(cart, Shop.guestCheckout("E_TICKET"));
    assertThat(order.status()).as("%s", order.body()).isEqualTo(201);
    assertThat(Shop.pay(order.json(), "accept").json().getString("status")).isEqualTo("PAID");
    assertThat(entry(first).json().getString("status")).isEqualTo("TAKEN");

    JsonObject figures = Waitlists.overview(f.performanceId()).getJsonObject("figures");
    assertThat(figures.getLong("offersMade")).isEqualTo(2);
    assertThat(figures.getLong("offersTaken")).isEqualTo(1);
    assertThat(figures.getLong("ordersFromOffers")).isEqualTo(1);
    JsonObject audit = adminGet("/admin/v1/performances/" + f.performanceId() + "/audit").json();
    assertThat(audit.getBoolean("ok")).as("%s", audit).isTrue();
  }

  @Test
  void a_rank_counts_the_entries_ahead_across_the_line_and_sees_leavers_ahead_within_seconds() {
    Fixtures f = Fixtures.create();
    soldOutA(f, 5, 4);
    // sign-up numbers far apart: the entries fall in buckets of the rank index of their own
    List<Waitlists.Entry> line = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      count("select setval('waitlist_entry_seq', nextval('waitlist_entry_seq') + 3000)");
      line.add(waiting(f.posCode, f.performanceId(), guest(1, true, "A")));
    }
    for (int i = 0; i < line.size(); i++) {
      assertThat(entry(line.get(i)).json().getLong("rank")).isEqualTo(i + 1);
    }
    assertThat(Waitlists.leave(line.get(1)).status()).isEqualTo(204);
    // the line ahead of the last is counted at most RANK_MILLIS ago: within them, as it was
    assertThat(entry(line.get(3)).json().getLong("rank")).isBetween(3L, 4L);
    TestServer.CLOCK.advance(Duration.ofMillis(WaitlistService.RANK_MILLIS + 1));
    assertThat(entry(line.get(3)).json().getLong("rank")).isEqualTo(3);
    assertThat(entry(line.get(2)).json().getLong("rank")).isEqualTo(2);
    assertThat(entry(line.get(0)).json().getLong("rank")).isEqualTo(1);
  }

  @Test
  void a_change_with_an_empty_list_of_categories_leaves_them_as_they_are() {
    Fixtures f = Fixtures.create();
    soldOutA(f, 5, 4);
    Waitlists.Entry e = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    // what a generated client sends for the quantity alone: its unset list as []
    JsonObject change =
        new JsonObject().put("quantity", 3).put("categories", new io.vertx.core.json.JsonArray());
    Reply changed = send(client.patch(e.path()).putHeader("X-Waitlist-Secret", e.secret()), change);
    assertThat(changed.status()).as("%s", changed.body()).isEqualTo(200);
    assertThat(changed.json().getInteger("quantity")).isEqualTo(3);
    assertThat(changed.json().getJsonArray("categories")).containsExactly("A");
    assertThat(entry(e).json().getJsonArray("categories")).containsExactly("A");
  }

  @Test
  void an_offer_taken_into_a_cart_never_makes_it_hold_more_than_the_maximum_per_performance() {
    Fixtures f = Fixtures.create(); // the channel allows 6 seats a performance
    Shop.Cart[] carts = soldOutA(f, 5, 4);
    Waitlists.Entry first = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    release(carts[1]);
    JsonObject offer = offered(first).getJsonObject("offer");
    String token = Waitlists.offerToken(offer, first);

    // the buyer's own cart holds 5 seats of B: with the offer's 2 it would hold 7
    Shop.Cart own = Shop.cart(f.posCode);
    Shop.hold(own, f.performanceId(), "B", f.fullTariff(), 5);
    JsonObject intoOwn = new JsonObject().put("token", token).put("cartId", own.id());
    String path = "/api/v1/waitlist/offers/" + offer.getString("id") + "/cart?pos=" + f.posCode;
    send(client.post(path).putHeader("X-Cart-Secret", own.secret()), intoOwn)
        .problem(409, "max-per-performance");
    assertThat(entry(first).json().getString("status")).isEqualTo("OFFERED");
    JsonObject cart =
        send(
                client
                    .get(own.path() + "?pos=" + f.posCode)
                    .putHeader("X-Cart-Secret", own.secret()),
                null)
            .json();
    assertThat(cart.getJsonArray("items")).hasSize(1);

    // once the cart gives its seats of B back, the offer's seats join it
    release(own);
    Reply taken = send(client.post(path).putHeader("X-Cart-Secret", own.secret()), intoOwn);
    assertThat(taken.status()).as("%s", taken.body()).isEqualTo(201);
    assertThat(Waitlists.seats(taken.json().getJsonObject("item")))
        .containsExactlyInAnyOrderElementsOf(Waitlists.seats(offer));
    assertThat(entry(first).json().getJsonObject("offer").getString("status")).isEqualTo("TAKEN");
  }

  @Test
  void an_offer_not_taken_by_its_deadline_goes_to_the_next_entry() {
    Fixtures f = Fixtures.create();
    assertThat(
            Waitlists.settings(f.performanceId(), new JsonObject().put("offerSeconds", 60))
                .status())
        .isEqualTo(200);
    Shop.Cart[] carts = soldOutA(f, 5, 2, 2);
    Waitlists.Entry first = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    Waitlists.Entry second = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    release(carts[2]);
    List<String> seats = Waitlists.seats(offered(first).getJsonObject("offer"));
    assertThat(entry(second).json().getString("status")).isEqualTo("WAITING");

    TestServer.CLOCK.advance(Duration.ofSeconds(61));
    JsonObject next = offered(second);
    assertThat(Waitlists.seats(next.getJsonObject("offer")))
        .containsExactlyInAnyOrderElementsOf(seats);
    JsonObject lapsed = entry(first).json();
    assertThat(lapsed.getString("status")).isEqualTo("LAPSED");
    assertThat(lapsed.getJsonObject("offer").getString("status")).isEqualTo("LAPSED");
  }

  @Test
  void a_buyer_who_leaves_gives_the_offered_seats_to_the_next_entry() {
    Fixtures f = Fixtures.create();
    Shop.Cart[] carts = soldOutA(f, 5, 2, 2);
    Waitlists.Entry first = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    Waitlists.Entry second = waiting(f.posCode, f.performanceId(), guest(2, true, "A"));
    release(carts[1]);
    List<String> seats = Waitlists.seats(offered(first).getJsonObject("offer"));
    assertThat(Waitlists.leave(first).status()).isEqualTo(204);
    assertThat(Waitlists.seats(offered(second).getJsonObject("offer")))
        .containsExactlyInAnyOrderElementsOf(seats);
    assertThat(entry(first).json().getString("status")).isEqualTo("LEFT");
    Waitlists.leave(first).problem(409, "waitlist-entry-state");
  }

  @Test
  void a_group_that_wants_seats_together_is_offered_them_side_by_side() {
    Fixtures f = Fixtures.create();
    Shop.Cart[] carts = soldOutA(f, 5, 4);
    Waitlists.Entry group = waiting(f.posCode, f.performanceId(), guest(3, true, "A"));
    release(carts[0]); // seats 1 to 5 of row 1
    List<String> seats = Waitlists.seats(offered(group).getJsonObject("offer"));
    List<Integer> positions =
        seats.stream()
            .map(s -> Integer.parseInt(s.substring(s.indexOf('-') + 1)))
            .sorted()
            .toList();
    assertThat(positions.get(2) - positions.get(0)).as("%s", seats).isEqualTo(2);
  }

  @Test
  void an_account_signs_up_without_a_link_and_its_offer_cart_is_its_own() {
    Fixtures f = Fixtures.create();
    Shop.Cart[] carts = soldOutA(f, 5, 4);
    String email = "acc+" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    send(
        client.post("/api/v1/accounts?pos=" + f.posCode),
        new JsonObject()
            .put("email", email)
            .put("password", "correct horse battery")
            .put("firstName", "Ada")
            .put("lastName", "Byron"));
    String session =
        send(
                client.post("/api/v1/sessions?pos=" + f.posCode),
                new JsonObject().put("email", email).put("password", "correct horse battery"))
            .json()
            .getString("token");
    Reply signed =
        Waitlists.signUp(
            f.posCode, f.performanceId(), new JsonObject().put("quantity", 1), session);
    assertThat(signed.status()).as("%s", signed.body()).isEqualTo(201);
    assertThat(signed.json().getString("status")).isEqualTo("WAITING");
    assertThat(signed.json().containsKey("secret")).isFalse();
    Waitlists.Entry mine =
        new Waitlists.Entry(signed.json().getString("id"), null, session, f.posCode);
    // the same buyer again (a retry, a second tab) makes no second entry
    Waitlists.signUp(f.posCode, f.performanceId(), new JsonObject().put("quantity", 1), session)
        .problem(409, "already-on-waitlist");

    release(carts[1]);
    JsonObject offer = offered(mine).getJsonObject("offer");
    Reply taken =
        Waitlists.take(
            f.posCode,
            offer.getString("id"),
            new JsonObject().put("token", Waitlists.offerToken(offer, mine)));
    assertThat(taken.status()).as("%s", taken.body()).isEqualTo(201);
    Shop.Cart cart =
        new Shop.Cart(
            taken.json().getString("id"), taken.json().getString("secret"), f.posCode, null);
    Shop.checkout(cart, Shop.guestCheckout("E_TICKET")).problem(404, "not-found");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}
