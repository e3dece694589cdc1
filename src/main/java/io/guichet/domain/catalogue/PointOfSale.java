package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A shop on a channel (seed: point de vente). When either restriction list is non-empty, only the
 * listed organisations (and their relays) or contacts may use it.
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
    PosSettings settings,
    Instant createdAt) {

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
