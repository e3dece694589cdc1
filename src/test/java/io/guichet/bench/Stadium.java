package io.guichet.bench;

import io.guichet.domain.catalogue.SeatMapParser;
import io.guichet.domain.inventory.BlockSearch;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.PerformancePlanner;
import io.guichet.domain.inventory.SeatRequest;
import io.guichet.ops.DemoSeatMaps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The demo stadium with a share of its seats sold (seeded, so repeatable), in one of two shapes:
 * {@code random} sells each seat with that probability (scattered holes: the worst case for
 * parties), {@code onSale} replays an on-sale, parties of 1 to 8 taking the best seats together
 * through {@link BlockSearch} with the isolated-seat rule until the share is sold.
 */
public final class Stadium {
  public final PerformancePlan plan;
  public final List<BlockState> blocks = new ArrayList<>();
  public final List<int[]> summaries = new ArrayList<>();

  public Stadium(int soldPercent, long seed, String shape) {
    plan =
        PerformancePlanner.plan(
            UUID.randomUUID(), SeatMapParser.parse(DemoSeatMaps.stadium()), List.of());
    Random random = new Random(seed);
    int categories = plan.categories().size();
    for (int b = 0; b < plan.blocks().size(); b++) {
      BlockState state = plan.initialState(b);
      if (shape.equals("random")) {
        for (int i = 0; i < state.block().size(); i++) {
          if (random.nextInt(100) < soldPercent) {
            state.sell(i);
          }
        }
      }
      blocks.add(state);
      summaries.add(state.summary(categories, 0));
    }
    if (shape.equals("onSale")) {
      replayOnSale(soldPercent, random);
    }
  }

  private void replayOnSale(int soldPercent, Random random) {
    int categories = plan.categories().size();
    int target = plan.seats().size() * soldPercent / 100;
    int sold = 0;
    int misses = 0;
    while (sold < target && misses < 1_000) {
      int category = random.nextInt(categories - 1); // numbered categories; PIT is standing
      int party = 1 + random.nextInt(8);
      BlockSearch.Found found =
          BlockSearch.find(blocks, summaries, new SeatRequest(category, party, 0, true, false), 0);
      if (found == null) {
        misses++;
        continue;
      }
      BlockState block = blocks.get(found.block());
      for (int i : found.choice().seats()) {
        block.sell(i);
      }
      sold += party;
      summaries.set(found.block(), block.summary(categories, 0));
    }
  }
}
