package io.guichet.checkout;

import io.guichet.ops.Futures;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A node-local cache of asynchronous lookups that change rarely (points of sale, channels, on-sale
 * windows, prices), so the hold path does not ask PostgreSQL on every request. Entries live a few
 * seconds; a failed lookup is not kept.
 */
public final class TtlCache<K, V> {
  private record Entry<V>(Future<V> value, long expiresAt) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final Clock clock;
  private final int maxEntries;

  public TtlCache(long ttlMillis, Clock clock) {
    this(ttlMillis, clock, Integer.MAX_VALUE);
  }

  /**
   * A cache of at most about {@code maxEntries} keys: past that, expired entries go, and if that is
   * not enough, all of them (for keys without end, such as tickets, where a crude bound beats
   * none).
   */
  public TtlCache(long ttlMillis, Clock clock, int maxEntries) {
    this.ttlMillis = ttlMillis;
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  public Future<V> get(K key, Function<K, Future<V>> load) {
    long now = clock.millis();
    Entry<V> entry = entries.get(key);
    if (entry == null || entry.expiresAt() <= now) {
      makeRoom(now);
      Entry<V> fresh = new Entry<>(load.apply(key), now + ttlMillis);
      entries.put(key, fresh);
      fresh.value().onFailure(e -> entries.remove(key, fresh));
      return fresh.value();
    }
    return Futures.detached(entry.value());
  }

  /** Keeps a value known already (one just created), as a lookup would have. */
  public void remember(K key, V value) {
    long now = clock.millis();
    makeRoom(now);
    entries.put(key, new Entry<>(Future.succeededFuture(value), now + ttlMillis));
  }

  private void makeRoom(long now) {
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> e.expiresAt() <= now);
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
  }

  /** Forgets a key: the next lookup loads it again. */
  public void invalidate(K key) {
    entries.remove(key);
  }

  /** Forgets every key. */
  public void clear() {
    entries.clear();
  }
}
