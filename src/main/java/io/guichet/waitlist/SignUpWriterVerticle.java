package io.guichet.waitlist;

import io.guichet.support.DependencyUnavailable;
import io.guichet.support.DependencyUnavailable.Dependency;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's writer of waiting-list sign-ups, in group commits like the order writer: sign-ups from
 * every event loop queue here; while a statement is in flight new ones wait, and the next takes all
 * of them (up to {@link #MAX_BATCH}) as one statement, {@code guichet_waitlist_sign_up}, which is
 * its own transaction. Each sign-up is answered after that commit: an entry is acknowledged only
 * once it is durable. At on-sale scale (a stadium's queue signing up within a minute) a statement
 * and a commit per sign-up would cost PostgreSQL a transaction each; here hundreds share one.
 *
 * <p>Two sign-ups of one buyer for one performance in the same batch (two tabs) are sent once and
 * both answered from it: the first makes the entry, the second finds it. Across batches and nodes
 * the unique index of live entries does the same.
 */
public final class SignUpWriterVerticle extends VerticleBase {
  /** No subtransactions here (one plain statement), so batches may be larger than the orders'. */
  public static final int MAX_BATCH = 256;

  public static final int DEFAULT_IN_FLIGHT = 2;
  private static final int MAX_RETRIES = 3;

  /**
   * The live entries of buyers whose sign-up met another batch's entry still being written (the
   * first statement waited for it, so it is committed now, but not in that statement's snapshot).
   */
  static final String LIVE =
      "select i.n, e.id, e.status from unnest($1::uuid[], $2::text[]) with ordinality"
          + " as i(performance_id, buyer_key, n) join waitlist_entry e"
          + " on e.performance_id = i.performance_id and e.buyer_key = i.buyer_key"
          + " and e.status in ('UNCONFIRMED', 'WAITING', 'OFFERED')";

  static final String SQL =
      "select n, entry_id, existing_id, existing_status from guichet_waitlist_sign_up($1, $2, $3,"
          + " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

  /** A sign-up to write. {@code status}: WAITING, or UNCONFIRMED for a guest. */
  public record SignUp(
      UUID id,
      UUID performanceId,
      UUID posId,
      UUID channelId,
      UUID customerId,
      String buyerKey,
      String email,
      String firstName,
      String lastName,
      String language,
      int quantity,
      List<String> categories,
      boolean together,
      String status) {}

  /** What became of a sign-up: a new entry, or the buyer's live entry that was there already. */
  public record Written(UUID entryId, boolean created, String existingStatus) {}

  private record Pending(SignUp signUp, Promise<Written> promise) {}

  private final Pool pool;
  private final Clock clock;
  private final int maxInFlight;
  private final long deadlineMillis;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final DistributionSummary batchSizes;
  private final Timer commits;
  private volatile Context writerContext;
  private int inFlight;

  /**
   * @param deadline how long a sign-up may wait, from its arrival here to its commit, before its
   *     caller is told the outcome is unknown
   */
  public SignUpWriterVerticle(
      Pool pool, Clock clock, int maxInFlight, Duration deadline, MeterRegistry registry) {
    this.pool = pool;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
    this.deadlineMillis = deadline.toMillis();
    this.batchSizes =
        DistributionSummary.builder("guichet.waitlist.signup.batch.size")
            .description("sign-ups per group commit")
            .register(registry);
    this.commits =
        Timer.builder("guichet.waitlist.signup.commit")
            .description("time of one group commit of sign-ups")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  @Override
  public Future<?> start() {
    writerContext = context;
    return Future.succeededFuture();
  }

  /**
   * Queues a sign-up; answers once it is committed, or fails with {@link DependencyUnavailable}
   * when the deadline passes first (the outcome is then unknown: the buyer's retry finds the
   * entry).
   */
  public Future<Written> write(SignUp signUp) {
    Context caller = Vertx.currentContext();
    Promise<Written> promise =
        caller instanceof ContextInternal internal ? internal.promise() : Promise.promise();
    Context target = writerContext;
    if (target == null) {
      promise.fail(new IllegalStateException("the sign-up writer is not started"));
      return promise.future();
    }
    queue.add(new Pending(signUp, promise));
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

  private void drain() {
    scheduled.set(false);
    while (inFlight < maxInFlight && !queue.isEmpty()) {
      List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
      Pending next;
      while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
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
    // one row per buyer and performance: later ones in the batch wait for the first's answer
    Map<String, Integer> firstOf = new HashMap<>();
    List<Pending> sent = new ArrayList<>(batch.size());
    int[] answerOf = new int[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      SignUp s = batch.get(i).signUp();
      Integer first = firstOf.putIfAbsent(s.performanceId() + "/" + s.buyerKey(), sent.size());
      if (first == null) {
        answerOf[i] = sent.size();
        sent.add(batch.get(i));
      } else {
        answerOf[i] = -1 - first;
      }
    }
    long start = System.nanoTime();
    return pool.preparedQuery(SQL)
        .execute(arrays(sent))
        .transform(
            done -> {
              if (done.succeeded()) {
                commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                Written[] written = written(done.result(), sent.size());
                return found(sent, written)
                    .onComplete(v -> answer(batch, answerOf, written, v.cause()))
                    .mapEmpty();
              }
              if (retryable(done.cause()) && attempt < MAX_RETRIES) {
                return commit(batch, attempt + 1);
              }
              if (batch.size() > 1 && done.cause() instanceof PgException) {
                // a sign-up broke a rule the server's checks missed: the others are written alone
                Future<Void> singles = Future.succeededFuture();
                for (Pending p : batch) {
                  singles = singles.transform(v -> commit(List.of(p), 0));
                }
                return singles;
              }
              batch.forEach(p -> p.promise().tryFail(done.cause()));
              return Future.succeededFuture();
            });
  }

  private static Written[] written(RowSet<Row> rows, int sent) {
    Written[] written = new Written[sent];
    for (Row r : rows) {
      int n = (int) r.getLong("n").longValue() - 1;
      UUID created = r.getUUID("entry_id");
      UUID existing = r.getUUID("existing_id");
      if (created != null) {
        written[n] = new Written(created, true, null);
      } else if (existing != null) {
        written[n] = new Written(existing, false, r.getString("existing_status"));
      }
    }
    return written;
  }

  /** Looks up the live entries the statement met but could not see (see {@link #LIVE}). */
  private Future<Void> found(List<Pending> sent, Written[] written) {
    List<Integer> missing = new ArrayList<>();
    for (int k = 0; k < written.length; k++) {
      if (written[k] == null) {
        missing.add(k);
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] performances = new UUID[missing.size()];
    String[] keys = new String[missing.size()];
    for (int j = 0; j < missing.size(); j++) {
      SignUp s = sent.get(missing.get(j)).signUp();
      performances[j] = s.performanceId();
      keys[j] = s.buyerKey();
    }
    return pool.preparedQuery(LIVE)
        .execute(Tuple.wrap(new Object[] {performances, keys}))
        .map(
            rows -> {
              for (Row r : rows) {
                int k = missing.get((int) r.getLong("n").longValue() - 1);
                written[k] = new Written(r.getUUID("id"), false, r.getString("status"));
              }
              return null;
            });
  }

  /** Answers every sign-up of a committed batch; one still unknown fails with {@code lookup}. */
  private void answer(List<Pending> batch, int[] answerOf, Written[] written, Throwable lookup) {
    for (int i = 0; i < batch.size(); i++) {
      int k = answerOf[i] >= 0 ? answerOf[i] : -1 - answerOf[i];
      Written w = k < written.length ? written[k] : null;
      if (w == null) {
        batch
            .get(i)
            .promise()
            .tryFail(
                lookup != null ? lookup : new IllegalStateException("no answer for a sign-up"));
      } else if (answerOf[i] < 0) {
        // the same buyer twice in one batch: the first sent made (or found) the entry
        batch.get(i).promise().tryComplete(new Written(w.entryId(), false, "UNKNOWN"));
      } else {
        batch.get(i).promise().tryComplete(w);
      }
    }
  }

  private Tuple arrays(List<Pending> sent) {
    int n = sent.size();
    UUID[] ids = new UUID[n];
    UUID[] performances = new UUID[n];
    UUID[] poss = new UUID[n];
    UUID[] channels = new UUID[n];
    UUID[] customers = new UUID[n];
    String[] keys = new String[n];
    String[] emails = new String[n];
    String[] firsts = new String[n];
    String[] lasts = new String[n];
    String[] languages = new String[n];
    Integer[] quantities = new Integer[n];
    String[] categories = new String[n];
    Boolean[] together = new Boolean[n];
    String[] statuses = new String[n];
    for (int i = 0; i < n; i++) {
      SignUp s = sent.get(i).signUp();
      ids[i] = s.id();
      performances[i] = s.performanceId();
      poss[i] = s.posId();
      channels[i] = s.channelId();
      customers[i] = s.customerId();
      keys[i] = s.buyerKey();
      emails[i] = s.email();
      firsts[i] = s.firstName();
      lasts[i] = s.lastName();
      languages[i] = s.language();
      quantities[i] = s.quantity();
      categories[i] = String.join(",", s.categories());
      together[i] = s.together();
      statuses[i] = s.status();
    }
    Instant now = clock.instant();
    return Tuple.wrap(
        new Object[] {
          ids,
          performances,
          poss,
          channels,
          customers,
          keys,
          emails,
          firsts,
          lasts,
          languages,
          quantities,
          categories,
          together,
          statuses,
          now.atOffset(ZoneOffset.UTC)
        });
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
}
