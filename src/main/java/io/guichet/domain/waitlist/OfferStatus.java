package io.guichet.domain.waitlist;

/** Where an offer stands: OPEN until taken, lapsed at its deadline, or withdrawn (entry left). */
public enum OfferStatus {
  OPEN,
  TAKEN,
  LAPSED,
  WITHDRAWN
}
