package io.guichet.domain.waitlist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Seats of one category (or places of a standing area) held for one entry until a deadline.
 *
 * @param holdId the grid hold of the seats (the cart's item once taken)
 * @param freedAt when the earliest of its seats came back, or null when unknown
 */
public record WaitlistOffer(
    UUID id,
    UUID entryId,
    UUID performanceId,
    long holdId,
    String category,
    List<String> seatIds,
    Integer gaArea,
    int places,
    OfferStatus status,
    Instant createdAt,
    Instant expiresAt,
    Instant freedAt,
    Instant closedAt,
    UUID cartId) {

  public WaitlistOffer {
    seatIds = List.copyOf(seatIds);
  }

  /** Whether the offer can be taken at {@code now}. */
  public boolean open(Instant now) {
    return status == OfferStatus.OPEN && now.isBefore(expiresAt);
  }
}
