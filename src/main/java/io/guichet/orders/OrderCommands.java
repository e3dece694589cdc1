package io.guichet.orders;

import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.Settlement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The JSON commands of guichet_order_write (see the migrations), built in one place. Absent values
 * are left out rather than written as null (the database reads a missing key as null): a group
 * commit's commands are parsed by PostgreSQL, and every token costs.
 */
final class OrderCommands {
  private OrderCommands() {}

  /** A JSON object that does not store nulls. */
  private static final class Fields extends JsonObject {
    @Override
    public JsonObject put(String key, Object value) {
      return value == null ? this : super.put(key, value);
    }
  }

  /** Writes a new order, its lines, its voucher and credit uses, and its first payment attempt. */
  static JsonObject create(Order o, UUID paymentId, String provider, Instant now) {
    JsonArray lines = new JsonArray();
    for (OrderLine l : o.lines()) {
      lines.add(
          new Fields()
              .put("line_no", l.lineNo())
              .put("performance_id", l.performanceId().toString())
              .put("item_id", l.itemId().toString())
              .put("hold_id", l.holdId())
              .put("seat_id", l.seatId())
              .put("ga_area", l.gaArea())
              .put("ga_capacity", l.gaCapacity())
              .put("category", l.category())
              .put("tariff_id", l.tariffId().toString())
              .put("price", l.price())
              .put("seat_hidden", l.seatHidden())
              .put(
                  "beneficiary_first_name",
                  l.beneficiary() == null ? null : l.beneficiary().firstName())
              .put(
                  "beneficiary_last_name",
                  l.beneficiary() == null ? null : l.beneficiary().lastName()));
    }
    JsonArray vouchers = new JsonArray();
    for (Settlement.VoucherUse v : o.vouchers()) {
      vouchers.add(new JsonObject().put("code", v.code()).put("amount", v.amount()));
    }
    JsonObject order =
        new Fields()
            .put("id", o.id().toString())
            .put("reference", o.reference())
            .put("cart_id", o.cartId().toString())
            .put("idempotency_key", o.idempotencyKey())
            .put("request_hash", HexFormat.of().formatHex(o.requestHash()))
            .put("organizer_id", o.organizerId().toString())
            .put("pos_id", o.posId().toString())
            .put("channel_id", o.channelId().toString())
            .put(
                "customer_id",
                o.buyer().customerId() == null ? null : o.buyer().customerId().toString())
            .put("buyer_email", o.buyer().email())
            .put("buyer_first_name", o.buyer().firstName())
            .put("buyer_last_name", o.buyer().lastName())
            .put("status", o.status().name())
            .put("awaiting_email", o.awaitingEmail())
            .put("settle", o.settle().name())
            .put("currency", o.currency())
            .put("delivery_mode", o.deliveryMode())
            .put("lines_total", o.linesTotal())
            .put("delivery_fee", o.deliveryFee())
            .put("ticket_fees", o.ticketFees())
            .put("fees_total", o.feesTotal())
            .put("total", o.total())
            .put("paid_by_vouchers", o.paidByVouchers())
            .put("paid_by_credit", o.paidByCredit())
            .put("card_amount", o.cardAmount())
            .put("expires_at", o.expiresAt().toString());
    JsonObject cmd =
        new JsonObject()
            .put("kind", "create")
            .put("now", now.toString())
            .put("order", order)
            .put("lines", lines)
            .put("vouchers", vouchers);
    if (paymentId != null) {
      cmd.put(
          "payment",
          new JsonObject()
              .put("id", paymentId.toString())
              .put("provider", provider)
              .put("attemptRef", firstAttempt(o.reference()))
              .put("amount", o.cardAmount()));
    }
    return cmd;
  }

  static String firstAttempt(String reference) {
    return reference + "-1";
  }

  static JsonObject onOrder(String kind, UUID orderId, Instant now) {
    return new JsonObject()
        .put("kind", kind)
        .put("orderId", orderId.toString())
        .put("now", now.toString());
  }

  static JsonObject paymentStart(UUID orderId, UUID paymentId, String provider, Instant now) {
    return onOrder("payment-start", orderId, now)
        .put("paymentId", paymentId.toString())
        .put("provider", provider);
  }

  static JsonObject pay(
      String provider,
      String attemptRef,
      String payId,
      long amount,
      String currency,
      int status,
      Instant now) {
    return new JsonObject()
        .put("kind", "pay")
        .put("provider", provider)
        .put("attemptRef", attemptRef)
        .put("payId", payId)
        .put("amount", amount)
        .put("currency", currency)
        .put("providerStatus", String.valueOf(status))
        .put("now", now.toString());
  }

  static JsonObject paymentFailed(
      String provider,
      String attemptRef,
      String payId,
      String status,
      int providerStatus,
      Instant now) {
    return new JsonObject()
        .put("kind", "payment-failed")
        .put("provider", provider)
        .put("attemptRef", attemptRef)
        .put("payId", payId)
        .put("status", status)
        .put("providerStatus", String.valueOf(providerStatus))
        .put("now", now.toString());
  }

  static JsonObject refunded(UUID paymentId, boolean ok, Instant now) {
    return new JsonObject()
        .put("kind", "refunded")
        .put("paymentId", paymentId.toString())
        .put("ok", ok)
        .put("now", now.toString());
  }
}
