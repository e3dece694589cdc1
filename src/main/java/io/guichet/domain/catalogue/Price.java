package io.guichet.domain.catalogue;

import java.util.UUID;

/** The price of a seat category for a tariff, in minor units of the performance currency. */
public record Price(String category, UUID tariffId, long amount) {}
