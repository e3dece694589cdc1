package io.guichet.http;

import static io.guichet.http.Json.body;
import static io.guichet.http.Json.instant;
import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.offer.Advantage;
import io.guichet.domain.offer.PromoCode;
import io.guichet.domain.offer.SingleUseCode;
import io.guichet.offers.Offers;
import io.guichet.ops.Services;
import io.guichet.store.AdvantageStore;
import io.guichet.store.CodeStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The back office of offers: advantages (create, read, list, state, duplicate, delete while unused,
 * link contacts), promo codes, and batches of single-use codes (generate in the background,
 * progress, tracking, download, invalidation, dashboard).
 */
final class OfferHandlers {
  private final Services services;
  private final Offers offers;
  private final AdvantageStore store;
  private final CodeStore codes;

  OfferHandlers(Services services) {
    this.services = services;
    this.offers = services.offers();
    this.store = offers.advantages();
    this.codes = offers.codes();
  }

  void mount(RouterBuilder builder) {
    route(builder, "createAdvantage", this::createAdvantage);
    route(builder, "listAdvantages", this::listAdvantages);
    route(
        builder,
        "getAdvantage",
        rc -> store.advantage(pathId(rc, "advantageId")).map(a -> OfferJson.advantage(a, true)));
    route(builder, "setAdvantageState", this::setState);
    route(builder, "duplicateAdvantage", this::duplicate);
    route(builder, "deleteAdvantage", this::delete);
    route(builder, "linkAdvantageContacts", this::link);
    route(builder, "createPromoCode", this::createPromo);
    route(builder, "listPromoCodes", this::listPromos);
    route(
        builder,
        "getPromoCode",
        rc -> store.promo(pathId(rc, "promoCodeId")).map(OfferJson::promo));
    route(builder, "setPromoCodeState", this::setPromoState);
    route(builder, "createCodeBatch", this::createBatch);
    route(builder, "getCodeBatch", rc -> codes.batch(pathId(rc, "batchId")).map(OfferJson::batch));
    route(builder, "listBatchCodes", this::tracking);
    builder.getRoute("downloadBatchCodes").addHandler(this::download);
    route(builder, "invalidateCodeBatch", this::invalidateBatch);
    route(builder, "invalidateCodes", this::invalidateCodes);
    route(builder, "trackCode", this::trackCode);
    route(builder, "codeDashboard", this::dashboard);
  }

  private record Created(String location, Object body) {}

  private static void route(
      RouterBuilder builder, String operationId, Function<RoutingContext, Future<?>> op) {
    builder
        .getRoute(operationId)
        .addHandler(
            rc -> {
              Future<?> result;
              try {
                result = op.apply(rc);
              } catch (RuntimeException e) {
                rc.fail(e);
                return;
              }
              result
                  .onSuccess(
                      value -> {
                        if (value instanceof Created c) {
                          Json.created(rc, c.location(), c.body());
                        } else {
                          Json.ok(rc, value);
                        }
                      })
                  .onFailure(rc::fail);
            });
  }

  private Instant now() {
    return services.clock().instant().truncatedTo(ChronoUnit.MICROS);
  }

  // --- advantages ---

