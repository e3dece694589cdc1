package io.guichet.domain.inventory;

/**
 * What a buyer asks of one block: {@code quantity} seats of a category.
 *
 * @param quotaAccess bit q set: the channel may take seats of performance quota q (seats of no
 *     quota are open to every channel)
 * @param isolationRule whether the isolated-seat rule applies (more seats on sale than the
 *     channel's trigger, and isolated seats not always allowed)
 * @param allowSplit whether the party may be split when no single run of seats fits
 * @param forList an offer of the waiting list: only seats the list keeps (see {@link
 *     BlockState#listedSeat}); a buyer's request never takes those
 */
public record SeatRequest(
    int category,
    int quantity,
    long quotaAccess,
    boolean isolationRule,
    boolean allowSplit,
    boolean forList)
    implements java.io.Serializable {
  private static final long serialVersionUID = 2L;

  public SeatRequest {
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be positive");
    }
  }

  /** A buyer's request. */
  public SeatRequest(
      int category, int quantity, long quotaAccess, boolean isolationRule, boolean allowSplit) {
    this(category, quantity, quotaAccess, isolationRule, allowSplit, false);
  }

  /**
   * Whether this request may take free seat i of the block: the list's seats go to the list only.
   */
  public boolean mayTake(BlockState state, int i) {
    return mayTake(state.block().quota()[i]) && state.listedSeat(i) == forList;
  }

  /** Whether a channel with this request's access may take a seat of this quota. */
  public boolean mayTake(short quota) {
    return quota < 0 || (quota < 64 && ((quotaAccess >>> quota) & 1L) == 1L);
  }
}
