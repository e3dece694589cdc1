package io.guichet.domain;

/**
 * Every kind of refusal the business rules can give. The HTTP layer maps each kind to one problem
 * type (a stable URI and a status) in one place; nothing below it knows about HTTP.
 */
public enum Failure {
  /** The request is well-formed JSON but breaks a rule on its values. */
  INVALID_REQUEST,
  /** A seat map document breaks the format's rules; the violations say where. */
  INVALID_SEAT_MAP,
  /** The referenced resource does not exist (or is not visible to the caller). */
  NOT_FOUND,
  /** A unique name or code is already used. */
  ALREADY_EXISTS,
  /** The point of sale code is unknown or missing. */
  UNKNOWN_POINT_OF_SALE,
  /** The point of sale is limited to some organisations or contacts and the caller is not one. */
  POINT_OF_SALE_RESTRICTED,
  /** The performance is not on sale on this channel now. */
  NOT_ON_SALE,
  /** A named seat is held or sold by someone else, or blocked. */
  SEAT_TAKEN,
  /** A named seat belongs to a quota of other channels. */
  SEAT_RESERVED,
  /** The hold would leave a single free seat stranded while the rule applies. */
  ISOLATED_SEAT,
  /** Not enough seats (together, or at all) for the request; alternatives may be offered. */
  SOLD_OUT,
  /** The cart would hold more seats of one performance than the channel allows. */
  MAX_PER_PERFORMANCE,
  /** The cart's deadline has passed: its seats are back on sale. */
  CART_EXPIRED,
  /** The request does not fit the channel's seat-search mode. */
  WRONG_SEARCH_MODE,
  /** The cart has no seats to check out. */
  CART_EMPTY,
  /** The cart is being checked out (or was): its items can no longer change. */
  CART_CHECKED_OUT,
  /** A checkout with this idempotency key is still being processed: retry shortly. */
  CHECKOUT_IN_PROGRESS,
  /** An idempotency key was reused with a different request. */
  IDEMPOTENCY_KEY_REUSED,
  /** The delivery mode is not offered here. */
  DELIVERY_MODE_NOT_ALLOWED,
  /** The amount the client expects is not the amount of the order. */
  AMOUNT_MISMATCH,
  /** A gift voucher is unknown, expired, spent or of another currency. */
  VOUCHER_REFUSED,
  /** The credit balance cannot pay. */
  CREDIT_REFUSED,
  /** Seats of the cart were sold to someone else (its hold was lost). */
  SEATS_GONE,
  /** A session is needed: log in (or this point of sale has no guest checkout). */
  LOGIN_REQUIRED,
  /** The e-mail, contact number or password is wrong. */
  INVALID_CREDENTIALS,
  /** The point of sale does not allow this. */
  NOT_ALLOWED_HERE,
  /** The order is not in a state that allows this. */
  ORDER_STATE,
  /** A payment provider message is not signed with the expected pass phrase. */
  BAD_SIGNATURE,
  /** A payment provider message was already processed. */
  PAYMENT_REPLAYED,
  /** A payment arrived for an order that can no longer be paid: it is refunded. */
  PAYMENT_REFUNDED,
  /** The order store did not confirm a write: the outcome is unknown, retry. */
  UNAVAILABLE,
  /** The on-sale's queue is not open yet. */
  QUEUE_NOT_OPEN,
  /** The on-sale has no waiting room now (switched off). */
  QUEUE_CLOSED,
  /**
   * Holding seats (or asking for a place) needs a valid queue ticket or access token: missing,
   * forged, altered, expired, of another on-sale or another visitor, or the access has ended.
   */
  ACCESS_REFUSED,
  /** A ticket code is not base64url, truncated, or not of a known format. */
  TICKET_CODE_MALFORMED,
  /** A ticket code is signed with a key that is not (or no longer) a ticket key. */
  TICKET_KEY_UNKNOWN,
  /** A ticket code's signature does not match its content. */
  TICKET_CODE_FORGED,
  /** The scanner refuses the ticket at the door: already scanned, superseded, cancelled... */
  CHECKIN_REFUSED,
  /** The scanner device's token is missing, unknown or revoked. */
  SCANNER_UNAUTHORIZED,
  /** The point of sale does not let buyers download their tickets. */
  TICKET_DOWNLOAD_DISABLED,
  /** The point of sale needs a beneficiary for every ticket. */
  BENEFICIARIES_REQUIRED,
  /** The ticket's beneficiary can no longer change. */
  BENEFICIARY_CHANGE_CLOSED,
  /** The performance's seats are open for sale: what their plan is made from no longer changes. */
  PERFORMANCE_OPENED,
  /** A waiting-list sign-up for seats that are still on sale: buy them instead. */
  NOT_SOLD_OUT,
  /** The buyer has a live entry on this performance's waiting list already. */
  ALREADY_ON_WAITLIST,
  /** The performance's waiting list is not open (switched off by the organizer, or sale over). */
  WAITLIST_CLOSED,
  /** The waiting-list entry is not in a state that allows this (an offer runs, it left...). */
  WAITLIST_ENTRY_STATE,
  /** The offer can no longer be taken: taken already, lapsed, or withdrawn. */
  OFFER_NOT_OPEN,
  /**
   * An advantage, promo code or single-use code cannot be used here (a {@code reason}: unknown,
   * used, invalidated, expired, suspended, other channel, not targeted, not applicable...).
   */
  OFFER_REFUSED,
  /** At checkout, an offer of the cart is no longer available or was taken meanwhile. */
  OFFER_UNAVAILABLE,
  /** Not a code: wrong characters or length, or a check symbol that says it was mistyped. */
  CODE_MALFORMED,
  /** Too many wrong codes from this cart, account or address: try again later. */
  TOO_MANY_GUESSES,
  /** An advantage that orders or codes use cannot be deleted. */
  OFFER_IN_USE,
  /** A setting that cannot change any more (a channel's type once orders were made on it). */
  SETTING_LOCKED
}
