package io.guichet.bench;

import io.guichet.domain.inventory.BestAvailable;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.inventory.SeatRequest;
import java.util.List;

/**
 * The baseline: the obvious allocator. For every seat of the performance it tries a party starting
 * there, checks each seat of the window and the isolated-seat rule seat by seat, and keeps the best
 * score. No summaries, no ordering, no early stop. Same scoring as {@link BestAvailable}, so both
 * must agree on the best score.
 */
public final class NaiveFullScan {
  private NaiveFullScan() {}

  /** The best score over the whole performance, or Long.MAX_VALUE when nothing fits. */
  public static long bestScore(List<BlockState> blocks, SeatRequest r, long now) {
    long best = Long.MAX_VALUE;
    int n = r.quantity();
    for (BlockState s : blocks) {
      SeatBlock b = s.block();
      for (int start = 0; start + n <= b.size(); start++) {
        boolean ok = true;
        long rankSum = 0;
        for (int k = 0; k < n && ok; k++) {
          int i = start + k;
          ok =
              s.free(i, now)
                  && b.category()[i] == r.category()
                  && r.mayTake(b.quota()[i])
                  && (k == 0 || b.adjacent(i - 1));
          rankSum += b.rank()[i];
        }
        if (!ok) {
          continue;
        }
        int end = start + n - 1;
        if (r.isolationRule()
            && (strands(s, start - 1, true, now) || strands(s, end + 1, false, now))) {
          continue;
        }
        double centre = (b.x()[start] + b.x()[end]) / 2;
        long score =
            rankSum * BestAvailable.RANK_WEIGHT + Math.round(Math.abs(centre - b.centreX()) * 100);
        best = Math.min(best, score);
      }
    }
    return best;
  }

  /** Whether seat i (left or right of the window) would be a single free seat left behind. */
  private static boolean strands(BlockState s, int i, boolean leftOfWindow, long now) {
    SeatBlock b = s.block();
    if (i < 0 || i >= b.size() || !s.free(i, now)) {
      return false;
    }
    if (leftOfWindow ? !b.adjacent(i) : !b.adjacent(i - 1)) {
      return false; // not beside the window (aisle or another row)
    }
    int outer = leftOfWindow ? i - 1 : i + 1;
    boolean outerFree =
        outer >= 0
            && outer < b.size()
            && (leftOfWindow ? b.adjacent(outer) : b.adjacent(i))
            && s.free(outer, now);
    return !outerFree;
  }
}
