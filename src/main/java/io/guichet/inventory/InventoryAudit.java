package io.guichet.inventory;

import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SeatState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.store.SalesSetupStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a performance's sales against the invariants, reading PostgreSQL and the grid: no seat
 * sold twice; the grid's sold seats are exactly the seats of live tickets, and its standing places
 * sold are PostgreSQL's; free + held + sold (+ blocked) = capacity, seat by seat and area by area;
 * no order above its channel's maximum per performance; no quota's seats or places taken by a
 * channel outside it (seats sent to the waiting list have left their quota); and the waiting list's
 * own invariants ({@link WaitlistAudit}). Used after load tests and by the invariant tests; cheap
 * enough to call in production (one pass over the grid and a few aggregate queries).
 */
public final class InventoryAudit {
  private static final String DOUBLE_SOLD =
      "select seat_id, count(*) as n from ticket where performance_id = $1 and status = 'LIVE'"
          + " and seat_id is not null group by seat_id having count(*) > 1";
  private static final String SOLD_SEATS =
      "select t.seat_id, o.channel_id from ticket t join orders o on o.id = t.order_id"
          + " where t.performance_id = $1 and t.status = 'LIVE' and t.seat_id is not null";
  private static final String SOLD_PLACES =
      "select t.ga_area, o.channel_id, count(*) as n from ticket t"
          + " join orders o on o.id = t.order_id where t.performance_id = $1"
          + " and t.status = 'LIVE' and t.ga_area is not null group by t.ga_area, o.channel_id";
  private static final String GA_SALES =
      "select area, sold from ga_sales where performance_id = $1";
  private static final String ABOVE_MAX =
      "select o.id, o.reference, count(*) as n, c.max_per_performance from ticket t"
          + " join orders o on o.id = t.order_id join sales_channel c on c.id = o.channel_id"
          + " where t.performance_id = $1 and t.status = 'LIVE'"
          + " group by o.id, o.reference, c.max_per_performance"
          + " having count(*) > c.max_per_performance";

  private static final String RELEASED =
      "select seat_id from waitlist_release where performance_id = $1";

  private final HzInventory inventory;
  private final SalesSetupStore sales;
  private final Pool pool;
  private final WaitlistAudit waitlist;

  public InventoryAudit(HzInventory inventory, SalesSetupStore sales, Pool pool) {
    this.inventory = inventory;
    this.sales = sales;
    this.pool = pool;
    this.waitlist = new WaitlistAudit(inventory, pool);
  }

  /** The audit's report: counts, and the violations found (none when all holds). */
  public Future<JsonObject> audit(UUID performanceId) {
    return inventory
        .open(performanceId)
        .compose(
            live -> {
              Future<HzInventory.Snapshot> grid = inventory.snapshot(live);
              Future<int[][]> areas = inventory.areaCounts(live);
              Future<List<Row>> doubles = rows(DOUBLE_SOLD, performanceId);
              Future<List<Row>> soldSeats = rows(SOLD_SEATS, performanceId);
              Future<List<Row>> soldPlaces = rows(SOLD_PLACES, performanceId);
              Future<List<Row>> gaSales = rows(GA_SALES, performanceId);
              Future<List<Row>> aboveMax = rows(ABOVE_MAX, performanceId);
              Future<List<Quota>> quotas = sales.quotas(performanceId);
              Future<List<Row>> released = rows(RELEASED, performanceId);
              Future<WaitlistAudit.Report> list = waitlist.audit(live, inventory.now());
              return Future.all(
                      List.of(
                          grid,
                          areas,
                          doubles,
                          soldSeats,
                          soldPlaces,
                          gaSales,
                          aboveMax,
                          quotas,
                          released,
                          list))
                  .map(
                      v -> {
                        Set<String> releasedSeats = new HashSet<>();
                        released.result().forEach(r -> releasedSeats.add(r.getString(0)));
                        JsonObject report =
                            new Check(live.plan(), quotas.result(), releasedSeats)
                                .run(
                                    grid.result(),
                                    areas.result(),
                                    doubles.result(),
                                    soldSeats.result(),
                                    soldPlaces.result(),
                                    gaSales.result(),
                                    aboveMax.result());
                        JsonArray violations =
                            WaitlistAudit.merge(
                                report.getJsonArray("violations"), list.result().violations());
                        return report
                            .put("waitlist", list.result().figures())
                            .put("violations", violations)
                            .put("ok", violations.isEmpty());
                      });
            });
  }

