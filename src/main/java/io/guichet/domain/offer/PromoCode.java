package io.guichet.domain.offer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A cart-wide promo code (seed: code promotionnel, coupon): a percentage or an amount off the lines
 * it covers, under conditions.
 *
 * @param percentBasisPoints PERCENT: hundredths of a percent (300 = 3 %)
 * @param amount AMOUNT: minor units off
 * @param minimumAmount the lines (at their prices, before promo codes) must cost at least this
 * @param channelIds null: every channel
 * @param eventIds the events whose lines it covers; null: every line
 * @param combinable whether an order may use it with other promo codes
 * @param stacksWithAdvantages whether it also covers lines priced by an advantage
 * @param maxUses orders at most; null: no limit
 * @param budget discounts granted at most over all orders, minor units; null: no limit
 */
public record PromoCode(
    UUID id,
    UUID organizerId,
    String code,
    String internalName,
    String publicName,
    Advantage.State state,
    Kind kind,
    Integer percentBasisPoints,
    Long amount,
    String currency,
    long minimumAmount,
    String indicatorCode,
    String indicatorLevel,
    Instant validFrom,
    Instant validUntil,
    List<UUID> channelIds,
    List<UUID> eventIds,
    boolean combinable,
    boolean stacksWithAdvantages,
    Integer maxUses,
    int uses,
    Long budget,
    long spent,
    Instant createdAt) {

  public PromoCode {
    channelIds = channelIds == null ? null : List.copyOf(channelIds);
    eventIds = eventIds == null ? null : List.copyOf(eventIds);
  }

  public enum Kind {
    PERCENT,
    AMOUNT
  }

  /** What is left of the budget, or null for no budget. */
  public Long remainingBudget() {
    return budget == null ? null : Math.max(0, budget - spent);
  }

  public boolean usedUp() {
    return (maxUses != null && uses >= maxUses) || (budget != null && spent >= budget);
  }
}
