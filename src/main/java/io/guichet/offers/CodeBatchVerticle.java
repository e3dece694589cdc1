package io.guichet.offers;

import io.guichet.domain.offer.SingleUseCode;
import io.guichet.store.CodeStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates batches of single-use codes in the background, on every node: it leases a batch still
 * being generated (a lease that lapses, because its node stopped, lets another node go on), makes
 * codes in chunks on a worker thread (random symbols, keyed hash, sealed copy) and writes each
 * chunk in one statement, recording progress and renewing the lease as it goes. A chunk written
 * twice is harmless (numbers and hashes are unique: what exists is skipped), and a hash that
 * collides is skipped and made up for by another code, so a batch ends with exactly the count
 * asked.
 */
public final class CodeBatchVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CodeBatchVerticle.class);
  static final int CHUNK = 10_000;
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final long IDLE_MILLIS = 2_000;

  private final CodeStore store;
  private final CodeCrypto crypto;
  private final Clock clock;
  private boolean running;
  private long timer = -1;

  public CodeBatchVerticle(CodeStore store, CodeCrypto crypto, Clock clock) {
    this.store = store;
    this.crypto = crypto;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(IDLE_MILLIS, t -> poke());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** Looks for work now (a batch was just asked for on this node). */
  public void poke() {
    if (context == null) {
      return;
    }
    context.runOnContext(
        v -> {
          if (running) {
            return;
          }
          running = true;
          next()
              .onComplete(
                  done -> {
                    running = false;
                    if (done.failed()) {
                      // the lease lapses and this node or another goes on from what is written
                      LOG.warn("a batch of codes stopped; it will go on", done.cause());
                    } else if (done.result()) {
                      poke();
                    }
                  });
        });
  }

  /** Generates one leased batch to its end; true when there was one. */
  private Future<Boolean> next() {
    Instant now = clock.instant();
    return store
        .leaseBatch(now, now.plus(LEASE))
        .compose(
            batch ->
                batch == null
                    ? Future.succeededFuture(false)
                    : store
                        .countCodes(batch.id())
                        .compose(c -> generate(batch, (int) c[0], (int) c[1] + 1))
                        .map(true));
  }

  private Future<Void> generate(CodeStore.Batch batch, int count, int nextSeq) {
    if (count >= batch.requested()) {
      return store.finish(batch.id(), count, clock.instant());
    }
    int n = Math.min(CHUNK, batch.requested() - count);
    return vertx
        .executeBlocking(() -> chunk(nextSeq, n), false)
        .compose(
            c -> store.insertCodes(batch.id(), batch.advantageId(), c.seqs, c.hashes, c.sealed))
        .compose(
            written ->
                store
                    .progress(batch.id(), count + written, clock.instant().plus(LEASE))
                    .compose(
                        leased ->
                            leased
                                ? generate(batch, count + written, nextSeq + n)
                                : Future.succeededFuture()));
  }

  /** A chunk of new codes: numbers, keyed hashes, sealed copies. */
  private record Chunk(Integer[] seqs, byte[][] hashes, byte[][] sealed) {}

  private Chunk chunk(int firstSeq, int n) {
    SecureRandom random = crypto.random();
    Integer[] seqs = new Integer[n];
    byte[][] hashes = new byte[n][];
    byte[][] sealed = new byte[n][];
    for (int i = 0; i < n; i++) {
      String code = SingleUseCode.generate(random);
      seqs[i] = firstSeq + i;
      hashes[i] = crypto.hash(code);
      sealed[i] = crypto.seal(code);
    }
    return new Chunk(seqs, hashes, sealed);
  }
}
