package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One dated showing of an event on one seat map (seed: séance). */
public record Performance(
    UUID id,
    UUID eventId,
    UUID seatMapId,
    Instant startsAt,
    String currency,
    List<Price> prices,
    Instant createdAt) {}
