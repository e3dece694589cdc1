package io.guichet.support;

/**
 * A dependency (PostgreSQL, Redis, the grid, the payment provider) did not answer in time, dropped
 * its connection or shed load: nothing was confirmed to the caller, who may ask again shortly. The
 * adapter that called the dependency raises it, having judged the cause transient; anything else it
 * meets stays a fault of its own kind.
 */
public final class DependencyUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The dependencies Guichet calls. */
  public enum Dependency {
    POSTGRESQL,
    REDIS,
    GRID,
    PAYMENT_PROVIDER
  }

  private final Dependency dependency;
  private final boolean deadlinePassed;

  public DependencyUnavailable(Dependency dependency, boolean deadlinePassed, Throwable cause) {
    super(
        dependency.name().toLowerCase(java.util.Locale.ROOT)
            + (deadlinePassed ? " did not answer before the deadline" : " is unavailable")
            + (cause == null ? "" : ": " + cause),
        cause,
        false,
        false);
    this.dependency = dependency;
    this.deadlinePassed = deadlinePassed;
  }

  public Dependency dependency() {
    return dependency;
  }

  /** Whether the call's deadline passed (rather than the dependency refusing or dropping it). */
  public boolean deadlinePassed() {
    return deadlinePassed;
  }

  /** The dependency failure among {@code failure}'s causes, or null. */
  public static DependencyUnavailable in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DependencyUnavailable d) {
        return d;
      }
    }
    return null;
  }
}
