package io.guichet.domain.cart;

import java.io.Serializable;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * A cart's checkout: the idempotency key and request hash it was started with, and the order it
 * makes. Once a cart is claimed its items no longer change; a failed checkout gives the claim back.
 *
 * @param done the order was written: the cart is spent
 */
public record CheckoutClaim(String idempotencyKey, byte[] requestHash, UUID orderId, boolean done)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public boolean sameRequest(String key, byte[] hash) {
    return idempotencyKey.equals(key) && MessageDigest.isEqual(requestHash, hash);
  }

  public CheckoutClaim completed() {
    return new CheckoutClaim(idempotencyKey, requestHash, orderId, true);
  }
}
