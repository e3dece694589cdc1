package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.order.Cancellation;
import io.guichet.domain.order.Refund;
import io.guichet.domain.order.RefundPlan;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cancellations of paid orders and their refunds. A cancellation is one transaction under the
 * order's row lock: its tickets (a scan at the doors takes the ticket's row lock too, so of a scan
 * and a cancellation racing exactly one wins), its standing places, the money given back (the
 * refund row to the card, written before the provider is called; the buyer's credit), the order's
 * state and the buyer's e-mail.
 */
public final class CancellationStore {
  private static final String LOCK_ORDER =
      "select id, organizer_id, status, customer_id, currency, total, card_amount from orders"
          + " where id = $1 for update";
  private static final String SELECT_BY_KEY =
      "select * from order_cancellation where order_id = $1 and idempotency_key = $2";
  private static final String REFUNDED_SO_FAR =
      "select coalesce(sum(amount), 0) as amount, coalesce(sum(to_card), 0) as to_card"
          + " from order_cancellation where order_id = $1";
  private static final String ACCEPTED_PAYMENT =
      "select id, pay_id from payment where order_id = $1 and status = 'ACCEPTED'"
          + " and pay_id is not null order by created_at limit 1";
  private static final String TICKETS =
      "select t.line_no, t.status, t.checked_in_at, l.price from ticket t"
          + " join order_line l on l.order_id = t.order_id and l.line_no = t.line_no"
          + " where t.order_id = $1";
  private static final String CANCEL_TICKETS =
      "update ticket set status = 'CANCELLED', cancellation_id = $2, updated_at = $3"
          + " where order_id = $1 and line_no = any($4) and status = 'LIVE'"
          + " and checked_in_at is null returning id";
  private static final String UNSELL_STANDING =
      "update ga_sales g set sold = g.sold - l.n from (select performance_id, ga_area,"
          + " count(*) as n from order_line where order_id = $1 and line_no = any($2)"
          + " and ga_area is not null group by performance_id, ga_area) l"
          + " where g.performance_id = l.performance_id and g.area = l.ga_area";
  private static final String INSERT_CANCELLATION =
      "insert into order_cancellation (id, order_id, idempotency_key, lines, whole, by_buyer,"
          + " reason, refund_to, currency, amount, to_card, to_credit, created_at)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  private static final String INSERT_REFUND =
      "insert into refund (id, cancellation_id, order_id, organizer_id, payment_id, pay_id,"
          + " amount, currency, status, created_at, updated_at)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9, $9)";
  private static final String ADD_CREDIT =
      "update customer set credit_balance = credit_balance + $2 where id = $1";
  private static final String INSERT_CREDIT_MOVEMENT =
      "insert into credit_movement (customer_id, amount, order_id, reason, created_at)"
          + " values ($1, $2, $3, $4, $5)";
  private static final String CLOSE_ORDER =
      "update orders set status = 'CANCELLED', updated_at = $2, closed_at = $2 where id = $1"
          + " and not exists (select 1 from ticket where order_id = $1 and status = 'LIVE')";
  private static final String TOUCH_ORDER = "update orders set updated_at = $2 where id = $1";
  private static final String ENQUEUE_MAIL =
      "insert into mail_outbox (kind, cancellation_id, created_at, next_attempt_at)"
          + " values ('ORDER_CANCELLED', $1, $2, $2)";
  private static final String SELECT_CANCELLATION =
      "select * from order_cancellation where id = $1";
  private static final String SELECT_OF_ORDER =
      "select * from order_cancellation where order_id = $1 order by created_at, id";
  private static final String SELECT_REFUND = "select * from refund where id = $1";
  private static final String SELECT_REFUNDS_OF =
      "select * from refund where cancellation_id = any($1)";
  private static final String SELECT_REFUNDS_OF_ORGANIZER =
      "select * from refund where organizer_id = $1 and ($2::text is null or status = $2)"
          + " order by created_at desc, id limit $3 offset $4";
  private static final String COUNT_REFUNDS_OF_ORGANIZER =
      "select count(*) from refund where organizer_id = $1 and ($2::text is null or status = $2)";
  private static final String LEASE_REFUND =
      "update refund set lease_until = $3, attempts = attempts + 1, updated_at = $2"
          + " where id = $1 and status <> 'REFUNDED'"
          + " and (lease_until is null or lease_until < $2) returning *";
  private static final String LEASE_DUE =
      "update refund set lease_until = $2, attempts = attempts + 1, updated_at = $1"
          + " where id in (select id from refund where status in ('PENDING', 'UNKNOWN')"
          + " and attempts < $4 and updated_at <= $5"
          + " and (lease_until is null or lease_until < $1)"
          + " order by updated_at limit $3 for update skip locked) returning *";
  private static final String RECORD_REFUND =
      "update refund set status = $2, last_error = $3, lease_until = null, updated_at = $4,"
          + " refunded_at = case when $2 = 'REFUNDED' then $4 end"
          + " where id = $1 and status <> 'REFUNDED' returning *";

  private final Pool pool;

  public CancellationStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * What the operator (or the buyer) asks: lines of the order (none: all), where the money goes.
   */
  public record Request(
      UUID orderId,
      String idempotencyKey,
      List<Integer> lines,
      RefundPlan.RefundTo refundTo,
      String reason,
      boolean byBuyer,
      UUID cancellationId,
      UUID refundId) {}

  /**
   * A cancellation written (or found again: {@code replayed}, the same key asked before), with the
   * ids of the tickets it cancelled now (none on a replay).
   */
  public record Cancelled(Cancellation cancellation, boolean replayed, List<UUID> tickets) {
    public Cancelled with(Cancellation c) {
      return new Cancelled(c, replayed, tickets);
    }
  }

  /** Cancels, in one transaction; fails with the refusal's kind and changes nothing if refused. */
  public Future<Cancelled> cancel(Request request, Instant now) {
    return pool.withTransaction(conn -> cancel(conn, request, now))
        .compose(
            c ->
                c.replayed()
                    ? Future.succeededFuture(c)
                    : cancellation(c.cancellation().id()).map(c::with));
  }

  private Future<Cancelled> cancel(SqlConnection conn, Request r, Instant now) {
    return conn.preparedQuery(LOCK_ORDER)
        .execute(Tuple.of(r.orderId()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainException.notFound("order", r.orderId()));
              }
              Row order = rows.iterator().next();
              return conn.preparedQuery(SELECT_BY_KEY)
                  .execute(Tuple.of(r.orderId(), r.idempotencyKey()))
                  .compose(
                      found ->
                          found.size() > 0
                              ? replay(conn, r, cancellation(found.iterator().next(), null))
                              : fresh(conn, r, order, now));
            });
  }

  private static Future<Cancelled> replay(SqlConnection conn, Request r, Cancellation before) {
    boolean same =
        before.refundTo() == r.refundTo()
            && before.reason().equals(r.reason())
            && (r.lines() == null || r.lines().isEmpty()
                ? before.whole()
                : before.lines().equals(r.lines().stream().sorted().toList()));
    if (!same) {
      return Future.failedFuture(
          new DomainException(
              Failure.IDEMPOTENCY_KEY_REUSED,
              "this Idempotency-Key was used for another cancellation of this order"));
    }
    return refundsOf(conn, List.of(before.id()))
        .map(
            refunds -> new Cancelled(before.withRefund(refunds.get(before.id())), true, List.of()));
  }

  private Future<Cancelled> fresh(SqlConnection conn, Request r, Row order, Instant now) {
    String status = order.getString("status");
    if (!status.equals("PAID") && !status.equals("RESERVED")) {
      return Future.failedFuture(
          new DomainException(
              Failure.ORDER_STATE,
              "a " + status.toLowerCase(java.util.Locale.ROOT) + " order cannot be cancelled"));
    }
    boolean paid = status.equals("PAID");
    Future<Row> soFar =
        conn.preparedQuery(REFUNDED_SO_FAR)
            .execute(Tuple.of(r.orderId()))
            .map(rows -> rows.iterator().next());
    Future<Row> payment =
        conn.preparedQuery(ACCEPTED_PAYMENT)
            .execute(Tuple.of(r.orderId()))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    Future<List<Row>> tickets =
        conn.preparedQuery(TICKETS).execute(Tuple.of(r.orderId())).map(rows -> list(rows, x -> x));
    return Future.all(soFar, payment, tickets)
        .compose(
            all -> {
              Set<Integer> live = new HashSet<>();
              Set<Integer> every = new HashSet<>();
              Map<Integer, Long> prices = new HashMap<>();
              for (Row t : tickets.result()) {
                int line = t.getInteger("line_no");
                every.add(line);
                prices.put(line, t.getLong("price"));
                if (t.getString("status").equals("LIVE")) {
                  live.add(line);
                }
              }
              List<Integer> lines = RefundPlan.lines(r.lines(), live, every);
              scanned(tickets.result(), lines);
              boolean whole = lines.size() == live.size();
              long cardPaid = payment.result() == null ? 0 : order.getLong("card_amount");
              RefundPlan plan =
                  paid
                      ? RefundPlan.of(
                          r.refundTo(),
                          new RefundPlan.Paid(
                              order.getLong("total"),
                              cardPaid,
                              soFar.result().getLong("amount"),
                              soFar.result().getLong("to_card"),
                              order.getUUID("customer_id") != null),
                          lines.stream().map(prices::get).toList(),
                          whole)
                      : new RefundPlan(0, 0, 0);
              return write(conn, r, order, payment.result(), lines, whole, plan, now);
            });
  }

  /** A ticket scanned at the doors is never cancelled (nor is its order, whole). */
  private static void scanned(List<Row> tickets, List<Integer> lines) {
    for (Row t : tickets) {
      if (lines.contains(t.getInteger("line_no")) && t.getValue("checked_in_at") != null) {
        throw new DomainException(
            Failure.ORDER_STATE,
            "the ticket of line " + t.getInteger("line_no") + " was scanned at the doors");
      }
    }
  }

  private Future<Cancelled> write(
      SqlConnection conn,
      Request r,
      Row order,
      Row payment,
      List<Integer> lines,
      boolean whole,
      RefundPlan plan,
      Instant now) {
    Integer[] lineArray = lines.toArray(Integer[]::new);
    String currency = order.getString("currency");
    Tuple cancellation =
        Tuple.tuple()
            .addUUID(r.cancellationId())
            .addUUID(r.orderId())
            .addString(r.idempotencyKey())
            .addArrayOfInteger(lineArray)
            .addBoolean(whole)
            .addBoolean(r.byBuyer())
            .addString(r.reason())
            .addString(r.refundTo().name())
            .addString(currency)
            .addLong(plan.amount())
            .addLong(plan.toCard())
            .addLong(plan.toCredit())
            .addOffsetDateTime(timestamp(now));
    return conn.preparedQuery(INSERT_CANCELLATION)
        .execute(cancellation)
        .compose(
            v ->
                conn.preparedQuery(CANCEL_TICKETS)
                    .execute(
                        Tuple.tuple()
                            .addUUID(r.orderId())
                            .addUUID(r.cancellationId())
                            .addOffsetDateTime(timestamp(now))
                            .addArrayOfInteger(lineArray)))
        .compose(
            cancelled ->
                cancelled.size() == lines.size()
                    ? Future.succeededFuture(list(cancelled, t -> t.getUUID("id")))
                    // a scan (or another cancellation) took a ticket since it was read
                    : Future.failedFuture(
                        new DomainException(
                            Failure.ORDER_STATE,
                            "a ticket of the order was scanned or cancelled meanwhile; nothing"
                                + " changed")))
        .compose(
            ids ->
                conn.preparedQuery(UNSELL_STANDING)
                    .execute(Tuple.tuple().addUUID(r.orderId()).addArrayOfInteger(lineArray))
                    .map(ids))
        .compose(ids -> refundRow(conn, r, order, payment, plan, now).map(ids))
        .compose(ids -> credit(conn, r, order, plan, now).map(ids))
        .compose(
            ids ->
                conn.preparedQuery(whole ? CLOSE_ORDER : TOUCH_ORDER)
                    .execute(Tuple.of(r.orderId(), timestamp(now)))
                    .map(ids))
        .compose(
            ids ->
                conn.preparedQuery(ENQUEUE_MAIL)
                    .execute(Tuple.of(r.cancellationId(), timestamp(now)))
                    .map(ids))
        .map(
            ids ->
                new Cancelled(
                    new Cancellation(
                        r.cancellationId(),
                        r.orderId(),
                        lines,
                        whole,
                        r.byBuyer(),
                        r.reason(),
                        r.refundTo(),
                        currency,
                        plan.amount(),
                        plan.toCard(),
                        plan.toCredit(),
                        now,
                        null),
                    false,
                    ids));
  }

  private static Future<Void> refundRow(
      SqlConnection conn, Request r, Row order, Row payment, RefundPlan plan, Instant now) {
    if (plan.toCard() == 0) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(INSERT_REFUND)
        .execute(
            Tuple.tuple()
                .addUUID(r.refundId())
                .addUUID(r.cancellationId())
                .addUUID(r.orderId())
                .addUUID(order.getUUID("organizer_id"))
                .addUUID(payment.getUUID("id"))
                .addString(payment.getString("pay_id"))
                .addLong(plan.toCard())
                .addString(order.getString("currency"))
                .addOffsetDateTime(timestamp(now)))
        .mapEmpty();
  }

  private static Future<Void> credit(
      SqlConnection conn, Request r, Row order, RefundPlan plan, Instant now) {
    if (plan.toCredit() == 0) {
      return Future.succeededFuture();
    }
    UUID customer = order.getUUID("customer_id");
    return conn.preparedQuery(ADD_CREDIT)
        .execute(Tuple.of(customer, plan.toCredit()))
        .compose(
            v ->
                conn.preparedQuery(INSERT_CREDIT_MOVEMENT)
                    .execute(
                        Tuple.of(
                            customer,
                            plan.toCredit(),
                            r.orderId(),
                            "cancellation: " + r.reason(),
                            timestamp(now))))
        .mapEmpty();
  }

  /** A cancellation with its refund; fails NOT_FOUND when there is none. */
  public Future<Cancellation> cancellation(UUID id) {
    return pool.withConnection(
        conn ->
            conn.preparedQuery(SELECT_CANCELLATION)
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(DomainException.notFound("cancellation", id));
                      }
                      Cancellation c = cancellation(rows.iterator().next(), null);
                      return refundsOf(conn, List.of(id))
                          .map(refunds -> c.withRefund(refunds.get(id)));
                    }));
  }

  /** The cancellations of an order, oldest first, with their refunds. */
  public Future<List<Cancellation>> ofOrder(UUID orderId) {
    return pool.withConnection(
        conn ->
            conn.preparedQuery(SELECT_OF_ORDER)
                .execute(Tuple.of(orderId))
                .compose(
                    rows -> {
                      List<Cancellation> all = list(rows, row -> cancellation(row, null));
                      return refundsOf(conn, all.stream().map(Cancellation::id).toList())
                          .map(
                              refunds ->
                                  all.stream()
                                      .map(c -> c.withRefund(refunds.get(c.id())))
                                      .toList());
                    }));
  }

  private static Future<Map<UUID, Refund>> refundsOf(SqlConnection conn, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery(SELECT_REFUNDS_OF)
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, Refund> byCancellation = new HashMap<>();
              rows.forEach(row -> byCancellation.put(row.getUUID("cancellation_id"), refund(row)));
              return byCancellation;
            });
  }

  public Future<Refund> refund(UUID id) {
    return pool.preparedQuery(SELECT_REFUND)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("refund", id))
                    : Future.succeededFuture(refund(rows.iterator().next())));
  }

  /** A page of an organizer's refunds, newest first, of one status or all. */
  public record RefundPage(List<Refund> items, long total) {}

  public Future<RefundPage> refundsOfOrganizer(
      UUID organizerId, Refund.Status status, int limit, int offset) {
    String s = status == null ? null : status.name();
    Future<List<Refund>> items =
        pool.preparedQuery(SELECT_REFUNDS_OF_ORGANIZER)
            .execute(Tuple.of(organizerId, s, limit, offset))
            .map(rows -> list(rows, CancellationStore::refund));
    Future<Long> total =
        pool.preparedQuery(COUNT_REFUNDS_OF_ORGANIZER)
            .execute(Tuple.of(organizerId, s))
            .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(v -> new RefundPage(items.result(), total.result()));
  }

  /**
   * Takes a refund for a call to the provider, until {@code leaseUntil}: null when it is refunded
   * already or another node calls for it now.
   */
  public Future<Refund> lease(UUID id, Instant now, Instant leaseUntil) {
    return pool.preparedQuery(LEASE_REFUND)
        .execute(Tuple.of(id, timestamp(now), timestamp(leaseUntil)))
        .map(rows -> rows.size() == 0 ? null : refund(rows.iterator().next()));
  }

  /**
   * Refunds left PENDING or UNKNOWN (a node died before the provider answered, or the answer did
   * not come in time) at least {@code quietSince} ago, leased to the caller for a new call.
   */
  public Future<List<Refund>> leaseDue(
      Instant now, Instant leaseUntil, Instant quietSince, int maxAttempts, int limit) {
    return pool.preparedQuery(LEASE_DUE)
        .execute(
            Tuple.of(
                timestamp(now), timestamp(leaseUntil), limit, maxAttempts, timestamp(quietSince)))
        .map(rows -> list(rows, CancellationStore::refund));
  }

  /** What the provider answered; a refund recorded REFUNDED never changes again. */
  public Future<Refund> record(UUID id, Refund.Status status, String error, Instant now) {
    return pool.preparedQuery(RECORD_REFUND)
        .execute(Tuple.of(id, status.name(), error, timestamp(now)))
        .compose(
            rows ->
                rows.size() == 0
                    ? refund(id)
                    : Future.succeededFuture(refund(rows.iterator().next())));
  }

  // --- rows ---

  private static Cancellation cancellation(Row r, Refund refund) {
    return new Cancellation(
        r.getUUID("id"),
        r.getUUID("order_id"),
        Arrays.asList(r.getArrayOfIntegers("lines")),
        r.getBoolean("whole"),
        r.getBoolean("by_buyer"),
        r.getString("reason"),
        RefundPlan.RefundTo.valueOf(r.getString("refund_to")),
        r.getString("currency"),
        r.getLong("amount"),
        r.getLong("to_card"),
        r.getLong("to_credit"),
        instant(r, "created_at"),
        refund);
  }

  static Refund refund(Row r) {
    return new Refund(
        r.getUUID("id"),
        r.getUUID("cancellation_id"),
        r.getUUID("order_id"),
        r.getUUID("organizer_id"),
        r.getString("pay_id"),
        r.getLong("amount"),
        r.getString("currency"),
        Refund.Status.valueOf(r.getString("status")),
        r.getInteger("attempts"),
        r.getString("last_error"),
        instant(r, "created_at"),
        instant(r, "updated_at"),
        instant(r, "refunded_at"));
  }
}
