package io.guichet.domain.inventory;

/**
 * Finds the best free seats of a block for a party: side by side in one row, not across an aisle,
 * with the lowest total rank (the seat map's quality, 1 best), ties broken toward the centre of the
 * block; never stranding a single seat while the isolated-seat rule applies. When no single run
 * fits and the channel allows it, the party is split into the fewest groups, each next group as
 * close as possible to the first.
 *
 * <p>One pass over the block's rows with a sliding window: O(seats) per request, no allocation
 * beyond the result.
 */
public final class BestAvailable {
  /** Weight of the total rank against the distance to the centre (hundredths of map units). */
  public static final long RANK_WEIGHT = 100_000_000L;

  private BestAvailable() {}

  /** A choice of seats (block indexes) and its score: lower is better. */
  public record Choice(int[] seats, long score) {}

  /** The best choice, or null when this block cannot seat the party. */
  public static Choice find(BlockState state, SeatRequest request, long now) {
    Choice together = bestWindow(state, request, request.quantity(), null, -1, now);
    if (together != null || !request.allowSplit() || request.quantity() == 1) {
      return together;
    }
    return split(state, request, now);
  }

  private static boolean usable(BlockState s, SeatRequest r, int i, boolean[] taken, long now) {
    SeatBlock b = s.block();
    return s.free(i, now)
        && (taken == null || !taken[i])
        && b.category()[i] == r.category()
        && r.mayTake(s, i);
  }

  private static boolean free(BlockState s, int i, boolean[] taken, long now) {
    return s.free(i, now) && (taken == null || !taken[i]);
  }

  /**
   * The best window of {@code n} usable seats inside one run of free seats. With {@code nearRow} at
   * 0 or more, windows are scored by their distance to that row first (for split groups).
   */
  private static Choice bestWindow(
      BlockState s, SeatRequest r, int n, boolean[] taken, int nearRow, long now) {
    SeatBlock b = s.block();
    int[] rank = b.rank();
    double[] x = b.x();
    int[] rowStart = b.rowStart();
    int[] rowMinRank = b.rowMinRank();
    int bestStart = -1;
    long bestScore = Long.MAX_VALUE;
    for (int row : b.rowOrder()) {
      // Rows come best first: once a row's lowest possible score cannot beat the best window
      // found, no later row can either.
      if ((long) rowMinRank[row] * n * RANK_WEIGHT >= bestScore) {
        break;
      }
      if (s.rowOpen(row) < n) {
        continue; // sold out or blocked, but for fewer seats than the party
      }
      int end = rowStart[row + 1];
      int i = rowStart[row];
      while (i < end) {
        if (!free(s, i, taken, now)) {
          i++;
          continue;
        }
        int runStart = i;
        while (i + 1 < end && b.adjacent(i) && free(s, i + 1, taken, now)) {
          i++;
        }
        int runEnd = ++i; // exclusive
        if (runEnd - runStart < n) {
          continue;
        }
        int usableInWindow = 0;
        long rankSum = 0;
        for (int w = runStart; w < runEnd; w++) {
          if (usable(s, r, w, taken, now)) {
            usableInWindow++;
          }
          rankSum += rank[w];
          int start = w - n + 1;
          if (start < runStart) {
            continue;
          }
          if (start > runStart) {
            int out = start - 1;
            if (usable(s, r, out, taken, now)) {
              usableInWindow--;
            }
            rankSum -= rank[out];
          }
          if (usableInWindow < n) {
            continue;
          }
          int left = start - runStart;
          int right = runEnd - (w + 1);
          if (r.isolationRule() && (left == 1 || right == 1)) {
            continue;
          }
          long score = rankSum * RANK_WEIGHT;
          if (score >= bestScore) {
            continue;
          }
          double centre = (x[start] + x[w]) / 2;
          score += Math.round(Math.abs(centre - b.centreX()) * 100);
          if (nearRow >= 0) {
            score += (long) Math.abs(b.row()[start] - nearRow) * RANK_WEIGHT * 1_000;
          }
          if (score < bestScore) {
            bestScore = score;
            bestStart = start;
          }
        }
      }
    }
    if (bestStart < 0) {
      return null;
    }
    int[] seats = new int[n];
    for (int k = 0; k < n; k++) {
      seats[k] = bestStart + k;
    }
    return new Choice(seats, bestScore);
  }

  /** Fewest groups: the largest window that fits, again and again, each near the first one. */
  private static Choice split(BlockState s, SeatRequest r, long now) {
    boolean[] taken = new boolean[s.block().size()];
    int[] seats = new int[r.quantity()];
    int count = 0;
    long score = 0;
    int firstRow = -1;
    while (count < r.quantity()) {
      Choice group = null;
      for (int n = r.quantity() - count; n >= 1 && group == null; n--) {
        group = bestWindow(s, r, n, taken, firstRow, now);
      }
      if (group == null) {
        return null;
      }
      for (int seat : group.seats()) {
        taken[seat] = true;
        seats[count++] = seat;
      }
      score += group.score();
      if (firstRow < 0) {
        firstRow = s.block().row()[group.seats()[0]];
      }
    }
    java.util.Arrays.sort(seats);
    return new Choice(seats, score);
  }
}
