package io.guichet.domain.waitlist;

import java.time.Duration;
import java.util.UUID;

/**
 * The organizer's settings of one performance's waiting list (seed: activation de la liste
 * d'attente).
 *
 * @param enabled whether buyers may sign up and offers are made
 * @param paused offers stop (sign-ups go on); seats that come back meanwhile go on sale as usual
 * @param offerSeconds how long an offer's seats are held for its buyer
 * @param maxPasses K: how many times an entry that cannot be seated may be passed over by offers to
 *     entries behind it before seats accumulate for it
 * @param patienceSeconds W: how long seats accumulate for such an entry at most
 */
public record WaitlistSettings(
    UUID performanceId,
    boolean enabled,
    boolean paused,
    int offerSeconds,
    int maxPasses,
    int patienceSeconds) {

  public static final int DEFAULT_OFFER_SECONDS = 1800;
  public static final int DEFAULT_MAX_PASSES = 3;
  public static final int DEFAULT_PATIENCE_SECONDS = 900;

  public static WaitlistSettings defaults(UUID performanceId) {
    return new WaitlistSettings(
        performanceId,
        true,
        false,
        DEFAULT_OFFER_SECONDS,
        DEFAULT_MAX_PASSES,
        DEFAULT_PATIENCE_SECONDS);
  }

  /** Whether offers are made now. */
  public boolean offering() {
    return enabled && !paused;
  }

  public Duration offerDuration() {
    return Duration.ofSeconds(offerSeconds);
  }

  public OfferRound.Rules rules() {
    return new OfferRound.Rules(maxPasses, Duration.ofSeconds(patienceSeconds));
  }
}
