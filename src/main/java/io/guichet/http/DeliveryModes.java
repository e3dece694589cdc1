package io.guichet.http;

import io.guichet.checkout.ShopContext;
import io.guichet.domain.catalogue.DeliveryOption;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The delivery modes a buyer may choose on a point of sale, as its shop lists them. */
final class DeliveryModes {
  private DeliveryModes() {}

  /**
   * The channel's delivery modes with their fee per order; where the point of sale offers immediate
   * delivery only (and the channel has some), the others are left out, as a checkout refuses them.
   */
  static JsonObject json(ShopContext shop) {
    boolean anyImmediate =
        shop.channel().deliveryModes().stream().anyMatch(d -> d.mode().immediate());
    boolean onlyImmediate = shop.pos().settings().immediateDeliveryOnly() && anyImmediate;
    JsonArray modes = new JsonArray();
    for (DeliveryOption d : shop.channel().deliveryModes()) {
      if (!onlyImmediate || d.mode().immediate()) {
        modes.add(
            new JsonObject()
                .put("mode", d.mode().name())
                .put("fee", d.fee())
                .put("immediate", d.mode().immediate()));
      }
    }
    return new JsonObject().put("currency", shop.channel().currency()).put("modes", modes);
  }
}
