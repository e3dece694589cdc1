package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.domain.queue.OnSale;
import io.guichet.queue.WaitingRoom;
import io.guichet.queue.WaitingRoom.Place;
import io.guichet.queue.WaitingRoom.State;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The queue's hand-written JSON says exactly what the same document built as a JsonObject says. */
class PlaceJsonTest {
  private static final OnSale ON_SALE =
      new OnSale(
          UUID.randomUUID(),
          UUID.randomUUID(),
          "Tour",
          List.of(UUID.randomUUID()),
          Instant.parse("2026-11-23T08:00:00Z"),
          Instant.parse("2026-11-23T09:00:00.125Z"),
          600,
          1000,
          900,
          true);

  /** The document as it was built before: the reference. */
  private static JsonObject reference(Place p) {
    JsonObject json =
        new JsonObject()
            .put("onSaleId", p.onSale().id().toString())
            .put("visitorId", p.visitor())
            .put("queueTicket", p.ticket())
            .put("state", p.state().name())
            .put("saleStartsAt", p.onSale().saleStartsAt().toString());
    switch (p.state()) {
      case WAITING, SOLD_OUT -> {
        long waitSeconds = p.estimatedWait().toSeconds();
        json.put("position", p.position())
            .put("ahead", p.position() - 1)
            .put("queueLength", p.queueLength())
            .put("estimatedWaitSeconds", waitSeconds)
            .put("admittedPerMinute", Math.round(p.admittedPerMinute()))
            .put("soldOut", p.state() == State.SOLD_OUT)
            .put("pollAfterSeconds", Math.max(2, Math.min(30, waitSeconds / 10)));
        if (p.state() == State.SOLD_OUT) {
          json.put(
              "waitlist",
              new JsonObject()
                  .put(
                      "performanceIds",
                      new io.vertx.core.json.JsonArray(
                          p.onSale().performanceIds().stream().map(Object::toString).toList()))
                  .put("signUp", "/api/v1/performances/{performanceId}/waitlist"));
        }
      }
      case ADMITTED ->
          json.put("accessToken", p.accessToken())
              .put("accessExpiresAt", p.accessEndsAt().toString());
      case NO_QUEUE -> {}
    }
    return json;
  }

  private static Place place(State state, String visitor, String ticket, long position, long wait) {
    return new WaitingRoom.Place(
        ON_SALE,
        visitor,
        ticket,
        state,
        false,
        position,
        position * 3,
        Duration.ofSeconds(wait),
        412.6,
        state == State.ADMITTED ? "at.v1.\"odd\\token\u0001é" : null,
        state == State.ADMITTED ? Instant.parse("2026-11-23T09:15:00Z") : null);
  }

  @Test
  void every_state_encodes_as_the_reference_document() {
    for (State state : State.values()) {
      for (long position : new long[] {1, 2, 999_999, Long.MAX_VALUE / 4}) {
        for (long wait : new long[] {0, 19, 301, 86_400}) {
          Place p = place(state, "AbCdEfGhIjKlMnOpQrStUv", "qt.v1.abc-_def.sig", position, wait);
          String raw = QueueHandlers.placeJson(p).json();
          assertThat(new JsonObject(raw)).as(raw).isEqualTo(reference(p));
        }
      }
    }
  }

  @Test
  void polls_of_several_on_sales_in_turn_each_name_their_own() {
    OnSale other =
        new OnSale(
            UUID.randomUUID(),
            ON_SALE.organizerId(),
            "Other",
            List.of(UUID.randomUUID()),
            Instant.parse("2026-12-01T08:00:00Z"),
            Instant.parse("2026-12-01T09:00:00Z"),
            60,
            10,
            900,
            true);
    for (int i = 0; i < 4; i++) {
      for (OnSale s : List.of(ON_SALE, other, other, ON_SALE)) {
        Place p =
            new WaitingRoom.Place(
                s,
                "AbCdEfGhIjKlMnOpQrStUv",
                "t",
                State.WAITING,
                false,
                5,
                9,
                Duration.ZERO,
                1,
                null,
                null);
        JsonObject json = new JsonObject(QueueHandlers.placeJson(p).json());
        assertThat(json).isEqualTo(reference(p));
        assertThat(json.getString("onSaleId")).isEqualTo(s.id().toString());
      }
    }
  }

  @Test
  void strings_that_need_escaping_and_absent_ones_round_trip() {
    Place p = place(State.ADMITTED, "quote\" back\\slash\ttab\n\u001f ünï €", null, 1, 0);
    String raw = QueueHandlers.placeJson(p).json();
    JsonObject parsed = new JsonObject(raw);
    assertThat(parsed).isEqualTo(reference(p));
    assertThat(parsed.getString("visitorId")).isEqualTo("quote\" back\\slash\ttab\n\u001f ünï €");
    assertThat(parsed.containsKey("queueTicket")).isTrue();
    assertThat(parsed.getValue("queueTicket")).isNull();
  }
}
