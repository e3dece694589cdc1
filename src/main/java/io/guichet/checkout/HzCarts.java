package io.guichet.checkout;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.CartOffers;
import io.guichet.domain.cart.CheckoutClaim;
import io.guichet.inventory.Grid;
import io.vertx.core.Future;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Carts in a Hazelcast map (one synchronous backup), changed only by entry processors so that two
 * calls on one cart never lose an update and the per-performance cap is checked atomically. An
 * entry lives a while past its deadline (to answer "expired" rather than "unknown").
 */
public final class HzCarts {
  public static final String CARTS = "carts";
  private static final Duration KEEP_AFTER_DEADLINE = Duration.ofHours(1);

  private final IMap<String, Cart> carts;
  private final Grid grid;
  private final HazelcastInstance hz;
  private final Duration abandonAfter;

  /**
   * @param abandonAfter how long a hold can take at most: a pending item older than that was
   *     abandoned and no longer counts (nor blocks a checkout)
   */
  public HzCarts(HazelcastInstance hz, Grid grid, Duration abandonAfter) {
    this.carts = hz.getMap(CARTS);
    this.grid = grid;
    this.hz = hz;
    this.abandonAfter = abandonAfter;
  }

  /** This node's grid member: the holder of the checkouts it runs. */
  public UUID localMember() {
    return hz.getCluster().getLocalMember().getUuid();
  }

