package io.guichet.domain.inventory;

/**
 * The isolated-seat rule (seed: trigger des places isolées). A seat is isolated when it is free and
 * neither neighbour in its row is free: each side is a taken seat, an aisle or the row's end. While
 * the rule applies, no hold may leave an isolated seat that was not isolated before; filling an
 * existing hole is always allowed.
 */
public final class IsolatedSeats {
  private IsolatedSeats() {}

  /**
   * The first seat that taking {@code taken} would strand, or -1 when the hold is allowed. Seats in
   * {@code taken} must be free.
   */
  public static int strandedBy(BlockState state, int[] taken, long now) {
    SeatBlock block = state.block();
    boolean[] takenNow = new boolean[block.size()];
    for (int i : taken) {
      takenNow[i] = true;
    }
    for (int i : taken) {
      // Only the free neighbours of taken seats can become isolated.
      int left = i - 1;
      if (left >= 0 && block.adjacent(left) && freeAfter(state, takenNow, left, now)) {
        if (isolated(state, takenNow, left, now) && !isolated(state, null, left, now)) {
          return left;
        }
      }
      int right = i + 1;
      if (block.adjacent(i) && freeAfter(state, takenNow, right, now)) {
        if (isolated(state, takenNow, right, now) && !isolated(state, null, right, now)) {
          return right;
        }
      }
    }
    return -1;
  }

  /**
   * The first seat that the change from {@code before} to {@code after} strands, or -1: a seat
   * isolated after that was not before, among the {@code changed} seats (taken or given back) and
   * their neighbours. This is the rule for any change, a swap that gives seats back included: a
   * seat given back between two taken ones is stranded as surely as one next to a new hold.
   */
  public static int strandedByChange(BlockState before, BlockState after, int[] changed, long now) {
    SeatBlock block = after.block();
    for (int i : changed) {
      int[] around = {i - 1, i, i + 1};
      for (int k : around) {
        if (k < 0 || k >= block.size()) {
          continue;
        }
        boolean neighbour = k == i || (k < i ? block.adjacent(k) : block.adjacent(i));
        if (neighbour && isolated(after, null, k, now) && !isolated(before, null, k, now)) {
          return k;
        }
      }
    }
    return -1;
  }

  private static boolean freeAfter(BlockState state, boolean[] taken, int i, long now) {
    return state.free(i, now) && (taken == null || !taken[i]);
  }

  /** Whether seat i is isolated, with {@code taken} (or nothing, when null) taken too. */
  static boolean isolated(BlockState state, boolean[] taken, int i, long now) {
    SeatBlock block = state.block();
    if (!freeAfter(state, taken, i, now)) {
      return false;
    }
    boolean leftFree = i > 0 && block.adjacent(i - 1) && freeAfter(state, taken, i - 1, now);
    boolean rightFree = block.adjacent(i) && freeAfter(state, taken, i + 1, now);
    return !leftFree && !rightFree;
  }

  /** Every isolated seat of the block, for tests and audits. */
  public static int count(BlockState state, long now) {
    int count = 0;
    for (int i = 0; i < state.block().size(); i++) {
      if (isolated(state, null, i, now)) {
        count++;
      }
    }
    return count;
  }
}
