package io.guichet.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The summary and the earliest deadline a block keeps between changes are always those a fresh scan
 * gives: after random holds, releases, sales, extensions, expiries and reopenings, at random times
 * before and after deadlines.
 */
class BlockStateTest {
  private static final String ROW = "FFFFFFFFffffffffFFFF";

  @Test
  void the_kept_summary_and_deadline_always_match_a_fresh_scan() {
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      BlockState state = Rows.parse(ROW, ROW, ROW, ROW);
      int n = state.block().size();
      long now = 0;
      for (int step = 0; step < 200; step++) {
        now += random.nextInt(50);
        int seat = random.nextInt(n);
        long holdId = 1 + random.nextInt(5);
        switch (random.nextInt(8)) {
          case 0, 1 -> {
            if (state.free(seat, now)) {
              state.hold(new int[] {seat}, holdId, now + 1 + random.nextInt(300));
            }
          }
          case 2 -> state.release(holdId);
          case 3 -> state.release(holdId, new int[] {seat});
          case 4 -> state.expire(now);
          case 5 -> state.extend(holdId, now + random.nextInt(300), now);
          case 6 -> {
            if (state.free(seat, now)) {
              state.sell(seat);
            } else {
              state.reopen(seat);
            }
          }
          default -> {}
        }
        // Ask several times at several moments, so kept values are used and checked.
        for (int ask = 0; ask < 3; ask++) {
          long at = now + random.nextInt(400) - 100;
          BlockState fresh = state.copy();
          assertThat(state.nextDeadline()).isEqualTo(fresh.nextDeadline());
          assertThat(state.summary(2, at))
              .as("run %d step %d at %d", run, step, at)
              .containsExactly(fresh.summary(2, at));
        }
      }
    }
  }

  @Test
  void a_kept_summary_is_the_callers_own_copy() {
    BlockState state = Rows.parse(ROW);
    int[] first = state.summary(2, 0);
    first[0] = -7;
    assertThat(state.summary(2, 0)[0]).isNotEqualTo(-7);
  }
}
