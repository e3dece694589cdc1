package io.guichet.http;

import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.PaymentAttempt;
import io.guichet.domain.order.Settlement;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.payment.OgoneGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** An order as the shop (or the back office) sees it. */
final class OrderJson {
  private OrderJson() {}

  /** Renders the order; seat positions come from the performances' plans (NO_MAP hides them). */
  static Future<JsonObject> render(
      HzInventory inventory, Order order, OgoneGateway.HostedPage payment, boolean admin) {
    Set<UUID> performances = new LinkedHashSet<>();
    order.lines().forEach(l -> performances.add(l.performanceId()));
    Map<UUID, Future<LivePerformance>> plans = new HashMap<>();
    performances.forEach(p -> plans.put(p, inventory.open(p)));
    return Future.join(new ArrayList<>(plans.values()))
        .transform(done -> Future.succeededFuture(json(order, plans, payment, admin)));
  }

  private static JsonArray discounts(Order o) {
    JsonArray out = new JsonArray();
    o.discounts()
        .forEach(
            d ->
                out.add(
                    new JsonObject()
                        .put("promoCodeId", d.promoCodeId().toString())
                        .put("code", d.code())
                        .put("amount", d.amount())));
    return out;
  }

  private static JsonObject json(
      Order o,
      Map<UUID, Future<LivePerformance>> plans,
      OgoneGateway.HostedPage payment,
      boolean admin) {
    JsonArray lines = new JsonArray();
    for (OrderLine l : o.lines()) {
      JsonObject line =
          new JsonObject()
              .put("line", l.lineNo())
              .put("performanceId", l.performanceId().toString())
              .put("category", l.category())
              .put("tariffId", l.tariffId().toString())
              .put("price", l.price());
      if (l.advantageId() != null || l.discount() > 0) {
        line.put("listPrice", l.listPrice() == null ? l.price() : l.listPrice())
            .put("advantageId", l.advantageId() == null ? null : l.advantageId().toString())
            .put("discount", l.discount());
      }
      if (l.beneficiary() != null) {
        line.put(
            "beneficiary",
            new JsonObject()
                .put("firstName", l.beneficiary().firstName())
                .put("lastName", l.beneficiary().lastName()));
      }
      Future<LivePerformance> live = plans.get(l.performanceId());
      PerformancePlan plan = live != null && live.succeeded() ? live.result().plan() : null;
      if (l.gaArea() != null) {
        JsonObject area = new JsonObject().put("index", l.gaArea());
        if (plan != null) {
          area.put("section", plan.gaAreas().get(l.gaArea()).section())
              .put("name", plan.gaAreas().get(l.gaArea()).name());
        }
        line.put("area", area);
      } else if (!l.seatHidden() || admin) {
        JsonObject seat = new JsonObject().put("id", l.seatId());
        PerformancePlan.SeatAddress a = plan == null ? null : plan.seats().get(l.seatId());
        if (a != null) {
          SeatBlock b = plan.blocks().get(a.block());
          seat.put("section", b.section())
              .put("row", b.rowLabels()[b.row()[a.index()]])
              .put("label", b.labels()[a.index()]);
        }
        line.put("seat", seat);
      }
      lines.add(line);
    }
    JsonArray vouchers = new JsonArray();
    for (Settlement.VoucherUse v : o.vouchers()) {
      vouchers.add(new JsonObject().put("code", v.code()).put("amount", v.amount()));
    }
    JsonObject json =
        new JsonObject()
            .put("id", o.id().toString())
            .put("reference", o.reference())
            .put("status", o.status().name())
            .put("awaitingEmailConfirmation", o.awaitingEmail())
            .put("currency", o.currency())
            .put("deliveryMode", o.deliveryMode())
            .put(
                "buyer",
                new JsonObject()
                    .put("email", o.buyer().email())
                    .put("firstName", o.buyer().firstName())
                    .put("lastName", o.buyer().lastName())
                    .put("guest", o.buyer().guest()))
            .put("lines", lines)
            .put("linesTotal", o.linesTotal())
            .put("discountsTotal", o.discountsTotal())
            .put("discounts", discounts(o))
            .put(
                "fees",
                new JsonObject()
                    .put("delivery", o.deliveryFee())
                    .put("perTicket", o.ticketFees())
                    .put("total", o.feesTotal()))
            .put("total", o.total())
            .put(
                "settlement",
                new JsonObject()
                    .put("mode", o.settle().name())
                    .put("vouchers", vouchers)
                    .put("credit", o.paidByCredit())
                    .put("card", o.cardAmount()))
            .put("createdAt", o.createdAt().toString())
            .put("paidAt", o.paidAt() == null ? null : o.paidAt().toString());
    if (o.status().name().equals("PENDING_PAYMENT")) {
      json.put("expiresAt", o.expiresAt().toString());
    }
    if (payment != null) {
      JsonObject fields = new JsonObject();
      payment.fields().forEach(fields::put);
      json.put(
          "payment",
          new JsonObject()
              .put("provider", "ogone")
              .put("method", payment.method())
              .put("url", payment.url())
              .put("fields", fields));
    }
    if (admin) {
      JsonArray attempts = new JsonArray();
      for (PaymentAttempt p : o.payments()) {
        attempts.add(
            new JsonObject()
                .put("id", p.id().toString())
                .put("reference", p.attemptRef())
                .put("amount", p.amount())
                .put("status", p.status())
                .put("payId", p.payId()));
      }
      json.put("payments", attempts);
      json.put("cartId", o.cartId().toString());
    }
    return json;
  }
}
