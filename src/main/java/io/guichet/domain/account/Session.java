package io.guichet.domain.account;

import java.time.Instant;
import java.util.UUID;

/** A logged-in buyer: the account, its organizer, and when the session ends. */
public record Session(UUID customerId, UUID organizerId, Instant expiresAt) {

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
