package io.guichet.payment;

/**
 * What the provider says about one payment attempt, after its SHA-OUT signature was checked.
 *
 * @param attemptRef Ogone's ORDERID: the reference Guichet gave the attempt
 * @param amount in minor units of the currency
 * @param status Ogone's STATUS code
 * @param payId Ogone's PAYID
 */
public record OgoneFeedback(
    String attemptRef, long amount, String currency, int status, String payId, String ncError) {

  /** What the status means for the order. */
  public enum Outcome {
    /** Authorised or captured: the money is taken (5, 9). */
    ACCEPTED,
    /** Refused or declined (2, 93, or any error). */
    DECLINED,
    /** The buyer cancelled on the payment page (1). */
    CANCELLED,
    /** Still being processed by the acquirer (51, 52, 91, 92): wait for a later message. */
    PENDING
  }

  public Outcome outcome() {
    return switch (status) {
      case 5, 9 -> Outcome.ACCEPTED;
      case 1 -> Outcome.CANCELLED;
      case 51, 52, 91, 92 -> Outcome.PENDING;
      default -> Outcome.DECLINED;
    };
  }
}
