package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.UUID;

/** Something people buy tickets for; it has dated performances. */
public record Event(
    UUID id, UUID organizerId, String name, String description, String season, Instant createdAt) {}
