package io.guichet.inventory;

import java.util.List;

/**
 * What a hold got: numbered seats (ids with their block, for release) or, in a general-admission
 * area, a count of places.
 */
public record HeldSeats(List<Seat> seats, Integer area, int places) {

  /** A held seat and where it lives. */
  public record Seat(String id, int block, int index) {}

  public static HeldSeats ofSeats(List<Seat> seats) {
    return new HeldSeats(List.copyOf(seats), null, seats.size());
  }

  public static HeldSeats ofArea(int area, int places) {
    return new HeldSeats(List.of(), area, places);
  }
}
