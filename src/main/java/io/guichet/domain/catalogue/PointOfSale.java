package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A shop on a channel (seed: point de vente). When either restriction list is non-empty, only the
 * listed organisations (and their relays) or contacts may use it.
 *
 * @param allowedOrigins the web origins whose pages may call this point of sale's API from a
 *     browser (CORS), normalized as {@link Origins#normalize} gives them
 * @param enabled off: the shop neither shows nor sells (what is held or ordered already finishes)
 */
public record PointOfSale(
    UUID id,
    UUID channelId,
    String code,
    String name,
    String url,
    List<String> languages,
    List<String> restrictedOrganisations,
    List<String> restrictedContacts,
    List<String> allowedOrigins,
    PosSettings settings,
    boolean enabled,
    Instant createdAt) {

  public PointOfSale {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  /** Whether a page of this origin (as the browser sent it) may call this point of sale. */
  public boolean allowsOrigin(String origin) {
    return origin != null && allowedOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT));
  }

  public boolean restricted() {
    return !restrictedOrganisations.isEmpty() || !restrictedContacts.isEmpty();
  }

  /**
   * Whether a logged-in buyer whose contact has this id and number may enter: listed among the
   * contacts (by id or number), or, for an organisation's own account, among the organisations.
   */
  public boolean admitsContact(String contactId, long contactNumber, boolean organisation) {
    if (!restricted()) {
      return true;
    }
    String number = Long.toString(contactNumber);
    if (restrictedContacts.contains(contactId) || restrictedContacts.contains(number)) {
      return true;
    }
    return organisation
        && (restrictedOrganisations.contains(contactId)
            || restrictedOrganisations.contains(number));
  }

  /**
   * The language a shop call is answered in (and its e-mails written in): the one asked for when
   * this point of sale offers it (or offers no list), its first language when none is asked for,
   * else null: the point of sale does not speak it.
   */
  public String language(String asked) {
    if (asked == null || asked.isBlank()) {
      return languages.isEmpty() ? null : languages.get(0);
    }
    return languages.isEmpty() || languages.contains(asked) ? asked : null;
  }

  /**
   * Why this point of sale on this channel takes no new carts, holds or checkouts, or null when it
   * does: switched off (itself or its channel), or its {@code sale} switch is off (it shows but
   * does not sell).
   */
  public String notSelling(SalesChannel channel) {
    String hidden = notShowing(channel);
    if (hidden != null) {
      return hidden;
    }
    return settings.sale()
        ? null
        : "point of sale " + code + " shows its catalogue but does not sell";
  }

  /** Why this point of sale shows nothing, or null when it shows its catalogue. */
  public String notShowing(SalesChannel channel) {
    if (!enabled) {
      return "point of sale " + code + " is switched off";
    }
    if (!channel.enabled()) {
      return "the sales channel of point of sale " + code + " is switched off";
    }
    return null;
  }

  /** Whether a caller known as this organisation and/or contact (either may be null) may enter. */
  public boolean admits(String organisationId, String contactId) {
    if (!restricted()) {
      return true;
    }
    return (organisationId != null && restrictedOrganisations.contains(organisationId))
        || (contactId != null && restrictedContacts.contains(contactId));
  }
}
