package io.guichet.queue;

import io.guichet.domain.queue.OnSale;
import io.guichet.inventory.HzInventory;
import io.guichet.store.OnSaleStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission ticks of every enabled on-sale, a few times a second. Every node runs one: each tick is
 * one atomic Redis script that admits by the time elapsed since the last tick of any node, so more
 * nodes admit no more than the rate, and no one twice. Before each tick the node tells the script
 * whether the on-sale's performances are sold out (admission then stops). The settings are copied
 * from PostgreSQL to Redis every few seconds, so a flushed Redis is set up again.
 */
public final class WaitingRoomVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WaitingRoomVerticle.class);
  private static final long RELOAD_MS = 5_000;
  private static final long SOLD_OUT_CHECK_MS = 2_000;

  private final OnSaleStore store;
  private final RedisQueue queue;
  private final HzInventory inventory;
  private final MeterRegistry registry;
  private final Clock clock;
  private final long tickMillis;
  private final Map<UUID, Figures> figures = new ConcurrentHashMap<>();
  private final Map<UUID, Boolean> soldOut = new ConcurrentHashMap<>();
  private volatile List<OnSale> enabled = List.of();
  private long lastReload = Long.MIN_VALUE / 2;
  private long lastSoldOutCheck = Long.MIN_VALUE / 2;
  private long timer = -1;
  private boolean running;
  private volatile boolean reloadNow;

  /** The figures of one on-sale, as last seen by a tick of this node. */
  private static final class Figures {
    final AtomicLong queueLength = new AtomicLong();
    final AtomicLong active = new AtomicLong();
    final AtomicLong perMinute = new AtomicLong();
    final AtomicLong waitSeconds = new AtomicLong();
    Counter admitted;
  }

  public WaitingRoomVerticle(
      OnSaleStore store,
      RedisQueue queue,
      HzInventory inventory,
      MeterRegistry registry,
      Clock clock,
      long tickMillis) {
    this.store = store;
    this.queue = queue;
    this.inventory = inventory;
    this.registry = registry;
    this.clock = clock;
    this.tickMillis = tickMillis;
  }

  /**
   * Reloads the enabled on-sales at the next tick rather than within {@value #RELOAD_MS} ms (an
   * on-sale of this node was created or changed; other nodes follow at their next reload).
   */
  public void reloadSoon() {
    reloadNow = true;
  }

  private boolean consumeReloadNow() {
    boolean now = reloadNow;
    reloadNow = false;
    return now;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(tickMillis, id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One pass; skipped while the previous one runs. */
  private void tick() {
    if (running) {
      return;
    }
    running = true;
    long wall = System.nanoTime() / 1_000_000;
    Future<Void> reload =
        consumeReloadNow() || wall - lastReload >= RELOAD_MS
            ? reload().onSuccess(v -> lastReload = wall)
            : Future.succeededFuture();
    reload
        .compose(
            v -> {
              Future<Void> checked =
                  wall - lastSoldOutCheck >= SOLD_OUT_CHECK_MS
                      ? checkSoldOut().onSuccess(x -> lastSoldOutCheck = wall)
                      : Future.succeededFuture();
              return checked;
            })
        .compose(
            v -> {
              List<Future<?>> ticks = new ArrayList<>();
              long now = clock.millis();
              for (OnSale s : enabled) {
                ticks.add(
                    queue
                        .tick(s.id(), now, soldOut.getOrDefault(s.id(), false))
                        .onSuccess(t -> record(s, t)));
              }
              return Future.join(ticks);
            })
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("waiting room tick failed: {}", done.cause().toString());
              }
            });
  }

  private Future<Void> reload() {
    return store
        .enabled()
        .compose(
            list -> {
              enabled = list;
              List<Future<?>> copies = new ArrayList<>();
              list.forEach(s -> copies.add(queue.configure(s)));
              return Future.all(copies).mapEmpty();
            });
  }

  /** An on-sale is sold out when none of its performances has a free seat or place left. */
  private Future<Void> checkSoldOut() {
    List<Future<?>> checks = new ArrayList<>();
    long now = clock.millis();
    for (OnSale s : enabled) {
      if (s.saleStartsAt().toEpochMilli() > now) {
        soldOut.put(s.id(), false);
        continue;
      }
      List<Future<Integer>> free = new ArrayList<>();
      for (UUID p : s.performanceIds()) {
        free.add(
            inventory.open(p).compose(live -> inventory.refresh(live).map(v -> live.freeSeats())));
      }
      checks.add(
          Future.all(free)
              .onSuccess(
                  all -> {
                    int total = 0;
                    for (Future<Integer> f : free) {
                      total += f.result();
                    }
                    soldOut.put(s.id(), total == 0);
                  }));
    }
    return Future.join(checks).mapEmpty();
  }

  private void record(OnSale s, RedisQueue.Tick t) {
    Figures f = figures.computeIfAbsent(s.id(), id -> register(s));
    f.queueLength.set(t.queueLength());
    f.active.set(t.activeShoppers());
    f.perMinute.set(t.admittedLastMinute());
    double rate = t.admittedLastMinute() > 0 ? t.admittedLastMinute() : s.admissionPerMinute();
    f.waitSeconds.set((long) Math.ceil(t.queueLength() * 60.0 / rate));
    f.admitted.increment(t.admitted().size());
  }

  private Figures register(OnSale s) {
    Figures f = new Figures();
    String tag = s.id().toString();
    Gauge.builder("guichet.queue.length", f.queueLength, AtomicLong::get)
        .description("visitors waiting in the queue of an on-sale")
        .tag("onsale", tag)
        .register(registry);
    Gauge.builder("guichet.queue.active.shoppers", f.active, AtomicLong::get)
        .description("admitted visitors whose access has not ended")
        .tag("onsale", tag)
        .register(registry);
    Gauge.builder("guichet.queue.admitted.per.minute", f.perMinute, AtomicLong::get)
        .description("visitors admitted over the last minute (all nodes)")
        .tag("onsale", tag)
        .register(registry);
    Gauge.builder("guichet.queue.estimated.wait.seconds", f.waitSeconds, AtomicLong::get)
        .description("estimated wait of a visitor joining now")
        .tag("onsale", tag)
        .register(registry);
    f.admitted =
        Counter.builder("guichet.queue.admitted")
            .description("visitors admitted by this node's ticks")
            .tag("onsale", tag)
            .register(registry);
    return f;
  }
}
