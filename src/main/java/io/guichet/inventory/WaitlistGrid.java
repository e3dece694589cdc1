package io.guichet.inventory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.guichet.domain.DomainException;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.GaState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.inventory.SeatRequest;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waiting list's side of the grid: which categories are listed (their free seats of the general
 * pool go to the list, see {@link BlockState}), what the list has to offer, holds made for offers
 * out of it, and seats sent to it by the organizer. Every change is an entry processor on one block
 * or area, like every other change of the inventory.
 */
public final class WaitlistGrid {
  private final HzInventory inventory;
  private final IMap<String, BlockState> blocks;
  private final IMap<String, GaState> areas;
  private final Grid grid;
  private final Clock clock;

  public WaitlistGrid(HzInventory inventory, HazelcastInstance hz, Grid grid, Clock clock) {
    this.inventory = inventory;
    this.blocks = hz.getMap(HzInventory.BLOCKS);
    this.areas = hz.getMap(HzInventory.GA_AREAS);
    this.grid = grid;
    this.clock = clock;
  }

  public HzInventory inventory() {
    return inventory;
  }

  /**
   * Lists exactly the categories of {@code mask} (bit c: category c) on every block and area of the
   * performance: from then on their free seats (those freed later included) are the list's.
   */
  public Future<Void> setListed(LivePerformance live, int mask) {
    return listed(live, mask, false);
  }

  /** Lists the categories of {@code mask} too (those listed stay listed). */
  public Future<Void> addListed(LivePerformance live, int mask) {
    return listed(live, mask, true);
  }

  private Future<Void> listed(LivePerformance live, int mask, boolean add) {
    long now = clock.millis();
    Set<String> keys = new HashSet<>(Arrays.asList(live.blockKeys()));
    Future<Map<String, BlockProcessors.Result>> seats =
        grid.call(
                blocks.submitToKeys(
                    keys, new BlockProcessors.SetListed(mask, add, live.categories(), now)))
            .onSuccess(
                results -> {
                  for (int b = 0; b < live.blockKeys().length; b++) {
                    BlockProcessors.Result r = results.get(live.blockKey(b));
                    if (r != null) {
                      live.update(b, r);
                    }
                  }
                });
    List<Future<?>> all = new ArrayList<>();
    all.add(seats);
    for (int a = 0; a < live.areaKeys().length; a++) {
      int area = a;
      boolean listed = ((mask >>> live.plan().gaAreas().get(a).category()) & 1) == 1;
      all.add(
          grid.call(
                  areas.submitToKey(live.areaKey(a), new GaProcessors.SetListed(listed, add, now)))
              .onSuccess(free -> live.updateArea(area, free)));
    }
    return Future.all(all).mapEmpty();
  }

  /**
   * Per category, the seats and places on sale that a channel of this quota access may take now
   * (the waiting list's are not on sale): 0 is sold out for that channel.
   */
  public Future<int[]> onSaleFor(LivePerformance live, long quotaAccess) {
    long now = clock.millis();
    Future<Map<String, int[]>> seats =
        grid.call(
            blocks.submitToKeys(
                new HashSet<>(Arrays.asList(live.blockKeys())),
                new BlockProcessors.OnSaleFor(quotaAccess, live.categories(), now)));
    Future<Map<String, Integer>> places =
        live.areaKeys().length == 0
            ? Future.succeededFuture(Map.of())
            : grid.call(
                areas.submitToKeys(
                    new HashSet<>(Arrays.asList(live.areaKeys())),
                    new GaProcessors.FreeFor(quotaAccess, now)));
    return Future.all(seats, places)
        .map(
            v -> {
              int[] out = new int[live.categories()];
              seats
                  .result()
                  .values()
                  .forEach(
                      counts -> {
                        for (int c = 0; c < out.length; c++) {
                          out[c] += counts[c];
                        }
                      });
              for (int a = 0; a < live.areaKeys().length; a++) {
                Integer free = places.result().get(live.areaKey(a));
                out[live.plan().gaAreas().get(a).category()] += free == null ? 0 : free;
              }
              return out;
            });
  }

  /** What the list has to offer now: per block its list summary, per area its places. */
  public Future<ListView> view(LivePerformance live) {
    long now = clock.millis();
    Set<String> keys = new HashSet<>(Arrays.asList(live.blockKeys()));
    Future<Map<String, int[]>> seats =
        grid.call(
            blocks.submitToKeys(keys, new BlockProcessors.ListSummary(now, live.categories())));
    Future<Map<String, Integer>> places =
        live.areaKeys().length == 0
            ? Future.succeededFuture(Map.of())
            : grid.call(
                areas.submitToKeys(
                    new HashSet<>(Arrays.asList(live.areaKeys())), new GaProcessors.ListFree(now)));
    return Future.all(seats, places)
        .map(
            v -> {
              int[][] byBlock = new int[live.blockKeys().length][];
              for (int b = 0; b < byBlock.length; b++) {
                int[] s = seats.result().get(live.blockKey(b));
                byBlock[b] = s == null ? new int[live.categories() * 3] : s;
              }
              int[] byArea = new int[live.areaKeys().length];
              for (int a = 0; a < byArea.length; a++) {
                Integer p = places.result().get(live.areaKey(a));
                byArea[a] = p == null ? 0 : p;
              }
              return new ListView(live.plan(), byBlock, byArea);
            });
  }