  /** Whether the member that holds a claim is still in the cluster (a local read). */
  public boolean present(UUID member) {
    return member != null
        && hz.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().equals(member));
  }

  public Future<Cart> create(Cart cart) {
    long ttl =
        Duration.between(Instant.now(), cart.deadline()).plus(KEEP_AFTER_DEADLINE).toSeconds();
    return onContext(
            carts.setAsync(cart.id().toString(), cart, Math.max(ttl, 60), TimeUnit.SECONDS))
        .map(cart);
  }

  public Future<Cart> get(UUID id) {
    return onContext(carts.getAsync(id.toString()))
        .compose(
            cart ->
                cart == null
                    ? Future.failedFuture(DomainException.notFound("cart", id))
                    : Future.succeededFuture(cart));
  }

  /** Whether the cart is in the grid (a cart of a single node that restarted is not). */
  public Future<Boolean> exists(UUID id) {
    return onContext(carts.getAsync(id.toString())).map(cart -> cart != null);
  }

  /**
   * Adds an item (a pending one, or one whose seats are held already) if the cart is live, not
   * being checked out, and stays within {@code max} for the performance.
   */
  public Future<Cart> reserve(UUID cartId, CartItem pending, int max, Instant now) {
    return onContext(
            carts.submitToKey(
                cartId.toString(), new Reserve(pending, max, now, abandonAfter.toMillis())))
        .compose(
            result ->
                switch (result.code()) {
                  case OK -> Future.succeededFuture(result.cart());
                  case MISSING -> Future.failedFuture(DomainException.notFound("cart", cartId));
                  case EXPIRED -> Future.failedFuture(expired(cartId));
                  case TOO_MANY ->
                      Future.failedFuture(
                          DomainException.of(
                              Failure.MAX_PER_PERFORMANCE,
                              "a cart may hold at most " + max + " seats of one performance",
                              Map.of(
                                  "max",
                                  max,
                                  "inCart",
                                  result.cart().quantityFor(pending.performanceId()))));
                  case GONE ->
                      Future.failedFuture(DomainException.notFound("cart item", pending.id()));
                  case CHECKED_OUT -> Future.failedFuture(checkedOut(cartId));
                });
  }

  /** Records an item's held seats; GONE when the item (or cart) disappeared meanwhile. */
  public Future<Cart> complete(UUID cartId, CartItem held) {
    return onContext(carts.submitToKey(cartId.toString(), new Replace(held)))
        .compose(
            result ->
                switch (result.code()) {
                  case OK -> Future.succeededFuture(result.cart());
                  case CHECKED_OUT -> Future.failedFuture(checkedOut(cartId));
                  default -> Future.failedFuture(DomainException.notFound("cart item", held.id()));
                });
  }

  /**
   * Removes an item of the cart opened on point of sale {@code posId} whose secret hashes to {@code
   * secretHash}, in one step: the cart is authorized where it lives. Answers the item and the
   * cart's deadline; a cart unknown, of another point of sale or of another secret is answered as
   * unknown, an item not in it as an unknown item. Refused once the cart is being checked out.
   */
  public Future<Removed> remove(UUID cartId, UUID posId, byte[] secretHash, UUID itemId) {
    return onContext(
            carts.submitToKey(
                cartId.toString(), new RemoveAuthorized(itemId, posId, secretHash.clone())))
        .compose(
            result ->
                switch (result.code()) {
                  case OK -> Future.succeededFuture(result);
                  case MISSING -> Future.failedFuture(DomainException.notFound("cart", cartId));
                  case CHECKED_OUT -> Future.failedFuture(checkedOut(cartId));
                  default -> Future.failedFuture(DomainException.notFound("cart item", itemId));
                });
  }

  /** Takes back a pending item whose hold failed (even during a checkout). */
  public Future<CartItem> removePending(UUID cartId, UUID itemId) {
    return onContext(carts.submitToKey(cartId.toString(), new Remove(itemId, true)))
        .map(Removed::item);
  }

  /** How a checkout claim went. */
  public enum ClaimCode {
    /** The cart is now claimed by this request. */
    NEW,
    /** Claimed before by the same key and request: the same order. */
    SAME,
    /** Claimed by the same key with another request. */
    KEY_REUSED,
    /** Claimed by another key: the cart is being (or was) checked out. */
    OTHER,
    MISSING,
    EXPIRED,
    EMPTY,
    CHANGING
  }

  /** A claim's outcome and the cart as it is after it. */
  public record ClaimResult(ClaimCode code, Cart cart) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Claims the cart for a checkout, atomically: one cart, one order. */
  public Future<ClaimResult> claim(UUID cartId, CheckoutClaim claim, Instant now) {
    return onContext(
        carts.submitToKey(cartId.toString(), new Claim(claim, now, abandonAfter.toMillis())));
  }

  /** Gives a failed checkout's claim back, so the buyer can try again. */
  public Future<Void> unclaim(UUID cartId, CheckoutClaim claim) {
    return onContext(carts.submitToKey(cartId.toString(), new SetClaim(claim, null))).mapEmpty();
  }

  /**
   * Replaces the claim {@code stale} (as the caller saw it: same order id, not done) by {@code
   * next}; false when the cart's claim changed meanwhile.
   */
  public Future<Boolean> takeOver(UUID cartId, CheckoutClaim stale, CheckoutClaim next) {
    return onContext(carts.submitToKey(cartId.toString(), new SetClaim(stale, next)));
  }

  /** Marks the claim done: its order is written. */
  public Future<Void> completeClaim(UUID cartId, CheckoutClaim claim) {
    return onContext(carts.submitToKey(cartId.toString(), new SetClaim(claim, claim.completed())))
        .mapEmpty();
  }

  /** A change of a cart's offers. */
  public enum OfferOp {
    ADD_ADVANTAGE,
    REMOVE_ADVANTAGE,
    ADD_PROMO,
    REMOVE_PROMO,
    SET_CONTACT
  }

  /**
   * Changes the offers of a live cart that is not being checked out, atomically; answers the cart
   * after the change. {@code applied} for ADD_ADVANTAGE, {@code id} (an advantage, a promo code or
   * a contact) for the others. Removing what the cart does not hold fails NOT_FOUND.
   */
  public Future<Cart> changeOffers(
      UUID cartId, OfferOp op, CartOffers.Applied applied, UUID id, Instant now) {
    return onContext(carts.submitToKey(cartId.toString(), new ChangeOffers(op, applied, id, now)))
        .compose(
            result ->
                switch (result.code()) {
                  case OK -> Future.succeededFuture(result.cart());
                  case MISSING -> Future.failedFuture(DomainException.notFound("cart", cartId));
                  case EXPIRED -> Future.failedFuture(expired(cartId));
                  case CHECKED_OUT -> Future.failedFuture(checkedOut(cartId));
                  default ->
                      Future.failedFuture(
                          DomainException.notFound(
                              op == OfferOp.REMOVE_PROMO ? "promo code" : "advantage", id));
                });
  }

  record ChangeOffers(OfferOp op, CartOffers.Applied applied, UUID id, Instant now)
      implements EntryProcessor<String, Cart, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      if (cart == null) {
        return new Result(Code.MISSING, null);
      }
      if (cart.checkout() != null) {
        return new Result(Code.CHECKED_OUT, cart);
      }
      if (cart.expired(now)) {
        return new Result(Code.EXPIRED, cart);
      }
      CartOffers offers = cart.offers();
      CartOffers next =
          switch (op) {
            case ADD_ADVANTAGE -> offers.with(applied);
            case REMOVE_ADVANTAGE -> offers.hasAdvantage(id) ? offers.withoutAdvantage(id) : null;
            case ADD_PROMO -> offers.withPromo(id);
            case REMOVE_PROMO -> offers.promoCodes().contains(id) ? offers.withoutPromo(id) : null;
            case SET_CONTACT -> offers.withContact(id);
          };
      if (next == null) {
        return new Result(Code.GONE, cart);
      }
      Cart changed = cart.withOffers(next);
      entry.setValue(changed);
      return new Result(Code.OK, changed);
    }
  }

  static DomainException checkedOut(UUID cartId) {
    return new DomainException(
        Failure.CART_CHECKED_OUT,
        "cart " + cartId + " is being checked out: its items can no longer change");
  }

  static DomainException expired(UUID cartId) {
    return new DomainException(
        Failure.CART_EXPIRED, "cart " + cartId + " has expired; its seats are back on sale");
  }

  /** How a change of a cart went. */
  public enum Code {
    OK,
    MISSING,
    EXPIRED,
    TOO_MANY,
    GONE,
    CHECKED_OUT
  }

  record Result(Code code, Cart cart) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  record Reserve(CartItem pending, int max, Instant now, long abandonAfterMillis)
      implements EntryProcessor<String, Cart, Result>, Serializable {
    private static final long serialVersionUID = 2L;

    @Override
    public Result process(Map.Entry<String, Cart> entry) {
      Cart cart =
          entry.getValue() == null
              ? null
              : entry.getValue().withoutAbandoned(now, Duration.ofMillis(abandonAfterMillis));
      if (cart == null) {
        return new Result(Code.MISSING, null);
      }
      if (cart.expired(now)) {
        return new Result(Code.EXPIRED, cart);
      }
      if (cart.checkout() != null) {
        return new Result(Code.CHECKED_OUT, cart);
      }
      if (cart.quantityFor(pending.performanceId()) + pending.quantity() > max) {
        return new Result(Code.TOO_MANY, cart);
      }
      Cart next = cart.with(pending);
      entry.setValue(next);
      return new Result(Code.OK, next);
    }
  }

  record Replace(CartItem item) implements EntryProcessor<String, Cart, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      if (cart == null || cart.item(item.id()) == null) {
        return new Result(Code.GONE, cart);
      }
      if (cart.checkout() != null) {
        return new Result(Code.CHECKED_OUT, cart);
      }
      Cart next = cart.with(item);
      entry.setValue(next);
      return new Result(Code.OK, next);
    }
  }

  /** A removal's outcome: the item removed, and the deadline of its cart (its seats' deadline). */
  public record Removed(Code code, CartItem item, Instant deadline) implements Serializable {
    private static final long serialVersionUID = 2L;
  }

  record Remove(UUID itemId, boolean evenIfClaimed)
      implements EntryProcessor<String, Cart, Removed>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Removed process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      CartItem item = cart == null ? null : cart.item(itemId);
      if (item == null) {
        return new Removed(Code.GONE, null, null);
      }
      if (cart.checkout() != null && !evenIfClaimed) {
        return new Removed(Code.CHECKED_OUT, null, cart.deadline());
      }
      entry.setValue(cart.without(itemId));
      return new Removed(Code.OK, item, cart.deadline());
    }
  }

  /**
   * Removes an item if the caller holds the cart's point of sale and secret: the authorization and
   * the change in one operation on the cart's entry.
   */
  @SuppressWarnings("ArrayRecordComponent") // a hash, compared in constant time, never mutated
  record RemoveAuthorized(UUID itemId, UUID posId, byte[] secretHash)
      implements EntryProcessor<String, Cart, Removed>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Removed process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      if (cart == null || !cart.posId().equals(posId) || !cart.secretMatches(secretHash)) {
        return new Removed(Code.MISSING, null, null);
      }
      return new Remove(itemId, false).process(entry);
    }
  }

  record Claim(CheckoutClaim claim, Instant now, long abandonAfterMillis)
      implements EntryProcessor<String, Cart, ClaimResult>, Serializable {
    private static final long serialVersionUID = 2L;

    @Override
    public ClaimResult process(Map.Entry<String, Cart> entry) {
      Duration abandonAfter = Duration.ofMillis(abandonAfterMillis);
      Cart cart =
          entry.getValue() == null ? null : entry.getValue().withoutAbandoned(now, abandonAfter);
      if (cart == null) {
        return new ClaimResult(ClaimCode.MISSING, null);
      }
      CheckoutClaim current = cart.checkout();
      if (current != null) {
        if (current.sameRequest(claim.idempotencyKey(), claim.requestHash())) {
          return new ClaimResult(ClaimCode.SAME, cart);
        }
        return new ClaimResult(
            current.idempotencyKey().equals(claim.idempotencyKey())
                ? ClaimCode.KEY_REUSED
                : ClaimCode.OTHER,
            cart);
      }
      if (cart.expired(now)) {
        return new ClaimResult(ClaimCode.EXPIRED, cart);
      }
      if (cart.changing(now, abandonAfter)) {
        return new ClaimResult(ClaimCode.CHANGING, cart);
      }
      if (cart.items().isEmpty()) {
        return new ClaimResult(ClaimCode.EMPTY, cart);
      }
      Cart next = cart.withCheckout(claim);
      entry.setValue(next);
      return new ClaimResult(ClaimCode.NEW, next);
    }
  }

  /** Replaces the claim {@code expected} (same order id) by {@code next} (null: unclaimed). */
  record SetClaim(CheckoutClaim expected, CheckoutClaim next)
      implements EntryProcessor<String, Cart, Boolean>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      if (cart == null
          || cart.checkout() == null
          || !cart.checkout().orderId().equals(expected.orderId())
          || cart.checkout().done()) {
        return false;
      }
      entry.setValue(cart.withCheckout(next));
      return true;
    }
  }

  private <T> Future<T> onContext(CompletionStage<T> stage) {
    return grid.call(stage);
  }
}
