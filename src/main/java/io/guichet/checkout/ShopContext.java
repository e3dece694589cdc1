package io.guichet.checkout;

import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;

/** A point of sale and the channel it sells on: what every shop call is made in. */
public record ShopContext(PointOfSale pos, SalesChannel channel) {

  public java.util.UUID organizerId() {
    return channel.organizerId();
  }
}
