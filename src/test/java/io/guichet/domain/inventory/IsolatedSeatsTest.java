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
}
