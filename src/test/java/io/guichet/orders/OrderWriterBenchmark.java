package io.guichet.orders;

import io.guichet.domain.order.Buyer;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.Settlement;
import io.guichet.ops.EmbeddedPostgresServer;
import io.guichet.ops.Migrations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confirmed orders per second: the batching order writer (group commits) against one transaction
 * per order, on the same embedded PostgreSQL (fsync on), in the same run, with the same commands: a
 * paid order of two seats, its lines and its two tickets under the unique live-seat index. A closed
 * loop keeps {@code concurrency} checkouts in flight; rounds alternate between the two writers
 * after a warm-up of each, and the medians over rounds are reported.
 *
 * <p>{@code mvn -B -q test-compile exec:exec -Pbench
 * -Dbench.main=io.guichet.orders.OrderWriterBenchmark -Dbench.args="200 10 3"} (concurrency,
 * seconds per round, rounds per writer, and optionally the group commits in flight: the server's
 * default otherwise).
 */
public final class OrderWriterBenchmark {
  /** The catalogue rows an order refers to: $1 organizer … $8 point of sale. */
  private static final List<String> SETUP =
      List.of(
          "insert into organizer values ($1, 'Bench', 'EUR', now())",
          "insert into tariff values ($2, $1, 'FULL', 'Full', null)",
          "insert into venue values ($3, $1, 'Hall', null, null, now())",
          "insert into seat_map values ($4, $3, 'Map', 0, '{}', now())",
          "insert into event values ($5, $1, 'Bench', null, null, now())",
          "insert into performance values ($6, $5, $4, now() + interval '1 day', 'EUR', now())",
          "insert into sales_channel values ($7, $1, 'Web', 'PUBLIC', 'NO_MAP', 600, 0, true,"
              + " true, 8, 0, null, null, null, null, '[]', now())",
          "insert into point_of_sale values ($8, $7, 'bench', 'Bench', null, '{}', '{}', '{}',"
              + " '{}', now())");

  private record Ids(UUID organizer, UUID tariff, UUID performance, UUID channel, UUID pos) {}

  private record Round(String writer, double ordersPerSecond, long p50Micros, long p99Micros) {}

  private OrderWriterBenchmark() {}

  public static void main(String[] args) throws Exception {
    try {
      measure(args);
    } finally {
      System.exit(0);
    }
  }

