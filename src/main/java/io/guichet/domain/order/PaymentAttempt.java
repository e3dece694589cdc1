package io.guichet.domain.order;

import java.time.Instant;
import java.util.UUID;

/**
 * One card payment attempt through the provider: the reference sent to it, the amount, and what
 * became of it (INITIATED, ACCEPTED, DECLINED, CANCELLED, REFUND_DUE, REFUNDED).
 */
public record PaymentAttempt(
    UUID id,
    UUID orderId,
    String attemptRef,
    long amount,
    String currency,
    String status,
    String payId,
    Instant createdAt) {}
