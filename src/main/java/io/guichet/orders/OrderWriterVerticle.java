package io.guichet.orders;

import io.guichet.support.DependencyUnavailable;
import io.guichet.support.DependencyUnavailable.Dependency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one order writer: commands from every event loop queue here and are written in group
 * commits. While a transaction is in flight, new commands wait; the next transaction takes them all
 * (up to {@link #MAX_BATCH}) and sends them as one statement, {@code
 * guichet_order_write_batch(commands)}, which is its own transaction (autocommit): one round trip,
 * one commit. Each command is answered after that commit.
 *
 * <p>In the database, plain new orders of the batch are written set-based (one INSERT per table for
 * all of them) in one exception block; if that breaks a rule they are written one by one like every
 * other command, each in its own PL/pgSQL exception block, so one that breaks a rule is rolled back
 * alone and says why. A batch is capped at 64 commands because each such block is a subtransaction
 * and PostgreSQL caches only 64 subtransaction ids per transaction before every other session's
 * snapshots get slower. A batch that fails as a whole (a deadlock with another node's batch, a
 * serialization failure) is retried; one that still fails is split and its commands written one
 * after the other, each with its own retries, so a faulty command fails alone.
 */
public final class OrderWriterVerticle extends VerticleBase implements OrderWriter {
  public static final int MAX_BATCH = 64;
  public static final int DEFAULT_IN_FLIGHT = 2;
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
  private static final int MAX_RETRIES = 3;

  /** A group commit: the batch's commands in, their answers out (see the V5 migration). */
  static final String BATCH_SQL = "select guichet_order_write_batch($1::jsonb)";

  private static final Logger LOG = LoggerFactory.getLogger(OrderWriterVerticle.class);

  private record Pending(JsonObject command, Promise<JsonObject> promise) {}

  private final Pool pool;
  private final int maxInFlight;
  private final int maxBatch;
  private final long deadlineMillis;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final DistributionSummary batchSizes;
  private final Timer commits;
  private final Counter writtenSetBased;
  private final Counter writtenOneByOne;
  private volatile Context writerContext;
  private int inFlight;

  public OrderWriterVerticle(Pool pool, int maxInFlight, MeterRegistry registry) {
    this(pool, maxInFlight, MAX_BATCH, DEFAULT_DEADLINE, registry);
  }

  /**
   * @param deadline how long a command may wait, from its arrival in the queue to its commit,
   *     before its caller is told the outcome is unknown
   */
  public OrderWriterVerticle(
      Pool pool, int maxInFlight, int maxBatch, Duration deadline, MeterRegistry registry) {
    this.pool = pool;
    this.deadlineMillis = deadline.toMillis();
    this.maxInFlight = maxInFlight;
    this.maxBatch = Math.min(maxBatch, MAX_BATCH);
    this.batchSizes =
        DistributionSummary.builder("guichet.order.writer.batch.size")
            .description("commands per group commit")
            .register(registry);
    this.commits =
        Timer.builder("guichet.order.writer.commit")
            .description("time of one group commit, from sending its statement to its commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.writtenSetBased =
        Counter.builder("guichet.order.writer.commands")
            .tag("path", "set-based")
            .description("new orders written by one INSERT per table for their whole group commit")
            .register(registry);
    this.writtenOneByOne =
        Counter.builder("guichet.order.writer.commands")
            .tag("path", "one-by-one")
            .description(
                "commands written one by one in their group commit: other kinds, orders using"
                    + " vouchers or credit, and orders whose set-based write broke a rule")
            .register(registry);
  }

  @Override
  public Future<?> start() {
    writerContext = context;
    return Future.succeededFuture();
  }

  @Override
  public <R extends OrderOutcome> Future<R> write(OrderCommand<R> command) {
    return writeEncoded(OrderProtocol.encode(command))
        .map(answer -> OrderProtocol.decode(command, answer));
  }

  /**
   * Queues an encoded command; answers its JSON answer after the commit, or fails with {@link
   * DependencyUnavailable} when the deadline passes first (the outcome is then unknown).
   */
  Future<JsonObject> writeEncoded(JsonObject command) {
    Promise<JsonObject> promise = callerPromise();
    Context target = writerContext;
    if (target == null) {
      promise.fail(new IllegalStateException("the order writer is not started"));
      return promise.future();
    }
    queue.add(new Pending(command, promise));
    if (scheduled.compareAndSet(false, true)) {
      target.runOnContext(v -> drain());
    }
    return promise
        .future()
        .timeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof TimeoutException
                        ? new DependencyUnavailable(Dependency.POSTGRESQL, true, failure)
                        : failure));
  }

  /** Starts transactions while some are free and commands wait. Runs on the writer's context. */
  private void drain() {
    scheduled.set(false);
    while (inFlight < maxInFlight && !queue.isEmpty()) {
      List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
      Pending next;
      while (batch.size() < maxBatch && (next = queue.poll()) != null) {
        batch.add(next);
      }
      inFlight++;
      batchSizes.record(batch.size());
      commit(batch, 0)
          .onComplete(
              done -> {
                inFlight--;
                drain();
              });
    }
  }

  private Future<Void> commit(List<Pending> batch, int attempt) {
    JsonArray commands = new JsonArray(new ArrayList<>(batch.size()));
    batch.forEach(p -> commands.add(p.command()));
    long start = System.nanoTime();
    // One statement is one transaction (autocommit): answered once committed.
    return pool.preparedQuery(BATCH_SQL)
        .execute(Tuple.of(commands))
        .transform(
            done -> {
              if (done.succeeded()) {
                commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                answer(batch, done.result());
                return Future.succeededFuture();
              }
              Throwable failure = done.cause();
              if (retryable(failure) && attempt < MAX_RETRIES) {
                return commit(batch, attempt + 1);
              }
              if (batch.size() > 1 && (failure instanceof PgException || retryable(failure))) {
                // A command failed in a way none of its rules expects: write the others alone.
                LOG.warn(
                    "a group commit of {} commands failed; writing them one by one",
                    batch.size(),
                    failure);
                // One after the other, each with its own retries: run at once they would take
                // each other's locks and deadlock again, a single one is written or refused.
                Future<Void> singles = Future.succeededFuture();
                for (Pending p : batch) {
                  singles = singles.transform(v -> commit(List.of(p), 0));
                }
                return singles;
              }
              batch.forEach(p -> p.promise().tryFail(failure));
              return Future.succeededFuture();
            });
  }

  /**
   * Answers each command of a committed batch. An answer that cannot be read is a fault, and every
   * command of the batch still waiting hears of it: none is left without an answer.
   */
  private void answer(List<Pending> batch, RowSet<Row> rows) {
    try {
      JsonObject result = rows.iterator().next().getJsonObject(0);
      JsonArray answers = result.getJsonArray("answers");
      int setBased = result.getInteger("setBased", 0);
      writtenSetBased.increment(setBased);
      writtenOneByOne.increment(batch.size() - setBased);
      for (int i = 0; i < batch.size(); i++) {
        Object answer = answers == null || i >= answers.size() ? null : answers.getValue(i);
        if (answer instanceof JsonObject json) {
          batch.get(i).promise().tryComplete(json);
        } else {
          batch
              .get(i)
              .promise()
              .tryFail(new IllegalStateException("the group commit gave no answer for a command"));
        }
      }
    } catch (RuntimeException unreadable) {
      IllegalStateException fault =
          new IllegalStateException("the answer of a group commit could not be read", unreadable);
      batch.forEach(p -> p.promise().tryFail(fault));
    }
  }

  /** Deadlock with another node's batch, or a serialization failure: nothing was written. */
  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg) {
        return "40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState());
      }
    }
    return false;
  }

  static Promise<JsonObject> callerPromise() {
    Context caller = Vertx.currentContext();
    return caller instanceof ContextInternal internal ? internal.promise() : Promise.promise();
  }
}
