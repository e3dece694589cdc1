package io.guichet.domain.order;

import io.guichet.domain.DomainException;
import java.util.List;

/**
 * What an order costs, in minor units of one currency: its lines (at their prices, list or
 * advantage), the promo codes' discounts on them, the delivery fee and the per-ticket fees, with
 * all fees together capped by the channel's fee cap (seed: plafond des frais). Discounts never
 * touch the fees and never pass the lines: {@code total = linesTotal - discountsTotal + feesTotal
 * >= feesTotal >= 0}.
 */
public record Quote(
    String currency,
    List<Long> linePrices,
    long linesTotal,
    long deliveryFee,
    long ticketFees,
    long feesTotal,
    long total,
    long discountsTotal) {

  /**
   * Prices an order.
   *
   * @param linePrices the price of each ticket (its seat category at its tariff)
   * @param perTicketFee the channel's fee per ticket
   * @param deliveryFee the fee of the chosen delivery mode, per order
   * @param feeCap the channel's cap on all fees of one order, or null for none
   */
  public static Quote of(
      String currency, List<Long> linePrices, long perTicketFee, long deliveryFee, Long feeCap) {
    return of(currency, linePrices, perTicketFee, deliveryFee, feeCap, 0);
  }

  /**
   * Prices an order whose lines carry promo discounts.
   *
   * @param discountsTotal the promo codes' discounts on the lines, at most what the lines cost
   */
  public static Quote of(
      String currency,
      List<Long> linePrices,
      long perTicketFee,
      long deliveryFee,
      Long feeCap,
      long discountsTotal) {
    if (linePrices.isEmpty()) {
      throw DomainException.invalid("an order has at least one ticket");
    }
    if (perTicketFee < 0 || deliveryFee < 0 || (feeCap != null && feeCap < 0)) {
      throw new IllegalArgumentException("fees are never negative");
    }
    long lines = 0;
    for (long price : linePrices) {
      if (price < 0) {
        throw new IllegalArgumentException("a price is never negative");
      }
      lines = Math.addExact(lines, price);
    }
    long ticketFees = Math.multiplyExact(perTicketFee, (long) linePrices.size());
    long fees = Math.addExact(ticketFees, deliveryFee);
    if (feeCap != null) {
      fees = Math.min(fees, feeCap);
    }
    if (discountsTotal < 0 || discountsTotal > lines) {
      throw new IllegalArgumentException("discounts are between zero and what the lines cost");
    }
    return new Quote(
        currency,
        List.copyOf(linePrices),
        lines,
        deliveryFee,
        ticketFees,
        fees,
        Math.addExact(lines - discountsTotal, fees),
        discountsTotal);
  }
}
