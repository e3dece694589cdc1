package io.guichet.domain.waitlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fairness rule between an entry that cannot be seated yet (a group that needs seats side by
 * side) and the entries behind it, played over rounds of a simulated list: seats come back one at a
 * time, a single fits one seat, the group of four fits only when four have come back while nobody
 * took them.
 */
class OfferRoundTest {
  private static final Instant T0 = Instant.parse("2031-03-01T20:00:00Z");
  private static final OfferRound.Rules RULES = new OfferRound.Rules(3, Duration.ofMinutes(10));

  /** A list: a group of 4 first, then singles; the seats the list has; passes and priority. */
  private final class World {
    final OfferRound.Candidate group = new OfferRound.Candidate(UUID.randomUUID(), 1, 0);
    final List<OfferRound.Candidate> waiting = new ArrayList<>();
    final Map<UUID, Integer> passes = new HashMap<>();
    final List<UUID> offers = new ArrayList<>();
    OfferRound.Priority priority = OfferRound.Priority.NONE;
    int seats;

    World(int singles) {
      waiting.add(group);
      for (int i = 0; i < singles; i++) {
        waiting.add(new OfferRound.Candidate(UUID.randomUUID(), 2 + i, 0));
      }
    }

    /** A seat comes back, then the engine runs one round. */
    void seatBack(Instant now) {
      seats++;
      round(now);
    }

    void round(Instant now) {
      List<OfferRound.Candidate> current =
          waiting.stream()
              .map(c -> new OfferRound.Candidate(c.id(), c.seq(), passes.getOrDefault(c.id(), 0)))
              .toList();
      OfferRound round = new OfferRound(RULES, priority, now, current);
      for (OfferRound.Candidate c : current) {
        if (seats == 0 || round.next(c) == OfferRound.Decision.STOP) {
          break;
        }
        int wants = c.id().equals(group.id()) ? 4 : 1;
        if (seats >= wants) {
          seats -= wants;
          offers.add(c.id());
          round.seated(c);
          waiting.removeIf(w -> w.id().equals(c.id()));
        } else {
          round.notSeated(c);
        }
      }
      passes.putAll(round.passes());
      priority = round.priority();
    }

    boolean groupServed() {
      return offers.contains(group.id());
    }
  }

  @Test
  void a_group_that_cannot_be_seated_is_passed_over_at_most_k_times_then_seats_accumulate_for_it() {
    World w = new World(20);
    for (int i = 1; i <= RULES.maxPasses(); i++) {
      w.seatBack(T0.plusSeconds(i));
      assertThat(w.offers).as("seat %d goes to a single behind the group", i).hasSize(i);
    }
    assertThat(w.passes.get(w.group.id())).isEqualTo(RULES.maxPasses());
    assertThat(w.priority.entry()).as("the group holds the line now").isEqualTo(w.group.id());

    // the next seats are not offered to anyone behind it: they accumulate
    for (int i = 1; i <= 3; i++) {
      w.seatBack(T0.plusSeconds(10 + i));
      assertThat(w.offers).hasSize(RULES.maxPasses());
      assertThat(w.seats).isEqualTo(i);
    }
    // the fourth seat seats the group: it gets the four
    w.seatBack(T0.plusSeconds(20));
    assertThat(w.groupServed()).isTrue();
    assertThat(w.offers).hasSize(RULES.maxPasses() + 1);
    assertThat(w.seats).isZero();
    assertThat(w.priority.entry()).isNull();
  }

  @Test
  void a_group_holds_the_line_for_at_most_w_then_singles_are_served_again() {
    World w = new World(20);
    for (int i = 1; i <= RULES.maxPasses(); i++) {
      w.seatBack(T0.plusSeconds(i));
    }
    assertThat(w.priority.entry()).isEqualTo(w.group.id());
    Instant started = w.priority.until().minus(RULES.patience());
    w.seatBack(T0.plusSeconds(30)); // held back for the group
    assertThat(w.offers).hasSize(RULES.maxPasses());

    // W passes without a fourth seat: the priority ends, the waiting seat goes to a single
    w.round(started.plus(RULES.patience()));
    assertThat(w.priority.entry()).isNull();
    assertThat(w.offers).hasSize(RULES.maxPasses() + 1);
    assertThat(w.groupServed()).isFalse();
    assertThat(w.passes.get(w.group.id()))
        .as("its passes count from zero again: one, the offer just made behind it")
        .isEqualTo(1);

    // K offers go behind it (that one included) before it may hold the line again, then it does
    Instant later = started.plus(RULES.patience()).plusSeconds(1);
    for (int i = 1; i < RULES.maxPasses(); i++) {
      w.seatBack(later.plusSeconds(i));
      assertThat(w.offers).hasSize(RULES.maxPasses() + 1 + i);
    }
    assertThat(w.priority.entry()).as("its next priority, after K offers").isEqualTo(w.group.id());
    for (int i = 1; i <= 4; i++) {
      w.seatBack(later.plusSeconds(100 + i));
    }
    assertThat(w.groupServed()).isTrue();
  }

  @Test
  void without_passes_allowed_the_list_is_served_strictly_in_order_for_w_at_a_time() {
    OfferRound.Rules strict = new OfferRound.Rules(0, Duration.ofMinutes(5));
    OfferRound.Candidate group = new OfferRound.Candidate(UUID.randomUUID(), 1, 0);
    OfferRound.Candidate single = new OfferRound.Candidate(UUID.randomUUID(), 2, 0);
    OfferRound round = new OfferRound(strict, OfferRound.Priority.NONE, T0, List.of(group, single));
    assertThat(round.next(group)).isEqualTo(OfferRound.Decision.TRY);
    round.notSeated(group);
    assertThat(round.next(single)).isEqualTo(OfferRound.Decision.STOP);
    assertThat(round.priority().entry()).isEqualTo(group.id());
    assertThat(round.priority().until()).isEqualTo(T0.plus(strict.patience()));
  }

  @Test
  void a_priority_whose_entry_left_is_dropped() {
    OfferRound.Candidate single = new OfferRound.Candidate(UUID.randomUUID(), 5, 0);
    OfferRound.Priority gone = new OfferRound.Priority(UUID.randomUUID(), T0.plusSeconds(60), 0);
    OfferRound round = new OfferRound(RULES, gone, T0, List.of(single));
    assertThat(round.next(single)).isEqualTo(OfferRound.Decision.TRY);
    round.seated(single);
    assertThat(round.priority().entry()).isNull();
  }
}
