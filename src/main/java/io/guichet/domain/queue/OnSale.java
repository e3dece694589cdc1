package io.guichet.domain.queue;

import io.guichet.domain.DomainException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The waiting room of an on-sale: one or more performances whose holds need an access token while
 * it is enabled. Visitors who join between the opening of the queue and the start of the sale are
 * placed at random; after the start, in order of arrival. Admission runs at a rate the operator can
 * change live, and never above a number of active shoppers.
 *
 * @param admissionPerMinute visitors let into the shop per minute
 * @param maxActiveShoppers admitted visitors whose access has not ended, at most
 * @param accessTokenSeconds how long an admitted visitor may shop
 */
public record OnSale(
    UUID id,
    UUID organizerId,
    String name,
    List<UUID> performanceIds,
    Instant queueOpensAt,
    Instant saleStartsAt,
    int admissionPerMinute,
    int maxActiveShoppers,
    int accessTokenSeconds,
    boolean enabled) {

  public static final int MIN_TOKEN_SECONDS = 60;
  public static final int MAX_TOKEN_SECONDS = 86_400;

  public OnSale {
    if (name == null || name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
      throw DomainException.invalid("an on-sale's name is text without control characters");
    }
    performanceIds = List.copyOf(performanceIds);
    if (performanceIds.isEmpty()) {
      throw DomainException.invalid("an on-sale has at least one performance");
    }
    if (saleStartsAt.isBefore(queueOpensAt)) {
      throw DomainException.invalid("the sale cannot start before the queue opens");
    }
    if (admissionPerMinute < 1) {
      throw DomainException.invalid("admissionPerMinute must be at least 1");
    }
    if (maxActiveShoppers < 1) {
      throw DomainException.invalid("maxActiveShoppers must be at least 1");
    }
    if (accessTokenSeconds < MIN_TOKEN_SECONDS || accessTokenSeconds > MAX_TOKEN_SECONDS) {
      throw DomainException.invalid(
          "accessTokenSeconds must be between " + MIN_TOKEN_SECONDS + " and " + MAX_TOKEN_SECONDS);
    }
  }

  /** Where the waiting room stands at an instant. */
  public enum Phase {
    /** Switched off: no queue, holds need no token. */
    OFF,
    /** Enabled, the queue is not open yet: nobody can join. */
    NOT_OPEN,
    /** The queue is open, the sale has not started: joiners get a random place. */
    PRE_QUEUE,
    /** The sale has started: joiners queue in order of arrival and are admitted at the rate. */
    SELLING
  }

  public Phase phase(Instant now) {
    if (!enabled) {
      return Phase.OFF;
    }
    if (now.isBefore(queueOpensAt)) {
      return Phase.NOT_OPEN;
    }
    return now.isBefore(saleStartsAt) ? Phase.PRE_QUEUE : Phase.SELLING;
  }

  /** The same on-sale with settings changed by the operator. */
  public OnSale with(
      Instant queueOpensAt,
      Instant saleStartsAt,
      int admissionPerMinute,
      int maxActiveShoppers,
      int accessTokenSeconds,
      boolean enabled) {
    return new OnSale(
        id,
        organizerId,
        name,
        performanceIds,
        queueOpensAt,
        saleStartsAt,
        admissionPerMinute,
        maxActiveShoppers,
        accessTokenSeconds,
        enabled);
  }
}
