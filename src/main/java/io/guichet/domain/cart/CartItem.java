package io.guichet.domain.cart;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Seats (or general-admission places) of one performance held for a cart under one hold id. {@code
 * pending} while the grid is being asked; then the seats and the blocks they live in.
 *
 * @param seatIds held seats, in the order tariffs are assigned to them
 * @param area general-admission area index, or null
 * @param hideSeats NO_MAP: the buyer sees category and quantity only
 * @param pendingSince when a pending item was asked for (null once held): a pending item older than
 *     any hold can take was abandoned (its node died, or its last step failed) and no longer counts
 */
public record CartItem(
    UUID id,
    UUID performanceId,
    long holdId,
    boolean pending,
    int quantity,
    String mode,
    List<TariffLine> tariffs,
    List<String> seatIds,
    Set<Integer> blocks,
    Integer area,
    boolean hideSeats,
    java.time.Instant pendingSince)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public CartItem {
    tariffs = List.copyOf(tariffs);
    seatIds = List.copyOf(seatIds);
    blocks = Set.copyOf(blocks);
  }

  public CartItem held(List<String> seats, Set<Integer> blockSet, Integer gaArea) {
    return new CartItem(
        id,
        performanceId,
        holdId,
        false,
        quantity,
        mode,
        tariffs,
        seats,
        blockSet,
        gaArea,
        hideSeats,
        null);
  }

  /** Whether this item is pending and was asked for longer than {@code abandonAfter} ago. */
  public boolean abandoned(java.time.Instant now, java.time.Duration abandonAfter) {
    return pending && pendingSince != null && pendingSince.plus(abandonAfter).isBefore(now);
  }
}
