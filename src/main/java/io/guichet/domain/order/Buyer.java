package io.guichet.domain.order;

import io.guichet.domain.DomainException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Who buys: an account (customerId set) or a guest known by e-mail and name. */
public record Buyer(UUID customerId, String email, String firstName, String lastName) {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  public Buyer {
    if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw DomainException.invalid("a valid e-mail address is required");
    }
    if (firstName == null || firstName.isBlank() || lastName == null || lastName.isBlank()) {
      throw DomainException.invalid("the buyer's first and last names are required");
    }
  }

  public boolean guest() {
    return customerId == null;
  }

  public String name() {
    return firstName + " " + lastName;
  }
}
