package io.guichet.domain.offer;

import java.time.Instant;
import java.util.UUID;

/** Who may use an advantage or a promo code, where and when. Pure: {@code now} is passed in. */
public final class Eligibility {
  private Eligibility() {}

  /**
   * Why the buyer may not buy at the advantage's prices on this channel now, or null when they may.
   *
   * @param unlocked whether the buyer presented its code (PARTNER: the access code;
   *     SINGLE_USE_CODE: an unused code of its batches)
   */
  public static Refusal advantage(
      Advantage a, Shopper buyer, UUID channelId, Instant now, boolean unlocked) {
    Refusal common = common(a.state(), a.validFrom(), a.validUntil(), now);
    if (common != null) {
      return common;
    }
    if (!a.onChannel(channelId)) {
      return Refusal.OTHER_CHANNEL;
    }
    return switch (a.target()) {
      case PUBLIC -> null;
      case CONTACTS -> buyer.linkedAdvantages().contains(a.id()) ? null : Refusal.NOT_TARGETED;
      case INDICATOR ->
          buyer.hasLevel(a.indicatorCode(), a.indicatorLevel()) ? null : Refusal.NOT_TARGETED;
      case PARTNER, SINGLE_USE_CODE -> unlocked ? null : Refusal.CODE_REQUIRED;
    };
  }

  /**
   * Why the buyer may not use the promo code on this channel now (whatever the cart holds), or null
   * when they may.
   */
  public static Refusal promo(
      PromoCode p, Shopper buyer, UUID channelId, String currency, Instant now) {
    Refusal common = common(p.state(), p.validFrom(), p.validUntil(), now);
    if (common != null) {
      return common;
    }
    if (p.channelIds() != null && !p.channelIds().contains(channelId)) {
      return Refusal.OTHER_CHANNEL;
    }
    if (!p.currency().equals(currency)) {
      return Refusal.CURRENCY;
    }
    if (p.indicatorCode() != null && !buyer.hasLevel(p.indicatorCode(), p.indicatorLevel())) {
      return Refusal.NOT_TARGETED;
    }
    return p.usedUp() ? Refusal.USED_UP : null;
  }

  private static Refusal common(
      Advantage.State state, Instant validFrom, Instant validUntil, Instant now) {
    if (state != Advantage.State.OPERATION) {
      return Refusal.NOT_IN_OPERATION;
    }
    if (validFrom != null && now.isBefore(validFrom)) {
      return Refusal.NOT_YET_VALID;
    }
    if (validUntil != null && !now.isBefore(validUntil)) {
      return Refusal.EXPIRED;
    }
    return null;
  }
}
