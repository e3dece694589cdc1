package io.guichet.domain.offer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A targeted price (seed: avantage): prices of its own on chosen performances, seat categories and
 * tariffs, for a season and a product family, on some or all channels, within a validity window,
 * for one kind of target.
 *
 * @param channelIds the channels it is sold on; null: every channel of the organizer
 * @param accessCode PARTNER: the code shared with the partner's customers (upper case)
 * @param quota tickets at its prices at most, over all orders not cancelled; null: no limit
 * @param uses tickets at its prices so far
 * @param perOrderLimit tickets at its prices per order (SINGLE_USE_CODE: per code); null: no limit
 */
public record Advantage(
    UUID id,
    UUID organizerId,
    String season,
    String family,
    String code,
    String internalName,
    String publicName,
    String visualUrl,
    State state,
    Target target,
    String indicatorCode,
    String indicatorLevel,
    String accessCode,
    List<UUID> channelIds,
    Instant validFrom,
    Instant validUntil,
    SaleEnd saleEnd,
    int saleEndToleranceMinutes,
    Integer quota,
    int uses,
    Integer perOrderLimit,
    List<AdvantagePrice> prices,
    Instant createdAt) {

  public Advantage {
    channelIds = channelIds == null ? null : List.copyOf(channelIds);
    prices = List.copyOf(prices);
  }

  /** Seed: en préparation, en exploitation, suspendu. */
  public enum State {
    PREPARATION,
    OPERATION,
    SUSPENDED
  }

  /** Who may buy at its prices (seed: type de cible). */
  public enum Target {
    /** Anyone (grand public). */
    PUBLIC,
    /** The contacts linked to it. */
    CONTACTS,
    /** Contacts whose indicator has the chosen level, including those who reach it later. */
    INDICATOR,
    /** Anyone who enters its shared access code. */
    PARTNER,
    /** Anyone who presents one unused code of its batches. */
    SINGLE_USE_CODE
  }

  /** Until when a performance is sold at its prices (seed: fin de vente des séances). */
  public enum SaleEnd {
    /** Until the performance's start plus a tolerance in minutes. */
    PERFORMANCE_START,
    NO_LIMIT
  }

  /** Its price for one performance, category and tariff. */
  public record AdvantagePrice(UUID performanceId, String category, UUID tariffId, long amount) {}

  /** Quota left, or null for none. */
  public Integer remaining() {
    return quota == null ? null : Math.max(0, quota - uses);
  }

  /** Whether a performance starting then may still be sold at its prices now. */
  public boolean saleOpen(Instant performanceStart, Instant now) {
    return saleEnd == SaleEnd.NO_LIMIT
        || now.isBefore(performanceStart.plusSeconds(60L * saleEndToleranceMinutes));
  }

  public boolean onChannel(UUID channelId) {
    return channelIds == null || channelIds.contains(channelId);
  }
}
