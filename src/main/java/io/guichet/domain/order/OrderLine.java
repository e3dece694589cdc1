package io.guichet.domain.order;

import io.guichet.domain.ticket.Beneficiary;
import java.util.UUID;

/**
 * One ticket of an order: a numbered seat or a place in a standing area, at a tariff and price.
 *
 * @param holdId the grid hold the seat came from (its cart item's)
 * @param gaArea the standing area's index in the performance plan, or null for a seat
 * @param seatHidden NO_MAP: the buyer sees the seat on the ticket only
 * @param beneficiary the ticket's named holder given at checkout, or null
 * @param price what the ticket costs before promo discounts: its list price or an advantage's
 * @param listPrice its price at its tariff on the channel (null: as {@code price})
 * @param advantageId the advantage it is priced by, or null
 * @param discount the promo codes' discounts it carries (at most {@code price})
 */
public record OrderLine(
    int lineNo,
    UUID performanceId,
    UUID itemId,
    long holdId,
    String seatId,
    Integer gaArea,
    Integer gaCapacity,
    String category,
    UUID tariffId,
    long price,
    boolean seatHidden,
    Beneficiary beneficiary,
    Long listPrice,
    UUID advantageId,
    long discount) {

  /** A line at its list price, without discount. */
  public OrderLine(
      int lineNo,
      UUID performanceId,
      UUID itemId,
      long holdId,
      String seatId,
      Integer gaArea,
      Integer gaCapacity,
      String category,
      UUID tariffId,
      long price,
      boolean seatHidden,
      Beneficiary beneficiary) {
    this(
        lineNo,
        performanceId,
        itemId,
        holdId,
        seatId,
        gaArea,
        gaCapacity,
        category,
        tariffId,
        price,
        seatHidden,
        beneficiary,
        null,
        null,
        0);
  }

  /** A line without a beneficiary. */
  public OrderLine(
      int lineNo,
      UUID performanceId,
      UUID itemId,
      long holdId,
      String seatId,
      Integer gaArea,
      Integer gaCapacity,
      String category,
      UUID tariffId,
      long price,
      boolean seatHidden) {
    this(
        lineNo,
        performanceId,
        itemId,
        holdId,
        seatId,
        gaArea,
        gaCapacity,
        category,
        tariffId,
        price,
        seatHidden,
        null);
  }

  public OrderLine withBeneficiary(Beneficiary b) {
    return new OrderLine(
        lineNo,
        performanceId,
        itemId,
        holdId,
        seatId,
        gaArea,
        gaCapacity,
        category,
        tariffId,
        price,
        seatHidden,
        b,
        listPrice,
        advantageId,
        discount);
  }

  /** The same line at an advantage's price (or its list price) with its promo discounts. */
  public OrderLine priced(long newPrice, UUID advantage, long promoDiscount) {
    return new OrderLine(
        lineNo,
        performanceId,
        itemId,
        holdId,
        seatId,
        gaArea,
        gaCapacity,
        category,
        tariffId,
        newPrice,
        seatHidden,
        beneficiary,
        listPrice == null ? price : listPrice,
        advantage,
        promoDiscount);
  }

  /** What the line costs after promo discounts. */
  public long net() {
    return price - discount;
  }

  /** The same line at another position in its order. */
  public OrderLine numbered(int no) {
    return new OrderLine(
        no,
        performanceId,
        itemId,
        holdId,
        seatId,
        gaArea,
        gaCapacity,
        category,
        tariffId,
        price,
        seatHidden,
        beneficiary,
        listPrice,
        advantageId,
        discount);
  }
}
