package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.UUID;

/** A stored seat map, without its seats. */
public record SeatMapSummary(
    UUID id, UUID venueId, String name, int capacity, int seatCount, Instant createdAt) {}