  private Future<?> createAdvantage(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    JsonObject b = body(rc);
    Advantage a = advantage(UUID.randomUUID(), organizerId, b, now());
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> checkProducts(a))
        .compose(v -> store.create(a))
        .map(c -> new Created("/admin/v1/advantages/" + c.id(), OfferJson.advantage(c, true)));
  }

  private static Advantage advantage(UUID id, UUID organizerId, JsonObject b, Instant now) {
    Advantage.Target target = Advantage.Target.valueOf(b.getString("target"));
    JsonObject indicator = b.getJsonObject("indicator");
    String accessCode = b.getString("accessCode");
    if ((target == Advantage.Target.INDICATOR) != (indicator != null)) {
      throw DomainException.invalid("an INDICATOR advantage, and only it, names an indicator");
    }
    if ((target == Advantage.Target.PARTNER) != (accessCode != null)) {
      throw DomainException.invalid("a PARTNER advantage, and only it, has an access code");
    }
    if (accessCode != null && SingleUseCode.read(accessCode) != SingleUseCode.Reading.MALFORMED) {
      throw DomainException.invalid("this access code reads as a single-use code: choose another");
    }
    Instant from = instant(b.getString("validFrom"), "validFrom");
    Instant until = instant(b.getString("validUntil"), "validUntil");
    if (from != null && until != null && !until.isAfter(from)) {
      throw DomainException.invalid("validUntil must be after validFrom");
    }
    JsonObject saleEnd = b.getJsonObject("saleEnd", new JsonObject());
    List<Advantage.AdvantagePrice> prices = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    for (Object o : b.getJsonArray("prices")) {
      JsonObject p = (JsonObject) o;
      Advantage.AdvantagePrice price =
          new Advantage.AdvantagePrice(
              Json.uuid(p.getString("performanceId"), "performanceId"),
              p.getString("category"),
              Json.uuid(p.getString("tariffId"), "tariffId"),
              p.getLong("amount"));
      if (!seen.add(List.of(price.performanceId(), price.category(), price.tariffId()))) {
        throw DomainException.invalid("a performance, category and tariff is priced twice");
      }
      prices.add(price);
    }
    return new Advantage(
        id,
        organizerId,
        b.getString("season"),
        b.getString("family", "EVENT"),
        b.getString("code"),
        b.getString("internalName"),
        b.getString("publicName"),
        b.getString("visualUrl"),
        Advantage.State.valueOf(b.getString("state", "PREPARATION")),
        target,
        indicator == null ? null : indicator.getString("code"),
        indicator == null ? null : indicator.getString("level"),
        accessCode == null ? null : accessCode.strip().toUpperCase(Locale.ROOT),
        Json.uuids(b.getJsonArray("channelIds"), "channelIds"),
        from,
        until,
        Advantage.SaleEnd.valueOf(saleEnd.getString("mode", "PERFORMANCE_START")),
        saleEnd.getInteger("toleranceMinutes", 0),
        b.getInteger("quota"),
        0,
        b.getInteger("perOrderLimit"),
        prices,
        now);
  }

  /** Its performances are the organizer's, of its season; its tariffs the organizer's. */
  private Future<Void> checkProducts(Advantage a) {
    List<UUID> performances =
        a.prices().stream().map(Advantage.AdvantagePrice::performanceId).distinct().toList();
    List<UUID> tariffs =
        a.prices().stream().map(Advantage.AdvantagePrice::tariffId).distinct().toList();
    return Future.all(
            store.seasonPerformances(a.organizerId(), a.season(), performances),
            store.organizerTariffs(a.organizerId(), tariffs))
        .map(
            all -> {
              Set<UUID> inSeason = all.resultAt(0);
              Set<UUID> known = all.resultAt(1);
              for (UUID p : performances) {
                if (!inSeason.contains(p)) {
                  throw DomainException.invalid(
                      "performance "
                          + p
                          + " is not one of the organizer's in season "
                          + a.season());
                }
              }
              for (UUID t : tariffs) {
                if (!known.contains(t)) {
                  throw DomainException.invalid("tariff " + t + " is not one of the organizer's");
                }
              }
              return null;
            });
  }

  private Future<?> listAdvantages(RoutingContext rc) {
    int page = intParam(rc, "page", 0);
    int size = intParam(rc, "size", Pages.DEFAULT_SIZE);
    UUID organizerId = pathId(rc, "organizerId");
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> store.page(organizerId, page, size))
        .map(
            p ->
                OfferJson.page(
                    p.items().stream().map(a -> OfferJson.advantage(a, true)).toList(),
                    page,
                    size,
                    p.total()));
  }

  private Future<?> setState(RoutingContext rc) {
    return store
        .setState(
            pathId(rc, "advantageId"), Advantage.State.valueOf(body(rc).getString("state")), now())
        .map(a -> OfferJson.advantage(a, true));
  }

  private Future<?> duplicate(RoutingContext rc) {
    JsonObject b = body(rc);
    return store
        .advantage(pathId(rc, "advantageId"))
        .compose(
            a ->
                store.create(
                    new Advantage(
                        UUID.randomUUID(),
                        a.organizerId(),
                        a.season(),
                        a.family(),
                        b.getString("code"),
                        b.getString("internalName", a.internalName()),
                        a.publicName(),
                        a.visualUrl(),
                        Advantage.State.PREPARATION,
                        a.target(),
                        a.indicatorCode(),
                        a.indicatorLevel(),
                        b.getString("accessCode") == null
                            ? null
                            : b.getString("accessCode").strip().toUpperCase(Locale.ROOT),
                        a.channelIds(),
                        a.validFrom(),
                        a.validUntil(),
                        a.saleEnd(),
                        a.saleEndToleranceMinutes(),
                        a.quota(),
                        0,
                        a.perOrderLimit(),
                        a.prices(),
                        now())))
        .map(c -> new Created("/admin/v1/advantages/" + c.id(), OfferJson.advantage(c, true)));
  }

  private Future<?> delete(RoutingContext rc) {
    UUID id = pathId(rc, "advantageId");
    return store
        .advantage(id)
        .compose(a -> store.deleteUnused(id))
        .compose(
            deleted ->
                deleted
                    ? Future.succeededFuture(new JsonObject().put("deleted", id.toString()))
                    : Future.failedFuture(
                        new DomainException(
                            Failure.OFFER_IN_USE,
                            "advantage "
                                + id
                                + " is used by orders or codes: suspend it instead")));
  }

  private Future<?> link(RoutingContext rc) {
    UUID id = pathId(rc, "advantageId");
    List<UUID> contacts = Json.uuids(body(rc).getJsonArray("contactIds"), "contactIds");
    return store
        .advantage(id)
        .compose(a -> store.link(id, a.organizerId(), contacts, now()))
        .map(n -> new JsonObject().put("linked", n));
  }

  // --- promo codes ---

  private Future<?> createPromo(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    JsonObject b = body(rc);
    PromoCode.Kind kind = PromoCode.Kind.valueOf(b.getString("kind"));
    Integer percent = b.getInteger("percentBasisPoints");
    Long amount = b.getLong("amount");
    if ((kind == PromoCode.Kind.PERCENT) != (percent != null)
        || (kind == PromoCode.Kind.AMOUNT) != (amount != null)) {
      throw DomainException.invalid(
          "a PERCENT code has percentBasisPoints, an AMOUNT code an amount, and not the other");
    }
    JsonObject indicator = b.getJsonObject("indicator");
    Instant from = instant(b.getString("validFrom"), "validFrom");
    Instant until = instant(b.getString("validUntil"), "validUntil");
    if (from != null && until != null && !until.isAfter(from)) {
      throw DomainException.invalid("validUntil must be after validFrom");
    }
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(
            org ->
                store.createPromo(
                    new PromoCode(
                        UUID.randomUUID(),
                        organizerId,
                        b.getString("code").strip().toUpperCase(Locale.ROOT),
                        b.getString("internalName"),
                        b.getString("publicName"),
                        Advantage.State.valueOf(b.getString("state", "PREPARATION")),
                        kind,
                        percent,
                        amount,
                        org.currency(),
                        b.getLong("minimumAmount", 0L),
                        indicator == null ? null : indicator.getString("code"),
                        indicator == null ? null : indicator.getString("level"),
                        from,
                        until,
                        Json.uuids(b.getJsonArray("channelIds"), "channelIds"),
                        Json.uuids(b.getJsonArray("eventIds"), "eventIds"),
                        b.getBoolean("combinable", false),
                        b.getBoolean("stacksWithAdvantages", false),
                        b.getInteger("maxUses"),
                        0,
                        b.getLong("budget"),
                        0,
                        now())))
        .map(p -> new Created("/admin/v1/promo-codes/" + p.id(), OfferJson.promo(p)));
  }

  private Future<?> listPromos(RoutingContext rc) {
    int page = intParam(rc, "page", 0);
    int size = intParam(rc, "size", Pages.DEFAULT_SIZE);
    UUID organizerId = pathId(rc, "organizerId");
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> store.listPromos(organizerId, page, size))
        .map(
            p ->
                OfferJson.page(
                    p.items().stream().map(OfferJson::promo).toList(), page, size, p.total()));
  }

  private Future<?> setPromoState(RoutingContext rc) {
    return store
        .setPromoState(
            pathId(rc, "promoCodeId"), Advantage.State.valueOf(body(rc).getString("state")), now())
        .map(OfferJson::promo);
  }

  // --- single-use codes ---

  private Future<?> createBatch(RoutingContext rc) {
    UUID advantageId = pathId(rc, "advantageId");
    JsonObject b = body(rc);
    UUID contactId = Json.uuid(b.getString("contactId"), "contactId");
    return store
        .advantage(advantageId)
        .compose(
            a -> {
              if (a.target() != Advantage.Target.SINGLE_USE_CODE) {
                throw DomainException.invalid(
                    "codes are generated for SINGLE_USE_CODE advantages only");
              }
              return codes.createBatch(
                  new CodeStore.Batch(
                      UUID.randomUUID(),
                      a.organizerId(),
                      a.id(),
                      contactId,
                      b.getInteger("count"),
                      0,
                      b.getString("destinationEmail"),
                      b.getString("language", "fr"),
                      b.getString("remark"),
                      "GENERATING",
                      now(),
                      null));
            })
        .map(
            batch -> {
              offers.batches().poke();
              return new Created("/admin/v1/code-batches/" + batch.id(), OfferJson.batch(batch));
            });
  }

  private Future<?> tracking(RoutingContext rc) {
    int page = intParam(rc, "page", 0);
    int size = intParam(rc, "size", 100);
    Instant now = now();
    UUID batchId = pathId(rc, "batchId");
    return codes
        .batch(batchId)
        .compose(b -> codes.tracking(batchId, page, size))
        .map(
            p ->
                OfferJson.page(
                    p.items().stream()
                        .map(t -> OfferJson.tracked(t, offers.crypto().open(t.sealed()), now))
                        .toList(),
                    page,
                    size,
                    p.total()));
  }

  /** The batch's codes as CSV (number;code), streamed page by page. */
  private void download(RoutingContext rc) {
    UUID batchId;
    try {
      batchId = pathId(rc, "batchId");
    } catch (DomainException e) {
      rc.fail(e);
      return;
    }
    codes
        .batch(batchId)
        .onSuccess(
            batch -> {
              var response = rc.response();
              response
                  .setChunked(true)
                  .putHeader("content-type", "text/csv; charset=utf-8")
                  .putHeader(
                      "Content-Disposition", "attachment; filename=\"codes-" + batchId + ".csv\"");
              response.write("number;code\n");
              streamFrom(rc, batchId, 0);
            })
        .onFailure(rc::fail);
  }

  private void streamFrom(RoutingContext rc, UUID batchId, int after) {
    codes
        .sealedPage(batchId, after, 5_000)
        .onSuccess(
            page -> {
              if (page.isEmpty()) {
                rc.response().end();
                return;
              }
              StringBuilder out = new StringBuilder(page.size() * 26);
              int last = after;
              for (Object[] row : page) {
                last = (Integer) row[0];
                out.append(last)
                    .append(';')
                    .append(SingleUseCode.display(offers.crypto().open((byte[]) row[1])))
                    .append('\n');
              }
              int next = last;
              rc.response().write(out.toString()).onSuccess(v -> streamFrom(rc, batchId, next));
            })
        .onFailure(e -> rc.response().reset());
  }

  private Future<?> invalidateBatch(RoutingContext rc) {
    UUID id = pathId(rc, "batchId");
    return codes
        .batch(id)
        .compose(b -> codes.invalidateBatch(id, now()))
        .map(n -> new JsonObject().put("invalidated", n));
  }

  private Future<?> invalidateCodes(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    JsonArray entered = body(rc).getJsonArray("codes");
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> codes.invalidate(organizerId, hashes(entered), now()))
        .map(n -> new JsonObject().put("invalidated", n));
  }

  /** The keyed hashes of codes as entered (CODE_MALFORMED names the first that is not one). */
  private List<byte[]> hashes(JsonArray entered) {
    List<byte[]> hashes = new ArrayList<>();
    for (Object o : entered) {
      String canonical = SingleUseCode.canonical((String) o);
      if (canonical == null || SingleUseCode.read(canonical) != SingleUseCode.Reading.WELL_FORMED) {
        throw DomainException.of(
            Failure.CODE_MALFORMED, "not a single-use code: " + o, Map.of("code", o));
      }
      hashes.add(offers.crypto().hash(canonical));
    }
    return hashes;
  }

  private Future<?> trackCode(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    String canonical = SingleUseCode.canonical(rc.pathParam("code"));
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(
            o -> {
              if (canonical == null
                  || SingleUseCode.read(canonical) != SingleUseCode.Reading.WELL_FORMED) {
                throw DomainException.of(
                    Failure.CODE_MALFORMED, "not a single-use code", Map.of("reason", "malformed"));
              }
              return codes.byHash(organizerId, offers.crypto().hash(canonical));
            })
        .compose(
            t ->
                t == null
                    ? Future.failedFuture(DomainException.notFound("code", "given"))
                    : Future.succeededFuture(OfferJson.tracked(t, canonical, now())));
  }

  private Future<?> dashboard(RoutingContext rc) {
    String advantage = rc.queryParams().get("advantageId");
    String contact = rc.queryParams().get("contactId");
    UUID organizerId = pathId(rc, "organizerId");
    UUID advantageId = advantage == null ? null : Json.uuid(advantage, "advantageId");
    UUID contactId = contact == null ? null : Json.uuid(contact, "contactId");
    return services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> codes.dashboard(organizerId, advantageId, contactId))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              long[] total = new long[5];
              for (CodeStore.DashboardRow r : rows) {
                items.add(
                    new JsonObject()
                        .put("contactId", r.contactId().toString())
                        .put("contact", r.contactName())
                        .put("advantageId", r.advantageId().toString())
                        .put("advantage", r.advantageName())
                        .put("generated", r.generated())
                        .put("available", r.available())
                        .put("used", r.used())
                        .put("checkedIn", r.checkedIn())
                        .put("invalidated", r.invalidated()));
                total[0] += r.generated();
                total[1] += r.available();
                total[2] += r.used();
                total[3] += r.checkedIn();
                total[4] += r.invalidated();
              }
              return new JsonObject()
                  .put("rows", items)
                  .put(
                      "totals",
                      new JsonObject()
                          .put("generated", total[0])
                          .put("available", total[1])
                          .put("used", total[2])
                          .put("checkedIn", total[3])
                          .put("invalidated", total[4]));
            });
  }

  static int intParam(RoutingContext rc, String name, int fallback) {
    return Pages.intParam(rc, name, fallback);
  }
}
