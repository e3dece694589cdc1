package io.guichet.waitlist;

import io.guichet.inventory.LivePerformance;
import io.guichet.inventory.WaitlistGrid;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which seat categories of a performance are listed in the grid (their free seats are the waiting
 * list's), as this node last set or saw them. A buyer's entry is acknowledged only once its
 * categories are listed, so that seats coming back from then on go to the list; the node remembers
 * what it listed for a second so that a crowd of sign-ups costs one grid call per second, not one
 * each. The offer engine sets the exact mask (it unlists categories nobody waits for) and tells
 * this node through {@link #listed}.
 */
public final class Listing {
  static final long REMEMBER_MILLIS = 1_000;

  private record Known(int mask, long until) {}

  private final WaitlistGrid grid;
  private final Clock clock;
  private final Map<UUID, Known> known = new ConcurrentHashMap<>();

  public Listing(WaitlistGrid grid, Clock clock) {
    this.grid = grid;
    this.clock = clock;
  }

  /** Lists these categories too (those listed stay), unless this node listed them just now. */
  public Future<Void> ensure(LivePerformance live, List<String> categories) {
    int mask = mask(live, categories);
    UUID id = live.plan().performanceId();
    Known k = known.get(id);
    long now = clock.millis();
    if (k != null && (k.mask() & mask) == mask && now < k.until()) {
      return Future.succeededFuture();
    }
    return grid.addListed(live, mask)
        .onSuccess(
            v ->
                known.merge(
                    id,
                    new Known(mask, now + REMEMBER_MILLIS),
                    // what was listed still is, unless the engine changed it since
                    (before, added) ->
                        new Known(
                            before.until() > now ? before.mask() | added.mask() : added.mask(),
                            added.until())));
  }

  /** The engine listed exactly {@code mask}. */
  void listed(UUID performanceId, int mask) {
    known.put(performanceId, new Known(mask, clock.millis() + REMEMBER_MILLIS));
  }

  /** The bit mask of these categories (unknown codes are left out). */
  public static int mask(LivePerformance live, List<String> categories) {
    int mask = 0;
    for (String c : categories) {
      int index = live.plan().categoryIndex(c);
      if (index >= 0 && index < 32) {
        mask |= 1 << index;
      }
    }
    return mask;
  }
}
