package io.guichet.domain.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as stored: who bought what on which point of sale, how much it costs and how it is
 * settled, its state, its tickets' lines, the vouchers it used and its payment attempts.
 */
public record Order(
    UUID id,
    String reference,
    UUID cartId,
    String idempotencyKey,
    byte[] requestHash,
    UUID organizerId,
    UUID posId,
    UUID channelId,
    Buyer buyer,
    OrderStatus status,
    boolean awaitingEmail,
    Settlement.Mode settle,
    String currency,
    String deliveryMode,
    long linesTotal,
    long deliveryFee,
    long ticketFees,
    long feesTotal,
    long total,
    long paidByVouchers,
    long paidByCredit,
    long cardAmount,
    Instant expiresAt,
    Instant createdAt,
    Instant paidAt,
    List<OrderLine> lines,
    List<Settlement.VoucherUse> vouchers,
    List<PaymentAttempt> payments,
    long discountsTotal,
    List<OrderDiscount> discounts) {

  public Order {
    lines = List.copyOf(lines);
    vouchers = List.copyOf(vouchers);
    payments = List.copyOf(payments);
    discounts = List.copyOf(discounts);
  }

  /** A promo code's discount on the order. */
  public record OrderDiscount(UUID promoCodeId, String code, long amount) {}

  /** An order without promo discounts. */
  public Order(
      UUID id,
      String reference,
      UUID cartId,
      String idempotencyKey,
      byte[] requestHash,
      UUID organizerId,
      UUID posId,
      UUID channelId,
      Buyer buyer,
      OrderStatus status,
      boolean awaitingEmail,
      Settlement.Mode settle,
      String currency,
      String deliveryMode,
      long linesTotal,
      long deliveryFee,
      long ticketFees,
      long feesTotal,
      long total,
      long paidByVouchers,
      long paidByCredit,
      long cardAmount,
      Instant expiresAt,
      Instant createdAt,
      Instant paidAt,
      List<OrderLine> lines,
      List<Settlement.VoucherUse> vouchers,
      List<PaymentAttempt> payments) {
    this(
        id,
        reference,
        cartId,
        idempotencyKey,
        requestHash,
        organizerId,
        posId,
        channelId,
        buyer,
        status,
        awaitingEmail,
        settle,
        currency,
        deliveryMode,
        linesTotal,
        deliveryFee,
        ticketFees,
        feesTotal,
        total,
        paidByVouchers,
        paidByCredit,
        cardAmount,
        expiresAt,
        createdAt,
        paidAt,
        lines,
        vouchers,
        payments,
        0,
        List.of());
  }

  public Order withStatus(OrderStatus next, boolean awaiting) {
    return new Order(
        id,
        reference,
        cartId,
        idempotencyKey,
        requestHash,
        organizerId,
        posId,
        channelId,
        buyer,
        next,
        awaiting,
        settle,
        currency,
        deliveryMode,
        linesTotal,
        deliveryFee,
        ticketFees,
        feesTotal,
        total,
        paidByVouchers,
        paidByCredit,
        cardAmount,
        expiresAt,
        createdAt,
        paidAt,
        lines,
        vouchers,
        payments,
        discountsTotal,
        discounts);
  }

  /** The same order with these payment attempts. */
  public Order withPayments(List<PaymentAttempt> attempts) {
    return new Order(
        id,
        reference,
        cartId,
        idempotencyKey,
        requestHash,
        organizerId,
        posId,
        channelId,
        buyer,
        status,
        awaitingEmail,
        settle,
        currency,
        deliveryMode,
        linesTotal,
        deliveryFee,
        ticketFees,
        feesTotal,
        total,
        paidByVouchers,
        paidByCredit,
        cardAmount,
        expiresAt,
        createdAt,
        paidAt,
        lines,
        vouchers,
        attempts,
        discountsTotal,
        discounts);
  }

  /** The latest payment attempt still waiting for the provider, or null. */
  public PaymentAttempt openAttempt() {
    for (int i = payments.size() - 1; i >= 0; i--) {
      if (payments.get(i).status().equals("INITIATED")) {
        return payments.get(i);
      }
    }
    return null;
  }
}
