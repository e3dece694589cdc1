package io.guichet.waitlist;

import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.waitlist.OfferRound;
import io.guichet.domain.waitlist.WaitlistOffer;
import io.guichet.inventory.HoldSpec;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.inventory.WaitlistGrid;
import io.guichet.store.WaitlistStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the waiting list's offers. Every node runs one; for each performance with a live list, one
 * node at a time holds a lease in PostgreSQL (renewed every second, lost after {@link #LEASE}
 * without renewal, so a dead node's performances move to another) and, a few times a second:
 *
 * <ol>
 *   <li>lists in the grid the categories waiting entries ask for, and only those (nothing while the
 *       organizer pauses the list): their seats that come back are the list's from the instant they
 *       are free;
 *   <li>lapses the offers whose deadline has passed (their seats, whose hold ended at the same
 *       instant, are the list's again);
 *   <li>when the list has seats, walks the waiting entries in sign-up order ({@link OfferRound}:
 *       the fairness rule) and makes offers: the seats are held in the grid for the offer (an entry
 *       processor takes them from the list, so two offers can never get one seat), then the offer
 *       is written in PostgreSQL under the lease's epoch (a node that lost its lease writes
 *       nothing; a unique index keeps a seat out of two open offers whatever happens), then the
 *       hold is extended to the offer's deadline.
 * </ol>
 *
 * <p>Seats are first held only {@link #PROVISIONAL} while PostgreSQL writes the offer: if the node
 * dies in between they come back to the list soon. A node that takes a lease over re-holds the
 * seats of the open offers its predecessor may have left unextended.
 */
public final class OfferEngineVerticle extends VerticleBase {
  static final long TICK_MILLIS = 250;
  static final Duration LEASE = Duration.ofSeconds(5);
  static final Duration PROVISIONAL = Duration.ofSeconds(30);
  private static final long RENEW_MILLIS = 1_000;
  private static final long ACTIVE_MILLIS = 1_000;
  private static final long MASK_MILLIS = 1_000;
  private static final long LAPSE_MILLIS = 5_000;
  private static final long BEYOND_MILLIS = 10_000;
  static final int PAGE = 500;
  static final int MAX_SCAN = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(OfferEngineVerticle.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WaitlistStore store;
  private final WaitlistGrid lists;
  private final HzInventory inventory;
  private final PointsOfSale pointsOfSale;
  private final Listing listing;
  private final UUID node;
  private final Clock clock;
  private final Counter made;
  private final Counter lapsed;
  private final Counter refused;
  private final Timer lag;

  /** What this node knows of a performance whose lease it holds. */
  private static final class Lease {
    long epoch = -1;
    Instant until = Instant.MIN;
    int mask = -1;
    long maskAt = Long.MIN_VALUE / 2;
    long lapseAt = Long.MIN_VALUE / 2;
    Instant nextExpiry = Instant.MAX;
    final Map<String, Long> beyondAt = new HashMap<>();
    final Map<String, Boolean> beyond = new HashMap<>();
  }

  private final Map<UUID, Lease> leases = new HashMap<>();
  private List<UUID> active = List.of();
  private long activeAt = Long.MIN_VALUE / 2;
  private long timer = -1;
  private boolean running;

  public OfferEngineVerticle(
      WaitlistStore store,
      WaitlistGrid lists,
      PointsOfSale pointsOfSale,
      Listing listing,
      UUID node,
      Clock clock,
      MeterRegistry registry) {
    this.store = store;
    this.lists = lists;
    this.inventory = lists.inventory();
    this.pointsOfSale = pointsOfSale;
    this.listing = listing;
    this.node = node;
    this.clock = clock;
    this.made =
        Counter.builder("guichet.waitlist.offers")
            .tag("outcome", "made")
            .description("offers of the waiting list made by this node")
            .register(registry);
    this.lapsed =
        Counter.builder("guichet.waitlist.offers")
            .tag("outcome", "lapsed")
            .description("offers lapsed at their deadline, seen by this node")
            .register(registry);
    this.refused =
        Counter.builder("guichet.waitlist.offers")
            .tag("outcome", "refused")
            .description(
                "offers whose seats were held but PostgreSQL did not write (lease lost, list"
                    + " paused, entry gone, a seat in another open offer): their seats went back")
            .register(registry);
    this.lag =
        Timer.builder("guichet.waitlist.offer.lag")
            .description("from a seat coming back to the waiting list to its offer")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    activePerformances()
        .compose(
            ids -> {
              Future<Void> chain = Future.succeededFuture();
              for (UUID id : ids) {
                chain =
                    chain.transform(
                        v ->
                            step(id)
                                .recover(
                                    failure -> {
                                      LOG.warn(
                                          "waiting list of performance {}: {}",
                                          id,
                                          failure.toString());
                                      return Future.succeededFuture();
                                    }));
              }
              return chain;
            })
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("waiting lists not served this time: {}", done.cause().toString());
              }
            });
  }

  private Future<List<UUID>> activePerformances() {
    long now = clock.millis();
    if (now - activeAt < ACTIVE_MILLIS && now >= activeAt) {
      return Future.succeededFuture(active);
    }
    return store
        .active()
        .map(
            ids -> {
              active = ids;
              activeAt = now;
              leases.keySet().retainAll(ids);
              return ids;
            });
  }

  /** One performance: the lease, the listed categories, lapses, then offers if seats wait. */
  private Future<Void> step(UUID performanceId) {
    Lease lease = leases.computeIfAbsent(performanceId, k -> new Lease());
    Instant now = now();
    return renew(performanceId, lease, now)
        .compose(
            mine -> {
              if (!mine) {
                leases.remove(performanceId);
                return Future.succeededFuture();
              }
              return inventory
                  .open(performanceId)
                  .compose(live -> lapse(performanceId, lease, now).map(live))
                  .compose(live -> serve(performanceId, lease, live, now));
            });
  }

  private Future<Boolean> renew(UUID performanceId, Lease lease, Instant now) {
    if (lease.epoch >= 0 && now.plusMillis(LEASE.toMillis() - RENEW_MILLIS).isBefore(lease.until)) {
      return Future.succeededFuture(true);
    }
    Instant until = now.plus(LEASE);
    return store
        .lease(performanceId, node, now, until)
        .compose(
            epoch -> {
              if (epoch == null) {
                return Future.succeededFuture(false);
              }
              boolean taken = epoch != lease.epoch;
              lease.epoch = epoch;
              lease.until = until;
              if (!taken) {
                return Future.succeededFuture(true);
              }
              LOG.info(
                  "this node makes the waiting list's offers of performance {}", performanceId);
              lease.mask = -1;
              return reconcile(performanceId, lease).map(true);
            });
  }

  /**
   * A lease taken over: the seats of the open offers are held again for them, should the node that
   * made them have died before extending their hold to the offer's deadline.
   */
  private Future<Void> reconcile(UUID performanceId, Lease lease) {
    return store
        .openOffers(performanceId)
        .compose(
            offers -> {
              if (offers.isEmpty()) {
                return Future.succeededFuture();
              }
              return inventory
                  .open(performanceId)
                  .compose(
                      live -> {
                        List<Future<Boolean>> all = new ArrayList<>();
                        for (WaitlistOffer o : offers) {
                          lease.nextExpiry =
                              o.expiresAt().isBefore(lease.nextExpiry)
                                  ? o.expiresAt()
                                  : lease.nextExpiry;
                          HzInventory.HoldRef ref =
                              HzInventory.ref(
                                  live, o.holdId(), o.seatIds(), o.gaArea(), o.places());
                          all.add(
                              inventory
                                  .extend(live, ref, o.expiresAt().toEpochMilli())
                                  .compose(
                                      held ->
                                          held
                                              ? Future.succeededFuture(true)
                                              : lists.holdAgain(
                                                  live,
                                                  o.holdId(),
                                                  o.seatIds(),
                                                  o.gaArea(),
                                                  o.places(),
                                                  o.expiresAt().toEpochMilli()))
                                  .onSuccess(
                                      held -> {
                                        if (!held) {
                                          LOG.warn(
                                              "offer {}: its seats are no longer the list's",
                                              o.id());
                                        }
                                      }));
                        }
                        return Future.join(all).mapEmpty();
                      });
            });
  }

  private Future<Void> lapse(UUID performanceId, Lease lease, Instant now) {
    long wall = now.toEpochMilli();
    if (now.isBefore(lease.nextExpiry)
        && wall - lease.lapseAt < LAPSE_MILLIS
        && wall >= lease.lapseAt) {
      return Future.succeededFuture();
    }
    lease.lapseAt = wall;
    lease.nextExpiry = Instant.MAX;
    return store
        .lapse(performanceId, now)
        .compose(
            ids -> {
              lapsed.increment(ids.size());
              // the next deadline among the offers still open
              return store.openOffers(performanceId);
            })
        .map(
            open -> {
              open.forEach(
                  o -> {
                    if (o.expiresAt().isBefore(lease.nextExpiry)) {
                      lease.nextExpiry = o.expiresAt();
                    }
                  });
              return null;
            });
  }

  private Future<Void> serve(UUID performanceId, Lease lease, LivePerformance live, Instant now) {
    boolean maskDue = now.toEpochMilli() - lease.maskAt >= MASK_MILLIS || lease.mask < 0;
    Future<Integer> mask =
        maskDue ? refreshMask(performanceId, lease, live, now) : Future.succeededFuture(lease.mask);
    return mask.compose(
        m -> {
          if (m == 0) {
            return Future.succeededFuture();
          }
          return lists
              .view(live)
              .compose(
                  view ->
                      view.total() == 0
                          ? Future.succeededFuture()
                          : store
                              .state(performanceId)
                              .compose(
                                  state ->
                                      state.settings().offering()
                                          ? round(performanceId, lease, live, view, state, now)
                                          : Future.succeededFuture()));
        });
  }

  /**
   * Lists exactly the categories that waiting entries ask for (none while the list is paused or
   * closed). The first page of waiting entries tells; a category no entry of it asks for is still
   * listed if one further down the list does (asked of PostgreSQL at most every ten seconds).
   */
  private Future<Integer> refreshMask(
      UUID performanceId, Lease lease, LivePerformance live, Instant now) {
    return store
        .state(performanceId)
        .compose(
            state -> {
              if (!state.settings().offering()) {
                return Future.succeededFuture(0);
              }
              return store
                  .waiting(performanceId, 0, PAGE)
                  .compose(page -> maskOf(performanceId, lease, live, page, now));
            })
        .compose(
            mask -> {
              lease.maskAt = now.toEpochMilli();
              if (mask == lease.mask) {
                return Future.succeededFuture(mask);
              }
              return lists
                  .setListed(live, mask)
                  .map(
                      v -> {
                        lease.mask = mask;
                        listing.listed(performanceId, mask);
                        return mask;
                      });
            });
  }

  private Future<Integer> maskOf(
      UUID performanceId,
      Lease lease,
      LivePerformance live,
      List<WaitlistStore.Waiting> page,
      Instant now) {
    int mask = 0;
    for (WaitlistStore.Waiting w : page) {
      mask |= Listing.mask(live, w.categories());
    }
    if (page.size() < PAGE) {
      return Future.succeededFuture(mask);
    }
    long last = page.get(page.size() - 1).seq();
    List<Future<Integer>> further = new ArrayList<>();
    for (int c = 0; c < live.plan().categories().size() && c < 32; c++) {
      if ((mask & (1 << c)) != 0) {
        continue;
      }
      String category = live.plan().categories().get(c);
      int bit = 1 << c;
      Long at = lease.beyondAt.get(category);
      if (at != null && now.toEpochMilli() - at < BEYOND_MILLIS) {
        further.add(Future.succeededFuture(lease.beyond.get(category) ? bit : 0));
        continue;
      }
      further.add(
          store
              .wantedBeyond(performanceId, last, category)
              .map(
                  wanted -> {
                    lease.beyondAt.put(category, now.toEpochMilli());
                    lease.beyond.put(category, wanted);
                    return wanted ? bit : 0;
                  }));
    }
    int known = mask;
    return Future.all(further)
        .map(v -> further.stream().mapToInt(Future::result).reduce(known, (a, b) -> a | b));
  }

  // --- a round of offers ---

  private enum Outcome {
    OFFERED,
    NOT_SEATED,
    GONE,
    STOP
  }

  private Future<Void> round(
      UUID performanceId,
      Lease lease,
      LivePerformance live,
      WaitlistGrid.ListView view,
      WaitlistStore.State state,
      Instant now) {
    return store
        .waiting(performanceId, 0, PAGE)
        .compose(
            page -> {
              OfferRound round =
                  new OfferRound(
                      state.settings().rules(),
                      state.priority(),
                      now,
                      page.stream().map(WaitlistStore.Waiting::candidate).toList());
              Turn turn = new Turn(performanceId, lease, live, view, state, round, now);
              return turn.walk(page, 0, 0).compose(v -> saveFairness(turn, state.priority()));
            });
  }

  private Future<Void> saveFairness(Turn turn, OfferRound.Priority before) {
    OfferRound.Priority after = turn.round.priority();
    if (turn.round.passes().isEmpty() && after.equals(before)) {
      return Future.succeededFuture();
    }
    return store
        .writeFairness(
            turn.performanceId, node, turn.lease.epoch, turn.round.passes(), after, turn.now)
        .mapEmpty();
  }

  /** One walk over the waiting entries. */
  private final class Turn {
    final UUID performanceId;
    final Lease lease;
    final LivePerformance live;
    final WaitlistGrid.ListView view;
    final WaitlistStore.State state;
    final OfferRound round;
    final Instant now;

    Turn(
        UUID performanceId,
        Lease lease,
        LivePerformance live,
        WaitlistGrid.ListView view,
        WaitlistStore.State state,
        OfferRound round,
        Instant now) {
      this.performanceId = performanceId;
      this.lease = lease;
      this.live = live;
      this.view = view;
      this.state = state;
      this.round = round;
      this.now = now;
    }

    Future<Void> walk(List<WaitlistStore.Waiting> page, int next, int scanned) {
      if (view.total() == 0) {
        return Future.succeededFuture();
      }
      if (next >= page.size()) {
        if (page.size() < PAGE || scanned >= MAX_SCAN) {
          return Future.succeededFuture();
        }
        long last = page.get(page.size() - 1).seq();
        return store
            .waiting(performanceId, last, PAGE)
            .compose(
                more -> {
                  round.see(more.stream().map(WaitlistStore.Waiting::candidate).toList());
                  return walk(more, 0, scanned);
                });
      }
      WaitlistStore.Waiting entry = page.get(next);
      OfferRound.Candidate candidate = entry.candidate();
      if (round.next(candidate) == OfferRound.Decision.STOP) {
        return Future.succeededFuture();
      }
      return offer(entry)
          .compose(
              outcome ->
                  switch (outcome) {
                    case OFFERED -> {
                      round.seated(candidate);
                      yield walk(page, next + 1, scanned + 1);
                    }
                    case NOT_SEATED -> {
                      round.notSeated(candidate);
                      yield walk(page, next + 1, scanned + 1);
                    }
                    case GONE -> walk(page, next + 1, scanned + 1);
                    case STOP -> Future.succeededFuture();
                  });
    }

    /** Tries the entry's categories in its order of preference. */
    private Future<Outcome> offer(WaitlistStore.Waiting entry) {
      return pointsOfSale.channel(entry.channelId()).compose(channel -> offer(entry, channel, 0));
    }

    private Future<Outcome> offer(WaitlistStore.Waiting entry, SalesChannel channel, int k) {
      if (k >= entry.categories().size()) {
        return Future.succeededFuture(Outcome.NOT_SEATED);
      }
      String code = entry.categories().get(k);
      int category = live.plan().categoryIndex(code);
      if (category < 0 || !view.couldSeat(category, entry.quantity(), entry.together())) {
        return offer(entry, channel, k + 1);
      }
      boolean rule =
          !channel.alwaysAllowIsolatedSeats()
              && live.freeSeats() + view.total() > channel.isolatedSeatTrigger();
      HoldSpec spec =
          new HoldSpec(
              newHoldId(),
              now.plus(PROVISIONAL).toEpochMilli(),
              live.plan().quotaAccess(channel.id()),
              rule,
              !entry.together());
      return lists
          .hold(live, view, spec, category, entry.quantity(), entry.together())
          .compose(
              held -> held == null ? offer(entry, channel, k + 1) : write(entry, code, spec, held));
    }

    private Future<Outcome> write(
        WaitlistStore.Waiting entry, String category, HoldSpec spec, WaitlistGrid.OfferHold held) {
      Instant expires = now.plus(state.settings().offerDuration());
      List<String> seats = held.held().seats().stream().map(s -> s.id()).toList();
      WaitlistStore.NewOffer offer =
          new WaitlistStore.NewOffer(
              io.guichet.domain.Ids.timeOrdered(now),
              entry.id(),
              performanceId,
              node,
              lease.epoch,
              spec.holdId(),
              category,
              seats,
              held.held().area(),
              held.held().places(),
              now,
              expires,
              held.freedAt() == 0 ? null : Instant.ofEpochMilli(held.freedAt()));
      return store
          .writeOffer(offer)
          .recover(
              failure ->
                  lists
                      .release(
                          live, spec.holdId(), held.held(), Instant.ofEpochMilli(spec.deadline()))
                      .transform(v -> Future.failedFuture(failure)))
          .compose(
              outcome -> {
                if ("OFFERED".equals(outcome)) {
                  return offered(offer, held);
                }
                Future<Void> back =
                    lists.release(
                        live, spec.holdId(), held.held(), Instant.ofEpochMilli(spec.deadline()));
                return back.map(
                    v ->
                        switch (outcome) {
                          case "ENTRY_GONE" -> Outcome.GONE;
                          case "SEAT_IN_OFFER" -> {
                            // PostgreSQL has an open offer on these seats that the grid does not:
                            // hold its seats again before going on
                            lease.epoch = -1;
                            yield Outcome.STOP;
                          }
                          default -> Outcome.STOP; // LEASE_LOST, PAUSED
                        });
              });
    }

    private Future<Outcome> offered(WaitlistStore.NewOffer offer, WaitlistGrid.OfferHold held) {
      made.increment();
      if (held.freedAt() > 0) {
        lag.record(Math.max(0, now.toEpochMilli() - held.freedAt()), TimeUnit.MILLISECONDS);
      }
      if (offer.expiresAt().isBefore(lease.nextExpiry)) {
        lease.nextExpiry = offer.expiresAt();
      }
      HzInventory.HoldRef ref =
          HzInventory.ref(live, offer.holdId(), offer.seatIds(), offer.gaArea(), offer.places());
      // the seats stay the offer's until its deadline, retried should the grid fail now
      return inventory
          .repairs()
          .untilDone(
              "hold of the seats of offer " + offer.id(),
              () -> inventory.extend(live, ref, offer.expiresAt().toEpochMilli()),
              offer.expiresAt())
          .map(Outcome.OFFERED);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static long newHoldId() {
    long id;
    do {
      id = RANDOM.nextLong();
    } while (id == 0);
    return id;
  }
}
