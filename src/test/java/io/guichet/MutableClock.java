package io.guichet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The system clock plus an offset that tests move forward (and back) to expire holds; or, made by
 * {@link #stoppedAt}, a clock that stands still until moved.
 */
public final class MutableClock extends Clock {
  private final AtomicLong offsetMillis = new AtomicLong();
  private final LongSupplier base;

  public MutableClock() {
    this(System::currentTimeMillis);
  }

  private MutableClock(LongSupplier base) {
    this.base = base;
  }

  /** A clock at {@code millis} that moves only when told. */
  public static MutableClock stoppedAt(long millis) {
    return new MutableClock(() -> millis);
  }

  /** Moves the clock to {@code millis} (on a stopped clock, it then reads exactly that). */
  public void setMillis(long millis) {
    offsetMillis.set(millis - base.getAsLong());
  }

  public void advance(Duration duration) {
    offsetMillis.addAndGet(duration.toMillis());
  }

  public void reset() {
    offsetMillis.set(0);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public long millis() {
    return base.getAsLong() + offsetMillis.get();
  }
}
