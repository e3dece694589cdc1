package io.guichet.domain.inventory;

/**
 * What a buyer asks of one block: {@code quantity} seats of a category.
 *
 * @param quotaAccess bit q set: the channel may take seats of performance quota q (seats of no
 *     quota are open to every channel)
 * @param isolationRule whether the isolated-seat rule applies (more seats on sale than the
 *     channel's trigger, and isolated seats not always allowed)
 * @param allowSplit whether the party may be split when no single run of seats fits
 */
public record SeatRequest(
    int category, int quantity, long quotaAccess, boolean isolationRule, boolean allowSplit)
    implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public SeatRequest {
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be positive");
    }
  }

  /** Whether a channel with this request's access may take a seat of this quota. */
  public boolean mayTake(short quota) {
    return quota < 0 || (quota < 64 && ((quotaAccess >>> quota) & 1L) == 1L);
  }
}
