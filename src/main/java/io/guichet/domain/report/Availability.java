package io.guichet.domain.report;

import io.guichet.domain.catalogue.SeatState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A performance's seats by quota and category, counted by state (sold, held, free, blocked) at one
 * moment. A seat of no quota counts under the open sale (quota null). A hold past its deadline is
 * free (the grid's effective states say so already).
 */
public record Availability(List<Row> rows, Counts total) {

  /** Seats of one state each, and all of them. */
  public record Counts(long sold, long held, long free, long blocked) {
    public long seats() {
      return sold + held + free + blocked;
    }
  }

  /** The seats of one quota (null: the open sale) and one category. */
  public record Row(UUID quotaId, String quotaName, String category, Counts counts) {}

  /** Counts seats one by one, then answers the rows, quotas by name (open sale first). */
  public static final class Counter {
    private final Map<Key, long[]> counts = new TreeMap<>(Key.ORDER);

    private record Key(UUID quotaId, String quotaName, String category) {
      static final Comparator<Key> ORDER =
          Comparator.comparing(
                  (Key k) -> k.quotaName(), Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(k -> Objects.toString(k.quotaId(), ""))
              .thenComparing(Key::category);
    }

    public Counter add(UUID quotaId, String quotaName, String category, SeatState state) {
      counts
          .computeIfAbsent(new Key(quotaId, quotaName, category), k -> new long[4])[
          state.ordinal()]++;
      return this;
    }

    public Availability result() {
      List<Row> rows = new ArrayList<>();
      long[] all = new long[4];
      counts.forEach(
          (k, c) -> {
            rows.add(new Row(k.quotaId(), k.quotaName(), k.category(), counts(c)));
            for (int i = 0; i < 4; i++) {
              all[i] += c[i];
            }
          });
      return new Availability(rows, counts(all));
    }

    private static Counts counts(long[] c) {
      return new Counts(
          c[SeatState.SOLD.ordinal()],
          c[SeatState.HELD.ordinal()],
          c[SeatState.FREE.ordinal()],
          c[SeatState.BLOCKED.ordinal()]);
    }
  }
}