  private static void measure(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int inFlight =
        args.length > 3 ? Integer.parseInt(args[3]) : OrderWriterVerticle.DEFAULT_IN_FLIGHT;
    Path dir = Files.createTempDirectory("guichet-writer-bench-");
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir)) {
      PgConnectOptions options = PgConnectOptions.fromUri(pg.url());
      Migrations.migrate(options);
      Vertx vertx = Vertx.vertx();
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(16))
              .connectingTo(options.setPipeliningLimit(256).setCachePreparedStatements(true))
              .using(vertx)
              .build();
      Ids ids =
          new Ids(
              UUID.randomUUID(),
              UUID.randomUUID(),
              UUID.randomUUID(),
              UUID.randomUUID(),
              UUID.randomUUID());
      List<UUID> params =
          List.of(
              ids.organizer(),
              ids.tariff(),
              UUID.randomUUID(),
              UUID.randomUUID(),
              UUID.randomUUID(),
              ids.performance(),
              ids.channel(),
              ids.pos());
      for (String statement : SETUP) {
        String sql = statement;
        for (int i = 8; i >= 1; i--) {
          sql = sql.replace("$" + i, "'" + params.get(i - 1) + "'::uuid");
        }
        pool.query(sql).execute().await();
      }
      OrderWriterVerticle batching =
          new OrderWriterVerticle(pool, inFlight, new SimpleMeterRegistry());
      vertx.deployVerticle(batching).await();
      OrderWriter direct = new DirectOrderWriter(pool);
      OrderWriter explicit = new DirectOrderWriter(pool, true);
      AtomicLong seat = new AtomicLong();
      System.out.printf(
          "order writer benchmark: %d checkouts in flight, %d s rounds, %d rounds each, at most %d"
              + " group commits in flight, PostgreSQL fsync on%n",
          concurrency, seconds, rounds, inFlight);
      run(vertx, direct, ids, seat, concurrency, Math.max(2, seconds / 2), "warm-up direct");
      run(vertx, batching, ids, seat, concurrency, Math.max(2, seconds / 2), "warm-up batched");
      List<Round> results = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        results.add(run(vertx, direct, ids, seat, concurrency, seconds, "direct"));
        results.add(run(vertx, batching, ids, seat, concurrency, seconds, "batched"));
        results.add(run(vertx, explicit, ids, seat, concurrency, seconds, "begin-commit"));
      }
      double direct50 = median(results, "direct", Round::ordersPerSecond);
      double batched50 = median(results, "batched", Round::ordersPerSecond);
      System.out.printf(
          Locale.ROOT,
          "%nmedian over %d rounds | orders/s | p50 ms | p99 ms%n"
              + "one transaction per order, one autocommit statement (baseline) | %.0f | %.1f |"
              + " %.1f%n"
              + "one transaction per order, BEGIN + statement + COMMIT | %.0f | %.1f | %.1f%n"
              + "batching writer (group commit) | %.0f | %.1f | %.1f%n"
              + "ratio batched / baseline: %.2f x (per-round ratios: %s)%n",
          rounds,
          direct50,
          median(results, "direct", x -> x.p50Micros()) / 1000.0,
          median(results, "direct", x -> x.p99Micros()) / 1000.0,
          median(results, "begin-commit", Round::ordersPerSecond),
          median(results, "begin-commit", x -> x.p50Micros()) / 1000.0,
          median(results, "begin-commit", x -> x.p99Micros()) / 1000.0,
          batched50,
          median(results, "batched", x -> x.p50Micros()) / 1000.0,
          median(results, "batched", x -> x.p99Micros()) / 1000.0,
          batched50 / direct50,
          ratios(results));
      vertx.close().await();
    }
  }

  private static Round run(
      Vertx vertx,
      OrderWriter writer,
      Ids ids,
      AtomicLong seat,
      int concurrency,
      int seconds,
      String name)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long[] latencies = new long[4_000_000];
    AtomicLong done = new AtomicLong();
    Promise<Void> finished = Promise.promise();
    AtomicLong running = new AtomicLong(concurrency);
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < concurrency; i++) {
            loop(writer, ids, seat, end, latencies, done, running, finished);
          }
        });
    long start = System.nanoTime();
    finished.future().await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    int n = (int) Math.min(done.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    Round round =
        new Round(
            name,
            done.get() / elapsed,
            sorted.length == 0 ? 0 : sorted[n / 2] / 1000,
            sorted.length == 0 ? 0 : sorted[(int) (n * 0.99)] / 1000);
    System.out.printf(
        Locale.ROOT,
        "%-16s %8.0f orders/s  p50 %6.1f ms  p99 %6.1f ms%n",
        name,
        round.ordersPerSecond(),
        round.p50Micros() / 1000.0,
        round.p99Micros() / 1000.0);
    return round;
  }

  private static void loop(
      OrderWriter writer,
      Ids ids,
      AtomicLong seat,
      long end,
      long[] latencies,
      AtomicLong done,
      AtomicLong running,
      Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        finished.complete();
      }
      return;
    }
    long start = System.nanoTime();
    writer
        .write(new OrderCommand.Create(order(ids, seat), null, null, "ogone", Instant.now()))
        .onComplete(
            r -> {
              if (r.failed() || !(r.result() instanceof OrderOutcome.Create.Created)) {
                System.err.println("write failed: " + (r.failed() ? r.cause() : r.result()));
              } else {
                long i = done.getAndIncrement();
                if (i < latencies.length) {
                  latencies[(int) i] = System.nanoTime() - start;
                }
              }
              loop(writer, ids, seat, end, latencies, done, running, finished);
            });
  }

  private static Order order(Ids ids, AtomicLong seat) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<OrderLine> lines = new ArrayList<>();
    UUID item = UUID.randomUUID();
    for (int k = 1; k <= 2; k++) {
      lines.add(
          new OrderLine(
              k,
              ids.performance(),
              item,
              7,
              "S-" + seat.incrementAndGet(),
              null,
              null,
              "A",
              ids.tariff(),
              5000,
              false));
    }
    return new Order(
        io.guichet.domain.Ids.timeOrdered(now),
        OrderReferences.next(),
        io.guichet.domain.Ids.timeOrdered(now),
        "bench",
        new byte[] {1},
        ids.organizer(),
        ids.pos(),
        ids.channel(),
        new Buyer(null, "b@example.org", "B", "B"),
        OrderStatus.PAID,
        false,
        Settlement.Mode.NONE,
        "EUR",
        "E_TICKET",
        10_000,
        0,
        0,
        0,
        10_000,
        10_000,
        0,
        0,
        now.plusSeconds(600),
        now,
        now,
        lines,
        List.of(),
        List.of());
  }

  private static String ratios(List<Round> results) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < results.size(); i += 3) {
      out.add(
          String.format(
              Locale.ROOT,
              "%.2f",
              results.get(i + 1).ordersPerSecond() / results.get(i).ordersPerSecond()));
    }
    return String.join(", ", out);
  }

  private static double median(
      List<Round> rounds, String writer, java.util.function.ToDoubleFunction<Round> value) {
    double[] v =
        rounds.stream()
            .filter(r -> r.writer().equals(writer))
            .mapToDouble(value)
            .sorted()
            .toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
