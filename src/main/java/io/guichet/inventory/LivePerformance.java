package io.guichet.inventory;

import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
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

  /*
   * For the reaper: per block, the earliest deadline of a hold as this node last read it from the
   * grid (0 until read: due at once), so that a pass visits only the blocks where something may
   * have expired rather than every block of every open performance a few times a second (on a
   * 50,000-seat stadium, 80 entry processors per performance per pass). Holds made by other
   * nodes are not seen here; full sweeps catch them (see HzInventory#expire).
   */
  private static final long IDLE_AFTER_MILLIS = 60_000;
  private final AtomicLongArray due;
  private volatile long lastUse = Long.MIN_VALUE / 2;
  private volatile long lastFullSweep = Long.MIN_VALUE;

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
    this.due = new AtomicLongArray(blocks);
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

  /** The grid key of a block of this performance. */
  public String blockKey(int block) {
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

  /**
   * Takes a block operation's result: its summary, and its earliest hold deadline unless this node
   * already expects an earlier one (results of concurrent operations may arrive out of order; an
   * early visit costs one operation, a late one would leave a lapsed hold until a full sweep).
   */
  void update(int block, BlockProcessors.Result result) {
    if (result.summary() != null) {
      summaries.set(block, result.summary());
      due.accumulateAndGet(block, result.due(), Math::min);
    }
  }

  /**
   * Takes the reaper's result for a block: its deadline replaces the one the reaper saw when it
   * asked ({@code seen}), unless an operation meanwhile reported an earlier one.
   */
  void reaped(int block, long seen, BlockProcessors.Result result) {
    if (result.summary() != null) {
      summaries.set(block, result.summary());
      due.compareAndSet(block, seen, result.due());
    }
  }

  /** The earliest hold deadline this node knows of per block. */
  long[] dueSnapshot() {
    long[] out = new long[due.length()];
    for (int b = 0; b < out.length; b++) {
      out[b] = due.get(b);
    }
    return out;
  }

  /** Notes that a request of this node held, released or sold seats of the performance. */
  void used(long now) {
    lastUse = now;
  }

  /**
   * Whether the reaper should visit every block and area now rather than only the blocks due: every
   * {@code activeMillis} while this node sells the performance (to see other nodes' holds and
   * changes soon), every {@code idleMillis} otherwise. Records the sweep when it answers yes.
   */
  boolean fullSweep(long now, long activeMillis, long idleMillis) {
    long every = inUse(now) ? activeMillis : idleMillis;
    if (lastFullSweep != Long.MIN_VALUE && now - lastFullSweep < every) {
      return false;
    }
    lastFullSweep = now;
    return true;
  }

  /** Whether a request of this node held, released or sold seats of it in the last minute. */
  boolean inUse(long now) {
    return now - lastUse < IDLE_AFTER_MILLIS;
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
