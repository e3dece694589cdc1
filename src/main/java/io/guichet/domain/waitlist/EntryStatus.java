package io.guichet.domain.waitlist;

/**
 * Where a waiting-list entry stands. UNCONFIRMED (a guest who has not followed the link of the
 * confirmation e-mail), WAITING and OFFERED are live: one live entry per buyer and performance.
 */
public enum EntryStatus {
  /** A guest's entry waiting for the link of its confirmation e-mail: it gets no offer yet. */
  UNCONFIRMED,
  /** In the list, in sign-up order. */
  WAITING,
  /** Seats are held for it until its offer's deadline. */
  OFFERED,
  /** Its offer was taken: a cart holds the seats. */
  TAKEN,
  /** The buyer left the list. */
  LEFT,
  /** Its offer was not taken by its deadline (or a guest never confirmed the address). */
  LAPSED;

  public boolean live() {
    return this == UNCONFIRMED || this == WAITING || this == OFFERED;
  }

  /** Whether the buyer may still change what the entry asks for (not while seats are offered). */
  public boolean changeable() {
    return this == UNCONFIRMED || this == WAITING;
  }
}
