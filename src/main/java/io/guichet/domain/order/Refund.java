package io.guichet.domain.order;

import java.time.Instant;
import java.util.UUID;

/**
 * A refund to the card through the payment provider, written before the provider is called (its id
 * is the key of the call) and updated with what the provider answered.
 */
public record Refund(
    UUID id,
    UUID cancellationId,
    UUID orderId,
    UUID organizerId,
    String payId,
    long amount,
    String currency,
    Status status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant refundedAt) {

  /** Where a refund stands. */
  public enum Status {
    /** Written; the provider has not answered yet (or the node calling it died). */
    PENDING,
    /** The provider refunded it. */
    REFUNDED,
    /** The provider refused it: visible to the operator, who may retry it. */
    FAILED,
    /** No answer before the deadline: it may or may not have happened; retried with its key. */
    UNKNOWN;

    /** Whether the refund may be (re)sent to the provider. */
    public boolean open() {
      return this != REFUNDED;
    }
  }
}
