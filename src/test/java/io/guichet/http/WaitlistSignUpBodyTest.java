package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.waitlist.EntryStatus;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.waitlist.WaitlistService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sign-up's own check of its body holds every rule of the contract's {@code WaitlistSignUp}
 * schema, and its answer written directly is the document {@code entryJson} builds.
 */
class WaitlistSignUpBodyTest {
  private static JsonObject buyer() {
    return new JsonObject()
        .put("email", "ada@example.org")
        .put("firstName", "Ada")
        .put("lastName", "Lovelace");
  }

  private static JsonObject body() {
    return new JsonObject()
        .put("quantity", 2)
        .put("categories", new JsonArray().add("CAT1").add("CAT-2.b_3"))
        .put("together", false)
        .put("buyer", buyer());
  }

  private static void refused(JsonObject body) {
    assertThatThrownBy(() -> WaitlistSignUpBody.read(body))
        .as("%s", body)
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_REQUEST));
  }

  @Test
  void a_full_body_is_read_as_it_is() {
    WaitlistService.SignUpRequest r = WaitlistSignUpBody.read(body());
    assertThat(r.quantity()).isEqualTo(2);
    assertThat(r.categories()).containsExactly("CAT1", "CAT-2.b_3");
    assertThat(r.together()).isFalse();
    assertThat(r.guest())
        .isEqualTo(new WaitlistService.GuestBuyer("ada@example.org", "Ada", "Lovelace"));
  }

  @Test
  void left_out_members_take_their_defaults() {
    WaitlistService.SignUpRequest r =
        WaitlistSignUpBody.read(new JsonObject().put("quantity", 1000));
    assertThat(r.quantity()).isEqualTo(1000);
    assertThat(r.categories()).isEmpty();
    assertThat(r.together()).isTrue();
    assertThat(r.guest()).isNull();
    assertThat(WaitlistSignUpBody.read(body().put("categories", new JsonArray())).categories())
        .isEmpty();
  }

  @Test
  void every_body_the_contract_refuses_is_refused() {
    refused(new JsonObject());
    refused(body().put("extra", 1));
    refused(body().putNull("quantity"));
    refused(body().put("quantity", 0));
    refused(body().put("quantity", 1001));
    refused(body().put("quantity", 2.5));
    refused(body().put("quantity", "2"));
    refused(body().putNull("categories"));
    refused(body().put("categories", "CAT1"));
    refused(body().put("categories", new JsonArray().add(1)));
    refused(body().put("categories", new JsonArray().add("")));
    refused(body().put("categories", new JsonArray().add("-A")));
    refused(body().put("categories", new JsonArray().add("A B")));
    refused(body().put("categories", new JsonArray().add("A".repeat(41))));
    JsonArray many = new JsonArray();
    for (int i = 0; i < 33; i++) {
      many.add("C" + i);
    }
    refused(body().put("categories", many));
    refused(body().putNull("together"));
    refused(body().put("together", "yes"));
    refused(body().putNull("buyer"));
    refused(body().put("buyer", "ada@example.org"));
    refused(body().put("buyer", buyer().put("phone", "1")));
    refused(body().put("buyer", buyer().put("email", "ab")));
    refused(body().put("buyer", buyer().put("email", "a".repeat(250) + "@x.io")));
    refused(body().put("buyer", buyer().putNull("email")));
    refused(body().put("buyer", buyer().put("firstName", "")));
    refused(body().put("buyer", buyer().put("lastName", "L".repeat(201))));
    JsonObject noLast = buyer();
    noLast.remove("lastName");
    refused(body().put("buyer", noLast));
  }

  @Test
  void the_point_of_sale_must_be_a_code() {
    assertThat(WaitlistSignUpBody.pos("web-1.fr_x")).isEqualTo("web-1.fr_x");
    for (String bad : new String[] {null, "", "_web", "web shop", "w".repeat(41), "wéb"}) {
      assertThatThrownBy(() -> WaitlistSignUpBody.pos(bad))
          .as("%s", bad)
          .isInstanceOf(DomainException.class);
    }
  }

  @Test
  void the_answer_written_directly_is_the_entry_as_json() {
    WaitlistEntry e =
        new WaitlistEntry(
            UUID.randomUUID(),
            42,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            null,
            "ada@example.org",
            "Ada",
            "Lovelace",
            "fr",
            3,
            List.of("CAT1", "CAT2"),
            true,
            EntryStatus.UNCONFIRMED,
            0,
            Instant.parse("2026-12-03T19:30:00.123456Z"),
            Instant.parse("2026-12-03T19:30:00.123456Z"));
    JsonObject expected = WaitlistHandlers.entryJson(e, null, null, null).put("secret", "s3cr\"t");
    assertThat(new JsonObject(WaitlistHandlers.newEntryJson(e, "s3cr\"t").json()))
        .isEqualTo(expected);
    assertThat(new JsonObject(WaitlistHandlers.newEntryJson(e, null).json()))
        .isEqualTo(WaitlistHandlers.entryJson(e, null, null, null));
  }
}
