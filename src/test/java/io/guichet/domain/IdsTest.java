package io.guichet.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void ids_are_version_7_carry_their_millisecond_and_sort_by_it() {
    Instant t = Instant.parse("2026-11-23T05:00:00.123Z");
    UUID a = Ids.timeOrdered(t);
    UUID b = Ids.timeOrdered(t.plusMillis(1));
    assertThat(a.version()).isEqualTo(7);
    assertThat(a.variant()).isEqualTo(2);
    assertThat(a.getMostSignificantBits() >>> 16).isEqualTo(t.toEpochMilli());
    // ids of a later millisecond sort after, as text and as PostgreSQL's uuid order (unsigned)
    assertThat(a.toString().compareTo(b.toString())).isNegative();
    assertThat(Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits()))
        .isNegative();
  }

  @Test
  void ids_of_one_millisecond_differ() {
    Instant t = Instant.parse("2026-11-23T05:00:00Z");
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(Ids.timeOrdered(t));
    }
    assertThat(ids).hasSize(10_000);
  }
}
