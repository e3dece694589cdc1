package io.guichet.orders;

import io.guichet.domain.order.OrderStatus;
import java.util.UUID;
import java.util.function.Function;

/**
 * What PostgreSQL answered to an order command, one sealed family per command. Each family's {@code
 * fold} takes one function per outcome: an outcome added here is a compile error in every caller
 * that must decide what it means (Java 17 has no exhaustive switch over sealed types).
 */
public sealed interface OrderOutcome
    permits OrderOutcome.Create,
        OrderOutcome.StartPayment,
        OrderOutcome.Pay,
        OrderOutcome.FailPayment,
        OrderOutcome.Expire,
        OrderOutcome.Cancel,
        OrderOutcome.ConfirmEmail,
        OrderOutcome.RecordRefund {

  /** A new order. */
  sealed interface Create extends OrderOutcome {
    /** Written, in this state. */
    record Created(OrderStatus status) implements Create {}

    /** The cart has an order already (this one, retried, or another request's). */
    record AlreadyOrdered(UUID orderId) implements Create {}

    /** A seat was sold since, or a standing area is full. */
    record SeatsTaken(String detail) implements Create {}

    /** A gift voucher was used up or expired meanwhile. */
    record VoucherRefused(String code) implements Create {}

    /** The buyer's credit no longer covers its share. */
    record CreditRefused() implements Create {}

    /**
     * An offer was taken meanwhile: an advantage's quota ({@code advantage:ID}), a single-use code
     * ({@code code:BATCH:SEQ}) or a promo code's uses or budget ({@code promo:ID}).
     */
    record OfferRefused(String offer) implements Create {}

    default <T> T fold(
        Function<Created, T> created,
        Function<AlreadyOrdered, T> alreadyOrdered,
        Function<SeatsTaken, T> seatsTaken,
        Function<VoucherRefused, T> voucherRefused,
        Function<CreditRefused, T> creditRefused,
        Function<OfferRefused, T> offerRefused) {
      if (this instanceof Created c) {
        return created.apply(c);
      } else if (this instanceof AlreadyOrdered a) {
        return alreadyOrdered.apply(a);
      } else if (this instanceof SeatsTaken s) {
        return seatsTaken.apply(s);
      } else if (this instanceof VoucherRefused v) {
        return voucherRefused.apply(v);
      } else if (this instanceof OfferRefused o) {
        return offerRefused.apply(o);
      }
      return creditRefused.apply((CreditRefused) this);
    }
  }

  /** A new card payment attempt. */
  sealed interface StartPayment extends OrderOutcome {
    /** Opened: pay {@code amount} under the provider reference {@code attemptRef}. */
    record Started(String attemptRef, long amount, String currency) implements StartPayment {}

    /** Nothing to pay by card in this state. */
    record NotPayable(OrderStatus status) implements StartPayment {}

    record UnknownOrder() implements StartPayment {}

    default <T> T fold(
        Function<Started, T> started,
        Function<NotPayable, T> notPayable,
        Function<UnknownOrder, T> unknownOrder) {
      if (this instanceof Started s) {
        return started.apply(s);
      } else if (this instanceof NotPayable n) {
        return notPayable.apply(n);
      }
      return unknownOrder.apply((UnknownOrder) this);
    }
  }

  /** The provider took the money. */
  sealed interface Pay extends OrderOutcome {
    /** The order is paid: its tickets are issued. */
    record Paid(UUID orderId) implements Pay {}

    /** This feedback was applied before; {@code paymentStatus} is the payment's state now. */
    record Replayed(UUID orderId, String paymentStatus) implements Pay {
      /** The payment was refused as too late and is (being) refunded. */
      public boolean refunded() {
        return paymentStatus.startsWith("REFUND");
      }
    }

    record AmountMismatch(UUID orderId) implements Pay {}

    /**
     * The order can no longer be paid ({@code reason}): the money is due back; the order is now in
     * {@code orderStatus}.
     */
    record RefundDue(UUID orderId, String reason, UUID paymentId, OrderStatus orderStatus)
        implements Pay {}

    record UnknownPayment() implements Pay {}

    default <T> T fold(
        Function<Paid, T> paid,
        Function<Replayed, T> replayed,
        Function<AmountMismatch, T> amountMismatch,
        Function<RefundDue, T> refundDue,
        Function<UnknownPayment, T> unknownPayment) {
      if (this instanceof Paid p) {
        return paid.apply(p);
      } else if (this instanceof Replayed r) {
        return replayed.apply(r);
      } else if (this instanceof AmountMismatch a) {
        return amountMismatch.apply(a);
      } else if (this instanceof RefundDue r) {
        return refundDue.apply(r);
      }
      return unknownPayment.apply((UnknownPayment) this);
    }
  }

  /** The provider refused the payment, or the buyer gave up. */
  sealed interface FailPayment extends OrderOutcome {
    record Recorded(UUID orderId) implements FailPayment {}

    /** This feedback was applied before; {@code paymentStatus} is the payment's state now. */
    record Replayed(UUID orderId, String paymentStatus) implements FailPayment {}

    record UnknownPayment() implements FailPayment {}

    default <T> T fold(
        Function<Recorded, T> recorded,
        Function<Replayed, T> replayed,
        Function<UnknownPayment, T> unknownPayment) {
      if (this instanceof Recorded r) {
        return recorded.apply(r);
      } else if (this instanceof Replayed r) {
        return replayed.apply(r);
      }
      return unknownPayment.apply((UnknownPayment) this);
    }
  }

  /** A pending order past its deadline. */
  sealed interface Expire extends OrderOutcome {
    record Expired() implements Expire {}

    /** Not pending, or not past its deadline (null status: no such order). */
    record Unchanged(OrderStatus status) implements Expire {}

    default <T> T fold(Function<Expired, T> expired, Function<Unchanged, T> unchanged) {
      if (this instanceof Expired e) {
        return expired.apply(e);
      }
      return unchanged.apply((Unchanged) this);
    }
  }

  /** The buyer's cancellation. */
  sealed interface Cancel extends OrderOutcome {
    /** Cancelled; it was in {@code was} (its seats were sold if RESERVED, held if pending). */
    record Cancelled(OrderStatus was) implements Cancel {}

    record NotCancellable(OrderStatus status) implements Cancel {}

    record UnknownOrder() implements Cancel {}

    default <T> T fold(
        Function<Cancelled, T> cancelled,
        Function<NotCancellable, T> notCancellable,
        Function<UnknownOrder, T> unknownOrder) {
      if (this instanceof Cancelled c) {
        return cancelled.apply(c);
      } else if (this instanceof NotCancellable n) {
        return notCancellable.apply(n);
      }
      return unknownOrder.apply((UnknownOrder) this);
    }
  }

  /** A guest's e-mail confirmation. */
  sealed interface ConfirmEmail extends OrderOutcome {
    /** The order goes on, now in {@code status}. */
    record Confirmed(OrderStatus status) implements ConfirmEmail {}

    /** Confirmed before, or no longer waiting for it. */
    record Unchanged(OrderStatus status) implements ConfirmEmail {}

    /** Its deadline passed first: it expired. */
    record Expired() implements ConfirmEmail {}

    /** Its seats were sold meanwhile: it expired. */
    record SeatsTaken() implements ConfirmEmail {}

    record UnknownOrder() implements ConfirmEmail {}

    default <T> T fold(
        Function<Confirmed, T> confirmed,
        Function<Unchanged, T> unchanged,
        Function<Expired, T> expired,
        Function<SeatsTaken, T> seatsTaken,
        Function<UnknownOrder, T> unknownOrder) {
      if (this instanceof Confirmed c) {
        return confirmed.apply(c);
      } else if (this instanceof Unchanged u) {
        return unchanged.apply(u);
      } else if (this instanceof Expired e) {
        return expired.apply(e);
      } else if (this instanceof SeatsTaken s) {
        return seatsTaken.apply(s);
      }
      return unknownOrder.apply((UnknownOrder) this);
    }
  }

  /** A refund's answer, recorded. */
  sealed interface RecordRefund extends OrderOutcome {
    record Recorded() implements RecordRefund {}
  }
}
