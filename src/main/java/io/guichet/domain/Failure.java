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
  /** The cart secret is missing or wrong. */
  CART_FORBIDDEN,
  /** The request does not fit the channel's seat-search mode. */
  WRONG_SEARCH_MODE
}
