package io.guichet.domain.catalogue;

/** The sale state of one seat of a performance, as shown on the seat map. */
public enum SeatState {
  FREE('F'),
  HELD('H'),
  SOLD('S'),
  BLOCKED('B');

  private final char code;

  SeatState(char code) {
    this.code = code;
  }

  /** One character per seat in the compact seat map. */
  public char code() {
    return code;
  }
}
