package io.guichet.domain.order;

import java.time.Instant;

/** A stored-value voucher (seed: bon cadeau): a balance usable until it expires, in parts. */
public record GiftVoucher(
    String code, String currency, long initialAmount, long balance, Instant expiresAt) {

  /** Why a voucher cannot pay: a short reason ({@code expired}, {@code spent}, …) and a message. */
  public record Refusal(String reason, String message) {}

  /** Why this voucher cannot pay an order in this currency now, or null when it can. */
  public Refusal refusal(String orderCurrency, Instant now) {
    if (!now.isBefore(expiresAt)) {
      return new Refusal("expired", "gift voucher " + code + " expired on " + expiresAt);
    }
    if (balance <= 0) {
      return new Refusal("spent", "gift voucher " + code + " has been spent");
    }
    if (!currency.equals(orderCurrency)) {
      return new Refusal(
          "currency",
          "gift voucher " + code + " is in " + currency + ", the order in " + orderCurrency);
    }
    return null;
  }
}
