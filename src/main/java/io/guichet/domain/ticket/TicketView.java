package io.guichet.domain.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * A ticket with what is printed on it and what decides who may see it: its order, point of sale,
 * buyer, performance, place, tariff, price, beneficiary and state.
 *
 * @param live the ticket counts (not cancelled)
 * @param printedAt first time its code left the server, or null
 */
public record TicketView(
    UUID id,
    int version,
    boolean live,
    UUID orderId,
    String orderReference,
    String orderStatus,
    UUID organizerId,
    UUID posId,
    UUID customerId,
    String deliveryMode,
    String buyerName,
    int lineNo,
    UUID performanceId,
    Instant startsAt,
    String eventName,
    String venueName,
    String venueCity,
    String seatId,
    Integer gaArea,
    boolean seatHidden,
    String category,
    String tariffName,
    long price,
    String currency,
    Beneficiary beneficiary,
    Instant printedAt,
    Instant checkedInAt) {

  public boolean paid() {
    return "PAID".equals(orderStatus);
  }
}
