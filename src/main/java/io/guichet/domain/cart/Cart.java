package io.guichet.domain.cart;

import java.io.Serializable;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A buyer's cart: the point of sale it was opened on, a hash of its secret (the secret itself is
 * given to the buyer once), its deadline (the channel's hold timeout from creation), its items, the
 * account it was opened by (null for an anonymous cart), its checkout once started and the offers
 * applied to it (advantages, promo codes, a box office's contact). Immutable: every change returns
 * a new cart.
 */
public record Cart(
    UUID id,
    UUID posId,
    UUID channelId,
    byte[] secretHash,
    Instant createdAt,
    Instant deadline,
    List<CartItem> items,
    UUID customerId,
    CheckoutClaim checkout,
    CartOffers offers)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public Cart {
    items = List.copyOf(items);
    offers = offers == null ? CartOffers.NONE : offers;
  }

  /** A cart without offers. */
  public Cart(
      UUID id,
      UUID posId,
      UUID channelId,
      byte[] secretHash,
      Instant createdAt,
      Instant deadline,
      List<CartItem> items,
      UUID customerId,
      CheckoutClaim checkout) {
    this(
        id,
        posId,
        channelId,
        secretHash,
        createdAt,
        deadline,
        items,
        customerId,
        checkout,
        CartOffers.NONE);
  }

  /** The cart with its held items only (pending ones are still being asked of the grid). */
  public Cart heldOnly() {
    return items.stream().anyMatch(CartItem::pending)
        ? withItems(items.stream().filter(i -> !i.pending()).toList())
        : this;
  }

  public Cart withOffers(CartOffers next) {
    return new Cart(
        id, posId, channelId, secretHash, createdAt, deadline, items, customerId, checkout, next);
  }

  public boolean expired(Instant now) {
    return !now.isBefore(deadline);
  }

  /** Constant-time check of a presented secret's hash. */
  public boolean secretMatches(byte[] presentedHash) {
    return presentedHash != null && MessageDigest.isEqual(secretHash, presentedHash);
  }

  /** Seats and places held or being held for one performance. */
  public int quantityFor(UUID performanceId) {
    return items.stream()
        .filter(i -> i.performanceId().equals(performanceId))
        .mapToInt(CartItem::quantity)
        .sum();
  }

  public CartItem item(UUID itemId) {
    return items.stream().filter(i -> i.id().equals(itemId)).findFirst().orElse(null);
  }

  public Cart with(CartItem item) {
    List<CartItem> next = new ArrayList<>(items.size() + 1);
    boolean replaced = false;
    for (CartItem i : items) {
      if (i.id().equals(item.id())) {
        next.add(item);
        replaced = true;
      } else {
        next.add(i);
      }
    }
    if (!replaced) {
      next.add(item);
    }
    return withItems(next);
  }

  public Cart without(UUID itemId) {
    return withItems(items.stream().filter(i -> !i.id().equals(itemId)).toList());
  }

  private Cart withItems(List<CartItem> next) {
    return new Cart(
        id, posId, channelId, secretHash, createdAt, deadline, next, customerId, checkout, offers);
  }

  public Cart withCheckout(CheckoutClaim claim) {
    return new Cart(
        id, posId, channelId, secretHash, createdAt, deadline, items, customerId, claim, offers);
  }

  /**
   * Whether any item is still being held (its grid request has not answered yet, and it was not
   * abandoned).
   */
  public boolean changing(java.time.Instant now, java.time.Duration abandonAfter) {
    return items.stream().anyMatch(i -> i.pending() && !i.abandoned(now, abandonAfter));
  }

  /**
   * The cart without its abandoned pending items (seats they may hold lapse at the cart's deadline:
   * nothing is sold from them); the same cart when it has none.
   */
  public Cart withoutAbandoned(java.time.Instant now, java.time.Duration abandonAfter) {
    if (items.stream().noneMatch(i -> i.abandoned(now, abandonAfter))) {
      return this;
    }
    return withItems(items.stream().filter(i -> !i.abandoned(now, abandonAfter)).toList());
  }
}
