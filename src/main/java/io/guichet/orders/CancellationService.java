package io.guichet.orders;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Ids;
import io.guichet.domain.order.Cancellation;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.Refund;
import io.guichet.domain.order.RefundPlan;
import io.guichet.inventory.HzInventory;
import io.guichet.payment.OgoneGateway;
import io.guichet.store.CancellationStore;
import io.guichet.store.OrderStore;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels paid orders, whole or some of their tickets, and refunds them: the cancellation commits
 * first (tickets, standing places, credit, the refund row, the buyer's e-mail), then the seats go
 * back on sale in the grid (to the waiting list where their category is listed), then the card
 * refund is asked of the provider under its lease and its answer recorded. A refund the provider
 * refused stays FAILED, visible, until an operator retries it; one whose answer never came (or
 * whose node died) is retried by the sweeper with the same key.
 */
public final class CancellationService {
  private static final Logger LOG = LoggerFactory.getLogger(CancellationService.class);

  /** A node calling the provider holds the refund this long (the call's deadline is shorter). */
  static final Duration LEASE = Duration.ofMillis(OgoneGateway.REFUND_DEADLINE_MS * 3);

  /** A refund left PENDING or UNKNOWN this long is sent again by the sweeper. */
  static final Duration QUIET = Duration.ofSeconds(30);

  /** The sweeper gives up on a refund after this many calls (it stays visible, retryable). */
  static final int MAX_AUTOMATIC_ATTEMPTS = 10;

  private final OrderStore orders;
  private final CancellationStore store;
  private final OrderGrid grid;
  private final OgoneGateway gateway;
  private final java.util.function.BiConsumer<UUID, UUID> ticketChanged;
  private final Clock clock;

  /**
   * @param ticketChanged told of each ticket cancelled (order id, ticket id): views cached of it
   *     are dropped on every node
   */
  public CancellationService(
      OrderStore orders,
      CancellationStore store,
      HzInventory inventory,
      Payments payments,
      java.util.function.BiConsumer<UUID, UUID> ticketChanged,
      Clock clock) {
    this.ticketChanged = ticketChanged;
    this.orders = orders;
    this.store = store;
    this.grid = new OrderGrid(inventory);
    this.gateway = payments.gateway();
    this.clock = clock;
  }

  /**
   * What is asked: the order lines to cancel (empty: every live ticket), where the money goes, why,
   * under which idempotency key, by the buyer or the box office.
   */
  public record Ask(
      List<Integer> lines,
      RefundPlan.RefundTo refundTo,
      String reason,
      String idempotencyKey,
      boolean byBuyer) {}

  public CancellationStore cancellations() {
    return store;
  }

  /**
   * Cancels and refunds; a repeated key answers the first cancellation again ({@code replayed}).
   */
  public Future<CancellationStore.Cancelled> cancel(UUID orderId, Ask ask) {
    Instant now = now();
    return orders
        .order(orderId)
        .compose(
            order ->
                store
                    .cancel(
                        new CancellationStore.Request(
                            orderId,
                            ask.idempotencyKey(),
                            ask.lines(),
                            ask.refundTo(),
                            ask.reason(),
                            ask.byBuyer(),
                            Ids.timeOrdered(now),
                            Ids.timeOrdered(now)),
                        now)
                    .compose(
                        done ->
                            done.replayed() ? Future.succeededFuture(done) : after(order, done)));
  }

  /** After the commit: the seats back on sale, then the card refund. */
  private Future<CancellationStore.Cancelled> after(Order order, CancellationStore.Cancelled done) {
    Cancellation c = done.cancellation();
    done.tickets().forEach(t -> ticketChanged.accept(order.id(), t));
    return grid.reopen(OrderGrid.holds(linesOf(order, c.lines())))
        .compose(v -> c.refund() == null ? Future.succeededFuture(c) : refundNow(c))
        .map(done::with);
  }

  private Future<Cancellation> refundNow(Cancellation c) {
    return attempt(c.refund().id())
        .map(c::withRefund)
        .recover(
            e -> {
              // committed already: the refund stays PENDING and the sweeper sends it
              LOG.warn("refund {} not sent now; the sweeper retries it", c.refund().id(), e);
              return Future.succeededFuture(c);
            });
  }

  private static List<OrderLine> linesOf(Order order, List<Integer> lines) {
    Set<Integer> wanted = Set.copyOf(lines);
    List<OrderLine> out = new ArrayList<>();
    for (OrderLine l : order.lines()) {
      if (wanted.contains(l.lineNo())) {
        out.add(l);
      }
    }
    return out;
  }

  /** An operator sends a refund again (a FAILED one, or an UNKNOWN one now). */
  public Future<Refund> retry(UUID refundId) {
    return store
        .refund(refundId)
        .compose(
            r -> {
              if (!r.status().open()) {
                return Future.failedFuture(
                    new DomainException(Failure.ORDER_STATE, "this refund is refunded already"));
              }
              return attempt(refundId);
            });
  }

  /** Sends refunds left without an answer (a node died, the provider did not answer in time). */
  public Future<Integer> retryDue() {
    Instant now = now();
    return store
        .leaseDue(now, now.plus(LEASE), now.minus(QUIET), MAX_AUTOMATIC_ATTEMPTS, 20)
        .compose(
            due -> {
              List<Future<Refund>> all = new ArrayList<>();
              due.forEach(r -> all.add(call(r)));
              return Future.join(all).map(v -> all.size()).otherwise(all.size());
            });
  }

  /** One call for a refund under its lease; another node calling for it now is "in progress". */
  private Future<Refund> attempt(UUID refundId) {
    Instant now = now();
    return store
        .lease(refundId, now, now.plus(LEASE))
        .compose(
            leased ->
                leased == null
                    ? store
                        .refund(refundId)
                        .compose(
                            r ->
                                r.status() == Refund.Status.REFUNDED
                                    ? Future.succeededFuture(r)
                                    : Future.failedFuture(
                                        new DomainException(
                                            Failure.ORDER_STATE,
                                            "this refund is being sent to the provider now")))
                    : call(leased));
  }

  /** Asks the provider (with the refund's id as its key) and records the answer. */
  private Future<Refund> call(Refund r) {
    return gateway
        .refund(r.payId(), r.amount(), r.currency(), r.id().toString())
        .map(
            answer ->
                answer.refunded()
                    ? new Outcome(Refund.Status.REFUNDED, null)
                    : new Outcome(
                        Refund.Status.FAILED,
                        "the provider refused: NCERROR "
                            + answer.ncError()
                            + ", STATUS "
                            + answer.status()))
        .otherwise(
            e ->
                new Outcome(
                    Refund.Status.UNKNOWN,
                    DependencyUnavailable.in(e) != null
                        ? DependencyUnavailable.in(e).getMessage()
                        : String.valueOf(e)))
        .compose(o -> store.record(r.id(), o.status(), o.error(), now()));
  }

  private record Outcome(Refund.Status status, String error) {}

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
