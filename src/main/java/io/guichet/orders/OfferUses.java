package io.guichet.orders;

import java.util.List;
import java.util.UUID;

/**
 * What a new order takes of offers, written with it or not at all: tickets from advantages' quotas,
 * single-use codes (each used once, by the order's contact) and promo codes (a use and the discount
 * from the budget).
 */
public record OfferUses(List<AdvantageUse> advantages, List<CodeUse> codes, List<PromoUse> promos) {
  public static final OfferUses NONE = new OfferUses(List.of(), List.of(), List.of());

  public OfferUses {
    advantages = List.copyOf(advantages);
    codes = List.copyOf(codes);
    promos = List.copyOf(promos);
  }

  public record AdvantageUse(UUID advantageId, int tickets) {}

  public record CodeUse(UUID batchId, int seq, UUID contactId) {}

  public record PromoUse(UUID promoCodeId, String code, long amount) {}

  public boolean isEmpty() {
    return advantages.isEmpty() && codes.isEmpty() && promos.isEmpty();
  }
}
