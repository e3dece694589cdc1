package io.guichet.domain.catalogue;

import java.util.UUID;

/** An event featured at the top of a point of sale catalogue (seed: vitrine). */
public record ShowcaseItem(UUID eventId, int rank) {}
