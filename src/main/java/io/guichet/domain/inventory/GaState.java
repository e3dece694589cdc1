package io.guichet.domain.inventory;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * A general-admission area's places: a capacity, places sold, and live holds (a count and a
 * deadline each). A hold past its deadline no longer counts. Changed only inside an entry
 * processor, like a block.
 */
public final class GaState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int capacity;
  private int sold;
  private final Map<Long, long[]> holds = new HashMap<>();

  public GaState(int capacity) {
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /** Places neither sold nor held by a live hold at {@code now}. */
  public int free(long now) {
    int held = 0;
    for (long[] h : holds.values()) {
      if (h[1] > now) {
        held += (int) h[0];
      }
    }
    return capacity - sold - held;
  }

  /** Holds {@code count} more places for this hold, if that many are free. */
  public boolean hold(long holdId, int count, long deadline, long now) {
    expire(now);
    if (count > free(now)) {
      return false;
    }
    long[] h = holds.computeIfAbsent(holdId, k -> new long[2]);
    h[0] += count;
    h[1] = deadline;
    return true;
  }

  /** Places this hold has, live at {@code now}. */
  public int heldBy(long holdId, long now) {
    long[] h = holds.get(holdId);
    return h == null || h[1] <= now ? 0 : (int) h[0];
  }

  public int release(long holdId) {
    long[] h = holds.remove(holdId);
    return h == null ? 0 : (int) h[0];
  }

  /** Drops holds past their deadline; returns the places freed. */
  public int expire(long now) {
    int freed = 0;
    var it = holds.values().iterator();
    while (it.hasNext()) {
      long[] h = it.next();
      if (h[1] <= now) {
        freed += (int) h[0];
        it.remove();
      }
    }
    return freed;
  }

  public int liveHolds(long now) {
    return (int) holds.values().stream().filter(h -> h[1] > now).count();
  }
}
