package io.guichet.domain.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EligibilityTest {
  static final Instant NOW = Instant.parse("2027-01-10T12:00:00Z");
  static final UUID CHANNEL = UUID.randomUUID();

  static Advantage advantage(
      Advantage.Target target,
      Advantage.State state,
      Instant from,
      Instant until,
      List<UUID> channels) {
    return new Advantage(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "2026-2027",
        "EVENT",
        "ADV",
        "adv",
        "Adv",
        null,
        state,
        target,
        target == Advantage.Target.INDICATOR ? "LOYAL" : null,
        target == Advantage.Target.INDICATOR ? "Assidu" : null,
        target == Advantage.Target.PARTNER ? "PART" : null,
        channels,
        from,
        until,
        Advantage.SaleEnd.NO_LIMIT,
        0,
        null,
        0,
        null,
        List.of(),
        NOW);
  }

  static Advantage open(Advantage.Target target) {
    return advantage(target, Advantage.State.OPERATION, null, null, null);
  }

  static Refusal check(Advantage a, Shopper s, boolean unlocked) {
    return Eligibility.advantage(a, s, CHANNEL, NOW, unlocked);
  }

  @Test
  void a_public_advantage_is_open_to_anyone() {
    assertThat(check(open(Advantage.Target.PUBLIC), Shopper.ANONYMOUS, false)).isNull();
  }

  @Test
  void a_contacts_advantage_is_open_to_its_linked_contacts_only() {
    Advantage a = open(Advantage.Target.CONTACTS);
    Shopper linked = new Shopper(UUID.randomUUID(), Map.of(), Set.of(a.id()));
    Shopper other = new Shopper(UUID.randomUUID(), Map.of(), Set.of(UUID.randomUUID()));
    assertThat(check(a, linked, false)).isNull();
    assertThat(check(a, other, false)).isEqualTo(Refusal.NOT_TARGETED);
    assertThat(check(a, Shopper.ANONYMOUS, false)).isEqualTo(Refusal.NOT_TARGETED);
  }

  @Test
  void an_indicator_advantage_is_open_at_its_level_only() {
    Advantage a = open(Advantage.Target.INDICATOR);
    assertThat(check(a, new Shopper(UUID.randomUUID(), Map.of("LOYAL", "Assidu"), Set.of()), false))
        .isNull();
    assertThat(
            check(
                a, new Shopper(UUID.randomUUID(), Map.of("LOYAL", "Occasionnel"), Set.of()), false))
        .isEqualTo(Refusal.NOT_TARGETED);
    assertThat(check(a, new Shopper(UUID.randomUUID(), Map.of("OTHER", "Assidu"), Set.of()), false))
        .isEqualTo(Refusal.NOT_TARGETED);
  }

  @Test
  void partner_and_single_use_code_advantages_need_their_code() {
    for (Advantage.Target t : List.of(Advantage.Target.PARTNER, Advantage.Target.SINGLE_USE_CODE)) {
      assertThat(check(open(t), Shopper.ANONYMOUS, false)).isEqualTo(Refusal.CODE_REQUIRED);
      assertThat(check(open(t), Shopper.ANONYMOUS, true)).isNull();
    }
  }

  @Test
  void state_window_and_channel_come_first() {
    Shopper anyone = Shopper.ANONYMOUS;
    assertThat(
            check(
                advantage(Advantage.Target.PUBLIC, Advantage.State.SUSPENDED, null, null, null),
                anyone,
                true))
        .isEqualTo(Refusal.NOT_IN_OPERATION);
    assertThat(
            check(
                advantage(Advantage.Target.PUBLIC, Advantage.State.PREPARATION, null, null, null),
                anyone,
                true))
        .isEqualTo(Refusal.NOT_IN_OPERATION);
    assertThat(
            check(
                advantage(
                    Advantage.Target.PUBLIC,
                    Advantage.State.OPERATION,
                    NOW.plusSeconds(1),
                    null,
                    null),
                anyone,
                true))
        .isEqualTo(Refusal.NOT_YET_VALID);
    assertThat(
            check(
                advantage(Advantage.Target.PUBLIC, Advantage.State.OPERATION, null, NOW, null),
                anyone,
                true))
        .isEqualTo(Refusal.EXPIRED);
    assertThat(
            check(
                advantage(
                    Advantage.Target.PUBLIC,
                    Advantage.State.OPERATION,
                    null,
                    null,
                    List.of(UUID.randomUUID())),
                anyone,
                true))
        .isEqualTo(Refusal.OTHER_CHANNEL);
    assertThat(
            check(
                advantage(
                    Advantage.Target.PUBLIC,
                    Advantage.State.OPERATION,
                    null,
                    null,
                    List.of(CHANNEL)),
                anyone,
                true))
        .isNull();
  }

  @Test
  void a_performance_is_sold_at_an_advantages_prices_until_its_start_plus_the_tolerance() {
    Advantage a =
        new Advantage(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "s",
            "EVENT",
            "A",
            "a",
            "A",
            null,
            Advantage.State.OPERATION,
            Advantage.Target.PUBLIC,
            null,
            null,
            null,
            null,
            null,
            null,
            Advantage.SaleEnd.PERFORMANCE_START,
            30,
            null,
            0,
            null,
            List.of(),
            NOW);
    assertThat(a.saleOpen(NOW.minusSeconds(29 * 60), NOW)).isTrue();
    assertThat(a.saleOpen(NOW.minusSeconds(30 * 60), NOW)).isFalse();
  }
}
