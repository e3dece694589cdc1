package io.guichet.waitlist;

import io.guichet.security.Hmac;
import java.util.UUID;

/**
 * The signed values of the waiting list, HMAC-SHA256 under the server secret, each for its own
 * purpose (never stored, derived again to check): the secret that manages an entry, the link that
 * confirms a guest's address, and the link of an offer, which names the offer and is bound to its
 * entry (a link of one offer, or of one entry's offer, opens nothing else).
 */
public final class WaitlistLinks {
  private static final String ENTRY = "waitlist-entry";
  private static final String CONFIRM = "waitlist-confirm";
  private static final String OFFER = "waitlist-offer";

  private final Hmac hmac;

  public WaitlistLinks(Hmac hmac) {
    this.hmac = hmac;
  }

  /** What a guest presents to read, change or leave their entry. */
  public String entrySecret(UUID entryId) {
    return hmac.sign(ENTRY, entryId.toString());
  }

  public boolean entrySecretMatches(UUID entryId, String secret) {
    return secret != null && hmac.verify(ENTRY, entryId.toString(), secret);
  }

  /** The token of the link in a guest's confirmation e-mail. */
  public String confirmToken(UUID entryId) {
    return hmac.sign(CONFIRM, entryId.toString());
  }

  public boolean confirmTokenMatches(UUID entryId, String token) {
    return token != null && hmac.verify(CONFIRM, entryId.toString(), token);
  }

  /** The token of an offer's link: the offer and the entry it was made to. */
  public String offerToken(UUID offerId, UUID entryId) {
    return hmac.sign(OFFER, offerId + "/" + entryId);
  }

  public boolean offerTokenMatches(UUID offerId, UUID entryId, String token) {
    return token != null && hmac.verify(OFFER, offerId + "/" + entryId, token);
  }
}
