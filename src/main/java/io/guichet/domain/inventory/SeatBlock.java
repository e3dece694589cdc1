package io.guichet.domain.inventory;

import java.util.Arrays;
import java.util.List;

/**
 * The static part of one block of a performance's seats: a section, or a slice of its rows. Seats
 * are ordered by row then position; two seats are side by side when they are consecutive here, in
 * the same row, and their positions differ by one (a gap is an aisle). Immutable.
 *
 * @param quota per seat, the index of the performance quota it belongs to, or -1 for the general
 *     pool
 */
public record SeatBlock(
    String section,
    String[] ids,
    String[] labels,
    String[] rowLabels,
    int[] rowStart,
    int[] row,
    int[] pos,
    int[] rank,
    byte[] category,
    short[] quota,
    double[] x,
    double centreX,
    int[] rowMinRank,
    int[] rowOrder) {

  /** Number of seats. */
  public int size() {
    return ids.length;
  }

  /** Number of rows; row r holds seats {@code [rowStart[r], rowStart[r + 1])}. */
  public int rows() {
    return rowStart.length - 1;
  }

  /** Whether seat i + 1 sits right of seat i with no aisle between them. */
  public boolean adjacent(int i) {
    return i + 1 < ids.length && row[i] == row[i + 1] && pos[i + 1] == pos[i] + 1;
  }

  /** The same seats with other quotas (seats released from a quota to the general pool). */
  public SeatBlock withQuota(short[] quotas) {
    if (quotas.length != ids.length) {
      throw new IllegalArgumentException("one quota per seat");
    }
    return new SeatBlock(
        section,
        ids,
        labels,
        rowLabels,
        rowStart,
        row,
        pos,
        rank,
        category,
        quotas,
        x,
        centreX,
        rowMinRank,
        rowOrder);
  }

  public int indexOf(String id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** A builder that sorts seats into rows and positions. */
  public static final class Builder {
    private final String section;
    private final List<Seat> seats = new java.util.ArrayList<>();

    public Builder(String section) {
      this.section = section;
    }

    /** One seat to add; category and quota are indexes fixed by the performance. */
    public record Seat(
        String id,
        String row,
        int pos,
        String label,
        int rank,
        int category,
        int quota,
        double x) {}

    public Builder add(Seat seat) {
      seats.add(seat);
      return this;
    }

    public SeatBlock build() {
      Seat[] sorted =
          seats.stream()
              .sorted(
                  java.util.Comparator.comparing(Seat::row, Builder::compareRows)
                      .thenComparingInt(Seat::pos))
              .toArray(Seat[]::new);
      int n = sorted.length;
      String[] ids = new String[n];
      String[] seatLabels = new String[n];
      int[] rowOf = new int[n];
      int[] pos = new int[n];
      int[] rank = new int[n];
      byte[] category = new byte[n];
      short[] quota = new short[n];
      double[] x = new double[n];
      List<String> labels = new java.util.ArrayList<>();
      List<Integer> starts = new java.util.ArrayList<>();
      double sumX = 0;
      for (int i = 0; i < n; i++) {
        Seat s = sorted[i];
        if (i == 0 || !s.row().equals(sorted[i - 1].row())) {
          labels.add(s.row());
          starts.add(i);
        }
        ids[i] = s.id();
        seatLabels[i] = s.label();
        rowOf[i] = labels.size() - 1;
        pos[i] = s.pos();
        rank[i] = s.rank();
        category[i] = (byte) s.category();
        quota[i] = (short) s.quota();
        x[i] = s.x();
        sumX += s.x();
      }
      starts.add(n);
      int rowCount = labels.size();
      int[] rowMinRank = new int[rowCount];
      java.util.Arrays.fill(rowMinRank, Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        rowMinRank[rowOf[i]] = Math.min(rowMinRank[rowOf[i]], rank[i]);
      }
      int[] rowOrder =
          java.util.stream.IntStream.range(0, rowCount)
              .boxed()
              .sorted(java.util.Comparator.comparingInt(r -> rowMinRank[r]))
              .mapToInt(Integer::intValue)
              .toArray();
      return new SeatBlock(
          section,
          ids,
          seatLabels,
          labels.toArray(String[]::new),
          starts.stream().mapToInt(Integer::intValue).toArray(),
          rowOf,
          pos,
          rank,
          category,
          quota,
          x,
          n == 0 ? 0 : sumX / n,
          rowMinRank,
          rowOrder);
    }

    /** Rows sort numerically when both labels are numbers ("2" before "10"), else by text. */
    static int compareRows(String a, String b) {
      boolean an = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 9;
      boolean bn = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 9;
      if (an && bn) {
        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
      }
      return a.compareTo(b);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeatBlock other
        && section.equals(other.section)
        && Arrays.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return section.hashCode() * 31 + Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return "SeatBlock[" + section + ", " + ids.length + " seats]";
  }
}
