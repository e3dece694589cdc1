package io.guichet.domain.cart;

import java.io.Serializable;
import java.util.UUID;

/** A quantity of one tariff in one seat category. */
public record TariffLine(UUID tariffId, String category, int quantity) implements Serializable {
  private static final long serialVersionUID = 1L;
}
