package io.guichet.checkout;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;

/** A point of sale and the channel it sells on: what every shop call is made in. */
public record ShopContext(PointOfSale pos, SalesChannel channel) {

  public java.util.UUID organizerId() {
    return channel.organizerId();
  }

  /**
   * Refuses a new cart, hold or checkout when the point of sale or its channel is switched off, or
   * the point of sale's {@code sale} switch is off (it shows but does not sell).
   */
  public void checkSelling() {
    String why = pos.notSelling(channel);
    if (why != null) {
      throw new DomainException(Failure.NOT_ALLOWED_HERE, why);
    }
  }

  /**
   * The language of this call and its e-mails: the one asked for if the point of sale speaks it
   * (its first one when none is asked for); else a refusal.
   */
  public String language(String asked) {
    String language = pos.language(asked);
    if (language == null && asked != null && !asked.isBlank()) {
      throw DomainException.invalid(
          "point of sale "
              + pos.code()
              + " speaks "
              + String.join(", ", pos.languages())
              + " only");
    }
    return language;
  }
}
