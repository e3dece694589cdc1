package io.guichet.inventory;

import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A performance open on this node: its plan, the grid keys of its blocks and areas, and a recent
 * summary of each block (free seats, best free rank and longest run per category) that orders and
 * skips blocks. The summary may lag the grid by an operation or two; it only guides the search, the
 * entry processors decide.
 */
public final class LivePerformance {
  private final PerformancePlan plan;
  private final String[] blockKeys;
  private final String[] areaKeys;
  private final AtomicReferenceArray<int[]> summaries;
  private final AtomicIntegerArray areaFree;
  private final int[][] staticBestRank;

  LivePerformance(PerformancePlan plan, List<int[]> summaries, int[] areaFree) {
    this.plan = plan;
    int blocks = plan.blocks().size();
    this.blockKeys = new String[blocks];
    for (int b = 0; b < blocks; b++) {
      blockKeys[b] = plan.performanceId() + ":" + b;
    }
    this.areaKeys = new String[plan.gaAreas().size()];
    for (int a = 0; a < areaKeys.length; a++) {
      areaKeys[a] = plan.performanceId() + ":ga:" + a;
    }
    this.summaries = new AtomicReferenceArray<>(summaries.toArray(int[][]::new));
    this.areaFree = new AtomicIntegerArray(areaFree);
    int categories = plan.categories().size();
    this.staticBestRank = new int[blocks][categories];
    for (int b = 0; b < blocks; b++) {
      java.util.Arrays.fill(staticBestRank[b], Integer.MAX_VALUE);
      SeatBlock block = plan.blocks().get(b);
      for (int i = 0; i < block.size(); i++) {
        int c = block.category()[i];
        staticBestRank[b][c] = Math.min(staticBestRank[b][c], block.rank()[i]);
      }
    }
  }

  public PerformancePlan plan() {
    return plan;
  }

  String blockKey(int block) {
    return blockKeys[block];
  }

  String[] blockKeys() {
    return blockKeys;
  }

  String areaKey(int area) {
    return areaKeys[area];
  }

  String[] areaKeys() {
    return areaKeys;
  }

  int categories() {
    return plan.categories().size();
  }

  void update(int block, int[] summary) {
    if (summary != null) {
      summaries.set(block, summary);
    }
  }

  void updateArea(int area, int free) {
    if (free >= 0) {
      areaFree.set(area, free);
    }
  }

  int[] summary(int block) {
    return summaries.get(block);
  }

  /** Seats and places still on sale (free), from the latest summaries. */
  public int freeSeats() {
    int free = 0;
    for (int b = 0; b < summaries.length(); b++) {
      int[] s = summaries.get(b);
      for (int c = 0; c < s.length; c += 3) {
        free += s[c];
      }
    }
    for (int a = 0; a < areaFree.length(); a++) {
      free += areaFree.get(a);
    }
    return free;
  }

  /** Free seats and places of one category. */
  public int free(int category) {
    int free = 0;
    for (int b = 0; b < summaries.length(); b++) {
      free += summaries.get(b)[3 * category];
    }
    for (int a = 0; a < areaFree.length(); a++) {
      if (plan.gaAreas().get(a).category() == category) {
        free += areaFree.get(a);
      }
    }
    return free;
  }

  /** The longest run of free seats side by side in a category. */
  int longestRun(int category) {
    int longest = 0;
    for (int b = 0; b < summaries.length(); b++) {
      longest = Math.max(longest, summaries.get(b)[3 * category + 2]);
    }
    return longest;
  }

  /** Whether the category has numbered seats (else only general admission). */
  boolean seated(int category) {
    for (int[] ranks : staticBestRank) {
      if (ranks[category] != Integer.MAX_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * The blocks worth trying for a party, best first: those whose summary shows enough free seats of
   * the category (and a long enough run unless splitting), ordered by their best free rank.
   */
  List<Integer> candidates(int category, int quantity, boolean split) {
    List<Integer> result = new ArrayList<>();
    for (int b = 0; b < summaries.length(); b++) {
      int[] s = summaries.get(b);
      if (s[3 * category] >= (split ? 1 : quantity) && (split || s[3 * category + 2] >= quantity)) {
        result.add(b);
      }
    }
    result.sort(
        Comparator.<Integer>comparingInt(b -> summaries.get(b)[3 * category + 1])
            .thenComparingInt(b -> staticBestRank[b][category]));
    return result;
  }

  /** The lowest score a party could get in block b: its best free rank times the party size. */
  long bound(int block, int category, int quantity) {
    int best = summaries.get(block)[3 * category + 1];
    return best == Integer.MAX_VALUE
        ? Long.MAX_VALUE
        : (long) best * quantity * io.guichet.domain.inventory.BestAvailable.RANK_WEIGHT;
  }
}
