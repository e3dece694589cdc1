package io.guichet.domain.inventory;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SeatMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes a performance's {@link PerformancePlan} from its seat map and quotas, the same on every
 * node. A count quota ("100 seats of category 2 for the company channel") is turned into that many
 * concrete seats at planning time — the best-ranked seats of the category that no other quota holds
 * — so that every hold stays a single-block operation and a count quota can never be exceeded.
 */
public final class PerformancePlanner {
  /** A block holds at most this many seats; larger sections are cut between rows. */
  public static final int MAX_BLOCK_SEATS = 1_500;

  /** Quotas per performance, one bit each in a channel's access mask. */
  public static final int MAX_QUOTAS = 64;

  private PerformancePlanner() {}

  public static PerformancePlan plan(UUID performanceId, SeatMap map, List<Quota> quotas) {
    return plan(performanceId, map, quotas, java.util.Set.of());
  }

  /**
   * The plan, with seats the organizer sent to the waiting list: they leave their quota (after the
   * quotas are placed, so that a count quota keeps the seats it had) and are not blocked.
   */
  public static PerformancePlan plan(
      UUID performanceId, SeatMap map, List<Quota> quotas, java.util.Set<String> released) {
    if (quotas.size() > MAX_QUOTAS) {
      throw DomainException.invalid("a performance has at most " + MAX_QUOTAS + " quotas");
    }
    List<String> categories = map.categories().stream().map(SeatMap.Category::code).toList();
    Map<String, Integer> quotaOfSeat = quotaSeats(map, quotas);
    quotaOfSeat.keySet().removeAll(released);
    Map<String, List<SeatMap.Seat>> bySection = new LinkedHashMap<>();
    for (SeatMap.Section section : map.sections()) {
      if (!section.generalAdmission()) {
        bySection.put(section.id(), new ArrayList<>());
      }
    }
    map.seats().forEach(s -> bySection.get(s.section()).add(s));

    List<SeatBlock> blocks = new ArrayList<>();
    for (Map.Entry<String, List<SeatMap.Seat>> section : bySection.entrySet()) {
      for (List<SeatMap.Seat> slice : slices(section.getValue())) {
        SeatBlock.Builder builder = new SeatBlock.Builder(section.getKey());
        for (SeatMap.Seat s : slice) {
          builder.add(
              new SeatBlock.Builder.Seat(
                  s.id(),
                  s.row(),
                  s.pos(),
                  s.label(),
                  s.rank(),
                  categories.indexOf(s.category()),
                  quotaOfSeat.getOrDefault(s.id(), -1),
                  s.x()));
        }
        blocks.add(builder.build());
      }
    }
    Map<String, PerformancePlan.SeatAddress> addresses = new HashMap<>(map.seats().size() * 2);
    for (int b = 0; b < blocks.size(); b++) {
      String[] ids = blocks.get(b).ids();
      for (int i = 0; i < ids.length; i++) {
        addresses.put(ids[i], new PerformancePlan.SeatAddress(b, i));
      }
    }
    List<int[]> blocked = new ArrayList<>();
    for (SeatBlock block : blocks) {
      blocked.add(new int[0]);
    }
    Map<Integer, List<Integer>> blockedByBlock = new HashMap<>();
    for (SeatMap.Seat s : map.seats()) {
      if (s.blocked() && !released.contains(s.id())) {
        PerformancePlan.SeatAddress a = addresses.get(s.id());
        blockedByBlock.computeIfAbsent(a.block(), k -> new ArrayList<>()).add(a.index());
      }
    }
    blockedByBlock.forEach(
        (b, list) -> blocked.set(b, list.stream().mapToInt(Integer::intValue).toArray()));
    List<PerformancePlan.GaArea> ga = gaAreas(map, quotas, categories);
    List<PerformancePlan.QuotaRule> rules =
        quotas.stream()
            .map(q -> new PerformancePlan.QuotaRule(q.id(), q.name(), List.copyOf(q.channelIds())))
            .toList();
    return new PerformancePlan(
        performanceId, categories, blocks, addresses, ga, rules, blocked, map.capacity());
  }

