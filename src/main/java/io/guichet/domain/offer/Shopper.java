package io.guichet.domain.offer;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who is buying, as targeting sees them: their contact (null for an anonymous buyer), its
 * indicators' levels, and the advantages it is linked to.
 */
public record Shopper(UUID contactId, Map<String, String> indicators, Set<UUID> linkedAdvantages) {
  public static final Shopper ANONYMOUS = new Shopper(null, Map.of(), Set.of());

  public Shopper {
    indicators = Map.copyOf(indicators);
    linkedAdvantages = Set.copyOf(linkedAdvantages);
  }

  public boolean hasLevel(String indicator, String level) {
    return level != null && level.equals(indicators.get(indicator));
  }
}
