package io.guichet.orders;

import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.Settlement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The one place where order commands become the JSON that the functions of {@code
 * R__order_write.sql} read ({@code kind}), and their JSON answers ({@code result}) become outcomes.
 * An answer this class does not know is a fault of the server ({@link UnexpectedAnswer}), never
 * read as one of the known ones.
 */
final class OrderProtocol {
  private OrderProtocol() {}

  /** PostgreSQL answered something no outcome stands for: the Java and SQL sides disagree. */
  static final class UnexpectedAnswer extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnexpectedAnswer(String kind, JsonObject answer) {
      super("unexpected answer to an order command '" + kind + "': " + answer);
    }
  }

  /** A JSON object that does not store nulls (the functions read a missing key as null). */
  private static final class Fields extends JsonObject {
    @Override
    public JsonObject put(String key, Object value) {
      return value == null ? this : super.put(key, value);
    }
  }

  // --- commands ---

  static JsonObject encode(OrderCommand<?> command) {
    JsonObject json = new Fields().put("kind", kind(command)).put("now", command.now().toString());
    if (command instanceof OrderCommand.Create c) {
      return create(json, c);
    } else if (command instanceof OrderCommand.StartPayment s) {
      return json.put("orderId", s.orderId().toString())
          .put("paymentId", s.paymentId().toString())
          .put("provider", s.provider());
    } else if (command instanceof OrderCommand.Pay p) {
      return json.put("provider", p.provider())
          .put("attemptRef", p.attemptRef())
          .put("payId", p.payId())
          .put("amount", p.amount())
          .put("currency", p.currency())
          .put("providerStatus", String.valueOf(p.providerStatus()));
    } else if (command instanceof OrderCommand.FailPayment f) {
      return json.put("provider", f.provider())
          .put("attemptRef", f.attemptRef())
          .put("payId", f.payId())
          .put("status", f.how().name())
          .put("providerStatus", String.valueOf(f.providerStatus()));
    } else if (command instanceof OrderCommand.Expire e) {
      return json.put("orderId", e.orderId().toString());
    } else if (command instanceof OrderCommand.Cancel c) {
      return json.put("orderId", c.orderId().toString());
    } else if (command instanceof OrderCommand.ConfirmEmail c) {
      return json.put("orderId", c.orderId().toString());
    }
    OrderCommand.RecordRefund r = (OrderCommand.RecordRefund) command;
    return json.put("paymentId", r.paymentId().toString()).put("ok", r.ok());
  }

  static String kind(OrderCommand<?> command) {
    if (command instanceof OrderCommand.Create) {
      return "create";
    } else if (command instanceof OrderCommand.StartPayment) {
      return "payment-start";
    } else if (command instanceof OrderCommand.Pay) {
      return "pay";
    } else if (command instanceof OrderCommand.FailPayment) {
      return "payment-failed";
    } else if (command instanceof OrderCommand.Expire) {
      return "expire";
    } else if (command instanceof OrderCommand.Cancel) {
      return "cancel";
    } else if (command instanceof OrderCommand.ConfirmEmail) {
      return "confirm-email";
    }
    return "refunded";
  }

  /** The provider reference of an order's first payment attempt. */
  static String firstAttempt(String reference) {
    return reference + "-1";
  }

  private static JsonObject create(JsonObject json, OrderCommand.Create c) {
    Order o = c.order();
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
                  l.beneficiary() == null ? null : l.beneficiary().lastName())
              .put("list_price", l.listPrice())
              .put("advantage_id", l.advantageId() == null ? null : l.advantageId().toString())
              .put("discount", l.discount() == 0 ? null : l.discount()));
    }
    JsonArray vouchers = new JsonArray();
    for (Settlement.VoucherUse v : o.vouchers()) {
      vouchers.add(new JsonObject().put("code", v.code()).put("amount", v.amount()));
    }
    HexFormat hex = HexFormat.of();
    JsonObject order =
        new Fields()
            .put("id", o.id().toString())
            .put("reference", o.reference())
            .put("cart_id", o.cartId().toString())
            .put("idempotency_key", o.idempotencyKey())
            .put("request_hash", hex.formatHex(o.requestHash()))
            .put(
                "cart_secret_hash",
                c.cartSecretHash() == null ? null : hex.formatHex(c.cartSecretHash()))
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
            .put("discounts_total", o.discountsTotal() == 0 ? null : o.discountsTotal())
            .put("expires_at", o.expiresAt().toString());
    json.put("order", order).put("lines", lines).put("vouchers", vouchers);
    offers(json, c.offers());
    if (c.paymentId() != null) {
      json.put(
          "payment",
          new JsonObject()
              .put("id", c.paymentId().toString())
              .put("provider", c.provider())
              .put("attemptRef", firstAttempt(o.reference()))
              .put("amount", o.cardAmount()));
    }
    return json;
  }

  /** What the order takes of offers (absent when nothing: the set-based path takes such orders). */
  private static void offers(JsonObject json, OfferUses uses) {
    if (!uses.advantages().isEmpty()) {
      JsonArray list = new JsonArray();
      uses.advantages()
          .forEach(
              a ->
                  list.add(
                      new JsonObject()
                          .put("id", a.advantageId().toString())
                          .put("tickets", a.tickets())));
      json.put("advantages", list);
    }
    if (!uses.codes().isEmpty()) {
      JsonArray list = new JsonArray();
      uses.codes()
          .forEach(
              c ->
                  list.add(
                      new Fields()
                          .put("batch_id", c.batchId().toString())
                          .put("seq", c.seq())
                          .put(
                              "contact_id",
                              c.contactId() == null ? null : c.contactId().toString())));
      json.put("codes", list);
    }
    if (!uses.promos().isEmpty()) {
      JsonArray list = new JsonArray();
      uses.promos()
          .forEach(
              p ->
                  list.add(
                      new JsonObject()
                          .put("id", p.promoCodeId().toString())
                          .put("code", p.code())
                          .put("amount", p.amount())));
      json.put("promos", list);
    }
  }

  // --- answers ---

  /** The outcome of {@code command} that {@code answer} stands for. */
  @SuppressWarnings("unchecked")
  static <R extends OrderOutcome> R decode(OrderCommand<R> command, JsonObject answer) {
    String result = answer == null ? null : answer.getString("result");
    OrderOutcome outcome = result == null ? null : outcome(command, result, answer);
    if (outcome == null) {
      throw new UnexpectedAnswer(kind(command), answer);
    }
    return (R) outcome;
  }

  private static OrderOutcome outcome(OrderCommand<?> command, String result, JsonObject a) {
    if (command instanceof OrderCommand.Create) {
      return switch (result) {
        case "OK" -> new OrderOutcome.Create.Created(status(a, "status"));
        case "DUPLICATE" -> new OrderOutcome.Create.AlreadyOrdered(uuid(a, "orderId"));
        case "CONFLICT" -> new OrderOutcome.Create.SeatsTaken(a.getString("detail"));
        case "VOUCHER" -> new OrderOutcome.Create.VoucherRefused(a.getString("code"));
        case "CREDIT" -> new OrderOutcome.Create.CreditRefused();
        case "OFFER" -> new OrderOutcome.Create.OfferRefused(a.getString("offer"));
        default -> null;
      };
    } else if (command instanceof OrderCommand.StartPayment) {
      return switch (result) {
        case "OK" ->
            new OrderOutcome.StartPayment.Started(
                a.getString("attemptRef"), a.getLong("amount"), a.getString("currency"));
        case "NOT_PAYABLE" -> new OrderOutcome.StartPayment.NotPayable(status(a, "status"));
        case "UNKNOWN" -> new OrderOutcome.StartPayment.UnknownOrder();
        default -> null;
      };
    } else if (command instanceof OrderCommand.Pay) {
      return switch (result) {
        case "PAID" -> new OrderOutcome.Pay.Paid(uuid(a, "orderId"));
        case "REPLAY" ->
            new OrderOutcome.Pay.Replayed(uuid(a, "orderId"), a.getString("payStatus", ""));
        case "AMOUNT_MISMATCH" -> new OrderOutcome.Pay.AmountMismatch(uuid(a, "orderId"));
        case "REFUND" ->
            new OrderOutcome.Pay.RefundDue(
                uuid(a, "orderId"),
                a.getString("reason"),
                uuid(a, "paymentId"),
                status(a, "orderStatus"));
        case "UNKNOWN" -> new OrderOutcome.Pay.UnknownPayment();
        default -> null;
      };
    } else if (command instanceof OrderCommand.FailPayment) {
      return switch (result) {
        case "OK" -> new OrderOutcome.FailPayment.Recorded(uuid(a, "orderId"));
        case "REPLAY" ->
            new OrderOutcome.FailPayment.Replayed(uuid(a, "orderId"), a.getString("payStatus", ""));
        case "UNKNOWN" -> new OrderOutcome.FailPayment.UnknownPayment();
        default -> null;
      };
    } else if (command instanceof OrderCommand.Expire) {
      return switch (result) {
        case "EXPIRED" -> new OrderOutcome.Expire.Expired();
        case "UNCHANGED" -> new OrderOutcome.Expire.Unchanged(status(a, "status"));
        default -> null;
      };
    } else if (command instanceof OrderCommand.Cancel) {
      return switch (result) {
        case "CANCELLED" -> new OrderOutcome.Cancel.Cancelled(status(a, "was"));
        case "NOT_CANCELLABLE" -> new OrderOutcome.Cancel.NotCancellable(status(a, "status"));
        case "UNKNOWN" -> new OrderOutcome.Cancel.UnknownOrder();
        default -> null;
      };
    } else if (command instanceof OrderCommand.ConfirmEmail) {
      return switch (result) {
        case "OK" -> new OrderOutcome.ConfirmEmail.Confirmed(status(a, "status"));
        case "UNCHANGED" -> new OrderOutcome.ConfirmEmail.Unchanged(status(a, "status"));
        case "EXPIRED" -> new OrderOutcome.ConfirmEmail.Expired();
        case "CONFLICT" -> new OrderOutcome.ConfirmEmail.SeatsTaken();
        case "UNKNOWN" -> new OrderOutcome.ConfirmEmail.UnknownOrder();
        default -> null;
      };
    }
    return "OK".equals(result) ? new OrderOutcome.RecordRefund.Recorded() : null;
  }

  private static OrderStatus status(JsonObject answer, String field) {
    String value = answer.getString(field);
    return value == null ? null : OrderStatus.valueOf(value);
  }

  private static UUID uuid(JsonObject answer, String field) {
    String value = answer.getString(field);
    return value == null ? null : UUID.fromString(value);
  }
}
