package io.guichet.orders;

import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.ShopContext;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Ids;
import io.guichet.domain.account.Session;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.PaymentAttempt;
import io.guichet.payment.OgoneFeedback;
import io.guichet.payment.OgoneGateway;
import io.guichet.payment.PaymentConfig;
import io.guichet.security.Hmac;
import io.guichet.store.OrderStore;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders after checkout: their buyer reads them, pays a pending or reserved one, cancels it (where
 * the point of sale allows it), confirms a guest's e-mail address; the payment provider's signed
 * feedback pays them; pending orders past their deadline expire and late payments are refunded.
 * Every change goes through the order writer and is answered after its commit; the grid follows.
 */
public final class OrderService {
  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
  static final String ORDER_SECRET = "order";
  static final String CONFIRM_EMAIL = "confirm-email";

  private final PointsOfSale pointsOfSale;
  private final OrderStore store;
  private final OrderWriter writer;
  private final OrderGrid grid;
  private final Payments payments;
  private final Hmac hmac;
  private final Clock clock;

  public OrderService(
      PointsOfSale pointsOfSale,
      OrderStore store,
      OrderWriter writer,
      io.guichet.inventory.HzInventory inventory,
      Payments payments,
      Hmac hmac,
      Clock clock) {
    this.pointsOfSale = pointsOfSale;
    this.store = store;
    this.writer = writer;
    this.grid = new OrderGrid(inventory);
    this.payments = payments;
    this.hmac = hmac;
    this.clock = clock;
  }

  /** The secret a guest presents to read and manage an order (derived, never stored). */
  public String secret(UUID orderId) {
    return hmac.sign(ORDER_SECRET, orderId.toString());
  }

  /** The token of the link in a guest's confirmation e-mail. */
  public String emailToken(UUID orderId) {
    return hmac.sign(CONFIRM_EMAIL, orderId.toString());
  }

  /** How a caller proves an order is theirs: its secret, or the session of its account. */
  public record Access(String posCode, String secret, Session session) {}

  /** An order and the point of sale it was made on. */
  public record Owned(Order order, ShopContext shop) {}

  /**
   * Whether the caller proves the order (of this id, bought by this account or a guest) is theirs:
   * by its secret, or by the session of the account that bought it.
   */
  public boolean holds(Access access, UUID orderId, UUID customerId) {
    boolean bySecret =
        access.secret() != null && hmac.verify(ORDER_SECRET, orderId.toString(), access.secret());
    boolean bySession =
        access.session() != null
            && customerId != null
            && access.session().customerId().equals(customerId);
    return bySecret || bySession;
  }

  /** The order, if it belongs to the caller; another buyer's order is "not found". */
  public Future<Owned> owned(UUID orderId, Access access) {
    return pointsOfSale
        .context(access.posCode())
        .compose(
            shop ->
                store
                    .order(orderId)
                    .compose(
                        order -> {
                          if (!order.posId().equals(shop.pos().id())
                              || !holds(access, orderId, order.buyer().customerId())) {
                            return Future.failedFuture(DomainException.notFound("order", orderId));
                          }
                          return Future.succeededFuture(new Owned(order, shop));
                        }));
  }

  /** An order and, when a card payment is due, the page to pay it on. */
  public record Payable(Order order, OgoneGateway.HostedPage payment) {}

  public Future<Payable> view(UUID orderId, Access access) {
    return owned(orderId, access)
        .map(o -> new Payable(o.order(), payments.openPage(o.order(), null)));
  }

  /**
   * Opens a new card payment attempt: for a pending order (after a declined attempt, say) or for a
   * reserved one, where the point of sale lets buyers pay reserved orders.
   */
  public Future<Payable> pay(UUID orderId, Access access, String language) {
    return owned(orderId, access)
        .compose(
            owned -> {
              Order order = owned.order();
              if (order.status() == OrderStatus.RESERVED
                  && !owned.shop().pos().settings().allowPayOrCancelPending()) {
                return Future.failedFuture(
                    new DomainException(
                        Failure.NOT_ALLOWED_HERE,
                        "reserved orders are paid at the box office on this point of sale"));
              }
              String speaking = owned.shop().language(language);
              UUID paymentId = Ids.timeOrdered(now());
              return confirmed(
                      new OrderCommand.StartPayment(
                          orderId, paymentId, PaymentConfig.PROVIDER, now()))
                  .compose(
                      outcome ->
                          outcome.fold(
                              started ->
                                  store
                                      .order(orderId)
                                      .map(
                                          fresh ->
                                              new Payable(
                                                  fresh,
                                                  payments.hostedPage(
                                                      fresh,
                                                      started.attemptRef(),
                                                      started.amount(),
                                                      speaking))),
                              notPayable ->
                                  Future.failedFuture(
                                      new DomainException(
                                          Failure.ORDER_STATE,
                                          "order "
                                              + order.reference()
                                              + " cannot be paid now ("
                                              + notPayable.status()
                                              + ")")),
                              unknown ->
                                  Future.failedFuture(DomainException.notFound("order", orderId))));
            });
  }

