package io.guichet.waitlist;

import static io.guichet.Waitlists.guest;
import static io.guichet.Waitlists.signUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Waitlists;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad sign-ups and bad links get a clear 4xx problem of their own type and change nothing: no
 * entry, no offer, no seat moved.
 */
class WaitlistBadInputTest extends ServerTest {
  private static Fixtures f;

  /** Category A sold out (held whole by two carts); B and the standing area C still on sale. */
  @BeforeAll
  static void soldOutA() {
    f = Fixtures.create();
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 5);
    Shop.hold(Shop.cart(f.posCode), f.performanceId(), "A", f.fullTariff(), 4);
  }

  private static long entries() {
    return count(
        "select count(*) from waitlist_entry where performance_id = $1",
        UUID.fromString(f.performanceId()));
  }

  @Test
  void a_sign_up_for_seats_still_on_sale_is_refused_with_what_is_available() {
    long before = entries();
    JsonObject problem =
        signUp(f.posCode, f.performanceId(), guest(2, true, "A", "B"), null)
            .problem(409, "not-sold-out");
    assertThat(problem.getJsonObject("availableByCategory").getInteger("B")).isEqualTo(10);
    assertThat(problem.getJsonObject("availableByCategory").containsKey("A")).isFalse();
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void an_unknown_performance_is_not_found() {
    long before = entries();
    signUp(f.posCode, UUID.randomUUID().toString(), guest(1, true, "A"), null)
        .problem(404, "not-found");
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void more_seats_than_the_channel_allows_per_performance_are_refused() {
    long before = entries();
    JsonObject problem =
        signUp(f.posCode, f.performanceId(), guest(7, true, "A"), null)
            .problem(409, "max-per-performance");
    assertThat(problem.getInteger("max")).isEqualTo(6);
    signUp(f.posCode, f.performanceId(), guest(0, true, "A"), null).problem(400, "bad-request");
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void where_the_point_of_sale_hides_the_list_there_is_no_sign_up() {
    String hidden = f.shop(new JsonObject(), new JsonObject().put("hideWaitlist", true));
    long before = entries();
    signUp(hidden, f.performanceId(), guest(1, true, "A"), null).problem(403, "not-allowed-here");
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void a_second_sign_up_of_the_same_buyer_makes_no_second_entry() {
    JsonObject body = guest(1, true, "A");
    Reply first = signUp(f.posCode, f.performanceId(), body, null);
    assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
    long before = entries();
    // the same address in other letters, with other wishes: still the same buyer
    JsonObject again = body.copy().put("quantity", 2);
    again
        .getJsonObject("buyer")
        .put(
            "email",
            body.getJsonObject("buyer").getString("email").toUpperCase(java.util.Locale.ROOT));
    JsonObject problem =
        signUp(f.posCode, f.performanceId(), again, null).problem(409, "already-on-waitlist");
    assertThat(problem.getString("entryId")).isEqualTo(first.json().getString("id"));
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void unknown_categories_and_malformed_bodies_are_bad_requests() {
    long before = entries();
    signUp(f.posCode, f.performanceId(), guest(1, true, "Z"), null).problem(400, "bad-request");
    signUp(f.posCode, f.performanceId(), guest(1, true, "A", "A"), null)
        .problem(400, "bad-request");
    signUp(
            f.posCode,
            f.performanceId(),
            new JsonObject().put("quantity", 1).put("categories", new JsonArray().add("A")),
            null)
        .problem(400, "bad-request"); // a guest without a buyer
    signUp(f.posCode, f.performanceId(), guest(1, true, "A").put("extra", 1), null)
        .problem(400, "bad-request");
    JsonObject badEmail = guest(1, true, "A");
    badEmail.getJsonObject("buyer").put("email", "not an address");
    signUp(f.posCode, f.performanceId(), badEmail, null).problem(400, "bad-request");
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void a_forged_or_foreign_link_opens_nothing() {
    Reply signed = signUp(f.posCode, f.performanceId(), guest(1, true, "A"), null);
    String id = signed.json().getString("id");
    // a forged confirmation token, and the secret of another entry
    Waitlists.confirm(f.posCode, id, "forged-token-0123456789").problem(404, "not-found");
    Waitlists.Entry other =
        new Waitlists.Entry(id, Waitlists.links().entrySecret(UUID.randomUUID()), null, f.posCode);
    Waitlists.entry(other).problem(404, "not-found");
    Waitlists.leave(other).problem(404, "not-found");
    assertThat(
            count(
                "select count(*) from waitlist_entry where id = $1 and status = 'UNCONFIRMED'",
                UUID.fromString(id)))
        .isEqualTo(1);
    // an offer link that names no offer, or is not signed
    String offerId = UUID.randomUUID().toString();
    Waitlists.take(f.posCode, offerId, new JsonObject().put("token", "forged-token-0123456789"))
        .problem(404, "not-found");
    get("/api/v1/waitlist/offers/" + offerId + "?pos=" + f.posCode + "&token=forged-token-01234")
        .problem(404, "not-found");
  }
}
