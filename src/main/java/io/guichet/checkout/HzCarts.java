package io.guichet.checkout;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
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

  public HzCarts(HazelcastInstance hz) {
    this.carts = hz.getMap(CARTS);
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

  /** Adds a pending item if the cart is live and stays within {@code max} for the performance. */
  public Future<Cart> reserve(UUID cartId, CartItem pending, int max, Instant now) {
    return onContext(carts.submitToKey(cartId.toString(), new Reserve(pending, max, now)))
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
                });
  }

  /** Records an item's held seats; GONE when the item (or cart) disappeared meanwhile. */
  public Future<Cart> complete(UUID cartId, CartItem held) {
    return onContext(carts.submitToKey(cartId.toString(), new Replace(held)))
        .compose(
            result ->
                result.code() == Code.OK
                    ? Future.succeededFuture(result.cart())
                    : Future.failedFuture(DomainException.notFound("cart item", held.id())));
  }

  /** Removes an item; answers it (null when it was not there). */
  public Future<CartItem> remove(UUID cartId, UUID itemId) {
    return onContext(carts.submitToKey(cartId.toString(), new Remove(itemId)));
  }

  static DomainException expired(UUID cartId) {
    return new DomainException(
        Failure.CART_EXPIRED, "cart " + cartId + " has expired; its seats are back on sale");
  }

  enum Code {
    OK,
    MISSING,
    EXPIRED,
    TOO_MANY,
    GONE
  }

  record Result(Code code, Cart cart) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  record Reserve(CartItem pending, int max, Instant now)
      implements EntryProcessor<String, Cart, Result>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Result process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      if (cart == null) {
        return new Result(Code.MISSING, null);
      }
      if (cart.expired(now)) {
        return new Result(Code.EXPIRED, cart);
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
      Cart next = cart.with(item);
      entry.setValue(next);
      return new Result(Code.OK, next);
    }
  }

  record Remove(UUID itemId) implements EntryProcessor<String, Cart, CartItem>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public CartItem process(Map.Entry<String, Cart> entry) {
      Cart cart = entry.getValue();
      CartItem item = cart == null ? null : cart.item(itemId);
      if (item != null) {
        entry.setValue(cart.without(itemId));
      }
      return item;
    }
  }

  private static <T> Future<T> onContext(CompletionStage<T> stage) {
    return Grid.onContext(stage);
  }
}
