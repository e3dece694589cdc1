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
  CART_FORBIDDEN("cart-forbidden", 403, "The cart secret is missing or wrong"),
  WRONG_SEARCH_MODE("wrong-search-mode", 400, "Not allowed by the channel's seat-search mode"),
  NOT_READY("not-ready", 503, "A dependency does not answer"),
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
      case CART_FORBIDDEN -> CART_FORBIDDEN;
      case WRONG_SEARCH_MODE -> WRONG_SEARCH_MODE;
    };
  }
}
