package io.guichet.inventory;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.guichet.domain.catalogue.SeatMapParser;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.PerformancePlanner;
import io.guichet.ops.DemoSeatMaps;
import io.guichet.ops.GuichetConfig;
import io.guichet.ops.HazelcastMember;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long after its deadline an expired hold's seat is back on sale, with 100,000 holds expiring
 * in the same minute: two stadium performances, every seat held alone, deadlines spread evenly over
 * 60 s. The real reaper runs against a real Hazelcast member; each pass frees exactly the holds
 * whose deadline has passed, in deadline order, so the k seats a pass reports freed are the next k
 * deadlines and each one's lag is the report's time minus its deadline.
 *
 * <pre>
 * mvn -B -q test-compile exec:exec -Pbench -Dbench.main=io.guichet.inventory.ReaperLag -Dbench.args=
 * </pre>
 */
public final class ReaperLag {
  private static final int PERFORMANCES = 2;
  private static final long SPREAD_MS = 60_000;
  private static final long LEAD_MS = 5_000;

  private ReaperLag() {}

  public static void main(String[] args) throws Exception {
    GuichetConfig config =
        new GuichetConfig(
            0,
            1,
            Path.of("."),
            null,
            1,
            null,
            "x",
            false,
            "reaper-lag-" + UUID.randomUUID(),
            5901,
            List.of(),
            null,
            1,
            1,
            Clock.systemUTC(),
            GuichetConfig.Checkout.defaults(),
            GuichetConfig.Mail.none());
    HazelcastInstance hz = HazelcastMember.start(config);
    Vertx vertx = Vertx.vertx();
    try {
      run(hz, vertx);
    } finally {
      vertx.close().await();
      hz.shutdown();
    }
  }

  private static void run(HazelcastInstance hz, Vertx vertx) throws Exception {
    HzInventory inventory = new HzInventory(vertx, hz, null, Clock.systemUTC());
    IMap<String, BlockState> blocks = hz.getMap(HzInventory.BLOCKS);
    Random random = new Random(1);
    long start = System.currentTimeMillis() + LEAD_MS;
    Map<String, long[]> deadlines = new HashMap<>();
    List<PerformancePlan> plans = new ArrayList<>();
    int holds = 0;
    for (int p = 0; p < PERFORMANCES; p++) {
      PerformancePlan plan =
          PerformancePlanner.plan(
              UUID.randomUUID(), SeatMapParser.parse(DemoSeatMaps.stadium()), List.of());
      List<Long> list = new ArrayList<>();
      for (int b = 0; b < plan.blocks().size(); b++) {
        BlockState state = plan.initialState(b);
        for (int i = 0; i < state.block().size(); i++) {
          long deadline = start + (long) (random.nextDouble() * SPREAD_MS);
          state.hold(new int[] {i}, ++holds, deadline);
          list.add(deadline);
        }
        blocks.set(plan.performanceId() + ":" + b, state);
      }
      long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
      deadlines.put(plan.performanceId().toString(), sorted);
      plans.add(plan);
    }
    for (PerformancePlan plan : plans) {
      vertx.runOnContext(v -> inventory.open(plan));
    }
    Map<String, Integer> freedSoFar = new HashMap<>();
    List<Long> lags = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    int total = holds;
    vertx
        .eventBus()
        .<JsonObject>consumer(
            HoldReaperVerticle.SEATS_FREED,
            message -> {
              long now = System.currentTimeMillis();
              String perf = message.body().getString("performanceId");
              int freed = message.body().getInteger("freed");
              long[] sorted = deadlines.get(perf);
              int from = freedSoFar.getOrDefault(perf, 0);
              for (int k = from; k < from + freed && k < sorted.length; k++) {
                lags.add(now - sorted[k]);
              }
              freedSoFar.put(perf, from + freed);
              if (lags.size() >= total) {
                done.countDown();
              }
            });
    vertx.deployVerticle(new HoldReaperVerticle(inventory)).await();
    System.out.printf(
        "%d holds expiring between +%d s and +%d s%n",
        holds, LEAD_MS / 1000, (LEAD_MS + SPREAD_MS) / 1000);
    if (!done.await(LEAD_MS + SPREAD_MS + 30_000, TimeUnit.MILLISECONDS)) {
      System.out.printf("only %d of %d holds were reaped in time%n", lags.size(), total);
    }
    long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "reaper lag over %d holds: p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms (period %d ms)%n",
        sorted.length,
        pct(sorted, 50),
        pct(sorted, 99),
        pct(sorted, 99.9),
        sorted[sorted.length - 1],
        HoldReaperVerticle.PERIOD_MS);
    System.out.println(Arrays.toString(new long[] {pct(sorted, 50), pct(sorted, 99)}));
  }

  private static long pct(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
