package io.guichet.domain.catalogue;

/** How a buyer on a channel gets seats (seed: mode de recherche de place). */
public enum SeatSearchMode {
  /** The buyer picks seats on the map. */
  PICK_ON_MAP,
  /** The server picks the best seats and shows them. */
  BEST_AVAILABLE_VIEW,
  /** The server picks the best seats; the buyer may swap them on the map. */
  BEST_AVAILABLE_EDITABLE,
  /** The server picks; seats are revealed on the ticket only. */
  NO_MAP
}
