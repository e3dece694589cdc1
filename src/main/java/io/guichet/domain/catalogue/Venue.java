package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.UUID;

/** A place with one or more seat maps. */
public record Venue(
    UUID id, UUID organizerId, String name, String address, String city, Instant createdAt) {}