  /**
   * The list's seats and places as last read: per block, per category c, the seats at {@code 3c},
   * their best rank at {@code 3c + 1} and their longest run at {@code 3c + 2}; per area its places.
   * Updated as holds are made from it.
   */
  public static final class ListView {
    private final PerformancePlan plan;
    private final int[][] blocks;
    private final int[] areas;

    ListView(PerformancePlan plan, int[][] blocks, int[] areas) {
      this.plan = plan;
      this.blocks = blocks;
      this.areas = areas;
    }

    /** Seats and places the list has in a category. */
    public int free(int category) {
      int free = 0;
      for (int[] s : blocks) {
        free += s[3 * category];
      }
      for (int a = 0; a < areas.length; a++) {
        if (plan.gaAreas().get(a).category() == category) {
          free += areas[a];
        }
      }
      return free;
    }

    /** Seats and places the list has in all. */
    public int total() {
      int total = 0;
      for (int c = 0; c < plan.categories().size(); c++) {
        total += free(c);
      }
      return total;
    }

    /** Whether a party of {@code quantity} could be seated in the category, side by side or not. */
    public boolean couldSeat(int category, int quantity, boolean together) {
      for (int a = 0; a < areas.length; a++) {
        if (plan.gaAreas().get(a).category() == category && areas[a] >= quantity) {
          return true;
        }
      }
      if (!together) {
        int seats = 0;
        for (int[] s : blocks) {
          seats += s[3 * category];
        }
        return seats >= quantity;
      }
      for (int[] s : blocks) {
        if (s[3 * category + 2] >= quantity) {
          return true;
        }
      }
      return false;
    }

    List<Integer> candidates(int category, int atLeast, boolean run) {
      List<Integer> list = new ArrayList<>();
      for (int b = 0; b < blocks.length; b++) {
        int[] s = blocks[b];
        if (s[3 * category] >= 1 && (run ? s[3 * category + 2] : s[3 * category]) >= atLeast) {
          list.add(b);
        }
      }
      list.sort(Comparator.comparingInt(b -> blocks[b][3 * category + 1]));
      return list;
    }

    void update(int block, int[] summary) {
      if (summary != null) {
        blocks[block] = summary;
      }
    }
  }

  /** Seats or places held for an offer, and when the earliest of them came back (0: unknown). */
  public record OfferHold(HeldSeats held, long freedAt) {}

  /**
   * Holds the list's best seats of a category for an offer: {@code quantity} side by side when
   * {@code together}, else as few groups as possible (across blocks if it must); places in a
   * standing area for a standing category. Answers null when the list cannot seat the party
   * (nothing is then held).
   */
  public Future<OfferHold> hold(
      LivePerformance live,
      ListView view,
      HoldSpec spec,
      int category,
      int quantity,
      boolean together) {
    if (!live.seated(category)) {
      return holdPlaces(live, view, spec, category, quantity);
    }
    SeatRequest request =
        new SeatRequest(
            category, quantity, spec.quotaAccess(), spec.isolationRule(), !together, true);
    List<Integer> single = view.candidates(category, quantity, together);
    return holdInOne(live, view, spec, request, single, 0)
        .compose(
            held -> {
              if (held != null || together) {
                return Future.succeededFuture(held);
              }
              return holdAcross(
                  live,
                  view,
                  spec,
                  category,
                  view.candidates(category, 1, false),
                  0,
                  quantity,
                  new ArrayList<>(),
                  Long.MAX_VALUE);
            });
  }

  private Future<OfferHold> holdInOne(
      LivePerformance live,
      ListView view,
      HoldSpec spec,
      SeatRequest request,
      List<Integer> candidates,
      int next) {
    if (next >= candidates.size()) {
      return Future.succeededFuture(null);
    }
    int block = candidates.get(next);
    return holdInBlock(live, view, spec, request, block)
        .compose(
            held ->
                held != null
                    ? Future.succeededFuture(held)
                    : holdInOne(live, view, spec, request, candidates, next + 1));
  }

  private Future<OfferHold> holdInBlock(
      LivePerformance live, ListView view, HoldSpec spec, SeatRequest request, int block) {
    BlockProcessors.HoldForList processor =
        new BlockProcessors.HoldForList(
            request, live.categories(), spec.holdId(), spec.deadline(), clock.millis());
    return grid.call(blocks.submitToKey(live.blockKey(block), processor))
        .compose(
            result -> {
              if (result.outcome() == BlockProcessors.Outcome.MISSING) {
                return Future.failedFuture(
                    DomainException.notFound("seats of performance", live.plan().performanceId()));
              }
              view.update(block, result.listSummary());
              live.update(block, result.after());
              if (result.outcome() != BlockProcessors.Outcome.HELD) {
                return Future.succeededFuture(null);
              }
              return Future.succeededFuture(
                  new OfferHold(seats(live, block, result.seats()), result.freedAt()));
            });
  }

