package io.guichet.domain.waitlist;

import java.util.Arrays;

/**
 * How many entries wait before a place in a performance's line, from a count of its waiting entries
 * per bucket of {@link #BUCKET} consecutive sign-up numbers ({@code seq}) taken a few seconds ago.
 * An entry's rank is the index's count of the buckets before the one its exact count starts from,
 * plus an exact count of the waiting entries from that bucket's start up to the entry: at most a
 * bucket's worth of sign-up numbers, or the sign-ups since the index was counted. So a rank never
 * costs a count of the whole list, and it is exact but for entries ahead of that bucket that left
 * or were offered seats since the index was counted (the rank is then too high by those, until the
 * next count).
 */
public final class RankIndex {
  /** A bucket holds {@code 1 << SHIFT} sign-up numbers. */
  public static final int SHIFT = 10;

  /** An index of no waiting entries: every rank is counted exactly. */
  public static final RankIndex EMPTY = new RankIndex(new long[0], new long[] {0});

  private final long[] buckets;
  private final long[] before;

  private RankIndex(long[] buckets, long[] before) {
    this.buckets = buckets;
    this.before = before;
  }

  /** From the non-empty buckets ({@code seq >> SHIFT}, ascending) and their waiting entries. */
  public static RankIndex of(long[] buckets, long[] counts) {
    if (buckets.length != counts.length) {
      throw new IllegalArgumentException("one count per bucket");
    }
    long[] before = new long[buckets.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      if (i > 0 && buckets[i] <= buckets[i - 1]) {
        throw new IllegalArgumentException("buckets must ascend");
      }
      before[i + 1] = before[i] + counts[i];
    }
    return new RankIndex(buckets.clone(), before);
  }

  /**
   * The first sign-up number the exact count of an entry of this {@code seq} covers: its bucket's
   * first, or the last counted bucket's first if the entry is beyond it (that bucket may have grown
   * since, the ones after it were not counted).
   */
  public long countFrom(long seq) {
    if (buckets.length == 0) {
      return 0;
    }
    return Math.min(seq >> SHIFT, buckets[buckets.length - 1]) << SHIFT;
  }

  /** The waiting entries the index counted before {@link #countFrom}{@code (seq)}. */
  public long countedBefore(long seq) {
    int i = Arrays.binarySearch(buckets, countFrom(seq) >> SHIFT);
    return before[i >= 0 ? i : -i - 1];
  }

  /** Every waiting entry the index counted. */
  public long total() {
    return before[buckets.length];
  }

  /** The buckets the index holds (its size: a 500,000-entry line holds about 500 of them). */
  public int size() {
    return buckets.length;
  }
}
