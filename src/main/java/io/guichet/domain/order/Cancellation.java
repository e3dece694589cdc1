package io.guichet.domain.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A cancellation of a paid (or reserved) order: the lines whose tickets it cancelled, why, who
 * asked, and what it gave back where; with its refund to the card when there is one.
 *
 * @param refund the refund to the card, or null when nothing goes back to the card
 */
public record Cancellation(
    UUID id,
    UUID orderId,
    List<Integer> lines,
    boolean whole,
    boolean byBuyer,
    String reason,
    RefundPlan.RefundTo refundTo,
    String currency,
    long amount,
    long toCard,
    long toCredit,
    Instant createdAt,
    Refund refund) {

  public Cancellation withRefund(Refund r) {
    return new Cancellation(
        id, orderId, lines, whole, byBuyer, reason, refundTo, currency, amount, toCard, toCredit,
        createdAt, r);
  }
}
