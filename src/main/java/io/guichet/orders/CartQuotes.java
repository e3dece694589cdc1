package io.guichet.orders;

import io.guichet.checkout.CartService;
import io.guichet.checkout.ShopContext;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.inventory.HzInventory;
import io.guichet.offers.OfferPricing;
import io.guichet.store.OrderStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * What a cart costs before checkout, priced by the same steps as checkout ({@link
 * CheckoutPricing#lines}, {@link OfferPricing}): its lines, prices, discounts, fees and total, for
 * the delivery mode asked (or the point of sale's first), so the buyer sees what checkout charges.
 */
public final class CartQuotes implements io.guichet.offers.CartOffersService.Quoter {
  private final CheckoutPricing pricing;
  private final OfferPricing offers;

  public CartQuotes(
      CartService carts, HzInventory inventory, OrderStore store, OfferPricing offers) {
    this.pricing = new CheckoutPricing(carts, inventory, store);
    this.offers = offers;
  }

  /** The cart's price, or null when it holds no seats yet (nothing to price). */
  @Override
  public Future<OfferPricing.Priced> quote(
      Cart cart, ShopContext shop, String deliveryMode, Instant now) {
    Cart held = cart.heldOnly();
    if (held.items().isEmpty()) {
      return Future.succeededFuture(null);
    }
    DeliveryOption delivery =
        CheckoutPricing.delivery(
            shop, deliveryMode != null ? deliveryMode : CheckoutPricing.allowed(shop).get(0));
    return pricing
        .lines(held, shop.channel())
        .compose(lines -> offers.price(cart, shop, lines, delivery.fee(), now));
  }

  /** The delivery modes a buyer may choose here, the first being the one priced by default. */
  public static List<String> deliveryModes(ShopContext shop) {
    return CheckoutPricing.allowed(shop);
  }
}
