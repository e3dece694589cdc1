package io.guichet.domain.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RankIndexTest {
  private static final long B = 1L << RankIndex.SHIFT;

  /** The rank as the server computes it: the index's count, then an exact count of the rest. */
  private static long rank(RankIndex index, TreeSet<Long> waitingNow, long seq) {
    long from = index.countFrom(seq);
    long exact = waitingNow.subSet(from, true, seq, false).size();
    return index.countedBefore(seq) + exact + 1;
  }

  private static RankIndex index(TreeSet<Long> waiting) {
    java.util.TreeMap<Long, Long> counts = new java.util.TreeMap<>();
    waiting.forEach(s -> counts.merge(s >> RankIndex.SHIFT, 1L, Long::sum));
    return RankIndex.of(
        counts.keySet().stream().mapToLong(Long::longValue).toArray(),
        counts.values().stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void an_index_of_the_line_as_it_is_gives_every_entry_its_exact_rank() {
    Random random = new Random(7);
    TreeSet<Long> waiting = new TreeSet<>();
    long seq = 0;
    for (int i = 0; i < 20_000; i++) {
      seq += 1 + random.nextInt(200);
      waiting.add(seq);
    }
    RankIndex index = index(waiting);
    long expected = 1;
    for (long s : waiting) {
      assertThat(rank(index, waiting, s)).isEqualTo(expected++);
    }
    assertThat(index.total()).isEqualTo(waiting.size());
  }

  @Test
  void sign_ups_after_the_count_are_counted_exactly_behind_the_counted_line() {
    TreeSet<Long> waiting = new TreeSet<>();
    for (long s = 5; s < 10 * B; s += 7) {
      waiting.add(s);
    }
    RankIndex index = index(waiting);
    // newcomers in the last counted bucket and far beyond it
    long[] newcomers = {10 * B - 1, 10 * B + 3, 14 * B + 9, 40 * B};
    for (long s : newcomers) {
      waiting.add(s);
    }
    long expected = 1;
    for (long s : waiting) {
      assertThat(rank(index, waiting, s)).as("seq %d", s).isEqualTo(expected++);
    }
  }

  @Test
  void entries_ahead_that_leave_after_the_count_keep_the_rank_too_high_until_the_next_count() {
    TreeSet<Long> waiting = new TreeSet<>();
    for (long s = 0; s < 5 * B; s += 4) {
      waiting.add(s);
    }
    RankIndex index = index(waiting);
    long last = waiting.last();
    long before = rank(index, waiting, last);
    // three entries of the first bucket leave: the cached count still holds them
    waiting.remove(0L);
    waiting.remove(4L);
    waiting.remove(8L);
    assertThat(rank(index, waiting, last)).isEqualTo(before);
    assertThat(rank(index(waiting), waiting, last)).isEqualTo(before - 3);
    // within its own bucket a rank is always exact
    assertThat(rank(index, waiting, 12L)).isEqualTo(1);
  }

  @Test
  void an_empty_index_counts_everything_exactly() {
    TreeSet<Long> waiting = new TreeSet<>(java.util.List.of(3L, 5000L, 90_000L));
    assertThat(rank(RankIndex.EMPTY, waiting, 90_000L)).isEqualTo(3);
    assertThat(RankIndex.EMPTY.total()).isZero();
  }

  @Test
  void buckets_must_ascend_with_one_count_each() {
    assertThatThrownBy(() -> RankIndex.of(new long[] {2, 1}, new long[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RankIndex.of(new long[] {1}, new long[] {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
