package io.guichet.domain.account;

import java.time.Instant;
import java.util.UUID;

/**
 * A logged-in buyer: the account, its organizer, when the session ends, and the stored session it
 * is (a password change or reset removes the account's other ones).
 */
public record Session(UUID customerId, UUID organizerId, Instant expiresAt, UUID id) {

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