  /** Cancels a pending or reserved order, where the point of sale allows it. */
  public Future<Order> cancel(UUID orderId, Access access) {
    return owned(orderId, access)
        .compose(
            owned -> {
              if (!owned.shop().pos().settings().allowPayOrCancelPending()) {
                return Future.failedFuture(
                    new DomainException(
                        Failure.NOT_ALLOWED_HERE,
                        "orders are cancelled at the box office on this point of sale"));
              }
              return confirmed(new OrderCommand.Cancel(orderId, now()))
                  .compose(
                      outcome ->
                          outcome.fold(
                              cancelled -> {
                                List<OrderGrid.Hold> holds = OrderGrid.holds(owned.order().lines());
                                Future<Void> seats =
                                    cancelled.was() == OrderStatus.RESERVED
                                        ? grid.reopen(holds)
                                        : grid.release(holds, owned.order().expiresAt());
                                return seats.compose(v -> store.order(orderId));
                              },
                              notCancellable ->
                                  notCancellable.status() == OrderStatus.CANCELLED
                                      // cancelled already (a retry): the same answer again
                                      ? store.order(orderId)
                                      : Future.failedFuture(
                                          new DomainException(
                                              Failure.ORDER_STATE,
                                              "a "
                                                  + notCancellable
                                                      .status()
                                                      .name()
                                                      .toLowerCase(java.util.Locale.ROOT)
                                                  + " order cannot be cancelled")),
                              unknown ->
                                  Future.failedFuture(DomainException.notFound("order", orderId))));
            });
  }

  /** The guest followed the link of the confirmation e-mail: the order goes on. */
  public Future<Payable> confirmEmail(UUID orderId, String posCode, String token, String language) {
    if (token == null || !hmac.verify(CONFIRM_EMAIL, orderId.toString(), token)) {
      return Future.failedFuture(DomainException.notFound("order", orderId));
    }
    return pointsOfSale
        .context(posCode)
        .compose(shop -> store.order(orderId))
        .compose(
            before ->
                confirmed(new OrderCommand.ConfirmEmail(orderId, now()))
                    .compose(
                        outcome -> {
                          List<OrderGrid.Hold> holds = OrderGrid.holds(before.lines());
                          Future<Void> seats =
                              outcome.fold(
                                  confirmed ->
                                      confirmed.status().ticketed()
                                          ? grid.sell(holds)
                                          : Future.succeededFuture(),
                                  unchanged -> Future.succeededFuture(),
                                  expired -> grid.release(holds, before.expiresAt()),
                                  seatsTaken -> grid.release(holds, before.expiresAt()),
                                  unknown -> Future.succeededFuture());
                          return seats.compose(v -> store.order(orderId));
                        }))
        .compose(
            order -> {
              if (order.status() == OrderStatus.EXPIRED) {
                return Future.failedFuture(
                    new DomainException(
                        Failure.ORDER_STATE,
                        "order " + order.reference() + " expired before its e-mail was confirmed"));
              }
              if (order.status() == OrderStatus.PENDING_PAYMENT && order.openAttempt() == null) {
                // Its card payment can start now.
                return pay(orderId, new Access(posCode, secret(orderId), null), language);
              }
              return Future.succeededFuture(new Payable(order, payments.openPage(order, language)));
            });
  }

  /** What became of a provider message. */
  public record FeedbackOutcome(Order order, String message) {}

