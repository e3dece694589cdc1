package io.guichet.orders;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires pending orders whose payment deadline has passed (their seats go back on sale, their
 * vouchers and credit are given back), retries refunds of late payments and sends again the refunds
 * of cancellations left without the provider's answer. Safe on every node: each expiry is a
 * conditional write, each refund is leased.
 */
public final class OrderSweeperVerticle extends VerticleBase {
  static final long PERIOD_MS = 1_000;

  /** Orders committed this long before a member left are sold again in the grid. */
  static final java.time.Duration RESELL_WINDOW = java.time.Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(OrderSweeperVerticle.class);

  private final OrderService orders;
  private final CancellationService cancellations;
  private long timer = -1;
  private boolean running;

  public OrderSweeperVerticle(OrderService orders, CancellationService cancellations) {
    this.orders = orders;
    this.cancellations = cancellations;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(PERIOD_MS, id -> tick());
    return Future.succeededFuture();
  }

  /**
   * Called when a member left the cluster: orders it committed just before dying may not be sold in
   * the grid yet. Retried (a growing delay, at most 10 s) until PostgreSQL answers: the window is
   * fixed at the moment the member left.
   */
  public void memberLost() {
    context.runOnContext(v -> resellSince(orders.now().minus(RESELL_WINDOW), 500));
  }

  private void resellSince(java.time.Instant since, long retryDelay) {
    orders
        .resellSince(since)
        .onSuccess(n -> LOG.info("a member left: {} recent orders sold again in the grid", n))
        .onFailure(
            e -> {
              LOG.warn(
                  "re-selling recent orders failed; retrying in {} ms: {}",
                  retryDelay,
                  e.toString());
              vertx.setTimer(
                  retryDelay, id -> resellSince(since, Math.min(10_000, retryDelay * 2)));
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    orders
        .expireDue()
        .compose(expired -> orders.refundDue())
        .compose(refunded -> cancellations.retryDue())
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("sweeping orders failed", done.cause());
              }
            });
  }
}