  /** Seat id to quota index: listed seats first, then count quotas from the best free ranks. */
  private static Map<String, Integer> quotaSeats(SeatMap map, List<Quota> quotas) {
    Map<String, Integer> quotaOfSeat = new HashMap<>();
    for (int q = 0; q < quotas.size(); q++) {
      if (quotas.get(q).seatIds() != null) {
        for (String id : quotas.get(q).seatIds()) {
          quotaOfSeat.put(id, q);
        }
      }
    }
    List<SeatMap.Seat> byRank =
        map.seats().stream()
            .filter(s -> !s.blocked())
            .sorted(Comparator.comparingInt(SeatMap.Seat::rank).thenComparing(SeatMap.Seat::id))
            .toList();
    for (int q = 0; q < quotas.size(); q++) {
      Quota quota = quotas.get(q);
      if (quota.count() == null) {
        continue;
      }
      int left = quota.count();
      for (SeatMap.Seat s : byRank) {
        if (left == 0) {
          break;
        }
        if (s.category().equals(quota.category()) && !quotaOfSeat.containsKey(s.id())) {
          quotaOfSeat.put(s.id(), q);
          left--;
        }
      }
    }
    return quotaOfSeat;
  }

  /**
   * Standing areas with their quota reserves: a count quota of a category that has no numbered
   * seats is reserved in that category's areas, in map order.
   */
  private static List<PerformancePlan.GaArea> gaAreas(
      SeatMap map, List<Quota> quotas, List<String> categories) {
    List<SeatMap.Section> areas =
        map.sections().stream().filter(SeatMap.Section::generalAdmission).toList();
    int[][] reserves = new int[areas.size()][quotas.size()];
    int[] left = new int[areas.size()];
    for (int a = 0; a < areas.size(); a++) {
      left[a] = areas.get(a).gaCapacity();
    }
    for (int q = 0; q < quotas.size(); q++) {
      Quota quota = quotas.get(q);
      if (quota.count() == null || hasSeats(map, quota.category())) {
        continue;
      }
      int wanted = quota.count();
      for (int a = 0; a < areas.size() && wanted > 0; a++) {
        if (areas.get(a).gaCategory().equals(quota.category())) {
          int take = Math.min(wanted, left[a]);
          reserves[a][q] += take;
          left[a] -= take;
          wanted -= take;
        }
      }
    }
    List<PerformancePlan.GaArea> result = new ArrayList<>();
    for (int a = 0; a < areas.size(); a++) {
      SeatMap.Section s = areas.get(a);
      result.add(
          new PerformancePlan.GaArea(
              s.id(), s.name(), categories.indexOf(s.gaCategory()), s.gaCapacity(), reserves[a]));
    }
    return result;
  }

  private static boolean hasSeats(SeatMap map, String category) {
    return map.seats().stream().anyMatch(s -> s.category().equals(category));
  }

  /** Cuts a section's seats between rows into slices of at most MAX_BLOCK_SEATS. */
  private static List<List<SeatMap.Seat>> slices(List<SeatMap.Seat> seats) {
    Map<String, List<SeatMap.Seat>> rows = new java.util.TreeMap<>(SeatBlock.Builder::compareRows);
    seats.forEach(s -> rows.computeIfAbsent(s.row(), r -> new ArrayList<>()).add(s));
    List<List<SeatMap.Seat>> slices = new ArrayList<>();
    List<SeatMap.Seat> current = new ArrayList<>();
    for (List<SeatMap.Seat> row : rows.values()) {
      if (!current.isEmpty() && current.size() + row.size() > MAX_BLOCK_SEATS) {
        slices.add(current);
        current = new ArrayList<>();
      }
      current.addAll(row);
    }
    if (!current.isEmpty()) {
      slices.add(current);
    }
    return slices;
  }
}
