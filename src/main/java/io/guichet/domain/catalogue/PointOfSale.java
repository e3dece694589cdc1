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

  /** Whether a caller known as this organisation and/or contact (either may be null) may enter. */
  public boolean admits(String organisationId, String contactId) {
    if (!restricted()) {
      return true;
    }
    return (organisationId != null && restrictedOrganisations.contains(organisationId))
        || (contactId != null && restrictedContacts.contains(contactId));
  }
}
