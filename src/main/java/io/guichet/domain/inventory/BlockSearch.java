package io.guichet.domain.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Best available across a performance's blocks, in one process: blocks are visited best first (by
 * the best free rank their summary shows) and the search stops as soon as no unvisited block could
 * beat the best choice found. The grid runs the same search with one entry processor per visited
 * block; this form serves the benchmarks and the tests that compare it with a full scan.
 */
public final class BlockSearch {
  private BlockSearch() {}

  /** A choice and the block it is in. */
  public record Found(int block, BestAvailable.Choice choice) {}

  /**
   * @param summaries per block, {@link BlockState#summary} of its current state
   */
  public static Found find(
      List<BlockState> blocks, List<int[]> summaries, SeatRequest request, long now) {
    int c = request.category();
    int n = request.quantity();
    List<Integer> order = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      int[] s = summaries.get(b);
      if (s[3 * c] >= (request.allowSplit() ? 1 : n)
          && (request.allowSplit() || s[3 * c + 2] >= n)) {
        order.add(b);
      }
    }
    order.sort(Comparator.comparingInt(b -> summaries.get(b)[3 * c + 1]));
    Found best = null;
    for (int b : order) {
      long bound = (long) summaries.get(b)[3 * c + 1] * n * BestAvailable.RANK_WEIGHT;
      if (best != null && best.choice().score() <= bound) {
        break; // blocks are in bound order: none left can do better
      }
      BestAvailable.Choice choice = BestAvailable.find(blocks.get(b), request, now);
      if (choice != null && (best == null || choice.score() < best.choice().score())) {
        best = new Found(b, choice);
      }
    }
    return best;
  }
}
