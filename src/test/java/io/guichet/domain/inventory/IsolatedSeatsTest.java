package io.guichet.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IsolatedSeatsTest {
  private static final long NOW = 500;

  @Test
  void taking_seats_next_to_a_single_free_seat_strands_it() {
    BlockState s = Rows.parse("FFFFX");
    assertThat(IsolatedSeats.strandedBy(s, new int[] {1, 2}, NOW)).isEqualTo(0);
    assertThat(IsolatedSeats.strandedBy(s, new int[] {2, 3}, NOW)).isEqualTo(-1);
  }

  @Test
  void an_aisle_counts_as_a_taken_neighbour() {
    BlockState s = Rows.parse("FF.FF");
    assertThat(IsolatedSeats.strandedBy(s, new int[] {0}, NOW)).isEqualTo(1);
  }

  @Test
  void a_seat_already_isolated_may_stay_isolated_and_may_be_filled() {
    BlockState s = Rows.parse("FXFFF");
    assertThat(IsolatedSeats.strandedBy(s, new int[] {3, 4}, NOW)).isEqualTo(2);
    assertThat(IsolatedSeats.strandedBy(s, new int[] {0}, NOW)).isEqualTo(-1);
    assertThat(IsolatedSeats.strandedBy(s, new int[] {2, 3, 4}, NOW)).isEqualTo(-1);
  }

  @Test
  void counting_isolated_seats() {
    assertThat(IsolatedSeats.count(Rows.parse("FXFXFF", "F.F"), NOW)).isEqualTo(4);
  }

  @Test
  void giving_back_the_middle_seat_of_three_held_strands_it() {
    BlockState before = Rows.parse("XHHHX");
    BlockState after = before.copy();
    after.release(99, new int[] {2});
    assertThat(IsolatedSeats.strandedByChange(before, after, new int[] {2}, NOW)).isEqualTo(2);
  }

  @Test
  void giving_back_an_end_seat_of_a_party_strands_nothing() {
    BlockState before = Rows.parse("FHHHX");
    BlockState after = before.copy();
    after.release(99, new int[] {1});
    assertThat(IsolatedSeats.strandedByChange(before, after, new int[] {1}, NOW)).isEqualTo(-1);
  }

  @Test
  void a_swap_inside_a_block_is_judged_on_what_it_gives_back_and_what_it_takes() {
    BlockState before = Rows.parse("HHHFFF");
    BlockState after = before.copy();
    after.release(99, new int[] {0});
    after.hold(new int[] {4}, 99, 1000);
    // seat 0 given back at the row's end next to a held seat: stranded; seat 3 between held ones
    assertThat(IsolatedSeats.strandedByChange(before, after, new int[] {0, 4}, NOW)).isEqualTo(0);
  }

  @Test
  void for_a_hold_the_change_rule_says_what_the_hold_rule_says() {
    for (String row : new String[] {"FFFFX", "FF.FF", "FXFFF", "FFFFFF", "XFFFFX"}) {
      for (int a = 0; a < row.replace(".", "").length(); a++) {
        BlockState before = Rows.parse(row);
        if (!before.free(a, NOW)) {
          continue;
        }
        BlockState after = before.copy();
        after.hold(new int[] {a}, 7, 1000);
        assertThat(IsolatedSeats.strandedByChange(before, after, new int[] {a}, NOW) >= 0)
            .as("%s taking %d", row, a)
            .isEqualTo(IsolatedSeats.strandedBy(before, new int[] {a}, NOW) >= 0);
      }
    }
  }
}
