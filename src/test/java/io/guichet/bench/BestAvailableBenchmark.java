package io.guichet.bench;

import io.guichet.domain.inventory.BlockSearch;
import io.guichet.domain.inventory.SeatRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Best available on the 50,000-seat demo stadium, CAT2 (the largest category), isolated-seat rule
 * on: Guichet's block search against the naive full scan, at several shares sold and party sizes.
 * Sample time, so JMH reports percentiles (p50, p99) per request.
 *
 * <pre>mvn -B -q test-compile exec:exec -Pbench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BestAvailableBenchmark {
  @Param({"0", "50", "90", "99"})
  public int soldPercent;

  @Param({"1", "2", "4", "8"})
  public int seats;

  @Param({"random", "onSale"})
  public String shape;

  private Stadium stadium;
  private SeatRequest request;

  @Setup
  public void setUp() {
    stadium = new Stadium(soldPercent, 42, shape);
    request = new SeatRequest(stadium.plan.categoryIndex("CAT2"), seats, 0, true, false);
  }

  @Benchmark
  public Object blockSearch() {
    return BlockSearch.find(stadium.blocks, stadium.summaries, request, 0);
  }

  @Benchmark
  public long naiveFullScan() {
    return NaiveFullScan.bestScore(stadium.blocks, request, 0);
  }
}
