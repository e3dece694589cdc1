package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.domain.order.Cancellation;
import io.guichet.domain.order.Refund;
import io.guichet.domain.order.RefundPlan;
import io.guichet.ops.Services;
import io.guichet.orders.CancellationService;
import io.guichet.store.CancellationStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The back office's cancellations of paid orders and their refunds under {@code /admin/v1}: cancel
 * an order whole or some of its tickets, list an order's cancellations, list an organizer's
 * refunds, send a refund again. Bodies are already schema-checked.
 */
final class CancellationHandlers {
  private final Services services;
  private final CancellationService cancellations;

  CancellationHandlers(Services services) {
    this.services = services;
    this.cancellations = services.cancellations();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("cancelOrderTickets").addHandler(this::cancel);
    builder.getRoute("listOrderCancellations").addHandler(this::ofOrder);
    builder.getRoute("listRefunds").addHandler(this::refunds);
    builder.getRoute("retryRefund").addHandler(this::retry);
  }

  private void cancel(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    UUID orderId = pathId(rc, "orderId");
    List<Integer> lines = new ArrayList<>();
    JsonArray asked = body.getJsonArray("lines");
    if (asked != null) {
      asked.forEach(l -> lines.add(((Number) l).intValue()));
    }
    String key = rc.request().getHeader("Idempotency-Key");
    cancellations
        .cancel(
            orderId,
            new CancellationService.Ask(
                lines,
                RefundPlan.RefundTo.valueOf(body.getString("refundTo")),
                body.getString("reason").strip(),
                key != null ? key : UUID.randomUUID().toString(),
                false))
        .onSuccess(
            done -> {
              JsonObject json = cancellation(done.cancellation());
              if (done.replayed()) {
                Json.ok(rc, json.put("replayed", true));
              } else {
                Json.created(
                    rc,
                    "/admin/v1/orders/" + orderId + "/cancellations",
                    json.put("replayed", false));
              }
            })
        .onFailure(rc::fail);
  }

  private void ofOrder(RoutingContext rc) {
    UUID orderId = pathId(rc, "orderId");
    services
        .orderStore()
        .order(orderId)
        .compose(o -> cancellations.cancellations().ofOrder(orderId))
        .map(all -> Pages.of(rc, all, CancellationHandlers::cancellation))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void refunds(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    String status = rc.queryParams().get("status");
    Pages.Request page = Pages.request(rc);
    services
        .catalogue()
        .organizer(organizerId)
        .compose(
            org ->
                cancellations
                    .cancellations()
                    .refundsOfOrganizer(
                        organizerId,
                        status == null ? null : Refund.Status.valueOf(status),
                        page.size(),
                        page.offset()))
        .map(
            (CancellationStore.RefundPage found) -> {
              JsonArray items = new JsonArray();
              found.items().forEach(r -> items.add(refund(r)));
              return Pages.page(items, page, found.total());
            })
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void retry(RoutingContext rc) {
    cancellations
        .retry(pathId(rc, "refundId"))
        .onSuccess(r -> Json.ok(rc, refund(r)))
        .onFailure(rc::fail);
  }

  static JsonObject cancellation(Cancellation c) {
    JsonObject json =
        new JsonObject()
            .put("id", c.id().toString())
            .put("orderId", c.orderId().toString())
            .put("lines", new JsonArray(new ArrayList<>(c.lines())))
            .put("whole", c.whole())
            .put("byBuyer", c.byBuyer())
            .put("reason", c.reason())
            .put("refundTo", c.refundTo().name())
            .put("currency", c.currency())
            .put("amount", c.amount())
            .put("toCard", c.toCard())
            .put("toCredit", c.toCredit())
            .put("createdAt", c.createdAt().toString());
    if (c.refund() != null) {
      json.put("refund", refund(c.refund()));
    }
    return json;
  }

  static JsonObject refund(Refund r) {
    JsonObject json =
        new JsonObject()
            .put("id", r.id().toString())
            .put("cancellationId", r.cancellationId().toString())
            .put("orderId", r.orderId().toString())
            .put("amount", r.amount())
            .put("currency", r.currency())
            .put("status", r.status().name())
            .put("attempts", r.attempts())
            .put("createdAt", r.createdAt().toString())
            .put("updatedAt", r.updatedAt().toString());
    if (r.lastError() != null) {
      json.put("lastError", r.lastError());
    }
    if (r.refundedAt() != null) {
      json.put("refundedAt", r.refundedAt().toString());
    }
    return json;
  }
}
