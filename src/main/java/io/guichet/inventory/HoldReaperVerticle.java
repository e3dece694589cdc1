package io.guichet.inventory;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidies expired holds a few times a second so their seats show as free promptly and the freed-seat
 * event can wake the waiting list. Correctness never depends on it: a hold past its deadline
 * already counts as free everywhere. Every node reaps the performances it has open; expiry is
 * idempotent, so two nodes reaping the same block do no harm.
 */
public final class HoldReaperVerticle extends VerticleBase {
  /** Event-bus address: {@code {performanceId, freed}} when expired holds gave seats back. */
  public static final String SEATS_FREED = "guichet.inventory.seats-freed";

  static final long PERIOD_MS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(HoldReaperVerticle.class);

  private final HzInventory inventory;
  private long timer = -1;
  private boolean running;

  public HoldReaperVerticle(HzInventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(PERIOD_MS, id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One pass over the open performances; skipped if the previous pass is still running. */
  private void tick() {
    if (running) {
      return;
    }
    running = true;
    List<Future<?>> passes = new ArrayList<>();
    for (LivePerformance live : inventory.opened()) {
      passes.add(
          inventory
              .expire(live)
              .onSuccess(
                  freed -> {
                    if (freed > 0) {
                      vertx
                          .eventBus()
                          .publish(
                              SEATS_FREED,
                              new JsonObject()
                                  .put("performanceId", live.plan().performanceId().toString())
                                  .put("freed", freed));
                    }
                  }));
    }
    Future.join(passes)
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("reaping expired holds failed", done.cause());
              }
            });
  }
}
