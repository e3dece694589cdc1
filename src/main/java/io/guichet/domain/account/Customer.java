package io.guichet.domain.account;

import java.time.Instant;
import java.util.UUID;

/** A buyer's account with an organizer: login by e-mail (or contact number) and password. */
public record Customer(
    UUID id,
    UUID organizerId,
    long contactNumber,
    String email,
    String firstName,
    String lastName,
    String currency,
    long creditBalance,
    Instant createdAt) {}
