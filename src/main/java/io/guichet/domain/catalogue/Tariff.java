package io.guichet.domain.catalogue;

import java.util.List;
import java.util.UUID;

/**
 * An audience subcategory with its own price (seed: tarif): full price, reduced, child…
 *
 * @param channelIds the channels that offer it; null offers it on every channel
 */
public record Tariff(UUID id, UUID organizerId, String code, String name, List<UUID> channelIds) {
  public boolean offeredOn(UUID channelId) {
    return channelIds == null || channelIds.contains(channelId);
  }
}
