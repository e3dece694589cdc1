package io.guichet.domain.offer;

import java.time.Duration;

/**
 * How wrong codes are slowed, then refused, per cart, per account and per client address (the
 * counts live in Redis, shared by every node). Each scope counts its wrong codes in a window that
 * starts at its first one; past {@code freeFailures} in a scope every wrong answer is delayed
 * (doubling from {@code baseDelay}, at most {@code maxDelay}), and once a scope reaches its limit
 * every code from it is refused (429) until its window ends, right or wrong, without being looked
 * up.
 *
 * @param cartLimit wrong codes per cart and window
 * @param accountLimit wrong codes per account and window
 * @param addressLimit wrong codes per client address and window
 */
public record GuessPolicy(
    int cartLimit,
    int accountLimit,
    int addressLimit,
    Duration window,
    int freeFailures,
    Duration baseDelay,
    Duration maxDelay) {

  /**
   * The default: 10 wrong codes per cart, 20 per account and 30 per address in an hour; answers
   * slowed from the fourth wrong code on (0.25 s, 0.5 s, 1 s, 2 s, then 4 s each).
   */
  public static final GuessPolicy DEFAULT =
      new GuessPolicy(
          10, 20, 30, Duration.ofHours(1), 3, Duration.ofMillis(250), Duration.ofSeconds(4));

  /** How long to hold the answer to a wrong code that made a scope's count {@code failures}. */
  public Duration delayAfter(long failures) {
    if (failures <= freeFailures) {
      return Duration.ZERO;
    }
    long doublings = Math.min(failures - freeFailures - 1, 20);
    Duration delay = baseDelay.multipliedBy(1L << doublings);
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /**
   * Codes that one address can try in an hour, at most: the budget a brute force has against a code
   * space of {@code 2^bits} codes.
   */
  public long guessesPerHourPerAddress() {
    return addressLimit * Math.max(1, Duration.ofHours(1).toMillis() / window.toMillis());
  }
}
