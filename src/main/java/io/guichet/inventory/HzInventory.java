package io.guichet.inventory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.GaState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.PerformancePlanner;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.inventory.SeatRequest;
import io.guichet.ops.Futures;
import io.guichet.store.InventoryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seat inventory in Hazelcast: one IMap entry per block of seats, one per general-admission area,
 * changed only by entry processors. A performance is opened on a node on first use: its plan is
 * computed from PostgreSQL and its blocks are put in the grid if absent (rebuilding them after a
 * full cluster loss).
 */
public final class HzInventory {
  public static final String BLOCKS = "inventory-blocks";
  public static final String GA_AREAS = "inventory-ga";

  private final Vertx vertx;
  private final InventoryStore store;
  private final IMap<String, BlockState> blocks;
  private final IMap<String, GaState> areas;
  private final Clock clock;
  private final Map<UUID, Future<LivePerformance>> open = new ConcurrentHashMap<>();
  private final Grid grid;
  private final GridRepairs repairs;

  /** With the grid's default deadline. */
  public HzInventory(Vertx vertx, HazelcastInstance hz, InventoryStore store, Clock clock) {
    this(vertx, hz, store, clock, new Grid(Grid.DEFAULT_DEADLINE));
  }

  public HzInventory(
      Vertx vertx, HazelcastInstance hz, InventoryStore store, Clock clock, Grid grid) {
    this.grid = grid;
    this.repairs = new GridRepairs(vertx, clock);
    this.vertx = vertx;
    this.store = store;
    this.blocks = hz.getMap(BLOCKS);
    this.areas = hz.getMap(GA_AREAS);
    this.clock = clock;
  }

  /** The performance, opened on this node (and in the grid) if it was not yet. */
  public Future<LivePerformance> open(UUID performanceId) {
    Future<LivePerformance> future = open.computeIfAbsent(performanceId, this::load);
    if (future.succeeded()) {
      return Futures.detached(future);
    }
    return future.onFailure(e -> open.remove(performanceId, future));
  }

  /** The grid this inventory calls (and the carts beside it, on a server). */
  public Grid grid() {
    return grid;
  }

  /** Now, on the inventory's clock. */
  Instant now() {
    return clock.instant();
  }

  /** Performances opened on this node, for the reaper. */
  public List<LivePerformance> opened() {
    List<LivePerformance> result = new ArrayList<>();
    open.values()
        .forEach(
            f -> {
              if (f.succeeded()) {
                result.add(f.result());
              }
            });
    return result;
  }

  private Future<LivePerformance> load(UUID performanceId) {
    return store
        .planInputs(performanceId, clock.instant())
        .compose(
            in ->
                vertx.executeBlocking(
                    () ->
                        PerformancePlanner.plan(
                            performanceId, in.map(), in.quotas(), in.released()),
                    false))
        .compose(
            plan ->
                store
                    .saleState(performanceId, clock.instant())
                    .compose(sales -> ensureInGrid(plan, sales)));
  }

  /**
   * Opens a performance from a plan computed elsewhere (benchmarks build one without PostgreSQL);
   * blocks already in the grid are kept as they are.
   */
  Future<LivePerformance> open(PerformancePlan plan) {
    Future<LivePerformance> future =
        open.computeIfAbsent(
            plan.performanceId(), id -> ensureInGrid(plan, InventoryStore.SaleState.NONE));
    return future.onFailure(e -> open.remove(plan.performanceId(), future));
  }

