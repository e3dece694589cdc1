package io.guichet.domain.order;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import java.util.List;
import java.util.Set;

/**
 * What a cancellation of a paid order gives back and where: the amount of the tickets cancelled
 * (all that is left of the order when the whole order is cancelled, fees included), split between
 * the card it was paid with and the buyer's credit. Pure: the caller reads the order's figures and
 * writes the decision.
 *
 * @param amount what the buyer gets back in all
 * @param toCard the part refunded to the card through the payment provider
 * @param toCredit the part added to the buyer's credit balance
 */
public record RefundPlan(long amount, long toCard, long toCredit) {

  /** Where the money of a cancellation goes. */
  public enum RefundTo {
    /** To the card the order was paid with; what the card did not pay goes to the credit. */
    CARD,
    /** All of it to the buyer's credit balance at the organizer (an account is needed). */
    CREDIT,
    /** Nowhere: the operator keeps the money (or settles it elsewhere). */
    NONE
  }

  /**
   * What the order is, for a refund: its total, what it paid by card, what earlier cancellations
   * gave back in all and to the card, and whether its buyer has an account (credit needs one).
   */
  public record Paid(
      long total,
      long cardAmount,
      long refundedSoFar,
      long refundedToCardSoFar,
      boolean buyerHasAccount) {}

  /**
   * The plan for cancelling {@code lines} of an order (all its live tickets when {@code whole}).
   *
   * @param prices the prices of the lines cancelled
   * @param whole every live ticket of the order is cancelled: what is left of its total goes back
   */
  public static RefundPlan of(RefundTo to, Paid paid, List<Long> prices, boolean whole) {
    long left = paid.total() - paid.refundedSoFar();
    long amount = whole ? left : Math.min(left, prices.stream().mapToLong(Long::longValue).sum());
    if (to == RefundTo.NONE || amount <= 0) {
      return new RefundPlan(0, 0, 0);
    }
    if (to == RefundTo.CREDIT) {
      requireAccount(paid, amount);
      return new RefundPlan(amount, 0, amount);
    }
    long card = Math.min(amount, Math.max(0, paid.cardAmount() - paid.refundedToCardSoFar()));
    long rest = amount - card;
    if (rest > 0) {
      requireAccount(paid, rest);
    }
    return new RefundPlan(amount, card, rest);
  }

  private static void requireAccount(Paid paid, long amount) {
    if (!paid.buyerHasAccount()) {
      throw new DomainException(
          Failure.ORDER_STATE,
          "the buyer has no account to credit "
              + amount
              + " to (a guest order): refund to the card what it paid, or choose NONE");
    }
  }

  /** The lines asked for, checked against those the order has live tickets on. */
  public static List<Integer> lines(List<Integer> asked, Set<Integer> live, Set<Integer> all) {
    if (asked == null || asked.isEmpty()) {
      if (live.isEmpty()) {
        throw new DomainException(Failure.ORDER_STATE, "the order has no live ticket to cancel");
      }
      return live.stream().sorted().toList();
    }
    if (Set.copyOf(asked).size() != asked.size()) {
      throw DomainException.invalid("a line is given twice");
    }
    for (Integer line : asked) {
      if (!all.contains(line)) {
        throw DomainException.invalid("the order has no line " + line);
      }
      if (!live.contains(line)) {
        throw new DomainException(
            Failure.ORDER_STATE, "the ticket of line " + line + " is cancelled already");
      }
    }
    return asked.stream().sorted().toList();
  }
}
