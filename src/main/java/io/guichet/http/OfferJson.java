package io.guichet.http;

import io.guichet.domain.offer.Advantage;
import io.guichet.domain.offer.PromoCode;
import io.guichet.domain.offer.SingleUseCode;
import io.guichet.domain.order.OrderLine;
import io.guichet.offers.OfferPricing;
import io.guichet.store.CodeStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Advantages, promo codes, batches of codes and a cart's price as JSON. */
final class OfferJson {
  private OfferJson() {}

  static JsonObject advantage(Advantage a, boolean admin) {
    JsonArray prices = new JsonArray();
    a.prices()
        .forEach(
            p ->
                prices.add(
                    new JsonObject()
                        .put("performanceId", p.performanceId().toString())
                        .put("category", p.category())
                        .put("tariffId", p.tariffId().toString())
                        .put("amount", p.amount())));
    JsonObject json =
        new JsonObject()
            .put("id", a.id().toString())
            .put("code", a.code())
            .put("publicName", a.publicName())
            .put("visualUrl", a.visualUrl())
            .put("season", a.season())
            .put("family", a.family())
            .put("target", a.target().name())
            .put("validFrom", text(a.validFrom()))
            .put("validUntil", text(a.validUntil()))
            .put(
                "saleEnd",
                new JsonObject()
                    .put("mode", a.saleEnd().name())
                    .put("toleranceMinutes", a.saleEndToleranceMinutes()))
            .put("perOrderLimit", a.perOrderLimit())
            .put("prices", prices);
    if (admin) {
      json.put("organizerId", a.organizerId().toString())
          .put("internalName", a.internalName())
          .put("state", a.state().name())
          .put("accessCode", a.accessCode())
          .put(
              "indicator",
              a.indicatorCode() == null
                  ? null
                  : new JsonObject()
                      .put("code", a.indicatorCode())
                      .put("level", a.indicatorLevel()))
          .put("channelIds", ids(a.channelIds()))
          .put("quota", a.quota())
          .put("uses", a.uses())
          .put("createdAt", a.createdAt().toString());
    }
    return json;
  }

  static JsonObject promo(PromoCode p) {
    return new JsonObject()
        .put("id", p.id().toString())
        .put("organizerId", p.organizerId().toString())
        .put("code", p.code())
        .put("internalName", p.internalName())
        .put("publicName", p.publicName())
        .put("state", p.state().name())
        .put("kind", p.kind().name())
        .put("percentBasisPoints", p.percentBasisPoints())
        .put("amount", p.amount())
        .put("currency", p.currency())
        .put("minimumAmount", p.minimumAmount())
        .put(
            "indicator",
            p.indicatorCode() == null
                ? null
                : new JsonObject().put("code", p.indicatorCode()).put("level", p.indicatorLevel()))
        .put("validFrom", text(p.validFrom()))
        .put("validUntil", text(p.validUntil()))
        .put("channelIds", ids(p.channelIds()))
        .put("eventIds", ids(p.eventIds()))
        .put("combinable", p.combinable())
        .put("stacksWithAdvantages", p.stacksWithAdvantages())
        .put("maxUses", p.maxUses())
        .put("uses", p.uses())
        .put("budget", p.budget())
        .put("spent", p.spent())
        .put("createdAt", p.createdAt().toString());
  }

  static JsonObject batch(CodeStore.Batch b) {
    return new JsonObject()
        .put("id", b.id().toString())
        .put("organizerId", b.organizerId().toString())
        .put("advantageId", b.advantageId().toString())
        .put("contactId", b.contactId().toString())
        .put("requested", b.requested())
        .put("generated", b.generated())
        .put("percentDone", b.requested() == 0 ? 100 : (int) (100L * b.generated() / b.requested()))
        .put("state", b.state())
        .put("destinationEmail", b.destinationEmail())
        .put("language", b.language())
        .put("remark", b.remark())
        .put("createdAt", b.createdAt().toString())
        .put("finishedAt", text(b.finishedAt()));
  }

