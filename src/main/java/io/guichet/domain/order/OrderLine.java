package io.guichet.domain.order;

import java.util.UUID;

/**
 * One ticket of an order: a numbered seat or a place in a standing area, at a tariff and price.
 *
 * @param holdId the grid hold the seat came from (its cart item's)
 * @param gaArea the standing area's index in the performance plan, or null for a seat
 * @param seatHidden NO_MAP: the buyer sees the seat on the ticket only
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
    boolean seatHidden) {}
