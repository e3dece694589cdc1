package io.guichet.waitlist;

/**
 * The waiting list's parts a node shares between its verticles: the buyer's side, offers' links,
 * the organizer's side, and the grid's listed categories.
 */
public record Waitlist(
    WaitlistService service,
    OfferTaking offers,
    WaitlistAdmin admin,
    Listing listing,
    io.guichet.store.WaitlistStore store,
    io.guichet.inventory.WaitlistGrid grid) {}
