package io.guichet.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/** An amount in integer minor units (cents) of an ISO 4217 currency. Never a floating point. */
public record Money(long amount, String currency) {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  public Money {
    Objects.requireNonNull(currency, "currency");
    if (!CURRENCY.matcher(currency).matches()) {
      throw DomainException.invalid("currency must be a 3-letter ISO 4217 code: " + currency);
    }
  }

  public static boolean isCurrency(String code) {
    return code != null && CURRENCY.matcher(code).matches();
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(amount, other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(amount, other.amount), currency);
  }

  public Money times(long factor) {
    return new Money(Math.multiplyExact(amount, factor), currency);
  }

  public Money min(Money other) {
    requireSameCurrency(other);
    return amount <= other.amount ? this : other;
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency + " vs " + other.currency);
    }
  }
}