  /** A party that need not sit together, in pieces from several blocks, best blocks first. */
  private Future<OfferHold> holdAcross(
      LivePerformance live,
      ListView view,
      HoldSpec spec,
      int category,
      List<Integer> candidates,
      int next,
      int left,
      List<HeldSeats.Seat> held,
      long freedAt) {
    if (left == 0) {
      return Future.succeededFuture(
          new OfferHold(HeldSeats.ofSeats(held), freedAt == Long.MAX_VALUE ? 0 : freedAt));
    }
    if (next >= candidates.size()) {
      // not enough: what was taken goes back to the list
      return held.isEmpty()
          ? Future.succeededFuture(null)
          : release(
                  live,
                  spec.holdId(),
                  HeldSeats.ofSeats(held),
                  Instant.ofEpochMilli(spec.deadline()))
              .map(v -> null);
    }
    int block = candidates.get(next);
    int piece = Math.min(left, view.blocks[block][3 * category]);
    if (piece <= 0) {
      return holdAcross(live, view, spec, category, candidates, next + 1, left, held, freedAt);
    }
    SeatRequest request =
        new SeatRequest(category, piece, spec.quotaAccess(), spec.isolationRule(), true, true);
    return holdInBlock(live, view, spec, request, block)
        .compose(
            got -> {
              if (got != null) {
                held.addAll(got.held().seats());
              }
              long at =
                  got == null || got.freedAt() == 0 ? freedAt : Math.min(freedAt, got.freedAt());
              return holdAcross(
                  live,
                  view,
                  spec,
                  category,
                  candidates,
                  next + 1,
                  got == null ? left : left - got.held().seats().size(),
                  held,
                  at);
            });
  }

  private Future<OfferHold> holdPlaces(
      LivePerformance live, ListView view, HoldSpec spec, int category, int quantity) {
    List<PerformancePlan.GaArea> list = live.plan().gaAreas();
    for (int a = 0; a < list.size(); a++) {
      if (list.get(a).category() == category && view.areas[a] >= quantity) {
        int area = a;
        return grid.call(
                areas.submitToKey(
                    live.areaKey(a),
                    new GaProcessors.HoldForList(
                        spec.holdId(), quantity, spec.deadline(), clock.millis())))
            .map(
                left -> {
                  if (left < 0) {
                    return null;
                  }
                  view.areas[area] = left;
                  return new OfferHold(HeldSeats.ofArea(area, quantity), 0);
                });
      }
    }
    return Future.succeededFuture(null);
  }

  /** Gives an offer's seats back (to the list, while it is listed), retried until its deadline. */
  public Future<Void> release(LivePerformance live, long holdId, HeldSeats held, Instant until) {
    Set<Integer> blockSet = new HashSet<>();
    held.seats().forEach(s -> blockSet.add(s.block()));
    return inventory.releaseUntilDone(live, holdId, blockSet, held.area(), until);
  }

  /**
   * Holds an offer's own seats again for it (they lapsed in the grid while the offer still runs in
   * PostgreSQL: the node that made it died before extending it); true when all were the list's and
   * are now the offer's.
   */
  public Future<Boolean> holdAgain(
      LivePerformance live,
      long holdId,
      List<String> seatIds,
      Integer area,
      int places,
      long until) {
    long now = clock.millis();
    if (area != null) {
      return grid.call(
              areas.submitToKey(
                  live.areaKey(area), new GaProcessors.HoldForList(holdId, places, until, now)))
          .map(left -> left >= 0);
    }
    Map<Integer, List<Integer>> byBlock = group(live, seatIds);
    List<Future<Boolean>> all = new ArrayList<>();
    byBlock.forEach(
        (block, seats) ->
            all.add(
                grid.call(
                        blocks.submitToKey(
                            live.blockKey(block),
                            new BlockProcessors.HoldSeats(
                                seats.stream().mapToInt(Integer::intValue).toArray(),
                                new int[0],
                                holdId,
                                until,
                                now,
                                0,
                                false,
                                live.categories(),
                                true)))
                    .map(r -> r.outcome() == BlockProcessors.Outcome.HELD)));
    return Future.all(all).map(v -> all.stream().allMatch(f -> Boolean.TRUE.equals(f.result())));
  }

  /**
   * Sends these seats to the waiting list: blocked ones are unblocked, quota ones leave their
   * quota. Answers how many changed.
   */
  public Future<Integer> releaseToList(LivePerformance live, List<String> seatIds) {
    long now = clock.millis();
    List<Future<Integer>> all = new ArrayList<>();
    group(live, seatIds)
        .forEach(
            (block, seats) ->
                all.add(
                    grid.call(
                            blocks.submitToKey(
                                live.blockKey(block),
                                new BlockProcessors.ReleaseToList(
                                    seats.stream().mapToInt(Integer::intValue).toArray(),
                                    live.categories(),
                                    now)))
                        .map(
                            r -> {
                              live.update(block, r);
                              return r.seat();
                            })));
    return Future.all(all).map(v -> all.stream().mapToInt(Future::result).sum());
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
}
