package io.guichet.domain.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How one performance's seats are laid out in the grid: its categories (by index), its blocks (one
 * per seated section, larger sections cut by rows), where each seat lives, its general-admission
 * areas and its quotas. Every node computes the same plan from the same catalogue rows, so the plan
 * itself never travels.
 */
public record PerformancePlan(
    UUID performanceId,
    List<String> categories,
    List<SeatBlock> blocks,
    Map<String, SeatAddress> seats,
    List<GaArea> gaAreas,
    List<QuotaRule> quotas,
    List<int[]> blocked,
    int capacity) {

  /** A fresh state of block b: every seat free but the map's blocked seats. */
  public BlockState initialState(int b) {
    BlockState state = new BlockState(blocks.get(b));
    for (int i : blocked.get(b)) {
      state.block(i);
    }
    return state;
  }

  /** Where a seat lives: block index and index in the block. */
  public record SeatAddress(int block, int index) {}

  /**
   * A general-admission area: counted places of one category, no seat ids.
   *
   * @param reserve places reserved to each quota, by quota index
   */
  public record GaArea(String section, String name, int category, int capacity, int[] reserve) {}

  /** A quota, by its index in {@link #quotas}: the channels that may use its seats. */
  public record QuotaRule(UUID id, String name, List<UUID> channelIds) {}

  public int categoryIndex(String code) {
    return categories.indexOf(code);
  }

  /** Bit q set when the channel may take seats of quota q. */
  public long quotaAccess(UUID channelId) {
    long access = 0;
    for (int q = 0; q < quotas.size() && q < 64; q++) {
      if (quotas.get(q).channelIds().contains(channelId)) {
        access |= 1L << q;
      }
    }
    return access;
  }
}
