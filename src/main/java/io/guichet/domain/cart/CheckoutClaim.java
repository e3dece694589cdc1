package io.guichet.domain.cart;

import java.io.Serializable;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A cart's checkout: the idempotency key and request hash it was started with, and the order it
 * makes. Once a cart is claimed its items no longer change; a failed checkout gives the claim back.
 * A claim whose holder is gone (its node left) or that is older than a checkout can last is stale:
 * a retry settles it from PostgreSQL, which alone says whether the order exists (one cart, one
 * order: its unique cart id).
 *
 * @param claimedAt when the checkout started
 * @param holder the grid member of the node running the checkout
 * @param done the order was written: the cart is spent
 */
public record CheckoutClaim(
    String idempotencyKey,
    byte[] requestHash,
    UUID orderId,
    Instant claimedAt,
    UUID holder,
    boolean done)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public boolean sameRequest(String key, byte[] hash) {
    return idempotencyKey.equals(key) && MessageDigest.isEqual(requestHash, hash);
  }

  public CheckoutClaim completed() {
    return new CheckoutClaim(idempotencyKey, requestHash, orderId, claimedAt, holder, true);
  }

  /**
   * Whether no checkout can still be running under this claim: not done, and its holder is gone or
   * it began longer than {@code longestCheckout} ago.
   */
  public boolean stale(Instant now, Duration longestCheckout, boolean holderPresent) {
    return !done && (!holderPresent || claimedAt.plus(longestCheckout).isBefore(now));
  }
}
