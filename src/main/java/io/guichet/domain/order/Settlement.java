package io.guichet.domain.order;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an order's total is settled: above the channel's payment ceiling it is reserved without
 * payment; otherwise gift vouchers are used in the order given (each for as much as is left), then
 * the buyer's credit balance if asked, and a card pays the rest.
 *
 * @param mode CARD when a card pays the rest, NONE when nothing is left to pay, RESERVE when the
 *     order is reserved without payment
 */
public record Settlement(Mode mode, List<VoucherUse> vouchers, long credit, long card, long total) {

  public enum Mode {
    CARD,
    NONE,
    RESERVE
  }

  /** An amount taken from one voucher. */
  public record VoucherUse(String code, long amount) {}

  public Settlement {
    vouchers = List.copyOf(vouchers);
  }

  public long byVouchers() {
    return vouchers.stream().mapToLong(VoucherUse::amount).sum();
  }

  /**
   * Decides the settlement.
   *
   * @param vouchers the vouchers the buyer entered, looked up (null where the code is unknown)
   * @param codes the codes as entered, in order
   * @param creditAvailable the buyer's credit balance (0 for guests)
   * @param useCredit whether the buyer asked to use it
   * @param paymentCeiling the channel's ceiling, or null
   */
  public static Settlement decide(
      Quote quote,
      List<String> codes,
      Map<String, GiftVoucher> vouchers,
      long creditAvailable,
      boolean useCredit,
      Long paymentCeiling,
      Instant now) {
    Set<String> seen = new HashSet<>();
    for (String code : codes) {
      if (!seen.add(code)) {
        throw DomainException.invalid("gift voucher " + code + " is entered twice");
      }
      GiftVoucher voucher = vouchers.get(code);
      if (voucher == null) {
        throw DomainException.of(
            Failure.VOUCHER_REFUSED,
            "gift voucher " + code + " does not exist",
            Map.of("code", code, "reason", "unknown"));
      }
      GiftVoucher.Refusal refusal = voucher.refusal(quote.currency(), now);
      if (refusal != null) {
        throw DomainException.of(
            Failure.VOUCHER_REFUSED,
            refusal.message(),
            Map.of("code", code, "reason", refusal.reason()));
      }
    }
    long total = quote.total();
    if (paymentCeiling != null && total > paymentCeiling) {
      return new Settlement(Mode.RESERVE, List.of(), 0, 0, total);
    }
    long left = total;
    List<VoucherUse> uses = new ArrayList<>();
    for (String code : codes) {
      if (left == 0) {
        throw DomainException.invalid(
            "gift voucher " + code + " is not needed: the order is already covered");
      }
      long take = Math.min(left, vouchers.get(code).balance());
      uses.add(new VoucherUse(code, take));
      left -= take;
    }
    long credit = 0;
    if (useCredit) {
      if (creditAvailable <= 0) {
        throw DomainException.of(
            Failure.CREDIT_REFUSED, "there is no credit balance to use", Map.of());
      }
      credit = Math.min(left, creditAvailable);
      left -= credit;
    }
    return new Settlement(left > 0 ? Mode.CARD : Mode.NONE, uses, credit, left, total);
  }
}
