package io.guichet.domain.inventory;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A general-admission area's places: a capacity, part of it reserved to quotas (count quotas of the
 * area's category), and live holds. Each hold records where its places come from — the quotas the
 * channel may use first, then the general pool — so a quota's places go only to its channels and
 * the general pool never eats into them. A hold past its deadline no longer counts. Changed only
 * inside an entry processor, like a block.
 *
 * <p>While the area is <em>listed</em>, its free places of the general pool belong to the waiting
 * list: buyers' holds take only quota places they may use, and only a hold made for the list takes
 * general places (see {@link BlockState} for seats).
 */
public final class GaState implements Serializable {
  private static final long serialVersionUID = 5L;

  private final int capacity;
  private final int[] reserve;

  /** Hold id → {deadline, places from the general pool, places from quota 0, 1, …}. */
  private final Map<Long, long[]> holds = new HashMap<>();

  /** Places sold: {general pool, quota 0, quota 1, …}. */
  private final long[] sold;

  /** Holds whose places were sold: selling one again changes nothing (a retried sale). */
  private final java.util.Set<Long> soldHolds = new java.util.HashSet<>();

  /** Whether the general pool's free places are the waiting list's. */
  private boolean listed;

  public GaState(int capacity) {
    this(capacity, new int[0]);
  }

  /**
   * @param reserve places reserved to each quota (by quota index)
   */
  public GaState(int capacity, int[] reserve) {
    if (Arrays.stream(reserve).sum() > capacity) {
      throw new IllegalArgumentException("quotas reserve more than the area holds");
    }
    this.capacity = capacity;
    this.reserve = reserve.clone();
    this.sold = new long[reserve.length + 1];
  }

  public int capacity() {
    return capacity;
  }

  /** Places neither held by a live hold nor reserved to a quota the channel may not use. */
  public int free(long now) {
    return free(now, 0);
  }

  /** Places a channel with this quota access may still take at {@code now}. */
  public int free(long now, long quotaAccess) {
    long[] used = used(now);
    int free = listed ? 0 : general() - (int) used[0];
    for (int q = 0; q < reserve.length; q++) {
      if (mayUse(quotaAccess, q)) {
        free += reserve[q] - (int) used[q + 1];
      }
    }
    return Math.max(0, free);
  }

  public boolean listed() {
    return listed;
  }

  /** Lists the area (or not); true when that changed anything. */
  public boolean setListed(boolean list) {
    boolean changed = list != listed;
    listed = list;
    return changed;
  }

  /** Places of the general pool the waiting list may offer at {@code now} (0 when not listed). */
  public int listFree(long now) {
    return listed ? Math.max(0, general() - (int) used(now)[0]) : 0;
  }

  /** Holds {@code count} general places for the waiting list, if the list has that many. */
  public boolean holdForList(long holdId, int count, long deadline, long now) {
    expire(now);
    if (count > listFree(now)) {
      return false;
    }
    long[] h = holds.computeIfAbsent(holdId, k -> new long[reserve.length + 2]);
    h[1] += count;
    h[0] = deadline;
    return true;
  }

  /** Holds {@code count} places for this hold, quota places first, if that many are free. */
  public boolean hold(long holdId, int count, long deadline, long now, long quotaAccess) {
    expire(now);
    if (count > free(now, quotaAccess)) {
      return false;
    }
    long[] used = used(now);
    long[] h = holds.computeIfAbsent(holdId, k -> new long[reserve.length + 2]);
    int left = count;
    for (int q = 0; q < reserve.length && left > 0; q++) {
      if (mayUse(quotaAccess, q)) {
        int take = Math.min(left, reserve[q] - (int) used[q + 1]);
        h[q + 2] += take;
        left -= take;
      }
    }
    h[1] += left;
    h[0] = deadline;
    return true;
  }

  /** Places this hold has, live at {@code now}. */
  public int heldBy(long holdId, long now) {
    long[] h = holds.get(holdId);
    return h == null || h[0] <= now ? 0 : places(h);
  }

  public int release(long holdId) {
    long[] h = holds.remove(holdId);
    return h == null ? 0 : places(h);
  }

  /** Drops holds past their deadline; returns the places freed. */
  public int expire(long now) {
    int freed = 0;
    Iterator<long[]> it = holds.values().iterator();
    while (it.hasNext()) {
      long[] h = it.next();
      if (h[0] <= now) {
        freed += places(h);
        it.remove();
      }
    }
    return freed;
  }

  /** Places of the area's quota q held live at {@code now}. */
  public int heldFromQuota(int q, long now) {
    return (int) used(now)[q + 1];
  }

  private int general() {
    return capacity - Arrays.stream(reserve).sum();
  }

  /**
   * Sells a hold's places (its order is durable): they leave the hold and count as sold from the
   * same sources. Without a live hold (lost, or expired while the order was being written) the
   * places are sold anyway, from the general pool first: PostgreSQL has them sold, and it wins. A
   * hold is sold once: selling it again changes nothing.
   */
  public void sell(long holdId, int places) {
    if (!soldHolds.add(holdId)) {
      return; // sold already: a retried sale, or one made again after a member left
    }
    long[] h = holds.remove(holdId);
    int left = places;
    if (h != null) {
      for (int k = 1; k < h.length && left > 0; k++) {
        int take = (int) Math.min(left, h[k]);
        sold[k - 1] += take;
        left -= take;
      }
    }
    for (int k = 0; k < sold.length && left > 0; k++) {
      long room = (k == 0 ? general() : reserve[k - 1]) - sold[k];
      int take = (int) Math.max(0, Math.min(left, room));
      sold[k] += take;
      left -= take;
    }
    sold[0] += left; // over capacity only if PostgreSQL says so; never silently dropped
  }

  /** Puts sold places back on sale (a cancelled order), general pool first. */
  public void unsell(int places) {
    int left = places;
    for (int k = 0; k < sold.length && left > 0; k++) {
      int take = (int) Math.min(left, sold[k]);
      sold[k] -= take;
      left -= take;
    }
  }

  public int soldPlaces() {
    long sum = 0;
    for (long s : sold) {
      sum += s;
    }
    return (int) sum;
  }

  /** Moves a live hold's deadline; answers its places, or -1 when it is not live. */
  public int extend(long holdId, long until, long now) {
    long[] h = holds.get(holdId);
    if (h == null || h[0] <= now) {
      return -1;
    }
    h[0] = until;
    return places(h);
  }

  /** Live places per source (held and sold): [general, quota 0, quota 1, …]. */
  private long[] used(long now) {
    long[] used = sold.clone();
    for (long[] h : holds.values()) {
      if (h[0] > now) {
        for (int k = 1; k < h.length; k++) {
          used[k - 1] += h[k];
        }
      }
    }
    return used;
  }

  private static int places(long[] h) {
    long sum = 0;
    for (int k = 1; k < h.length; k++) {
      sum += h[k];
    }
    return (int) sum;
  }

  private static boolean mayUse(long quotaAccess, int q) {
    return q < 64 && ((quotaAccess >>> q) & 1L) == 1L;
  }
}
