package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.UUID;

/** When a performance is on sale on a channel. */
public record OnSaleWindow(
    UUID id, UUID performanceId, UUID channelId, Instant opensAt, Instant closesAt) {
  public boolean openAt(Instant now) {
    return !now.isBefore(opensAt) && now.isBefore(closesAt);
  }
}
