package io.guichet.domain.inventory;

/**
 * Builds a one-section block from rows drawn as text: one string per row, one character per
 * position. {@code F} free, {@code X} sold, {@code B} blocked, {@code H} held (until t=1000),
 * {@code .} an aisle (no seat). Lowercase letters put the seat in category 1 (else 0). A seat's
 * rank is 1 + row * 10 + its distance to the row's middle.
 */
final class Rows {
  private Rows() {}

  static BlockState parse(String... rows) {
    SeatBlock.Builder builder = new SeatBlock.Builder("S");
    for (int r = 0; r < rows.length; r++) {
      String line = rows[r];
      double middle = (line.length() - 1) / 2.0;
      for (int p = 0; p < line.length(); p++) {
        char c = line.charAt(p);
        if (c == '.') {
          continue;
        }
        int rank = 1 + r * 10 + (int) Math.round(Math.abs(p - middle));
        int category = Character.isLowerCase(c) ? 1 : 0;
        builder.add(
            new SeatBlock.Builder.Seat(
                "r" + r + "p" + p,
                String.valueOf(r + 1),
                p,
                String.valueOf(p),
                rank,
                category,
                -1,
                p));
      }
    }
    SeatBlock block = builder.build();
    BlockState state = new BlockState(block);
    int i = 0;
    for (String line : rows) {
      for (char c : line.toCharArray()) {
        if (c == '.') {
          continue;
        }
        switch (Character.toUpperCase(c)) {
          case 'X' -> state.sell(i);
          case 'B' -> state.block(i);
          case 'H' -> state.hold(new int[] {i}, 99, 1000);
          default -> {}
        }
        i++;
      }
    }
    return state;
  }

  /** The block drawn back as text, one row per line, with {@code *} for the given seats. */
  static String draw(BlockState state, int[] marked, long now) {
    SeatBlock b = state.block();
    java.util.Set<Integer> set = new java.util.HashSet<>();
    for (int m : marked) {
      set.add(m);
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < b.rows(); r++) {
      if (r > 0) {
        out.append('\n');
      }
      for (int i = b.rowStart()[r]; i < b.rowStart()[r + 1]; i++) {
        if (i > b.rowStart()[r] && !b.adjacent(i - 1)) {
          out.append('.');
        }
        out.append(set.contains(i) ? '*' : state.free(i, now) ? 'F' : 'X');
      }
    }
    return out.toString();
  }
}
