package io.guichet.http;

import io.guichet.domain.DomainException;
import io.guichet.waitlist.WaitlistService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A sign-up's body and point of sale, checked here as strictly as the contract's schema does
 * ({@code WaitlistSignUp}, {@code WaitlistBuyer}, the {@code pos} parameter): a crowd signs up
 * within a minute of a sell-out, and the contract's generic check (a walk of the schema per
 * request) cost more than the rest of the request's own work. {@code WaitlistSignUpBodyTest} holds
 * it to the contract: every body the schema refuses is refused here, and the ones it accepts are
 * read.
 */
final class WaitlistSignUpBody {
  static final int MAX_QUANTITY = 1000;
  static final int MAX_CATEGORIES = 32;
  static final int MAX_CODE = 40;
  static final int MAX_NAME = 200;
  static final int MIN_EMAIL = 3;
  static final int MAX_EMAIL = 254;

  private WaitlistSignUpBody() {}

  /** The point of sale's code of the query: required, a {@code Code}. */
  static String pos(String pos) {
    if (pos == null) {
      throw DomainException.invalid("pos (the point of sale's code) is required");
    }
    if (!isCode(pos)) {
      throw DomainException.invalid("pos must be a code: letters, digits, '.', '_' or '-'");
    }
    return pos;
  }

  /** The sign-up a body asks for; a {@link DomainException} (400) for anything else. */
  static WaitlistService.SignUpRequest read(JsonObject b) {
    for (String field : b.fieldNames()) {
      switch (field) {
        case "quantity", "categories", "together", "buyer" -> {}
        default -> throw DomainException.invalid("unknown property " + field);
      }
    }
    return new WaitlistService.SignUpRequest(
        quantity(b.getValue("quantity")),
        categories(b, b.getValue("categories")),
        together(b, b.getValue("together")),
        buyer(b, b.getValue("buyer")));
  }

  private static int quantity(Object value) {
    if (value == null) {
      throw DomainException.invalid("quantity is required: an integer from 1 to " + MAX_QUANTITY);
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw DomainException.invalid("quantity must be an integer from 1 to " + MAX_QUANTITY);
    }
    long q = ((Number) value).longValue();
    if (q < 1 || q > MAX_QUANTITY) {
      throw DomainException.invalid("quantity must be an integer from 1 to " + MAX_QUANTITY);
    }
    return (int) q;
  }

  private static List<String> categories(JsonObject b, Object value) {
    if (value == null && !b.containsKey("categories")) {
      return List.of();
    }
    if (!(value instanceof JsonArray list)) {
      throw DomainException.invalid("categories must be a list of category codes");
    }
    if (list.size() > MAX_CATEGORIES) {
      throw DomainException.invalid("categories: at most " + MAX_CATEGORIES);
    }
    List<String> codes = new ArrayList<>(list.size());
    for (Object c : list) {
      if (!(c instanceof String code) || !isCode(code)) {
        throw DomainException.invalid("categories must be a list of category codes");
      }
      codes.add(code);
    }
    return codes;
  }

  private static boolean together(JsonObject b, Object value) {
    if (value == null && !b.containsKey("together")) {
      return true;
    }
    if (!(value instanceof Boolean together)) {
      throw DomainException.invalid("together must be true or false");
    }
    return together;
  }

  private static WaitlistService.GuestBuyer buyer(JsonObject b, Object value) {
    if (value == null && !b.containsKey("buyer")) {
      return null;
    }
    if (!(value instanceof JsonObject buyer)) {
      throw DomainException.invalid("buyer must be an object: email, firstName, lastName");
    }
    for (String field : buyer.fieldNames()) {
      switch (field) {
        case "email", "firstName", "lastName" -> {}
        default -> throw DomainException.invalid("unknown property buyer." + field);
      }
    }
    return new WaitlistService.GuestBuyer(
        text(buyer, "email", MIN_EMAIL, MAX_EMAIL),
        text(buyer, "firstName", 1, MAX_NAME),
        text(buyer, "lastName", 1, MAX_NAME));
  }

  /** A required string of min to max characters (code points, as JSON Schema counts them). */
  private static String text(JsonObject o, String field, int min, int max) {
    if (!(o.getValue(field) instanceof String s)) {
      throw DomainException.invalid("buyer." + field + " is required: a string");
    }
    int length = s.codePointCount(0, s.length());
    if (length < min || length > max) {
      throw DomainException.invalid(
          "buyer." + field + " must be " + min + " to " + max + " characters");
    }
    return s;
  }

  /** {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$}, without a regular expression. */
  static boolean isCode(String s) {
    if (s.isEmpty() || s.length() > MAX_CODE || !alphanumeric(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alphanumeric(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
