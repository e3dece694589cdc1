package io.guichet.domain.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a visitor still waits, from the admission rate measured over the last minute. Before the
 * sale starts, or while nobody has been admitted yet (so there is nothing to measure), the
 * configured rate stands in for the measured one; the time left until the start is added.
 */
public final class WaitEstimate {
  /** The window over which the admission rate is measured. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private WaitEstimate() {}

  /**
   * Visitors admitted per minute, from those admitted in the last window; a sale that started less
   * than a window ago is measured over the time since its start.
   *
   * @return the measured rate, or -1 when there is nothing to measure yet
   */
  public static double measuredPerMinute(long admittedInWindow, Instant saleStartsAt, Instant now) {
    long sinceStart = Duration.between(saleStartsAt, now).toMillis();
    if (sinceStart <= 0 || admittedInWindow <= 0) {
      return -1;
    }
    long span = Math.min(sinceStart, WINDOW.toMillis());
    // Less than a few seconds of history says little: wait until there is some.
    if (span < 5_000) {
      return -1;
    }
    return admittedInWindow * 60_000.0 / span;
  }

  /**
   * The wait of a visitor with {@code ahead} visitors before them.
   *
   * @param measuredPerMinute from {@link #measuredPerMinute}, or -1
   */
  public static Duration of(
      long ahead,
      double measuredPerMinute,
      int configuredPerMinute,
      Instant saleStartsAt,
      Instant now) {
    double rate = measuredPerMinute > 0 ? measuredPerMinute : configuredPerMinute;
    // The visitor is admitted when the ahead + 1-th admission happens.
    long millis = (long) Math.ceil((ahead + 1) * 60_000.0 / rate);
    if (now.isBefore(saleStartsAt)) {
      millis += Duration.between(now, saleStartsAt).toMillis();
    }
    return Duration.ofMillis(millis);
  }
}
