package io.guichet.domain.ticket;

import io.guichet.domain.DomainException;

/** The named holder of a ticket (seed: bénéficiaire). */
public record Beneficiary(String firstName, String lastName) {
  /** Longest name part accepted: a ticket prints it on one line. */
  public static final int MAX_LENGTH = 80;

  public Beneficiary {
    firstName = clean(firstName, "firstName");
    lastName = clean(lastName, "lastName");
  }

  private static String clean(String value, String field) {
    if (value == null || value.isBlank()) {
      throw DomainException.invalid("a beneficiary needs a " + field);
    }
    String stripped = value.strip();
    if (stripped.length() > MAX_LENGTH) {
      throw DomainException.invalid(
          "a beneficiary's " + field + " is at most " + MAX_LENGTH + " characters");
    }
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      throw DomainException.invalid("a beneficiary's " + field + " has control characters");
    }
    return stripped;
  }

  /** The beneficiary stored in two nullable columns, or null when there is none. */
  public static Beneficiary ofNullable(String firstName, String lastName) {
    return firstName == null || lastName == null ? null : new Beneficiary(firstName, lastName);
  }

  public String fullName() {
    return firstName + " " + lastName;
  }
}
