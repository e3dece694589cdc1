package io.guichet.store;

import static io.guichet.store.CatalogueStore.list;
import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.guichet.domain.order.Buyer;
import io.guichet.domain.order.GiftVoucher;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.PaymentAttempt;
import io.guichet.domain.order.Settlement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads of orders, payments, gift vouchers and credit balances. Writes of the order path go through
 * the order writer; the few here are back-office ones (issuing vouchers, crediting an account).
 */
public final class OrderStore {
  private static final String SELECT_ORDER = "select * from orders where id = $1";
  private static final String SELECT_ORDER_BY_CART = "select * from orders where cart_id = $1";
  private static final String SELECT_LINES =
      "select * from order_line where order_id = $1 order by line_no";
  private static final String SELECT_VOUCHER_USES =
      "select code, amount from voucher_use where order_id = $1 order by code";
  private static final String SELECT_DISCOUNTS =
      "select promo_code_id, code, amount from order_discount where order_id = $1 order by code";
  private static final String SELECT_PAYMENTS =
      "select * from payment where order_id = $1 order by created_at, attempt_ref";
  private static final String SELECT_PAYMENT_BY_REF =
      "select * from payment where attempt_ref = $1 and provider = $2";
  private static final String SELECT_VOUCHERS =
      "select * from gift_voucher where organizer_id = $1 and code = any($2)";
  private static final String SELECT_VOUCHER = "select * from gift_voucher where code = $1";
  private static final String INSERT_VOUCHER =
      "insert into gift_voucher (code, organizer_id, currency, initial_amount, balance,"
          + " expires_at, created_at) values ($1, $2, $3, $4, $4, $5, $6)";
  private static final String SELECT_CREDIT = "select credit_balance from customer where id = $1";
  private static final String ADD_CREDIT =
      "update customer set credit_balance = credit_balance + $2 where id = $1"
          + " returning credit_balance";
  private static final String INSERT_CREDIT_MOVEMENT =
      "insert into credit_movement (customer_id, amount, reason, created_at)"
          + " values ($1, $2, $3, $4)";
  private static final String SELECT_DUE =
      "select id from orders where status = 'PENDING_PAYMENT' and expires_at <= $1"
          + " order by expires_at limit $2";
  private static final String LEASE_REFUNDS_DUE =
      "update payment set refund_lease_until = $2 where id in (select id from payment"
          + " where status = 'REFUND_DUE' and refund_attempts < 20"
          + " and (refund_lease_until is null or refund_lease_until < $1)"
          + " order by updated_at limit $3 for update skip locked) returning *";
  private static final String SELECT_RECENTLY_TICKETED =
      "select id from orders where status in ('PAID', 'RESERVED') and updated_at >= $1"
          + " order by updated_at limit $2";
  private static final String SELECT_CUSTOMER_ORDERS =
      "select id from orders where customer_id = $1 order by created_at desc limit $2";

  private static final String SELECT_CHECKOUT_OF_CART =
      "select id, pos_id, customer_id, idempotency_key, request_hash, cart_secret_hash"
          + " from orders where cart_id = $1";

  private final Pool pool;

  public OrderStore(Pool pool) {
    this.pool = pool;
  }

  /** The order with its lines, vouchers and payments; fails NOT_FOUND when there is none. */
  public Future<Order> order(UUID id) {
    return pool.withConnection(conn -> load(conn, SELECT_ORDER, id))
        .compose(
            o ->
                o == null
                    ? Future.failedFuture(DomainException.notFound("order", id))
                    : Future.succeededFuture(o));
  }

  /**
   * What a checkout wrote for a cart, as a retried checkout needs it to recognise its own order (or
   * null: the cart has no order). Orders written before carts' secrets were kept have a null {@code
   * cartSecretHash}.
   */
  public record CartCheckout(
      UUID orderId,
      UUID posId,
      UUID customerId,
      String idempotencyKey,
      byte[] requestHash,
      byte[] cartSecretHash) {}

  public Future<CartCheckout> checkoutOfCart(UUID cartId) {
    return pool.preparedQuery(SELECT_CHECKOUT_OF_CART)
        .execute(Tuple.of(cartId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new CartCheckout(
                  r.getUUID("id"),
                  r.getUUID("pos_id"),
                  r.getUUID("customer_id"),
                  r.getString("idempotency_key"),
                  r.getBuffer("request_hash").getBytes(),
                  r.getBuffer("cart_secret_hash") == null
                      ? null
                      : r.getBuffer("cart_secret_hash").getBytes());
            });
  }