  /**
   * A signed message from the provider, by the buyer's browser ({@code notification} false) or
   * server to server. A bad signature, another amount, or a message already processed is refused
   * and changes nothing. The browser may bring back a message the notification already applied: it
   * then just shows the order.
   */
  public Future<FeedbackOutcome> feedback(MultiMap params, boolean notification) {
    OgoneFeedback feedback = payments.gateway().feedback(params);
    return store
        .paymentByRef(feedback.attemptRef(), PaymentConfig.PROVIDER)
        .compose(
            attempt -> {
              if (attempt == null) {
                return Future.failedFuture(
                    DomainException.notFound("payment", feedback.attemptRef()));
              }
              if (attempt.amount() != feedback.amount()
                  || !attempt.currency().equals(feedback.currency())) {
                return Future.failedFuture(
                    DomainException.of(
                        Failure.AMOUNT_MISMATCH,
                        "the payment is for "
                            + attempt.amount()
                            + " "
                            + attempt.currency()
                            + ", not "
                            + feedback.amount()
                            + " "
                            + feedback.currency(),
                        Map.of("orderId", attempt.orderId().toString())));
              }
              return apply(attempt, feedback, notification);
            });
  }

  private Future<FeedbackOutcome> apply(
      PaymentAttempt attempt, OgoneFeedback feedback, boolean notification) {
    Instant now = now();
    return switch (feedback.outcome()) {
      case ACCEPTED ->
          confirmed(
                  new OrderCommand.Pay(
                      PaymentConfig.PROVIDER,
                      feedback.attemptRef(),
                      feedback.payId(),
                      feedback.amount(),
                      feedback.currency(),
                      feedback.status(),
                      now))
              .compose(outcome -> paid(attempt, feedback, notification, outcome));
      case DECLINED, CANCELLED ->
          confirmed(
                  new OrderCommand.FailPayment(
                      PaymentConfig.PROVIDER,
                      feedback.attemptRef(),
                      feedback.payId(),
                      feedback.outcome() == OgoneFeedback.Outcome.DECLINED
                          ? OrderCommand.FailPayment.Failed.DECLINED
                          : OrderCommand.FailPayment.Failed.CANCELLED,
                      feedback.status(),
                      now))
              .compose(
                  outcome ->
                      outcome.fold(
                          recorded ->
                              store
                                  .order(attempt.orderId())
                                  .map(
                                      o ->
                                          new FeedbackOutcome(
                                              o,
                                              feedback
                                                  .outcome()
                                                  .name()
                                                  .toLowerCase(java.util.Locale.ROOT))),
                          replayed -> replayedFeedback(attempt, feedback, notification, false),
                          unknown ->
                              Future.failedFuture(
                                  DomainException.notFound("payment", feedback.attemptRef()))));
      case PENDING ->
          store.order(attempt.orderId()).map(o -> new FeedbackOutcome(o, "payment in progress"));
    };
  }

  private Future<FeedbackOutcome> paid(
      PaymentAttempt attempt,
      OgoneFeedback feedback,
      boolean notification,
      OrderOutcome.Pay outcome) {
    return outcome.fold(
        paid ->
            store
                .order(attempt.orderId())
                .compose(
                    order ->
                        grid.sell(OrderGrid.holds(order.lines()))
                            .map(v -> new FeedbackOutcome(order, "paid"))),
        replayed -> replayedFeedback(attempt, feedback, notification, replayed.refunded()),
        mismatch ->
            Future.failedFuture(
                new DomainException(Failure.AMOUNT_MISMATCH, "the amount is not the payment's")),
        refundDue -> refundLate(attempt, refundDue),
        unknown -> Future.failedFuture(DomainException.notFound("payment", feedback.attemptRef())));
  }

  /**
   * A provider message applied before: the server-to-server notification is told so (409); the
   * browser coming back with it sees the order. Money refunded as too late is said so to both.
   */
  private Future<FeedbackOutcome> replayedFeedback(
      PaymentAttempt attempt, OgoneFeedback feedback, boolean notification, boolean refunded) {
    if (refunded) {
      return Future.failedFuture(
          DomainException.of(
              Failure.PAYMENT_REFUNDED,
              "this order could no longer be paid: the payment is refunded",
              Map.of("orderId", attempt.orderId().toString())));
    }
    if (notification) {
      return Future.failedFuture(
          new DomainException(
              Failure.PAYMENT_REPLAYED,
              "payment message for "
                  + feedback.attemptRef()
                  + " was already processed; nothing changed"));
    }
    return store.order(attempt.orderId()).map(o -> new FeedbackOutcome(o, "already processed"));
  }