  private Future<List<Row>> rows(String sql, UUID performanceId) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(performanceId))
        .map(
            rows -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            });
  }

  /** One audit's reasoning, over data already read. */
  private static final class Check {
    private final PerformancePlan plan;
    private final List<Quota> quotas;
    private final Set<String> released;
    private final JsonArray violations = new JsonArray();

    Check(PerformancePlan plan, List<Quota> quotas, Set<String> released) {
      this.plan = plan;
      this.quotas = quotas;
      this.released = released;
    }

    private void violation(String kind, String detail) {
      // A broken grid could repeat one kind thousands of times: keep the report readable.
      if (violations.size() < 100) {
        violations.add(new JsonObject().put("kind", kind).put("detail", detail));
      }
    }

    JsonObject run(
        HzInventory.Snapshot grid,
        int[][] areas,
        List<Row> doubles,
        List<Row> soldSeats,
        List<Row> soldPlaces,
        List<Row> gaSales,
        List<Row> aboveMax) {
      for (Row r : doubles) {
        violation(
            "seat-sold-twice", r.getString("seat_id") + " has " + r.getLong("n") + " live tickets");
      }

      // Seats: the grid's states, counted, and its sold seats against the live tickets.
      int[] byState = new int[SeatState.values().length];
      Set<String> gridSold = new HashSet<>();
      Map<String, String> seatCategory = new HashMap<>();
      Map<String, Integer> categoryCapacity = new HashMap<>();
      for (int b = 0; b < plan.blocks().size(); b++) {
        SeatBlock block = plan.blocks().get(b);
        byte[] states = grid.blockStates()[b];
        if (states == null || states.length != block.size()) {
          violation("grid-block-missing", "block " + b + " is not in the grid");
          continue;
        }
        for (int i = 0; i < block.size(); i++) {
          SeatState state = SeatState.values()[states[i]];
          byState[state.ordinal()]++;
          String category = plan.categories().get(block.category()[i]);
          seatCategory.put(block.ids()[i], category);
          if (state != SeatState.BLOCKED) {
            categoryCapacity.merge(category, 1, Integer::sum);
          }
          if (state == SeatState.SOLD) {
            gridSold.add(block.ids()[i]);
          }
        }
      }
      Set<String> pgSold = new HashSet<>();
      Map<String, UUID> seatChannel = new HashMap<>();
      for (Row r : soldSeats) {
        pgSold.add(r.getString("seat_id"));
        seatChannel.put(r.getString("seat_id"), r.getUUID("channel_id"));
      }
      for (String seat : pgSold) {
        if (!gridSold.contains(seat)) {
          violation(
              "sold-seat-not-sold-in-grid", seat + " has a live ticket but the grid says not");
        }
      }
      for (String seat : gridSold) {
        if (!pgSold.contains(seat)) {
          violation(
              "grid-sold-without-ticket", seat + " is sold in the grid without a live ticket");
        }
      }
      int seats = plan.blocks().stream().mapToInt(SeatBlock::size).sum();

      // Standing areas: free + held + sold = capacity, and the grid's sold = PostgreSQL's.
      Map<Integer, Long> ticketsPerArea = new HashMap<>();
      Map<Integer, Map<UUID, Long>> areaChannels = new HashMap<>();
      for (Row r : soldPlaces) {
        ticketsPerArea.merge(r.getInteger("ga_area"), r.getLong("n"), Long::sum);
        areaChannels
            .computeIfAbsent(r.getInteger("ga_area"), k -> new HashMap<>())
            .merge(r.getUUID("channel_id"), r.getLong("n"), Long::sum);
      }
      Map<Integer, Integer> counter = new HashMap<>();
      gaSales.forEach(r -> counter.put(r.getInteger("area"), r.getInteger("sold")));
      int placesCapacity = 0;
      int placesFree = 0;
      int placesHeld = 0;
      int placesSold = 0;
      for (int a = 0; a < plan.gaAreas().size(); a++) {
        PerformancePlan.GaArea area = plan.gaAreas().get(a);
        categoryCapacity.merge(
            plan.categories().get(area.category()), area.capacity(), Integer::sum);
        placesCapacity += area.capacity();
        int[] c = areas[a];
        if (c == null) {
          violation("grid-area-missing", "area " + area.name() + " is not in the grid");
          continue;
        }
        int free = c[0];
        int sold = c[1];
        int held = area.capacity() - free - sold;
        placesFree += free;
        placesSold += sold;
        placesHeld += Math.max(held, 0);
        if (held < 0) {
          violation(
              "area-over-capacity",
              area.name() + ": free " + free + " + sold " + sold + " > " + area.capacity());
        }
        long tickets = ticketsPerArea.getOrDefault(a, 0L);
        if (tickets != sold) {
          violation(
              "area-sold-mismatch",
              area.name() + ": the grid has " + sold + " sold, PostgreSQL " + tickets + " tickets");
        }
        int counterSold = counter.getOrDefault(a, 0);
        if (counterSold != tickets) {
          violation(
              "area-counter-mismatch",
              area.name() + ": ga_sales says " + counterSold + ", tickets " + tickets);
        }
      }

      for (Row r : aboveMax) {
        violation(
            "max-per-performance",
            "order "
                + r.getString("reference")
                + " has "
                + r.getLong("n")
                + " tickets, its channel allows "
                + r.getInteger("max_per_performance"));
      }

      checkQuotas(seatCategory, categoryCapacity, seatChannel, areaChannels);

      return new JsonObject()
          .put("performanceId", plan.performanceId().toString())
          .put("capacity", plan.capacity())
          .put(
              "seats",
              new JsonObject()
                  .put("total", seats)
                  .put("free", byState[SeatState.FREE.ordinal()])
                  .put("held", byState[SeatState.HELD.ordinal()])
                  .put("sold", byState[SeatState.SOLD.ordinal()])
                  .put("blocked", byState[SeatState.BLOCKED.ordinal()]))
          .put(
              "standing",
              new JsonObject()
                  .put("total", placesCapacity)
                  .put("free", placesFree)
                  .put("held", placesHeld)
                  .put("sold", placesSold))
          .put(
              "liveTickets",
              pgSold.size() + ticketsPerArea.values().stream().mapToLong(l -> l).sum())
          .put("ok", violations.isEmpty())
          .put("violations", violations);
    }

    /**
     * A quota of named seats: none of them sold through a channel outside it. A quota of a count in
     * a category: the channels outside it sold at most the category's capacity minus that count.
     */
    private void checkQuotas(
        Map<String, String> seatCategory,
        Map<String, Integer> categoryCapacity,
        Map<String, UUID> seatChannel,
        Map<Integer, Map<UUID, Long>> areaChannels) {
      for (Quota quota : quotas) {
        Set<UUID> inside = new HashSet<>(quota.channelIds());
        if (quota.seatIds() != null) {
          for (String seat : quota.seatIds()) {
            if (released.contains(seat)) {
              continue; // sent to the waiting list: no longer the quota's
            }
            UUID channel = seatChannel.get(seat);
            if (channel != null && !inside.contains(channel)) {
              violation("quota", seat + " of quota " + quota.name() + " sold through " + channel);
            }
          }
          continue;
        }
        String category = quota.category();
        long outside = 0;
        for (Map.Entry<String, UUID> sold : seatChannel.entrySet()) {
          if (category.equals(seatCategory.get(sold.getKey()))
              && !inside.contains(sold.getValue())) {
            outside++;
          }
        }
        for (int a = 0; a < plan.gaAreas().size(); a++) {
          if (plan.categories().get(plan.gaAreas().get(a).category()).equals(category)) {
            for (Map.Entry<UUID, Long> e : areaChannels.getOrDefault(a, Map.of()).entrySet()) {
              if (!inside.contains(e.getKey())) {
                outside += e.getValue();
              }
            }
          }
        }
        int capacity = categoryCapacity.getOrDefault(category, 0);
        // seats of the category sent to the waiting list may have left this quota
        long kept =
            Math.max(
                0,
                quota.count()
                    - released.stream().filter(s -> category.equals(seatCategory.get(s))).count());
        if (outside > capacity - kept) {
          violation(
              "quota",
              "quota "
                  + quota.name()
                  + " keeps "
                  + quota.count()
                  + " of "
                  + category
                  + ", yet channels outside it sold "
                  + outside
                  + " of "
                  + capacity);
        }
      }
    }
  }
}
