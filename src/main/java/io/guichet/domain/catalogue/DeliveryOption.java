package io.guichet.domain.catalogue;

/** A delivery mode a channel allows, with its fee per order in minor units. */
public record DeliveryOption(DeliveryMode mode, long fee) {}
