package io.guichet.domain.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an order. PENDING_PAYMENT waits for the card payment (or for the guest's e-mail
 * confirmation); RESERVED holds its seats without payment (above the channel's payment ceiling);
 * PAID, CANCELLED and EXPIRED are final.
 */
public enum OrderStatus {
  PENDING_PAYMENT,
  RESERVED,
  PAID,
  CANCELLED,
  EXPIRED;

  /** Whether an order may go from this state to {@code next}. */
  public boolean mayBecome(OrderStatus next) {
    return successors().contains(next);
  }

  public Set<OrderStatus> successors() {
    return switch (this) {
      case PENDING_PAYMENT -> EnumSet.of(RESERVED, PAID, CANCELLED, EXPIRED);
      case RESERVED -> EnumSet.of(PAID, CANCELLED);
      case PAID, CANCELLED, EXPIRED -> EnumSet.noneOf(OrderStatus.class);
    };
  }

  /** Whether the order's seats are taken by live tickets in this state. */
  public boolean ticketed() {
    return this == RESERVED || this == PAID;
  }

  public boolean isFinal() {
    return successors().isEmpty();
  }
}
