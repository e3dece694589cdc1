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
    Beneficiary beneficiary) {

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
        b);
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
        beneficiary);
  }
}