  /** Money arrived for an order that can no longer be paid: refund it, never sell seats. */
  private Future<FeedbackOutcome> refundLate(
      PaymentAttempt attempt, OrderOutcome.Pay.RefundDue due) {
    Future<Void> seats = Future.succeededFuture();
    if (due.orderStatus() == OrderStatus.EXPIRED) {
      seats =
          store
              .order(attempt.orderId())
              .compose(o -> grid.release(OrderGrid.holds(o.lines()), o.expiresAt()))
              .otherwiseEmpty(); // the order expired: its holds lapse at their deadline anyway
    }
    // The refund call goes on after the answer (and the sweeper retries it if it fails).
    seats.onComplete(v -> refundDue());
    return seats.compose(
        v ->
            Future.failedFuture(
                DomainException.of(
                    Failure.PAYMENT_REFUNDED,
                    "order can no longer be paid (" + due.reason() + "): the payment is refunded",
                    Map.of("orderId", attempt.orderId().toString()))));
  }

  private Future<Void> refund(UUID paymentId, String payId, long amount, String currency) {
    return payments
        .gateway()
        .refund(payId, amount, currency)
        .recover(
            e -> {
              LOG.warn("refund of payment {} failed; will retry", paymentId, e);
              return Future.succeededFuture(false);
            })
        .compose(ok -> writer.write(new OrderCommand.RecordRefund(paymentId, ok, now())))
        .mapEmpty();
  }

  /** Expires pending orders past their deadline and gives their seats back; answers how many. */
  public Future<Integer> expireDue() {
    return store
        .dueForExpiry(now(), 200)
        .compose(
            ids -> {
              List<Future<Boolean>> all = new ArrayList<>();
              for (UUID id : ids) {
                all.add(
                    writer
                        .write(new OrderCommand.Expire(id, now()))
                        .compose(
                            outcome ->
                                outcome.fold(
                                    expired ->
                                        store
                                            .order(id)
                                            .compose(
                                                o ->
                                                    grid.release(
                                                        OrderGrid.holds(o.lines()), o.expiresAt()))
                                            .map(true),
                                    unchanged -> Future.succeededFuture(false))));
              }
              return Future.join(all)
                  .map(
                      done ->
                          (int) all.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
            });
  }

  /**
   * Marks sold again, in the grid, the seats of orders paid or reserved lately. A node that dies
   * between an order's commit and its grid update leaves those seats held in the grid until their
   * hold expires; when a member leaves the cluster, the others run this (selling is idempotent).
   */
  public Future<Integer> resellSince(Instant since) {
    return store
        .recentlyTicketed(since, 10_000)
        .compose(
            ids -> {
              List<Future<Void>> all = new ArrayList<>();
              for (UUID id : ids) {
                all.add(store.order(id).compose(o -> grid.sell(OrderGrid.holds(o.lines()))));
              }
              return Future.join(all).map(done -> ids.size());
            });
  }

  /** Retries refunds the provider has not confirmed yet. */
  public Future<Integer> refundDue() {
    Instant now = now();
    return store
        .leaseRefundsDue(now, now.plusSeconds(60), 50)
        .compose(
            due -> {
              List<Future<Void>> all = new ArrayList<>();
              for (PaymentAttempt p : due) {
                if (p.payId() != null) {
                  all.add(refund(p.id(), p.payId(), p.amount(), p.currency()));
                }
              }
              return Future.join(all).map(done -> all.size());
            });
  }

  /**
   * A command written for a request. When the writer cannot answer (PostgreSQL unreachable, a
   * deadlock past the retries, a connection lost mid-commit) the request gets 503 and may be
   * retried safely: a payment message already applied comes back as a replay, a cancel or an e-mail
   * confirmation already done is refused or shows the order, a payment attempt started twice leaves
   * one attempt unused; and the grid follows only after an answer, never ahead of PostgreSQL.
   */
  private <R extends OrderOutcome> Future<R> confirmed(OrderCommand<R> command) {
    return writer
        .write(command)
        .recover(
            e -> {
              if (DependencyUnavailable.in(e) == null) {
                return Future.failedFuture(e); // a fault, or a refusal: as it is
              }
              return Future.failedFuture(
                  new DomainException(
                      Failure.UNAVAILABLE, "the change could not be confirmed now; retry"));
            });
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
