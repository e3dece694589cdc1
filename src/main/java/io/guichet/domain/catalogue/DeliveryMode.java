package io.guichet.domain.catalogue;

/** How tickets reach the buyer (seed: mode d'envoi). */
public enum DeliveryMode {
  E_TICKET(true),
  MOBILE(true),
  BOX_OFFICE(false),
  POST(false),
  RFID(false);

  private final boolean immediate;

  DeliveryMode(boolean immediate) {
    this.immediate = immediate;
  }

  /** Whether the buyer has the tickets as soon as the order is paid. */
  public boolean immediate() {
    return immediate;
  }
}