  static JsonObject tracked(CodeStore.Tracked t, String code, Instant now) {
    String state;
    if (t.orderId() != null) {
      state = "USED";
    } else if (t.invalidatedAt() != null) {
      state = "INVALIDATED";
    } else if (t.heldBy() != null && t.heldUntil() != null && t.heldUntil().isAfter(now)) {
      state = "IN_A_CART";
    } else {
      state = "AVAILABLE";
    }
    return new JsonObject()
        .put("number", t.seq())
        .put("code", SingleUseCode.display(code))
        .put("state", state)
        .put("usedAt", text(t.usedAt()))
        .put("usedByContactId", t.usedBy() == null ? null : t.usedBy().toString())
        .put("orderId", t.orderId() == null ? null : t.orderId().toString())
        .put("orderReference", t.orderReference())
        .put("invalidatedAt", text(t.invalidatedAt()));
  }

  /** A cart's price as its view shows it (null price: the cart holds no seats yet). */
  static JsonObject pricing(OfferPricing.Priced priced, String deliveryMode, String currency) {
    if (priced == null) {
      return new JsonObject()
          .put("currency", currency)
          .put("lines", new JsonArray())
          .put("linesTotal", 0)
          .put("discounts", new JsonArray())
          .put("discountsTotal", 0)
          .put("fees", new JsonObject().put("delivery", 0).put("perTicket", 0).put("total", 0))
          .put("total", 0)
          .put("offers", new JsonArray())
          .put("problems", new JsonArray());
    }
    JsonArray lines = new JsonArray();
    for (OrderLine l : priced.lines()) {
      lines.add(
          new JsonObject()
              .put("line", l.lineNo())
              .put("itemId", l.itemId().toString())
              .put("performanceId", l.performanceId().toString())
              .put("category", l.category())
              .put("tariffId", l.tariffId().toString())
              .put("listPrice", l.listPrice() == null ? l.price() : l.listPrice())
              .put("price", l.price())
              .put("advantageId", l.advantageId() == null ? null : l.advantageId().toString())
              .put("discount", l.discount())
              .put("net", l.net()));
    }
    JsonArray discounts = new JsonArray();
    priced
        .discounts()
        .forEach(
            d ->
                discounts.add(
                    new JsonObject()
                        .put("promoCodeId", d.promoCodeId().toString())
                        .put("code", d.code())
                        .put("amount", d.amount())));
    JsonArray offers = new JsonArray();
    for (OfferPricing.OfferView o : priced.offers()) {
      offers.add(
          new JsonObject()
              .put("kind", o.kind())
              .put("id", o.id().toString())
              .put("code", o.code())
              .put("name", o.name())
              .put("tickets", o.tickets())
              .put("discount", o.discount())
              .put("applied", o.reason() == null)
              .put("reason", o.reason() == null ? null : o.reason().slug()));
    }
    JsonArray problems = new JsonArray();
    priced
        .problems()
        .forEach(
            p ->
                problems.add(
                    new JsonObject()
                        .put("offer", p.kind() + ":" + p.id())
                        .put("reason", p.reason().slug())));
    var q = priced.quote();
    return new JsonObject()
        .put("currency", q.currency())
        .put("deliveryMode", deliveryMode)
        .put("lines", lines)
        .put("linesTotal", q.linesTotal())
        .put("discounts", discounts)
        .put("discountsTotal", q.discountsTotal())
        .put(
            "fees",
            new JsonObject()
                .put("delivery", q.deliveryFee())
                .put("perTicket", q.ticketFees())
                .put("total", q.feesTotal()))
        .put("total", q.total())
        .put("offers", offers)
        .put("problems", problems);
  }

  static JsonObject page(List<JsonObject> items, int page, int size, long total) {
    return new JsonObject()
        .put("items", new JsonArray(List.copyOf(items)))
        .put("page", page)
        .put("size", size)
        .put("total", total);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static JsonArray ids(List<UUID> ids) {
    return ids == null ? null : new JsonArray(ids.stream().map(UUID::toString).toList());
  }
}
