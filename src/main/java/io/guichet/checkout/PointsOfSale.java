package io.guichet.checkout;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.store.SalesSetupStore;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * Resolves the point of sale every shop call names, from a short node-local cache, and applies its
 * access restriction: a point of sale limited to some organisations or contacts refuses callers it
 * does not list (every caller is anonymous until accounts exist).
 */
public final class PointsOfSale {
  private static final long CACHE_MILLIS = 5_000;

  private final SalesSetupStore sales;
  private final TtlCache<String, PointOfSale> byCode;
  private final TtlCache<java.util.UUID, SalesChannel> channels;
  private final TtlCache<Boolean, java.util.Set<String>> allOrigins;

  public PointsOfSale(SalesSetupStore sales, Clock clock) {
    this.sales = sales;
    this.byCode = new TtlCache<>(CACHE_MILLIS, clock);
    this.channels = new TtlCache<>(CACHE_MILLIS, clock);
    this.allOrigins = new TtlCache<>(CACHE_MILLIS, clock);
  }

  /** The point of sale with this code, whatever its restrictions (for CORS), from the cache. */
  public Future<PointOfSale> byCode(String code) {
    return byCode.get(code, sales::pointOfSaleByCode);
  }

  /** The origins any point of sale allows, from the same short cache. */
  public Future<java.util.Set<String>> allowedOrigins() {
    return allOrigins.get(Boolean.TRUE, k -> sales.allowedOrigins());
  }

  /** The point of sale (as {@link #enter}) with its channel. */
  public Future<ShopContext> context(String code) {
    return enter(code).compose(pos -> channel(pos.channelId()).map(ch -> new ShopContext(pos, ch)));
  }

  /** A channel, from the same short cache. */
  public Future<SalesChannel> channel(java.util.UUID id) {
    return channels.get(id, sales::channel);
  }

  /** A point of sale by id (orders name theirs by id). */
  public Future<PointOfSale> byId(java.util.UUID id) {
    return sales.pointOfSale(id);
  }

  /** The point of sale with this code, if the caller may use it. */
  public Future<PointOfSale> enter(String code) {
    return byCode
        .get(code, sales::pointOfSaleByCode)
        .compose(
            pos ->
                pos.admits(null, null)
                    ? Future.succeededFuture(pos)
                    : Future.failedFuture(
                        new DomainException(
                            Failure.POINT_OF_SALE_RESTRICTED,
                            "point of sale "
                                + code
                                + " is limited to listed organisations and contacts")));
  }
}
