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
import java.util.HashMap;
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
 * whether the on-sale's performances are sold out (admission then stops). After a tick that
 * admitted, its admissions are recorded in PostgreSQL (then their visitors may be given their
 * tokens); a record that fails is kept and tried again at the next tick. The settings are copied
 * from PostgreSQL to Redis every few seconds, so a flushed Redis is set up again (see {@link
 * Admissions}).
 */
public final class WaitingRoomVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WaitingRoomVerticle.class);
  private static final long RELOAD_MS = 5_000;
  private static final long SOLD_OUT_CHECK_MS = 2_000;

  private final OnSaleStore store;
  private final RedisQueue queue;
  private final Admissions admissions;
  private final HzInventory inventory;
  private final MeterRegistry registry;
  private final Clock clock;
  private final long tickMillis;
  private final Map<UUID, Figures> figures = new ConcurrentHashMap<>();
  private final Map<UUID, Boolean> soldOut = new ConcurrentHashMap<>();

  /** Admissions of this node's ticks not recorded in PostgreSQL yet, per on-sale (merged). */
  private final Map<UUID, Unrecorded> unrecorded = new HashMap<>();

  /** The highest place this node recorded, per on-sale: confirmed again at every reload. */
  private final Map<UUID, Long> recorded = new HashMap<>();

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

  /** Admissions to record: up to a place, with accesses ending then (the latest of a merge). */
  private record Unrecorded(long head, long accessEnds, int admitted) {
    Unrecorded and(Unrecorded later) {
      return new Unrecorded(
          Math.max(head, later.head),
          Math.max(accessEnds, later.accessEnds),
          admitted + later.admitted);
    }
  }

  public WaitingRoomVerticle(
      OnSaleStore store,
      RedisQueue queue,
      Admissions admissions,
      HzInventory inventory,
      MeterRegistry registry,
      Clock clock,
      long tickMillis) {
    this.store = store;
    this.queue = queue;
    this.admissions = admissions;
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
                        .onSuccess(
                            t -> {
                              showFigures(s, t);
                              recordAdmissions(s.id(), t);
                            }));
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
              for (OnSale s : list) {
                Long head = recorded.get(s.id());
                copies.add(
                    admissions
                        .copySettings(s)
                        .compose(
                            v ->
                                head == null
                                    ? Future.succeededFuture()
                                    : admissions.confirm(s.id(), head)));
              }
              return Future.all(copies).mapEmpty();
            });
  }

  /**
   * Records a tick's admissions (with those of earlier ticks whose record failed) in PostgreSQL.
   * Not waited for by the ticks: a slow PostgreSQL delays the tokens of the admitted, not the
   * admission of the next ones.
   */
  private void recordAdmissions(UUID onSale, RedisQueue.Tick t) {
    Unrecorded now =
        t.admitted().isEmpty()
            ? null
            : new Unrecorded(t.head(), t.accessEnds(), t.admitted().size());
    Unrecorded earlier = unrecorded.remove(onSale);
    Unrecorded due = earlier == null ? now : now == null ? earlier : earlier.and(now);
    if (due == null) {
      return;
    }
    admissions
        .record(onSale, due.head(), due.accessEnds(), due.admitted())
        .onSuccess(
            v -> {
              recorded.merge(onSale, due.head(), Math::max);
              // A confirmation that fails is made again at the next reload (every few seconds).
              admissions
                  .confirm(onSale, due.head())
                  .onFailure(
                      e ->
                          LOG.warn(
                              "could not mark the admissions of on-sale {} up to place {}"
                                  + " recorded (again at the next reload): {}",
                              onSale,
                              due.head(),
                              e.toString()));
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "could not record {} admissions of on-sale {} up to place {} (tried again at the"
                      + " next tick; their tokens wait for it): {}",
                  due.admitted(),
                  onSale,
                  due.head(),
                  e.toString());
              unrecorded.merge(onSale, due, Unrecorded::and);
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

  private void showFigures(OnSale s, RedisQueue.Tick t) {
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