  /**
   * Puts the performance's blocks and areas in the grid where they are missing, as PostgreSQL has
   * them: blocked seats, seats of live tickets sold, seats of orders waiting for their payment held
   * until its deadline. Blocks already in the grid are left as they are.
   */
  private Future<LivePerformance> ensureInGrid(
      PerformancePlan plan, InventoryStore.SaleState sales) {
    List<CompletableFuture<?>> puts = new ArrayList<>();
    LivePerformance keys =
        new LivePerformance(plan, emptySummaries(plan), new int[plan.gaAreas().size()]);
    List<BlockState> states = new ArrayList<>();
    for (int b = 0; b < plan.blocks().size(); b++) {
      states.add(plan.initialState(b));
    }
    long now = clock.millis();
    for (String seat : sales.soldSeats()) {
      PerformancePlan.SeatAddress a = plan.seats().get(seat);
      if (a != null) {
        states.get(a.block()).sell(a.index());
      }
    }
    for (InventoryStore.HeldLine held : sales.held()) {
      PerformancePlan.SeatAddress a =
          held.seatId() == null ? null : plan.seats().get(held.seatId());
      if (a != null && states.get(a.block()).free(a.index(), now)) {
        states.get(a.block()).hold(new int[] {a.index()}, held.holdId(), held.deadline());
      }
    }
    for (int b = 0; b < plan.blocks().size(); b++) {
      puts.add(
          blocks
              .submitToKey(keys.blockKey(b), new InitIfAbsent<>(states.get(b)))
              .toCompletableFuture());
    }
    for (int a = 0; a < plan.gaAreas().size(); a++) {
      GaState area = new GaState(plan.gaAreas().get(a).capacity(), plan.gaAreas().get(a).reserve());
      area.sell(0, sales.gaSold().getOrDefault(a, 0));
      for (InventoryStore.HeldLine held : sales.held()) {
        if (held.gaArea() != null && held.gaArea() == a) {
          area.hold(held.holdId(), held.places(), held.deadline(), now, 0);
        }
      }
      puts.add(areas.submitToKey(keys.areaKey(a), new InitIfAbsent<>(area)).toCompletableFuture());
    }
    return grid.call(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)))
        .compose(v -> refresh(keys))
        .map(keys);
  }

  private static List<int[]> emptySummaries(PerformancePlan plan) {
    List<int[]> list = new ArrayList<>();
    for (int b = 0; b < plan.blocks().size(); b++) {
      list.add(new int[plan.categories().size() * 3]);
    }
    return list;
  }

  /** Reads every block's summary and every area's free places into the node's view. */
  public Future<Void> refresh(LivePerformance live) {
    long now = clock.millis();
    Set<String> keys = new HashSet<>(Arrays.asList(live.blockKeys()));
    Future<Map<String, int[]>> summaries =
        grid.call(blocks.submitToKeys(keys, new BlockProcessors.Summarize(now, live.categories())));
    Future<Map<String, Integer>> free = onAreas(live, new GaProcessors.Free(now));
    return Future.all(summaries, free)
        .map(
            all -> {
              for (int b = 0; b < live.blockKeys().length; b++) {
                live.update(b, summaries.result().get(live.blockKey(b)));
              }
              for (int a = 0; a < live.areaKeys().length; a++) {
                Integer f = free.result().get(live.areaKey(a));
                live.updateArea(a, f == null ? 0 : f);
              }
              return null;
            });
  }

  /**
   * Holds the best seats for a party of {@code quantity} in a category: blocks are tried best
   * first; a block holds at once when no later block could offer a better score, else the best
   * offer seen is taken when the next block cannot beat it.
   */
  public Future<HeldSeats> holdBest(
      LivePerformance live, HoldSpec spec, int category, int quantity) {
    live.used(clock.millis());
    if (!live.seated(category)) {
      return holdPlaces(live, spec, category, quantity);
    }
    SeatRequest request =
        new SeatRequest(
            category, quantity, spec.quotaAccess(), spec.isolationRule(), spec.allowSplit());
    return tryBlocks(
            live,
            spec,
            request,
            live.candidates(category, quantity, spec.allowSplit()),
            0,
            -1,
            Long.MAX_VALUE)
        .recover(
            failure -> {
              if (!(failure instanceof DomainException d) || d.failure() != Failure.SOLD_OUT) {
                return Future.failedFuture(failure);
              }
              // This node's view may be stale (holds expired, or released on another node):
              // read the grid once more before saying no.
              return refresh(live)
                  .compose(
                      v ->
                          tryBlocks(
                              live,
                              spec,
                              request,
                              live.candidates(category, quantity, spec.allowSplit()),
                              0,
                              -1,
                              Long.MAX_VALUE));
            });
  }

  private Future<HeldSeats> tryBlocks(
      LivePerformance live,
      HoldSpec spec,
      SeatRequest request,
      List<Integer> candidates,
      int next,
      int bestBlock,
      long bestScore) {
    long nextBound =
        next < candidates.size()
            ? live.bound(candidates.get(next), request.category(), request.quantity())
            : Long.MAX_VALUE;
    if (bestBlock >= 0 && bestScore <= nextBound) {
      // No block left can beat the best offer seen: take it (it may have changed since).
      List<Integer> rest = new ArrayList<>(candidates.subList(next, candidates.size()));
      return holdIn(live, spec, request, bestBlock, Long.MAX_VALUE)
          .compose(
              held ->
                  held != null
                      ? Future.succeededFuture(held)
                      : tryBlocks(live, spec, request, rest, 0, -1, Long.MAX_VALUE));
    }
    if (next >= candidates.size()) {
      return Future.failedFuture(soldOut(live, request));
    }
    int block = candidates.get(next);
    long afterBound =
        next + 1 < candidates.size()
            ? live.bound(candidates.get(next + 1), request.category(), request.quantity())
            : Long.MAX_VALUE;
    long now = clock.millis();
    BlockProcessors.HoldBest processor =
        new BlockProcessors.HoldBest(
            request,
            live.categories(),
            spec.holdId(),
            spec.deadline(),
            now,
            Math.min(afterBound, bestScore));
    return grid.call(blocks.submitToKey(live.blockKey(block), processor))
        .compose(
            result -> {
              live.update(block, result);
              if (result.outcome() == BlockProcessors.Outcome.HELD) {
                return Future.succeededFuture(seats(live, block, result.seats()));
              }
              if (result.outcome() == BlockProcessors.Outcome.MISSING) {
                return Future.failedFuture(missing(live));
              }
              boolean better = result.score() < bestScore;
              return tryBlocks(
                  live,
                  spec,
                  request,
                  candidates,
                  next + 1,
                  better ? block : bestBlock,
                  better ? result.score() : bestScore);
            });
  }

  private Future<HeldSeats> holdIn(
      LivePerformance live, HoldSpec spec, SeatRequest request, int block, long maxScore) {
    BlockProcessors.HoldBest processor =
        new BlockProcessors.HoldBest(
            request, live.categories(), spec.holdId(), spec.deadline(), clock.millis(), maxScore);
    return grid.call(blocks.submitToKey(live.blockKey(block), processor))
        .map(
            result -> {
              live.update(block, result);
              return result.outcome() == BlockProcessors.Outcome.HELD
                  ? seats(live, block, result.seats())
                  : null;
            });
  }

  private Future<HeldSeats> holdPlaces(
      LivePerformance live, HoldSpec spec, int category, int quantity) {
    List<PerformancePlan.GaArea> areaList = live.plan().gaAreas();
    List<Integer> candidates = new ArrayList<>();
    for (int a = 0; a < areaList.size(); a++) {
      if (areaList.get(a).category() == category) {
        candidates.add(a);
      }
    }
    return holdInAreas(live, spec, candidates, 0, quantity, category);
  }

  private Future<HeldSeats> holdInAreas(
      LivePerformance live,
      HoldSpec spec,
      List<Integer> areaList,
      int next,
      int quantity,
      int category) {
    if (next >= areaList.size()) {
      return Future.failedFuture(
          soldOut(live, new SeatRequest(category, quantity, 0, false, false)));
    }
    int area = areaList.get(next);
    GaProcessors.Hold hold =
        new GaProcessors.Hold(
            spec.holdId(), quantity, spec.deadline(), clock.millis(), spec.quotaAccess());
    return grid.call(areas.submitToKey(live.areaKey(area), hold))
        .compose(
            free -> {
              if (free >= 0) {
                live.updateArea(area, free);
                return Future.succeededFuture(HeldSeats.ofArea(area, quantity));
              }
              return holdInAreas(live, spec, areaList, next + 1, quantity, category);
            });
  }

  /**
   * Holds named seats, all or none: block by block, releasing what was taken if a later block
   * refuses. {@code release} lists seats of the same hold to let go in the same step (a swap):
   * inside one block that is atomic; across blocks the new seats are held first and the old ones
   * released after, so the buyer never ends with neither.
   */
  public Future<HeldSeats> holdSeats(
      LivePerformance live, HoldSpec spec, List<String> seatIds, List<String> release) {
    live.used(clock.millis());
    Map<Integer, List<Integer>> byBlock = group(live, seatIds);
    Map<Integer, List<Integer>> releaseByBlock = group(live, release);
    boolean oneBlockSwap =
        byBlock.size() == 1
            && (releaseByBlock.isEmpty() || releaseByBlock.keySet().equals(byBlock.keySet()));
    List<Integer> order = new ArrayList<>(byBlock.keySet());
    if (oneBlockSwap || releaseByBlock.isEmpty()) {
      return holdBlocks(
          live,
          spec,
          byBlock,
          oneBlockSwap ? releaseByBlock : Map.of(),
          order,
          0,
          new ArrayList<>());
    }
    // A swap across blocks: refused up front if giving the seats back would strand one; then the
    // new seats are held, and the old ones given back (retried until done, should the grid fail).
    return strandedOnRelease(live, spec, releaseByBlock)
        .compose(v -> holdBlocks(live, spec, byBlock, Map.of(), order, 0, new ArrayList<>()))
        .compose(
            held ->
                repairs
                    .untilDone(
                        "release of seats given back by a swap of hold " + spec.holdId(),
                        () -> releaseSeats(live, spec.holdId(), releaseByBlock),
                        Instant.ofEpochMilli(spec.deadline()))
                    .map(held));
  }

  /** Fails with ISOLATED_SEAT when giving these seats back would strand one (the rule applying). */
  private Future<Void> strandedOnRelease(
      LivePerformance live, HoldSpec spec, Map<Integer, List<Integer>> releaseByBlock) {
    if (!spec.isolationRule()) {
      return Future.succeededFuture();
    }
    long now = clock.millis();
    List<Future<Void>> checks = new ArrayList<>();
    releaseByBlock.forEach(
        (block, seats) ->
            checks.add(
                grid.call(
                        blocks.submitToKey(
                            live.blockKey(block),
                            new BlockProcessors.StrandedOnRelease(
                                spec.holdId(),
                                seats.stream().mapToInt(Integer::intValue).toArray(),
                                now)))
                    .compose(
                        stranded ->
                            stranded < 0
                                ? Future.succeededFuture()
                                : Future.failedFuture(
                                    refusal(
                                        BlockProcessors.Outcome.ISOLATED_SEAT,
                                        live.plan().blocks().get(block).ids()[stranded])))));
    return Future.all(checks).mapEmpty();
  }

  private Future<HeldSeats> holdBlocks(
      LivePerformance live,
      HoldSpec spec,
      Map<Integer, List<Integer>> byBlock,
      Map<Integer, List<Integer>> releaseByBlock,
      List<Integer> order,
      int next,
      List<HeldSeats.Seat> held) {
    if (next >= order.size()) {
      return Future.succeededFuture(HeldSeats.ofSeats(held));
    }
    int block = order.get(next);
    int[] seats = byBlock.get(block).stream().mapToInt(Integer::intValue).toArray();
    int[] release =
        releaseByBlock.getOrDefault(block, List.of()).stream()
            .mapToInt(Integer::intValue)
            .toArray();
    BlockProcessors.HoldSeats processor =
        new BlockProcessors.HoldSeats(
            seats,
            release,
            spec.holdId(),
            spec.deadline(),
            clock.millis(),
            spec.quotaAccess(),
            spec.isolationRule(),
            live.categories());
    return grid.call(blocks.submitToKey(live.blockKey(block), processor))
        .compose(
            result -> {
              live.update(block, result);
              if (result.outcome() == BlockProcessors.Outcome.HELD) {
                held.addAll(seats(live, block, seats).seats());
                return holdBlocks(live, spec, byBlock, releaseByBlock, order, next + 1, held);
              }
              DomainException refusal =
                  result.outcome() == BlockProcessors.Outcome.MISSING
                      ? missing(live)
                      : refusal(
                          result.outcome(), live.plan().blocks().get(block).ids()[result.seat()]);
              Map<Integer, List<Integer>> undo = new LinkedHashMap<>();
              held.forEach(
                  s -> undo.computeIfAbsent(s.block(), k -> new ArrayList<>()).add(s.index()));
              return repairs
                  .untilDone(
                      "release of seats taken by a refused hold " + spec.holdId(),
                      () -> releaseSeats(live, spec.holdId(), undo),
                      Instant.ofEpochMilli(spec.deadline()))
                  .compose(v -> Future.failedFuture(refusal));
            });
  }

  /** Repairs of grid changes that failed, retried on this node. */
  public GridRepairs repairs() {
    return repairs;
  }

  /**
   * Releases a hold (as {@link #release}); should the grid fail, the release is retried until done
   * or until {@code deadline}, when the hold lapses anyway.
   */
  public Future<Void> releaseUntilDone(
      LivePerformance live, long holdId, Set<Integer> blockSet, Integer area, Instant deadline) {
    return repairs.untilDone(
        "release of hold " + holdId, () -> release(live, holdId, blockSet, area), deadline);
  }

  /**
   * Marks a hold's seats and places sold (as {@link #sell}); should the grid fail, the sale is
   * retried until done: PostgreSQL has sold them.
   */
  public Future<Void> sellUntilDone(LivePerformance live, HoldRef hold) {
    return repairs.untilDone("sale of hold " + hold.holdId(), () -> sell(live, hold), Instant.MAX);
  }

  /** Releases a hold: all its seats in the listed blocks, and its places in an area. */
  public Future<Void> release(
      LivePerformance live, long holdId, Set<Integer> blockSet, Integer area) {
    live.used(clock.millis());
    List<Future<?>> all = new ArrayList<>();
    long now = clock.millis();
    for (int block : blockSet) {
      all.add(
          grid.call(
                  blocks.submitToKey(
                      live.blockKey(block),
                      new BlockProcessors.Release(holdId, null, live.categories(), now)))
              .onSuccess(r -> live.update(block, r)));
    }
    if (area != null) {
      all.add(grid.call(areas.submitToKey(live.areaKey(area), new GaProcessors.Release(holdId))));
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> releaseSeats(
      LivePerformance live, long holdId, Map<Integer, List<Integer>> byBlock) {
    List<Future<?>> all = new ArrayList<>();
    long now = clock.millis();
    byBlock.forEach(
        (block, seats) ->
            all.add(
                grid.call(
                        blocks.submitToKey(
                            live.blockKey(block),
                            new BlockProcessors.Release(
                                holdId,
                                seats.stream().mapToInt(Integer::intValue).toArray(),
                                live.categories(),
                                now)))
                    .onSuccess(r -> live.update(block, r))));
    return Future.all(all).mapEmpty();
  }

  /** Where a hold's seats live in the grid: by block, and its places in a standing area. */
  public record HoldRef(long holdId, Map<Integer, int[]> seatsByBlock, Integer area, int places) {}

  /** The grid address of a hold of these seats (or of these places in a standing area). */
  public static HoldRef ref(
      LivePerformance live, long holdId, List<String> seatIds, Integer area, int places) {
    Map<Integer, int[]> byBlock = new LinkedHashMap<>();
    group(live, seatIds)
        .forEach((b, list) -> byBlock.put(b, list.stream().mapToInt(Integer::intValue).toArray()));
    return new HoldRef(holdId, byBlock, area, area == null ? 0 : places);
  }

  /**
   * Moves a hold's deadline (a payment is in flight); true when every seat and place was still held
   * by it, false (and nothing useful done) otherwise.
   */
  public Future<Boolean> extend(LivePerformance live, HoldRef hold, long until) {
    live.used(clock.millis());
    long now = clock.millis();
    List<Future<Boolean>> all = new ArrayList<>();
    hold.seatsByBlock()
        .forEach(
            (block, seats) ->
                all.add(
                    grid.call(
                            blocks.submitToKey(
                                live.blockKey(block),
                                new BlockProcessors.Extend(
                                    hold.holdId(), seats, until, now, live.categories())))
                        .map(r -> r.outcome() == BlockProcessors.Outcome.DONE)));
    if (hold.area() != null) {
      all.add(
          grid.call(
                  areas.submitToKey(
                      live.areaKey(hold.area()),
                      new GaProcessors.Extend(hold.holdId(), until, now)))
              .map(places -> places == hold.places()));
    }
    return Future.all(all).map(done -> all.stream().allMatch(f -> Boolean.TRUE.equals(f.result())));
  }

  /** Marks a hold's seats and places sold: its order is committed. */
  public Future<Void> sell(LivePerformance live, HoldRef hold) {
    live.used(clock.millis());
    long now = clock.millis();
    List<Future<?>> all = new ArrayList<>();
    hold.seatsByBlock()
        .forEach(
            (block, seats) ->
                all.add(
                    grid.call(
                            blocks.submitToKey(
                                live.blockKey(block),
                                new BlockProcessors.Sell(seats, live.categories(), now)))
                        .onSuccess(r -> live.update(block, r))));
    if (hold.area() != null) {
      all.add(
          grid.call(
                  areas.submitToKey(
                      live.areaKey(hold.area()),
                      new GaProcessors.Sell(hold.holdId(), hold.places(), now)))
              .onSuccess(free -> live.updateArea(hold.area(), free)));
    }
    return Future.all(all).mapEmpty();
  }

  /** Puts a cancelled order's sold seats and places back on sale. */
  public Future<Void> reopen(LivePerformance live, HoldRef hold) {
    live.used(clock.millis());
    long now = clock.millis();
    List<Future<?>> all = new ArrayList<>();
    hold.seatsByBlock()
        .forEach(
            (block, seats) ->
                all.add(
                    grid.call(
                            blocks.submitToKey(
                                live.blockKey(block),
                                new BlockProcessors.Reopen(seats, live.categories(), now)))
                        .onSuccess(r -> live.update(block, r))));
    if (hold.area() != null) {
      all.add(
          grid.call(
                  areas.submitToKey(
                      live.areaKey(hold.area()), new GaProcessors.Unsell(hold.places(), now)))
              .onSuccess(free -> live.updateArea(hold.area(), free)));
    }
    return Future.all(all).mapEmpty();
  }

  /**
   * How often the reaper visits every block of a performance rather than only those due: while this
   * node sells it (to notice soon holds of other nodes, and their releases, in this node's view),
   * and otherwise (holds of a node gone; a lapsed hold counts as free anyway).
   */
  static final long FULL_SWEEP_ACTIVE_MS = 1_000;

  static final long FULL_SWEEP_IDLE_MS = 10_000;

  /**
   * Frees expired holds of a performance; answers the seats and places freed. Visits the blocks
   * where this node knows a hold may have lapsed, and every block and area at the full-sweep
   * intervals (areas at every pass while the performance is in use here).
   */
  public Future<Integer> expire(LivePerformance live) {
    long now = clock.millis();
    boolean full = live.fullSweep(now, FULL_SWEEP_ACTIVE_MS, FULL_SWEEP_IDLE_MS);
    long[] seen = live.dueSnapshot();
    BlockProcessors.Expire processor = new BlockProcessors.Expire(now, live.categories());
    List<Future<Integer>> all = new ArrayList<>();
    if (full) {
      all.add(
          grid.call(blocks.submitToKeys(new HashSet<>(Arrays.asList(live.blockKeys())), processor))
              .map(
                  results -> {
                    int freed = 0;
                    for (int b = 0; b < seen.length; b++) {
                      BlockProcessors.Result r = results.get(live.blockKey(b));
                      if (r != null) {
                        live.reaped(b, seen[b], r);
                        freed += r.seat();
                      }
                    }
                    return freed;
                  }));
    } else {
      for (int b = 0; b < seen.length; b++) {
        if (seen[b] <= now) {
          int block = b;
          all.add(
              grid.call(blocks.submitToKey(live.blockKey(block), processor))
                  .map(
                      r -> {
                        live.reaped(block, seen[block], r);
                        return r.seat();
                      }));
        }
      }
    }
    if (full || live.inUse(now)) {
      for (int a = 0; a < live.areaKeys().length; a++) {
        all.add(grid.call(areas.submitToKey(live.areaKey(a), new GaProcessors.Expire(now))));
      }
    }
    return Future.all(all)
        .map(
            done -> {
              int freed = 0;
              for (Future<Integer> f : all) {
                freed += f.result();
              }
              return freed;
            });
  }

  /** Effective seat states per block (SeatState ordinals) and free places per area. */
  public record Snapshot(byte[][] blockStates, int[] areaFree) {}

  public Future<Snapshot> snapshot(LivePerformance live) {
    long now = clock.millis();
    Future<Map<String, byte[]>> states =
        grid.call(
            blocks.submitToKeys(
                new HashSet<>(Arrays.asList(live.blockKeys())), new BlockProcessors.States(now)));
    Future<Map<String, Integer>> free = onAreas(live, new GaProcessors.Free(now));
    return Future.all(states, free)
        .map(
            all -> {
              byte[][] byBlock = new byte[live.blockKeys().length][];
              for (int b = 0; b < byBlock.length; b++) {
                byBlock[b] = states.result().get(live.blockKey(b));
              }
              int[] areaFree = new int[live.areaKeys().length];
              for (int a = 0; a < areaFree.length; a++) {
                Integer f = free.result().get(live.areaKey(a));
                areaFree[a] = f == null ? 0 : f;
                live.updateArea(a, areaFree[a]);
              }
              return new Snapshot(byBlock, areaFree);
            });
  }

  /** Per block, the hold that has each seat live now (0: none), for audits; null when missing. */
  public Future<long[][]> holders(LivePerformance live) {
    return grid.call(
            blocks.submitToKeys(
                new HashSet<>(Arrays.asList(live.blockKeys())),
                new BlockProcessors.Holders(clock.millis())))
        .map(
            byKey -> {
              long[][] out = new long[live.blockKeys().length][];
              for (int b = 0; b < out.length; b++) {
                out[b] = byKey.get(live.blockKey(b));
              }
              return out;
            });
  }

  /**
   * Per standing area (by index): places free to anyone and places sold, for audits. An area
   * missing from the grid answers null.
   */
  public Future<int[][]> areaCounts(LivePerformance live) {
    if (live.areaKeys().length == 0) {
      return Future.succeededFuture(new int[0][]);
    }
    return grid.call(
            areas.submitToKeys(
                new HashSet<>(Arrays.asList(live.areaKeys())),
                new GaProcessors.Counts(clock.millis())))
        .map(
            counts -> {
              int[][] byArea = new int[live.areaKeys().length][];
              for (int a = 0; a < byArea.length; a++) {
                byArea[a] = counts.get(live.areaKey(a));
              }
              return byArea;
            });
  }

  // --- helpers ---

  /** Runs a processor on every general-admission area of the performance. */
  private Future<Map<String, Integer>> onAreas(
      LivePerformance live, com.hazelcast.map.EntryProcessor<String, GaState, Integer> processor) {
    if (live.areaKeys().length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return grid.call(areas.submitToKeys(new HashSet<>(Arrays.asList(live.areaKeys())), processor));
  }

  private static Map<Integer, List<Integer>> group(LivePerformance live, List<String> seatIds) {
    Map<Integer, List<Integer>> byBlock = new LinkedHashMap<>();
    for (String id : seatIds) {
      PerformancePlan.SeatAddress a = live.plan().seats().get(id);
      if (a == null) {
        throw DomainException.invalid("seat " + id + " is not on this performance's seat map");
      }
      byBlock.computeIfAbsent(a.block(), k -> new ArrayList<>()).add(a.index());
    }
    return byBlock;
  }

  private static HeldSeats seats(LivePerformance live, int block, int[] indexes) {
    SeatBlock b = live.plan().blocks().get(block);
    List<HeldSeats.Seat> seats = new ArrayList<>(indexes.length);
    for (int i : indexes) {
      seats.add(new HeldSeats.Seat(b.ids()[i], block, i));
    }
    return HeldSeats.ofSeats(seats);
  }

  private static DomainException refusal(BlockProcessors.Outcome outcome, String seatId) {
    return switch (outcome) {
      case SEAT_RESERVED ->
          DomainException.of(
              Failure.SEAT_RESERVED,
              "seat " + seatId + " is reserved to other channels",
              Map.of("seat", seatId));
      case ISOLATED_SEAT ->
          DomainException.of(
              Failure.ISOLATED_SEAT,
              "this selection would leave seat " + seatId + " isolated",
              Map.of("strandedSeat", seatId));
      default ->
          DomainException.of(
              Failure.SEAT_TAKEN, "seat " + seatId + " is not available", Map.of("seat", seatId));
    };
  }

  private static DomainException soldOut(LivePerformance live, SeatRequest request) {
    List<String> categories = live.plan().categories();
    String category = categories.get(request.category());
    List<String> others = new ArrayList<>();
    for (int c = 0; c < categories.size(); c++) {
      if (c != request.category()
          && (live.seated(c) ? live.longestRun(c) : live.free(c)) >= request.quantity()) {
        others.add(categories.get(c));
      }
    }
    int largest =
        live.seated(request.category())
            ? live.longestRun(request.category())
            : live.free(request.category());
    return DomainException.of(
        Failure.SOLD_OUT,
        "no " + request.quantity() + " seats together are available in category " + category,
        Map.of(
            "category",
            category,
            "available",
            live.free(request.category()),
            "largestGroup",
            Math.min(largest, request.quantity() - 1),
            "otherCategories",
            others));
  }

  private static DomainException missing(LivePerformance live) {
    return new DomainException(
        Failure.NOT_FOUND,
        "the seats of performance " + live.plan().performanceId() + " are not in the grid");
  }
}
