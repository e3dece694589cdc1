package io.guichet.domain.offer;

/** Why an advantage or a promo code cannot be used here and now; each has a stable name. */
public enum Refusal {
  /** Not in operation: in preparation or suspended. */
  NOT_IN_OPERATION,
  /** Its validity window has not begun. */
  NOT_YET_VALID,
  /** Its validity window has ended. */
  EXPIRED,
  /** Not sold on this point of sale's channel. */
  OTHER_CHANNEL,
  /** The buyer is not one of its contacts, or lacks the indicator's level (or is not known). */
  NOT_TARGETED,
  /** It is unlocked by a code only (partner or single-use). */
  CODE_REQUIRED,
  /** Its quota, uses or budget are used up. */
  USED_UP,
  /** The cart's lines cost less than its minimum. */
  MINIMUM_AMOUNT,
  /** Another currency than the cart's. */
  CURRENCY,
  /** It cannot be combined with the other promo codes of the cart. */
  NOT_COMBINABLE,
  /** It covers none of the cart's lines. */
  NOT_APPLICABLE,
  /** A single-use code already used by an order. */
  USED,
  /** A single-use code invalidated by the organizer. */
  INVALIDATED,
  /** A single-use code held by another cart that is still live. */
  IN_ANOTHER_CART;

  /** The name clients read ({@code not-in-operation}). */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
