package io.guichet.domain.cart;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a cart holds besides seats: the advantages applied to it (each with how it was unlocked),
 * its promo codes in the order entered, and the contact it is sold to at a box office (null: the
 * account it was opened with, if any).
 */
public record CartOffers(List<Applied> advantages, List<UUID> promoCodes, UUID contactId)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final CartOffers NONE = new CartOffers(List.of(), List.of(), null);

  public CartOffers {
    advantages = List.copyOf(advantages);
    promoCodes = List.copyOf(promoCodes);
  }

  /** How an advantage was unlocked for the cart. */
  public enum Via {
    /** Chosen among the advantages open to the buyer (public, contacts, indicator). */
    CHOSEN,
    /** Its partner access code was entered. */
    PARTNER_CODE,
    /** One of its single-use codes was entered (and is held for the cart). */
    SINGLE_USE_CODE
  }

  /**
   * An advantage applied to the cart; a single-use code's entry names the code (its batch and
   * number), one entry per code.
   */
  public record Applied(UUID advantageId, Via via, UUID codeBatch, int codeSeq)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean sameAs(Applied other) {
      return advantageId.equals(other.advantageId)
          && via == other.via
          && java.util.Objects.equals(codeBatch, other.codeBatch)
          && codeSeq == other.codeSeq;
    }
  }

  public boolean isEmpty() {
    return advantages.isEmpty() && promoCodes.isEmpty() && contactId == null;
  }

  public boolean has(Applied applied) {
    return advantages.stream().anyMatch(a -> a.sameAs(applied));
  }

  public boolean hasAdvantage(UUID advantageId) {
    return advantages.stream().anyMatch(a -> a.advantageId().equals(advantageId));
  }

  public CartOffers with(Applied applied) {
    if (has(applied)) {
      return this;
    }
    List<Applied> next = new ArrayList<>(advantages);
    next.add(applied);
    return new CartOffers(next, promoCodes, contactId);
  }

  /** Without the advantage (every entry of it). */
  public CartOffers withoutAdvantage(UUID advantageId) {
    return new CartOffers(
        advantages.stream().filter(a -> !a.advantageId().equals(advantageId)).toList(),
        promoCodes,
        contactId);
  }

  public CartOffers withPromo(UUID promoId) {
    if (promoCodes.contains(promoId)) {
      return this;
    }
    List<UUID> next = new ArrayList<>(promoCodes);
    next.add(promoId);
    return new CartOffers(advantages, next, contactId);
  }

  public CartOffers withoutPromo(UUID promoId) {
    return new CartOffers(
        advantages, promoCodes.stream().filter(p -> !p.equals(promoId)).toList(), contactId);
  }

  public CartOffers withContact(UUID contact) {
    return new CartOffers(advantages, promoCodes, contact);
  }
}
