package io.guichet.orders;

import io.guichet.domain.order.Order;
import java.time.Instant;
import java.util.UUID;

/**
 * The order writer's commands: every write of the order path, each answered by PostgreSQL once it
 * is committed with an outcome of its own type ({@code R}). {@link OrderProtocol} encodes them for
 * the functions of {@code R__order_write.sql} and decodes their answers.
 *
 * @param <R> the outcome of the command
 */
public sealed interface OrderCommand<R extends OrderOutcome>
    permits OrderCommand.Create,
        OrderCommand.StartPayment,
        OrderCommand.Pay,
        OrderCommand.FailPayment,
        OrderCommand.Expire,
        OrderCommand.Cancel,
        OrderCommand.ConfirmEmail,
        OrderCommand.RecordRefund {

  /** When the command was decided (the server's clock); rows written by it carry this time. */
  Instant now();

  /**
   * A new order, its lines, its voucher and credit uses, what it takes of offers, its tickets when
   * it is paid or reserved at once, and its first card payment attempt ({@code paymentId} null when
   * none is due).
   *
   * @param cartSecretHash the hash of the secret of the cart it was made from, so that a retried
   *     checkout finds it when the cart is gone
   */
  record Create(
      Order order,
      byte[] cartSecretHash,
      UUID paymentId,
      String provider,
      Instant now,
      OfferUses offers)
      implements OrderCommand<OrderOutcome.Create> {

    /** A new order that uses no offer. */
    public Create(
        Order order, byte[] cartSecretHash, UUID paymentId, String provider, Instant now) {
      this(order, cartSecretHash, paymentId, provider, now, OfferUses.NONE);
    }
  }

  /** A new card payment attempt on a pending or reserved order. */
  record StartPayment(UUID orderId, UUID paymentId, String provider, Instant now)
      implements OrderCommand<OrderOutcome.StartPayment> {}

  /** The provider's feedback: the money was taken for the attempt {@code attemptRef}. */
  record Pay(
      String provider,
      String attemptRef,
      String payId,
      long amount,
      String currency,
      int providerStatus,
      Instant now)
      implements OrderCommand<OrderOutcome.Pay> {}

  /** The provider's feedback: the attempt was declined, or the buyer gave up. */
  record FailPayment(
      String provider, String attemptRef, String payId, Failed how, int providerStatus, Instant now)
      implements OrderCommand<OrderOutcome.FailPayment> {

    /** How an attempt failed, as the payment row records it. */
    public enum Failed {
      DECLINED,
      CANCELLED
    }
  }

  /** A pending order past its payment deadline gives its seats, vouchers and credit back. */
  record Expire(UUID orderId, Instant now) implements OrderCommand<OrderOutcome.Expire> {}

  /** The buyer cancels a pending or reserved order. */
  record Cancel(UUID orderId, Instant now) implements OrderCommand<OrderOutcome.Cancel> {}

  /** The guest followed the link of the confirmation e-mail. */
  record ConfirmEmail(UUID orderId, Instant now)
      implements OrderCommand<OrderOutcome.ConfirmEmail> {}

  /** What the provider answered to a refund request ({@code ok}: refunded). */
  record RecordRefund(UUID paymentId, boolean ok, Instant now)
      implements OrderCommand<OrderOutcome.RecordRefund> {}
}