  /** The order a cart became, or null. */
  public Future<Order> orderOfCart(UUID cartId) {
    return pool.withConnection(conn -> load(conn, SELECT_ORDER_BY_CART, cartId));
  }

  private static Future<Order> load(SqlConnection conn, String sql, UUID key) {
    return conn.preparedQuery(sql)
        .execute(Tuple.of(key))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(null);
              }
              Row o = rows.iterator().next();
              UUID id = o.getUUID("id");
              Future<List<OrderLine>> lines =
                  conn.preparedQuery(SELECT_LINES)
                      .execute(Tuple.of(id))
                      .map(r -> list(r, OrderStore::line));
              Future<List<Settlement.VoucherUse>> vouchers =
                  conn.preparedQuery(SELECT_VOUCHER_USES)
                      .execute(Tuple.of(id))
                      .map(
                          r ->
                              list(
                                  r,
                                  v ->
                                      new Settlement.VoucherUse(
                                          v.getString("code"), v.getLong("amount"))));
              Future<List<PaymentAttempt>> payments =
                  conn.preparedQuery(SELECT_PAYMENTS)
                      .execute(Tuple.of(id))
                      .map(r -> list(r, OrderStore::payment));
              Future<List<Order.OrderDiscount>> discounts =
                  conn.preparedQuery(SELECT_DISCOUNTS)
                      .execute(Tuple.of(id))
                      .map(
                          r ->
                              list(
                                  r,
                                  d ->
                                      new Order.OrderDiscount(
                                          d.getUUID("promo_code_id"),
                                          d.getString("code"),
                                          d.getLong("amount"))));
              return Future.all(lines, vouchers, payments, discounts)
                  .map(
                      all ->
                          order(
                              o,
                              lines.result(),
                              vouchers.result(),
                              payments.result(),
                              discounts.result()));
            });
  }

  public Future<PaymentAttempt> paymentByRef(String attemptRef, String provider) {
    return pool.preparedQuery(SELECT_PAYMENT_BY_REF)
        .execute(Tuple.of(attemptRef, provider))
        .map(rows -> rows.size() == 0 ? null : payment(rows.iterator().next()));
  }

  /** The vouchers of an organizer among these codes, by code (unknown codes are absent). */
  public Future<Map<String, GiftVoucher>> vouchers(UUID organizerId, List<String> codes) {
    if (codes.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(SELECT_VOUCHERS)
        .execute(Tuple.tuple().addUUID(organizerId).addArrayOfString(codes.toArray(String[]::new)))
        .map(
            rows -> {
              Map<String, GiftVoucher> byCode = new HashMap<>();
              rows.forEach(r -> byCode.put(r.getString("code"), voucher(r)));
              return byCode;
            });
  }

  public Future<GiftVoucher> voucher(String code) {
    return pool.preparedQuery(SELECT_VOUCHER)
        .execute(Tuple.of(code))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("gift voucher", code))
                    : Future.succeededFuture(voucher(rows.iterator().next())));
  }

  /** Issues vouchers (codes chosen by the caller, unique). */
  public Future<Void> issueVouchers(
      UUID organizerId,
      String currency,
      long amount,
      Instant expiresAt,
      List<String> codes,
      Instant now) {
    List<Tuple> tuples =
        codes.stream()
            .map(
                c ->
                    Tuple.of(
                        c, organizerId, currency, amount, timestamp(expiresAt), timestamp(now)))
            .toList();
    return translate(
        pool.preparedQuery(INSERT_VOUCHER).executeBatch(tuples).mapEmpty(), "gift voucher");
  }

  public Future<Long> creditBalance(UUID customerId) {
    return pool.preparedQuery(SELECT_CREDIT)
        .execute(Tuple.of(customerId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /**
   * Adds to a customer's credit balance (e.g. a refund turned into credit); answers the new one.
   */
  public Future<Long> addCredit(UUID customerId, long amount, String reason, Instant now) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(ADD_CREDIT)
                .execute(Tuple.of(customerId, amount))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            DomainException.notFound("customer", customerId));
                      }
                      long balance = rows.iterator().next().getLong(0);
                      return conn.preparedQuery(INSERT_CREDIT_MOVEMENT)
                          .execute(Tuple.of(customerId, amount, reason, timestamp(now)))
                          .map(balance);
                    }));
  }

  /** Pending orders whose payment deadline has passed. */
  public Future<List<UUID>> dueForExpiry(Instant now, int limit) {
    return pool.preparedQuery(SELECT_DUE)
        .execute(Tuple.of(timestamp(now), limit))
        .map(rows -> list(rows, r -> r.getUUID("id")));
  }

  /**
   * Payments due for a refund, leased to the caller until {@code leaseUntil} so that no other node
   * asks the provider for the same refund meanwhile.
   */
  public Future<List<PaymentAttempt>> leaseRefundsDue(Instant now, Instant leaseUntil, int limit) {
    return pool.preparedQuery(LEASE_REFUNDS_DUE)
        .execute(Tuple.of(timestamp(now), timestamp(leaseUntil), limit))
        .map(rows -> list(rows, OrderStore::payment));
  }

  /** Orders paid or reserved since {@code since}: their seats must be sold in the grid. */
  public Future<List<UUID>> recentlyTicketed(Instant since, int limit) {
    return pool.preparedQuery(SELECT_RECENTLY_TICKETED)
        .execute(Tuple.of(timestamp(since), limit))
        .map(rows -> list(rows, r -> r.getUUID("id")));
  }

  public Future<List<UUID>> ordersOfCustomer(UUID customerId, int limit) {
    return pool.preparedQuery(SELECT_CUSTOMER_ORDERS)
        .execute(Tuple.of(customerId, limit))
        .map(rows -> list(rows, r -> r.getUUID("id")));
  }

  // --- rows ---

  private static Order order(
      Row r,
      List<OrderLine> lines,
      List<Settlement.VoucherUse> vouchers,
      List<PaymentAttempt> payments,
      List<Order.OrderDiscount> discounts) {
    return new Order(
        r.getUUID("id"),
        r.getString("reference"),
        r.getUUID("cart_id"),
        r.getString("idempotency_key"),
        r.getBuffer("request_hash").getBytes(),
        r.getUUID("organizer_id"),
        r.getUUID("pos_id"),
        r.getUUID("channel_id"),
        new Buyer(
            r.getUUID("customer_id"),
            r.getString("buyer_email"),
            r.getString("buyer_first_name"),
            r.getString("buyer_last_name")),
        OrderStatus.valueOf(r.getString("status")),
        r.getBoolean("awaiting_email"),
        Settlement.Mode.valueOf(r.getString("settle")),
        r.getString("currency"),
        r.getString("delivery_mode"),
        r.getLong("lines_total"),
        r.getLong("delivery_fee"),
        r.getLong("ticket_fees"),
        r.getLong("fees_total"),
        r.getLong("total"),
        r.getLong("paid_by_vouchers"),
        r.getLong("paid_by_credit"),
        r.getLong("card_amount"),
        instant(r, "expires_at"),
        instant(r, "created_at"),
        instant(r, "paid_at"),
        lines,
        vouchers,
        payments,
        r.getLong("discounts_total"),
        discounts);
  }

  private static OrderLine line(Row r) {
    return new OrderLine(
        r.getInteger("line_no"),
        r.getUUID("performance_id"),
        r.getUUID("item_id"),
        r.getLong("hold_id"),
        r.getString("seat_id"),
        r.getInteger("ga_area"),
        r.getInteger("ga_capacity"),
        r.getString("category"),
        r.getUUID("tariff_id"),
        r.getLong("price"),
        r.getBoolean("seat_hidden"),
        io.guichet.domain.ticket.Beneficiary.ofNullable(
            r.getString("beneficiary_first_name"), r.getString("beneficiary_last_name")),
        r.getLong("list_price"),
        r.getUUID("advantage_id"),
        r.getLong("discount"));
  }

  static PaymentAttempt payment(Row r) {
    return new PaymentAttempt(
        r.getUUID("id"),
        r.getUUID("order_id"),
        r.getString("attempt_ref"),
        r.getLong("amount"),
        r.getString("currency"),
        r.getString("status"),
        r.getString("pay_id"),
        instant(r, "created_at"));
  }

  private static GiftVoucher voucher(Row r) {
    return new GiftVoucher(
        r.getString("code"),
        r.getString("currency"),
        r.getLong("initial_amount"),
        r.getLong("balance"),
        instant(r, "expires_at"));
  }
}
