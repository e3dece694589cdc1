package io.guichet.http;

import io.guichet.domain.Failure;

/**
 * Every kind of error the API returns, each with a stable type URI, a status and a title. The type
 * URIs are part of the API: clients switch on them, so they never change meaning.
 */
public enum ProblemType {
  BAD_REQUEST("bad-request", 400, "The request is not valid"),
  MALFORMED_JSON("malformed-json", 400, "The body is not well-formed JSON"),
  INVALID_SEAT_MAP("invalid-seat-map", 422, "The seat map breaks the format's rules"),
  UNAUTHORIZED("unauthorized", 401, "A valid admin key is required"),
  POINT_OF_SALE_RESTRICTED(
      "point-of-sale-restricted", 403, "This point of sale is not open to you"),
  UNKNOWN_POINT_OF_SALE("unknown-point-of-sale", 400, "Unknown point of sale"),
  NOT_FOUND("not-found", 404, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  ALREADY_EXISTS("already-exists", 409, "Already exists"),
  BODY_TOO_LARGE("body-too-large", 413, "The body is over the size limit"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The body must be application/json"),
  NOT_ON_SALE("not-on-sale", 409, "Not on sale on this channel now"),
  SEAT_TAKEN("seat-taken", 409, "A seat is not available"),
  SEAT_RESERVED("seat-reserved", 409, "A seat is reserved to other channels"),
  ISOLATED_SEAT("isolated-seat", 409, "The selection would leave a single seat isolated"),
  SOLD_OUT("sold-out", 409, "Not enough seats available"),
  MAX_PER_PERFORMANCE("max-per-performance", 409, "Too many seats for one performance"),
  CART_EXPIRED("cart-expired", 410, "The cart has expired"),
  WRONG_SEARCH_MODE("wrong-search-mode", 400, "Not allowed by the channel's seat-search mode"),
  CART_EMPTY("cart-empty", 409, "The cart holds no seats"),
  CART_CHECKED_OUT("cart-checked-out", 409, "The cart is being checked out"),
  CHECKOUT_IN_PROGRESS("checkout-in-progress", 409, "This checkout is still being processed"),
  IDEMPOTENCY_KEY_REUSED(
      "idempotency-key-reused", 422, "The idempotency key was used for another request"),
  DELIVERY_MODE_NOT_ALLOWED(
      "delivery-mode-not-allowed", 422, "This delivery mode is not offered here"),
  AMOUNT_MISMATCH("amount-mismatch", 409, "The amount is not the order's"),
  VOUCHER_REFUSED("voucher-refused", 422, "A gift voucher cannot be used"),
  CREDIT_REFUSED("credit-refused", 422, "The credit balance cannot be used"),
  SEATS_GONE("seats-gone", 409, "Seats of the cart are no longer held"),
  LOGIN_REQUIRED("login-required", 401, "Log in first"),
  INVALID_CREDENTIALS("invalid-credentials", 401, "Wrong login or password"),
  NOT_ALLOWED_HERE("not-allowed-here", 403, "Not allowed by this point of sale"),
  ORDER_STATE("order-state", 409, "Not possible in the order's state"),
  BAD_SIGNATURE("bad-signature", 400, "The message signature is not valid"),
  PAYMENT_REPLAYED("payment-replayed", 409, "This payment message was already processed"),
  PAYMENT_REFUNDED("payment-refunded", 409, "The order can no longer be paid: refunded"),
  UNAVAILABLE("unavailable", 503, "The write was not confirmed: retry"),
  QUEUE_NOT_OPEN("queue-not-open", 409, "The queue of this on-sale is not open yet"),
  QUEUE_CLOSED("queue-closed", 409, "This on-sale has no waiting room now"),
  ACCESS_REFUSED("access-refused", 403, "A valid access from the waiting room is required"),
  HEADERS_TOO_LARGE("headers-too-large", 431, "The request headers are too large"),
  URI_TOO_LONG("uri-too-long", 414, "The request target is too long"),
  NOT_READY("not-ready", 503, "A dependency does not answer"),
  TICKET_CODE_MALFORMED("invalid-ticket-code", 400, "Not a ticket code"),
  TICKET_KEY_UNKNOWN("unknown-ticket-key", 422, "The ticket code is signed with an unknown key"),
  TICKET_CODE_FORGED("forged-ticket-code", 422, "The ticket code's signature is not valid"),
  CHECKIN_REFUSED("checkin-refused", 409, "The ticket is refused at the door"),
  SCANNER_UNAUTHORIZED("scanner-unauthorized", 401, "A valid scanner token is required"),
  PRODUCER_UNAUTHORIZED("producer-unauthorized", 401, "A valid producer session is required"),
  TICKET_DOWNLOAD_DISABLED(
      "ticket-download-disabled", 403, "This point of sale does not let tickets be downloaded"),
  BENEFICIARIES_REQUIRED("beneficiaries-required", 422, "Every ticket needs a beneficiary here"),
  BENEFICIARY_CHANGE_CLOSED(
      "beneficiary-change-closed", 409, "The ticket's beneficiary can no longer change"),
  PERFORMANCE_OPENED(
      "performance-opened", 409, "The performance's seats are open for sale already"),
  NOT_SOLD_OUT("not-sold-out", 409, "Seats are still on sale: no waiting list for them"),
  ALREADY_ON_WAITLIST("already-on-waitlist", 409, "This buyer is on the waiting list already"),
  WAITLIST_CLOSED("waitlist-closed", 409, "The waiting list of this performance is closed"),
  WAITLIST_ENTRY_STATE(
      "waitlist-entry-state", 409, "Not possible in the waiting-list entry's state"),
  OFFER_NOT_OPEN("offer-not-open", 409, "The offer can no longer be taken"),
  ORIGIN_NOT_ALLOWED(
      "origin-not-allowed", 403, "This origin may not call this part of the API from a browser"),
  OFFER_REFUSED("offer-refused", 422, "This advantage or code cannot be used here"),
  OFFER_UNAVAILABLE("offer-unavailable", 409, "An offer of the cart is no longer available"),
  INVALID_CODE("invalid-code", 400, "Not a valid code"),
  TOO_MANY_GUESSES("too-many-guesses", 429, "Too many wrong codes: try again later"),
  OFFER_IN_USE("offer-in-use", 409, "Orders or codes use it"),
  SETTING_LOCKED("setting-locked", 409, "This setting can no longer change"),
  INTERNAL("internal", 500, "Internal server error");

  /** Prefix of every problem type URI. */
  public static final String BASE_URI = "https://guichet.dev/problems/";

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public String uri() {
    return BASE_URI + slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The one place where a domain failure becomes an HTTP problem. */
  public static ProblemType of(Failure failure) {
    return switch (failure) {
      case INVALID_REQUEST -> BAD_REQUEST;
      case INVALID_SEAT_MAP -> INVALID_SEAT_MAP;
      case NOT_FOUND -> NOT_FOUND;
      case ALREADY_EXISTS -> ALREADY_EXISTS;
      case UNKNOWN_POINT_OF_SALE -> UNKNOWN_POINT_OF_SALE;
      case POINT_OF_SALE_RESTRICTED -> POINT_OF_SALE_RESTRICTED;
      case NOT_ON_SALE -> NOT_ON_SALE;
      case SEAT_TAKEN -> SEAT_TAKEN;
      case SEAT_RESERVED -> SEAT_RESERVED;
      case ISOLATED_SEAT -> ISOLATED_SEAT;
      case SOLD_OUT -> SOLD_OUT;
      case MAX_PER_PERFORMANCE -> MAX_PER_PERFORMANCE;
      case CART_EXPIRED -> CART_EXPIRED;
      case WRONG_SEARCH_MODE -> WRONG_SEARCH_MODE;
      case CART_EMPTY -> CART_EMPTY;
      case CART_CHECKED_OUT -> CART_CHECKED_OUT;
      case CHECKOUT_IN_PROGRESS -> CHECKOUT_IN_PROGRESS;
      case IDEMPOTENCY_KEY_REUSED -> IDEMPOTENCY_KEY_REUSED;
      case DELIVERY_MODE_NOT_ALLOWED -> DELIVERY_MODE_NOT_ALLOWED;
      case AMOUNT_MISMATCH -> AMOUNT_MISMATCH;
      case VOUCHER_REFUSED -> VOUCHER_REFUSED;
      case CREDIT_REFUSED -> CREDIT_REFUSED;
      case SEATS_GONE -> SEATS_GONE;
      case LOGIN_REQUIRED -> LOGIN_REQUIRED;
      case INVALID_CREDENTIALS -> INVALID_CREDENTIALS;
      case NOT_ALLOWED_HERE -> NOT_ALLOWED_HERE;
      case ORDER_STATE -> ORDER_STATE;
      case BAD_SIGNATURE -> BAD_SIGNATURE;
      case PAYMENT_REPLAYED -> PAYMENT_REPLAYED;
      case PAYMENT_REFUNDED -> PAYMENT_REFUNDED;
      case UNAVAILABLE -> UNAVAILABLE;
      case QUEUE_NOT_OPEN -> QUEUE_NOT_OPEN;
      case QUEUE_CLOSED -> QUEUE_CLOSED;
      case ACCESS_REFUSED -> ACCESS_REFUSED;
      case TICKET_CODE_MALFORMED -> TICKET_CODE_MALFORMED;
      case TICKET_KEY_UNKNOWN -> TICKET_KEY_UNKNOWN;
      case TICKET_CODE_FORGED -> TICKET_CODE_FORGED;
      case CHECKIN_REFUSED -> CHECKIN_REFUSED;
      case SCANNER_UNAUTHORIZED -> SCANNER_UNAUTHORIZED;
      case TICKET_DOWNLOAD_DISABLED -> TICKET_DOWNLOAD_DISABLED;
      case BENEFICIARIES_REQUIRED -> BENEFICIARIES_REQUIRED;
      case BENEFICIARY_CHANGE_CLOSED -> BENEFICIARY_CHANGE_CLOSED;
      case PERFORMANCE_OPENED -> PERFORMANCE_OPENED;
      case NOT_SOLD_OUT -> NOT_SOLD_OUT;
      case ALREADY_ON_WAITLIST -> ALREADY_ON_WAITLIST;
      case WAITLIST_CLOSED -> WAITLIST_CLOSED;
      case WAITLIST_ENTRY_STATE -> WAITLIST_ENTRY_STATE;
      case OFFER_NOT_OPEN -> OFFER_NOT_OPEN;
      case OFFER_REFUSED -> OFFER_REFUSED;
      case OFFER_UNAVAILABLE -> OFFER_UNAVAILABLE;
      case CODE_MALFORMED -> INVALID_CODE;
      case TOO_MANY_GUESSES -> TOO_MANY_GUESSES;
      case OFFER_IN_USE -> OFFER_IN_USE;
      case SETTING_LOCKED -> SETTING_LOCKED;
    };
  }
}
