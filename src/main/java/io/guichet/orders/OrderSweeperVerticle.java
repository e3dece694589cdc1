package io.guichet.orders;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires pending orders whose payment deadline has passed (their seats go back on sale, their
 * vouchers and credit are given back) and retries refunds of late payments. Safe on every node:
 * each expiry is a conditional write, each refund is leased.
 */
public final class OrderSweeperVerticle extends VerticleBase {
  static final long PERIOD_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(OrderSweeperVerticle.class);

  private final OrderService orders;
  private long timer = -1;
  private boolean running;

  public OrderSweeperVerticle(OrderService orders) {
    this.orders = orders;
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

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    orders
        .expireDue()
        .compose(expired -> orders.refundDue())
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("sweeping orders failed", done.cause());
              }
            });
  }
}
