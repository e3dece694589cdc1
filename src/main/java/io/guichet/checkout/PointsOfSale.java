package io.guichet.checkout;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.store.SalesSetupStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Resolves the point of sale every shop call names, and its channel, from a short node-local cache.
 *
 * <p>How a change of settings reaches every node: the node that makes it forgets its cached copy at
 * once ({@link #changed}); every other node keeps its copy at most {@link #CACHE_MILLIS} (on the
 * server's clock) and then reads the new one. So a change applies everywhere within five seconds;
 * nothing else (no topic, no version) is needed because nothing already held or ordered depends on
 * the cached copy (see docs/operator.md, "Live changes").
 *
 * <p>A restricted point of sale's list of admitted buyers is checked at the HTTP edge, where the
 * caller's session is known (see SessionHandler); the on/off switches by the calls they stop
 * ({@link ShopContext#checkSelling}, {@link #showing}).
 */
public final class PointsOfSale {
  /** How long a node may answer with a point of sale's or channel's settings before a change. */
  public static final long CACHE_MILLIS = 5_000;

  private final SalesSetupStore sales;
  private final TtlCache<String, PointOfSale> byCode;
  private final TtlCache<UUID, SalesChannel> channels;
  private final TtlCache<Boolean, Set<String>> allOrigins;

  public PointsOfSale(SalesSetupStore sales, Clock clock) {
    this.sales = sales;
    this.byCode = new TtlCache<>(CACHE_MILLIS, clock);
    this.channels = new TtlCache<>(CACHE_MILLIS, clock);
    this.allOrigins = new TtlCache<>(CACHE_MILLIS, clock);
  }

  /** The point of sale with this code, whatever its restrictions and switches, from the cache. */
  public Future<PointOfSale> byCode(String code) {
    return byCode.get(code, sales::pointOfSaleByCode);
  }

  /** The origins any point of sale allows, from the same short cache. */
  public Future<Set<String>> allowedOrigins() {
    return allOrigins.get(Boolean.TRUE, k -> sales.allowedOrigins());
  }

  /** The point of sale (as {@link #enter}) with its channel. */
  public Future<ShopContext> context(String code) {
    return enter(code).compose(pos -> channel(pos.channelId()).map(ch -> new ShopContext(pos, ch)));
  }

  /** A channel, from the same short cache. */
  public Future<SalesChannel> channel(UUID id) {
    return channels.get(id, sales::channel);
  }

  /** A point of sale by id (orders name theirs by id). */
  public Future<PointOfSale> byId(UUID id) {
    return sales.pointOfSale(id);
  }

  /**
   * The point of sale with this code, switched on or off: what is held or ordered on it already
   * (carts, orders, tickets, entries) stays reachable. Its list of admitted buyers was checked by
   * the HTTP edge.
   */
  public Future<PointOfSale> enter(String code) {
    return byCode(code);
  }

  /**
   * The point of sale with this code if it shows its catalogue: it and its channel are switched on
   * (its {@code sale} switch may be off: then it shows but does not sell).
   */
  public Future<ShopContext> showing(String code) {
    return context(code)
        .compose(
            shop -> {
              String hidden = shop.pos().notShowing(shop.channel());
              return hidden == null
                  ? Future.succeededFuture(shop)
                  : Future.failedFuture(new DomainException(Failure.NOT_ALLOWED_HERE, hidden));
            });
  }

  /**
   * Forgets this node's copies of a changed point of sale or channel (the codes it had before and
   * after a change), so that this node applies the change at once; other nodes within {@link
   * #CACHE_MILLIS}.
   */
  public void changed(UUID channelId, String... codes) {
    if (channelId != null) {
      channels.invalidate(channelId);
    }
    for (String code : codes) {
      byCode.invalidate(code);
    }
    allOrigins.clear();
  }
}
