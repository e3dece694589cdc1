package io.guichet.domain.catalogue;

import java.util.List;
import java.util.UUID;

/**
 * Seats reserved to some channels (seed: contingent): either a set of seats, or a count of a
 * category.
 */
public record Quota(
    UUID id,
    UUID performanceId,
    String name,
    List<UUID> channelIds,
    List<String> seatIds,
    String category,
    Integer count) {}
