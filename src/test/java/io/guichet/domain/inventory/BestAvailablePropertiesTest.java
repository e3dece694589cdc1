package io.guichet.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Best-available against a brute force on random seat maps and states: every choice is legal, and
 * no legal window has a lower total rank.
 */
class BestAvailablePropertiesTest {
  private static final long NOW = 500;

  @Provide
  Arbitrary<String[]> blocks() {
    Arbitrary<String> row =
        Arbitraries.strings()
            .withChars('F', 'F', 'F', 'X', 'H', '.', 'f')
            .ofMinLength(1)
            .ofMaxLength(14);
    return row.array(String[].class).ofMinSize(1).ofMaxSize(5);
  }

  @Property(tries = 400)
  void a_party_seated_together_is_legal_and_no_legal_window_ranks_better(
      @ForAll("blocks") String[] rows,
      @ForAll @IntRange(min = 1, max = 6) int quantity,
      @ForAll boolean rule) {
    BlockState state = Rows.parse(rows);
    SeatRequest request = new SeatRequest(0, quantity, 0, rule, false);
    BestAvailable.Choice choice = BestAvailable.find(state, request, NOW);
    Long bestBrute = bruteForceBestRankSum(state, request);
    if (choice == null) {
      assertThat(bestBrute).as("a legal window exists but none was found").isNull();
      return;
    }
    int[] seats = choice.seats();
    SeatBlock b = state.block();
    assertThat(seats).hasSize(quantity);
    for (int k = 0; k < seats.length; k++) {
      assertThat(state.free(seats[k], NOW)).isTrue();
      assertThat(b.category()[seats[k]]).isEqualTo((byte) 0);
      if (k > 0) {
        assertThat(seats[k]).isEqualTo(seats[k - 1] + 1);
        assertThat(b.adjacent(seats[k - 1])).as("no aisle inside a party").isTrue();
      }
    }
    if (rule) {
      assertThat(IsolatedSeats.strandedBy(state, seats, NOW)).isEqualTo(-1);
    }
    long rankSum = 0;
    for (int s : seats) {
      rankSum += b.rank()[s];
    }
    assertThat(rankSum).isEqualTo(bestBrute);
  }

  @Property(tries = 300)
  void a_split_party_takes_distinct_free_seats_and_strands_no_one(
      @ForAll("blocks") String[] rows,
      @ForAll @IntRange(min = 2, max = 8) int quantity,
      @ForAll boolean rule) {
    BlockState state = Rows.parse(rows);
    BestAvailable.Choice choice =
        BestAvailable.find(state, new SeatRequest(0, quantity, 0, rule, true), NOW);
    if (choice == null) {
      return;
    }
    Set<Integer> distinct = new HashSet<>();
    for (int s : choice.seats()) {
      assertThat(state.free(s, NOW)).isTrue();
      assertThat(state.block().category()[s]).isEqualTo((byte) 0);
      distinct.add(s);
    }
    assertThat(distinct).hasSize(quantity);
    if (rule) {
      assertThat(newlyIsolated(state, choice.seats())).isEmpty();
    }
  }

  /** Seats isolated after taking {@code seats} that were not isolated before. */
  static List<Integer> newlyIsolated(BlockState before, int[] seats) {
    BlockState after = before.copy();
    after.hold(seats, 7, Long.MAX_VALUE);
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < before.block().size(); i++) {
      if (IsolatedSeats.isolated(after, null, i, NOW)
          && !IsolatedSeats.isolated(before, null, i, NOW)) {
        result.add(i);
      }
    }
    return result;
  }

  /** Every window of free category-0 seats side by side; the lowest legal rank sum, or null. */
  private static Long bruteForceBestRankSum(BlockState state, SeatRequest request) {
    SeatBlock b = state.block();
    int n = request.quantity();
    Long best = null;
    for (int start = 0; start + n <= b.size(); start++) {
      int[] window = new int[n];
      boolean ok = true;
      for (int k = 0; k < n && ok; k++) {
        int i = start + k;
        window[k] = i;
        ok = state.free(i, NOW) && b.category()[i] == 0 && (k == 0 || b.adjacent(i - 1));
      }
      if (!ok) {
        continue;
      }
      if (request.isolationRule() && !newlyIsolated(state, window).isEmpty()) {
        continue;
      }
      long sum = 0;
      for (int i : window) {
        sum += b.rank()[i];
      }
      if (best == null || sum < best) {
        best = sum;
      }
    }
    return best;
  }
}
