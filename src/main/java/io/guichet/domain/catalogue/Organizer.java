package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.UUID;

/** The body that runs venues and sells tickets (seed: institution / organisme). */
public record Organizer(UUID id, String name, String currency, Instant createdAt) {}
