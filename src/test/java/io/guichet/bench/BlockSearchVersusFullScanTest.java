package io.guichet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.domain.inventory.BlockSearch;
import io.guichet.domain.inventory.SeatRequest;
import org.junit.jupiter.api.Test;

/** The fast search and the baseline it is benchmarked against find the same best score. */
class BlockSearchVersusFullScanTest {

  @Test
  void block_search_finds_the_full_scan_s_best_score_on_the_stadium() {
    for (String shape : new String[] {"random", "onSale"}) {
      for (int sold : new int[] {0, 50, 90, 99}) {
        Stadium stadium = new Stadium(sold, 7, shape);
        for (String category : new String[] {"CAT1", "CAT2", "CAT3"}) {
          for (int seats : new int[] {1, 2, 4, 8}) {
            for (boolean rule : new boolean[] {true, false}) {
              SeatRequest request =
                  new SeatRequest(stadium.plan.categoryIndex(category), seats, 0, rule, false);
              BlockSearch.Found found =
                  BlockSearch.find(stadium.blocks, stadium.summaries, request, 0);
              long naive = NaiveFullScan.bestScore(stadium.blocks, request, 0);
              assertThat(found == null ? Long.MAX_VALUE : found.choice().score())
                  .as("%s %d%% sold, %s, %d seats, rule %s", shape, sold, category, seats, rule)
                  .isEqualTo(naive);
            }
          }
        }
      }
    }
  }
}
