package io.guichet.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BestAvailableTest {
  private static final long NOW = 500;

  private static String pick(BlockState s, int quantity, boolean rule, boolean split) {
    BestAvailable.Choice c =
        BestAvailable.find(s, new SeatRequest(0, quantity, 0, rule, split), NOW);
    return c == null ? null : Rows.draw(s, c.seats(), NOW);
  }

  @Test
  void a_party_sits_together_in_the_best_row_and_toward_the_centre() {
    assertThat(pick(Rows.parse("FFFFFFF", "FFFFFFF"), 3, false, false))
        .isEqualTo("FF***FF\nFFFFFFF");
  }

  @Test
  void a_party_is_never_seated_across_an_aisle() {
    assertThat(pick(Rows.parse("FF.FF", "FFFFF"), 3, false, false)).isEqualTo("FF.FF\nF***F");
  }

  @Test
  void taken_blocked_and_live_held_seats_are_skipped_but_expired_holds_are_free() {
    assertThat(pick(Rows.parse("XXFXX", "BFFFB"), 2, false, false)).isEqualTo("XXFXX\nX**FX");
    BlockState held = Rows.parse("HHH");
    assertThat(BestAvailable.find(held, new SeatRequest(0, 3, 0, false, false), NOW)).isNull();
    assertThat(BestAvailable.find(held, new SeatRequest(0, 3, 0, false, false), 1000)).isNotNull();
  }

  @Test
  void the_isolated_seat_rule_refuses_windows_that_strand_one_seat() {
    // Without the rule the centre pair is best; with it, the pair must not leave a single seat.
    assertThat(pick(Rows.parse("XFFFX"), 2, false, false)).isIn("X**FX", "XF**X");
    assertThat(pick(Rows.parse("XFFFX"), 2, true, false)).isNull();
    assertThat(pick(Rows.parse("XFFFFX"), 2, true, false)).isIn("X**FFX", "XFF**X");
  }

  @Test
  void filling_an_existing_hole_is_always_allowed() {
    assertThat(pick(Rows.parse("XFX"), 1, true, false)).isEqualTo("X*X");
  }

  @Test
  void without_a_run_long_enough_the_party_is_refused_unless_splitting_is_allowed() {
    BlockState s = Rows.parse("FFXFF", "XFFXX");
    assertThat(pick(s, 4, false, false)).isNull();
    String split = pick(s, 4, false, true);
    assertThat(split).isNotNull();
    assertThat(split.chars().filter(c -> c == '*').count()).isEqualTo(4);
  }

  @Test
  void a_split_uses_the_fewest_groups() {
    String split = pick(Rows.parse("FFFXFXF"), 4, false, true);
    assertThat(split).isEqualTo("***X*XF");
  }

  @Test
  void only_seats_of_the_requested_category_are_chosen() {
    BlockState s = Rows.parse("ffFFF", "FFFFF");
    BestAvailable.Choice c = BestAvailable.find(s, new SeatRequest(1, 2, 0, false, false), NOW);
    assertThat(Rows.draw(s, c.seats(), NOW)).isEqualTo("**FFF\nFFFFF");
  }

  @Test
  void quota_seats_go_only_to_channels_with_access() {
    SeatBlock.Builder builder = new SeatBlock.Builder("S");
    for (int p = 0; p < 4; p++) {
      builder.add(new SeatBlock.Builder.Seat("s" + p, "1", p, "s", 1, 0, p < 2 ? 3 : -1, p));
    }
    BlockState s = new BlockState(builder.build());
    assertThat(BestAvailable.find(s, new SeatRequest(0, 3, 0, false, false), NOW)).isNull();
    assertThat(BestAvailable.find(s, new SeatRequest(0, 3, 1L << 3, false, false), NOW))
        .isNotNull();
  }

  @Test
  void rows_are_ordered_numerically() {
    SeatBlock.Builder builder = new SeatBlock.Builder("S");
    builder.add(new SeatBlock.Builder.Seat("a", "10", 1, "1", 1, 0, -1, 0));
    builder.add(new SeatBlock.Builder.Seat("b", "2", 1, "1", 1, 0, -1, 0));
    assertThat(builder.build().rowLabels()).containsExactly("2", "10");
  }
}
