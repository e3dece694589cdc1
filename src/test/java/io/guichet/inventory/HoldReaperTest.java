package io.guichet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.guichet.MutableClock;
import io.guichet.TestServer;
import io.guichet.domain.catalogue.SeatMapParser;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.PerformancePlanner;
import io.guichet.ops.DemoSeatMaps;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reaper's passes against the real grid, on a clock the test moves: between full sweeps a pass
 * visits only the blocks where this node knows a hold may have lapsed, so a hold written behind its
 * back (as by another node) waits for the next full sweep: within a second while the performance is
 * in use here, within ten seconds otherwise.
 */
class HoldReaperTest {
  private static final long T = Instant.parse("2031-03-01T20:00:00Z").toEpochMilli();

  private final MutableClock clock = MutableClock.stoppedAt(T);
  private Vertx vertx;
  private HzInventory inventory;
  private IMap<String, BlockState> blocks;

  @BeforeEach
  void start() {
    HazelcastInstance hz = TestServer.get().services().hazelcast();
    vertx = Vertx.vertx();
    inventory = new HzInventory(vertx, hz, null, clock);
    blocks = hz.getMap(HzInventory.BLOCKS);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void passes_visit_the_blocks_due_and_full_sweeps_catch_holds_made_elsewhere() {
    PerformancePlan plan =
        PerformancePlanner.plan(
            UUID.randomUUID(), SeatMapParser.parse(DemoSeatMaps.theatre()), List.of());
    LivePerformance live = on(() -> inventory.open(plan));
    assertThat(on(() -> inventory.expire(live))).as("the first pass is a full sweep").isZero();

    // Two seats held through this node, and one seat of another block held behind its back.
    hold(live, 0, 0, 101, T + 300);
    hold(live, 0, 1, 102, T + 5_000);
    holdElsewhere(live, 1, 0, 201, T + 300);

    clock.setMillis(T + 500);
    assertThat(on(() -> inventory.expire(live)))
        .as("only the lapsed hold this node made: block 1 is not due as far as it knows")
        .isEqualTo(1);
    assertThat(free(live, 0, 0)).isTrue();
    assertThat(free(live, 0, 1)).isFalse();
    assertThat(blocks.get(live.blockKey(1)).rawStates()[0]).isEqualTo(BlockState.HELD);

    clock.setMillis(T + 1_100);
    assertThat(on(() -> inventory.expire(live)))
        .as("a full sweep a second after the last one: the performance is in use here")
        .isEqualTo(1);
    assertThat(blocks.get(live.blockKey(1)).rawStates()[0]).isEqualTo(BlockState.FREE);

    clock.setMillis(T + 5_100);
    assertThat(on(() -> inventory.expire(live))).as("the second hold of this node").isEqualTo(1);

    // A minute without holds here: full sweeps only every ten seconds.
    clock.setMillis(T + 120_000);
    on(() -> inventory.expire(live));
    holdElsewhere(live, 2, 0, 202, T + 120_500);
    clock.setMillis(T + 125_000);
    assertThat(on(() -> inventory.expire(live))).isZero();
    assertThat(blocks.get(live.blockKey(2)).rawStates()[0]).isEqualTo(BlockState.HELD);
    clock.setMillis(T + 130_100);
    assertThat(on(() -> inventory.expire(live))).isEqualTo(1);
    assertThat(blocks.get(live.blockKey(2)).rawStates()[0]).isEqualTo(BlockState.FREE);
  }

  @Test
  void a_deadline_moved_later_is_visited_once_at_the_old_one_then_at_the_new_one() {
    PerformancePlan plan =
        PerformancePlanner.plan(
            UUID.randomUUID(), SeatMapParser.parse(DemoSeatMaps.theatre()), List.of());
    LivePerformance live = on(() -> inventory.open(plan));
    on(() -> inventory.expire(live));
    hold(live, 0, 0, 301, T + 300);
    HzInventory.HoldRef ref = new HzInventory.HoldRef(301, Map.of(0, new int[] {0}), null, 0);
    assertThat(on(() -> inventory.extend(live, ref, T + 900))).isTrue();

    clock.setMillis(T + 400);
    assertThat(on(() -> inventory.expire(live))).as("extended: nothing lapsed yet").isZero();
    assertThat(live.dueSnapshot()[0])
        .as("the block's deadline as read at the visit")
        .isEqualTo(T + 900);
    clock.setMillis(T + 950);
    assertThat(on(() -> inventory.expire(live))).isEqualTo(1);
    assertThat(live.dueSnapshot()[0]).isEqualTo(Long.MAX_VALUE);
  }

  private void hold(LivePerformance live, int block, int seat, long holdId, long deadline) {
    String id = live.plan().blocks().get(block).ids()[seat];
    HoldSpec spec = new HoldSpec(holdId, deadline, 0, false, true);
    HeldSeats held = on(() -> inventory.holdSeats(live, spec, List.of(id), List.of()));
    assertThat(held.seats()).hasSize(1);
  }

  /**
   * A hold written straight into the grid, as another node would: this node's view never sees it.
   */
  private void holdElsewhere(
      LivePerformance live, int block, int seat, long holdId, long deadline) {
    blocks.executeOnKey(
        live.blockKey(block),
        entry -> {
          BlockState state = entry.getValue();
          state.hold(new int[] {seat}, holdId, deadline);
          entry.setValue(state);
          return null;
        });
  }

  /** Runs a call of the inventory on an event loop, as requests and the reaper do. */
  private <T> T on(Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    vertx.runOnContext(v -> call.get().onComplete(done));
    return done.future().await();
  }

  private boolean free(LivePerformance live, int block, int seat) {
    return blocks.get(live.blockKey(block)).free(seat, clock.millis());
  }
}
