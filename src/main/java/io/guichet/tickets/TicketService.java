package io.guichet.tickets;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.ShopContext;
import io.guichet.checkout.TtlCache;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.catalogue.DeliveryMode;
import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.ticket.Beneficiary;
import io.guichet.domain.ticket.BeneficiaryRule;
import io.guichet.domain.ticket.TicketView;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.ops.GuichetConfig;
import io.guichet.orders.OrderService;
import io.guichet.store.TicketStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Tickets for their buyers: the mobile ticket (JSON with the signed code), the e-ticket PDF (per
 * ticket, or in bulk per order or per product as the point of sale sets it), the wallet pass, and
 * the change of a ticket's beneficiary.
 *
 * <p>Reads go through a short node-local cache (a download peak reads the same tickets again and
 * again); a change on any node evicts the ticket everywhere through a Hazelcast topic. Rendered
 * files are cached by content (ticket ids, versions and signing key), so they never go stale.
 */
public final class TicketService {
  private static final long VIEW_TTL_MILLIS = 2_000;
  private static final long CODE_TTL_MILLIS = 3_600_000;
  private static final long SETTLED_TTL_MILLIS = 60_000;
  private static final int MAX_CACHED = 200_000;
  private static final String CHANGED_TOPIC = "guichet.tickets.changed";

  /** A ticket with its current code and its place in words and JSON. */
  public record Issued(TicketView view, String code, JsonObject place) {}

  private final TicketStore store;
  private final TicketKeys keys;
  private final PointsOfSale pointsOfSale;
  private final OrderService orders;
  private final HzInventory inventory;
  private final Clock clock;
  private final Vertx vertx;
  private final WorkerExecutor renderers;
  private final RenderCache rendered;
  private final GuichetConfig.Tickets config;
  private final DateTimeFormatter dates;
  private final Locale locale;
  private final TtlCache<UUID, TicketView> views;
  private final TtlCache<UUID, List<TicketView>> orderViews;
  private final TtlCache<String, Printed> codes;
  private final Map<UUID, Settled> settled = new java.util.concurrent.ConcurrentHashMap<>();
  private final ITopic<String> changed;
  private volatile Future<WalletPass.Signer> passSigner;

  public TicketService(
      Vertx vertx,
      TicketStore store,
      TicketKeys keys,
      PointsOfSale pointsOfSale,
      OrderService orders,
      HzInventory inventory,
      HazelcastInstance hazelcast,
      GuichetConfig.Tickets config,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.keys = keys;
    this.pointsOfSale = pointsOfSale;
    this.orders = orders;
    this.inventory = inventory;
    this.clock = clock;
    this.config = config;
    this.locale = Locale.forLanguageTag(config.locale());
    this.dates =
        DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", locale)
            .withZone(ZoneId.of(config.zone()));
    this.renderers =
        vertx.createSharedWorkerExecutor(
            "guichet-ticket-render", Math.max(2, Runtime.getRuntime().availableProcessors()));
    this.rendered = new RenderCache(config.renderCacheMegabytes() * 1024L * 1024L);
    this.views = new TtlCache<>(VIEW_TTL_MILLIS, clock, MAX_CACHED);
    this.orderViews = new TtlCache<>(VIEW_TTL_MILLIS, clock, MAX_CACHED / 4);
    this.codes = new TtlCache<>(CODE_TTL_MILLIS, clock, MAX_CACHED);
    this.changed = hazelcast.getTopic(CHANGED_TOPIC);
    changed.addMessageListener(
        m -> {
          String[] ids = m.getMessageObject().split("/");
          if (!ids[0].isEmpty()) {
            orderViews.invalidate(UUID.fromString(ids[0]));
          }
          UUID ticket = UUID.fromString(ids[1]);
          views.invalidate(ticket);
          settled.remove(ticket);
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /**
   * The tickets of an order for its JSON (the caller has checked the order is theirs). The app
   * downloads them next: paid ones are kept for it.
   */
  public Future<List<TicketView>> ofOrder(UUID orderId) {
    return orderViews.get(orderId, store::ofOrder).onSuccess(all -> all.forEach(this::settle));
  }

  /** A ticket that changed elsewhere (scanned at the door): every node reads it again. */
  public void changed(UUID ticketId) {
    views.invalidate(ticketId);
    settled.remove(ticketId);
    changed.publishAsync("/" + ticketId);
  }

  /** A ticket of this order was cancelled: every node reads it and the order's tickets again. */
  public void cancelled(UUID orderId, UUID ticketId) {
    views.invalidate(ticketId);
    settled.remove(ticketId);
    orderViews.invalidate(orderId);
    changed.publishAsync(orderId + "/" + ticketId);
  }

  /** A mobile ticket: the ticket and its code. Its code has then left the server: "printed". */
  public Future<Issued> download(UUID ticketId, OrderService.Access access) {
    return downloadable(ticketId, access).compose(this::issue).compose(this::printed);
  }

  /** The e-ticket PDF of one ticket. */
  public Future<byte[]> pdf(UUID ticketId, OrderService.Access access) {
    return downloadable(ticketId, access)
        .compose(this::issue)
        .compose(
            issued ->
                pdf("ticket-" + issued.view().id(), List.of(issued))
                    .compose(bytes -> printed(issued).map(bytes)));
  }

  /**
   * The PDF of every ticket of an order (bulk printing BY_ORDER), or of the order's tickets for one
   * performance (BY_PRODUCT, which needs {@code performanceId}).
   */
  public Future<byte[]> orderPdf(UUID orderId, OrderService.Access access, UUID performanceId) {
    return pointsOfSale
        .context(access.posCode())
        .compose(
            shop ->
                // the order first: without its secret or session it answers as the order does
                // (404 naming the order), never naming one of its tickets
                orders
                    .owned(orderId, access)
                    .compose(
                        owned -> ofOrder(orderId).map(tickets -> Map.entry(owned.order(), tickets)))
                    .compose(
                        found -> {
                          List<TicketView> tickets = found.getValue();
                          if (tickets.isEmpty()) {
                            return Future.failedFuture(
                                new DomainException(
                                    Failure.ORDER_STATE,
                                    "order "
                                        + found.getKey().reference()
                                        + " has no tickets yet: it is "
                                        + found.getKey().status()));
                          }
                          TicketView first = tickets.get(0);
                          owned(shop, first, access);
                          allowed(shop, first);
                          String bulk = shop.pos().settings().bulkPrinting();
                          if ("NONE".equals(bulk)) {
                            throw new DomainException(
                                Failure.NOT_ALLOWED_HERE,
                                "this point of sale prints tickets one by one:"
                                    + " GET /api/v1/tickets/{ticketId}/pdf");
                          }
                          if ("BY_PRODUCT".equals(bulk) && performanceId == null) {
                            throw DomainException.invalid(
                                "this point of sale prints tickets per product: name the"
                                    + " performance (?performance=...)");
                          }
                          List<TicketView> chosen = new ArrayList<>();
                          for (TicketView t : tickets) {
                            if (t.live()
                                && (performanceId == null
                                    || performanceId.equals(t.performanceId()))) {
                              chosen.add(t);
                            }
                          }
                          if (chosen.isEmpty()) {
                            throw DomainException.notFound("tickets of performance", performanceId);
                          }
                          List<Future<Issued>> issued = new ArrayList<>();
                          chosen.forEach(t -> issued.add(issue(t)));
                          return Future.all(issued)
                              .compose(
                                  all -> pdf("order-" + first.orderReference(), all.<Issued>list()))
                              .compose(
                                  bytes ->
                                      store
                                          .markPrinted(
                                              chosen.stream()
                                                  .filter(t -> t.printedAt() == null)
                                                  .map(TicketView::id)
                                                  .toList(),
                                              clock.instant())
                                          .onSuccess(
                                              v ->
                                                  chosen.stream()
                                                      .filter(t -> t.printedAt() == null)
                                                      .forEach(this::publishChange))
                                          .map(bytes));
                        }));
  }

  /** The wallet pass (.pkpass) of one ticket. */
  public Future<byte[]> pass(UUID ticketId, OrderService.Access access) {
    return downloadable(ticketId, access)
        .compose(this::issue)
        .compose(issued -> passFile(issued).compose(bytes -> printed(issued).map(bytes)));
  }

  private Future<byte[]> passFile(Issued issued) {
    String key = "pass:" + issued.code();
    byte[] cached = rendered.get(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return signer()
        .compose(
            signer ->
                renderers.executeBlocking(() -> WalletPass.build(passJson(issued), signer), false))
        .onSuccess(bytes -> rendered.put(key, bytes));
  }

  /** The ticket's JSON for its buyer's app. */
  public JsonObject json(Issued issued) {
    TicketView v = issued.view();
    JsonObject json =
        new JsonObject()
            .put("id", v.id().toString())
            .put("version", v.version())
            .put("status", v.live() ? "LIVE" : "CANCELLED")
            .put("orderId", v.orderId().toString())
            .put("orderReference", v.orderReference())
            .put(
                "event",
                new JsonObject()
                    .put("name", v.eventName())
                    .put("performanceId", v.performanceId().toString())
                    .put("startsAt", v.startsAt().toString())
                    .put("date", dates.format(v.startsAt())))
            .put("venue", new JsonObject().put("name", v.venueName()).put("city", v.venueCity()))
            .put("place", issued.place())
            .put("category", v.category())
            .put("tariff", v.tariffName())
            .put("price", v.price())
            .put("currency", v.currency())
            .put("beneficiary", beneficiaryJson(v.beneficiary()))
            .put("checkedIn", v.checkedInAt() != null);
    if (issued.code() != null) {
      json.put("code", issued.code())
          .put(
              "qr",
              new JsonObject()
                  .put("payload", issued.code())
                  .put("errorCorrection", "M")
                  .put("keyId", keys.ring().currentKeyId()))
          .put(
              "links",
              new JsonObject()
                  .put("pdf", "/api/v1/tickets/" + v.id() + "/pdf")
                  .put("pkpass", "/api/v1/tickets/" + v.id() + "/pkpass"));
    }
    return json;
  }

  /**
   * The mobile ticket's JSON, encoded. A settled ticket keeps it (for its code, which names its
   * version and signing key; any change to the ticket evicts the whole entry): a download peak
   * encodes each ticket once per node.
   */
  public byte[] encoded(Issued issued) {
    Settled s = settled.get(issued.view().id());
    if (s == null || s.view != issued.view() || issued.code() == null) {
      return json(issued).toBuffer().getBytes();
    }
    Encoded e = s.body;
    if (e == null || !e.code().equals(issued.code())) {
      e = new Encoded(issued.code(), json(issued).toBuffer().getBytes());
      s.body = e;
    }
    return e.bytes();
  }

  /** A ticket as listed in its order's JSON: no code (reading an order prints nothing). */
  public static JsonObject summary(TicketView v) {
    return new JsonObject()
        .put("id", v.id().toString())
        .put("line", v.lineNo())
        .put("version", v.version())
        .put("status", v.live() ? "LIVE" : "CANCELLED")
        .put("beneficiary", beneficiaryJson(v.beneficiary()))
        .put("checkedIn", v.checkedInAt() != null);
  }

  // ---------------------------------------------------------------------------------------------
  // Beneficiaries

  /**
   * Names a new beneficiary: the ticket's version goes up, so the code printed before stops
   * scanning. Answers the ticket as it is now (without its new code: download it again). Naming the
   * beneficiary it already has changes nothing (a retried request is safe).
   */
  public Future<Issued> changeBeneficiary(
      UUID ticketId, OrderService.Access access, Beneficiary beneficiary) {
    return pointsOfSale
        .context(access.posCode())
        .compose(
            shop ->
                store
                    .ticket(ticketId) // fresh, not cached: the change is checked on what is stored
                    .compose(
                        v -> {
                          if (v == null) {
                            throw DomainException.notFound("ticket", ticketId);
                          }
                          owned(shop, v, access);
                          if (beneficiary.equals(v.beneficiary())) {
                            // named so already (a retried request): nothing changes, the printed
                            // code still scans
                            return Future.succeededFuture(v);
                          }
                          BeneficiaryRule.check(
                              clock.instant(),
                              v.startsAt(),
                              v.live(),
                              v.checkedInAt() != null,
                              v.printedAt(),
                              shop.pos().settings().beneficiaryChangeHours());
                          return store
                              .changeBeneficiary(v, beneficiary, clock.instant())
                              .compose(
                                  version -> {
                                    if (version == null) {
                                      throw new DomainException(
                                          Failure.ORDER_STATE,
                                          "the ticket changed meanwhile (printed, scanned or"
                                              + " renamed): read it and try again");
                                    }
                                    publishChange(v);
                                    return store.ticket(ticketId);
                                  });
                        }))
        .compose(v -> place(v).map(place -> new Issued(v, null, place)));
  }

  // ---------------------------------------------------------------------------------------------

  private Future<TicketView> downloadable(UUID ticketId, OrderService.Access access) {
    return pointsOfSale
        .context(access.posCode())
        .compose(
            shop ->
                view(ticketId)
                    .map(
                        v -> {
                          if (v == null) {
                            views.invalidate(ticketId);
                            throw DomainException.notFound("ticket", ticketId);
                          }
                          owned(shop, v, access);
                          allowed(shop, v);
                          return v;
                        }));
  }

  /**
   * A ticket as last read. Tickets of paid orders change only through calls that evict them on
   * every node (a new beneficiary, printing, a scan), so they are kept a minute: a download peak
   * touches each ticket a few times and PostgreSQL once. Others (a reserved order may be paid any
   * moment) are kept two seconds.
   */
  private Future<TicketView> view(UUID ticketId) {
    Settled s = settled.get(ticketId);
    long now = clock.millis();
    if (s != null && s.until() > now) {
      return Future.succeededFuture(s.view());
    }
    return views.get(ticketId, store::ticket).onSuccess(this::settle);
  }

  private void settle(TicketView v) {
    if (v != null && v.paid() && v.live()) {
      if (settled.size() >= MAX_CACHED) {
        long now = clock.millis();
        settled.values().removeIf(e -> e.until() <= now);
        if (settled.size() >= MAX_CACHED) {
          settled.clear();
        }
      }
      settled.put(v.id(), new Settled(v, clock.millis() + SETTLED_TTL_MILLIS));
    }
  }

  /** A settled ticket, and its mobile JSON once encoded (for the code it was encoded with). */
  private static final class Settled {
    final TicketView view;
    final long until;
    volatile Encoded body;

    Settled(TicketView view, long until) {
      this.view = view;
      this.until = until;
    }

    TicketView view() {
      return view;
    }

    long until() {
      return until;
    }
  }

  private record Encoded(String code, byte[] bytes) {}

  /** Another buyer's ticket (or one of another point of sale) is "not found". */
  private void owned(ShopContext shop, TicketView v, OrderService.Access access) {
    if (!v.posId().equals(shop.pos().id()) || !orders.holds(access, v.orderId(), v.customerId())) {
      throw DomainException.notFound("ticket", v.id());
    }
  }

  private static void allowed(ShopContext shop, TicketView v) {
    if (shop.pos().settings().disableTicketDownload()) {
      throw new DomainException(
          Failure.TICKET_DOWNLOAD_DISABLED,
          "tickets bought here are not downloadable: ask the box office");
    }
    if (!v.paid()) {
      throw new DomainException(
          Failure.ORDER_STATE,
          "tickets can be downloaded once order " + v.orderReference() + " is paid");
    }
    if (!v.live()) {
      throw new DomainException(Failure.ORDER_STATE, "ticket " + v.id() + " is cancelled");
    }
    if (!DeliveryMode.valueOf(v.deliveryMode()).immediate()) {
      throw new DomainException(
          Failure.NOT_ALLOWED_HERE,
          "the tickets of order " + v.orderReference() + " are delivered by " + v.deliveryMode());
    }
  }

  /**
   * The ticket with its code and place. Both depend only on the ticket's id, version and the
   * signing key, so they are kept: an Ed25519 signature costs far more than the rest of a download.
   */
  private Future<Issued> issue(TicketView v) {
    String kid = keys.ring().currentKeyId();
    return codes
        .get(
            v.id() + ":" + v.version() + ":" + kid,
            k ->
                place(v)
                    .map(
                        place ->
                            new Printed(
                                keys.ring()
                                    .sign(
                                        v.id(),
                                        v.performanceId(),
                                        v.version(),
                                        v.seatId(),
                                        v.gaArea()),
                                place)))
        .map(printed -> new Issued(v, printed.code(), printed.place()));
  }

  /** What a ticket shows that never changes for one version and one signing key. */
  private record Printed(String code, JsonObject place) {}

  private Future<JsonObject> place(TicketView v) {
    return inventory
        .open(v.performanceId())
        .map(LivePerformance::plan)
        .otherwise((PerformancePlan) null)
        .map(plan -> Places.json(plan, v.seatId(), v.gaArea()));
  }

  private Future<Issued> printed(Issued issued) {
    if (issued.view().printedAt() != null) {
      return Future.succeededFuture(issued);
    }
    return store
        .markPrinted(List.of(issued.view().id()), clock.instant())
        .onSuccess(v -> publishChange(issued.view()))
        .map(issued);
  }

  private void publishChange(TicketView v) {
    views.invalidate(v.id());
    settled.remove(v.id());
    orderViews.invalidate(v.orderId());
    changed.publishAsync(v.orderId() + "/" + v.id());
  }

  private Future<byte[]> pdf(String title, List<Issued> tickets) {
    StringBuilder key = new StringBuilder("pdf");
    tickets.forEach(t -> key.append(':').append(t.code()));
    String cacheKey = key.toString();
    byte[] cached = rendered.get(cacheKey);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    List<TicketPdf.Page> pages = new ArrayList<>();
    for (Issued t : tickets) {
      TicketView v = t.view();
      pages.add(
          new TicketPdf.Page(
              v.eventName(),
              dates.format(v.startsAt()),
              v.venueName() + (v.venueCity() == null ? "" : ", " + v.venueCity()),
              Places.text(t.place()),
              "Category " + v.category(),
              v.tariffName() + " · " + money(v.price(), v.currency()),
              v.beneficiary() == null ? null : v.beneficiary().fullName(),
              v.orderReference() + " · " + v.buyerName(),
              "Ticket " + v.id() + " · version " + v.version(),
              t.code()));
    }
    return renderers
        .executeBlocking(() -> TicketPdf.render(title, pages), false)
        .onSuccess(bytes -> rendered.put(cacheKey, bytes));
  }

  private JsonObject passJson(Issued t) {
    TicketView v = t.view();
    return WalletPass.passJson(
        config.passTypeId(),
        config.passTeamId(),
        v.venueName(),
        v.id().toString(),
        v.eventName(),
        dates.format(v.startsAt()),
        v.startsAt(),
        v.venueName() + (v.venueCity() == null ? "" : ", " + v.venueCity()),
        Places.text(t.place()),
        v.category(),
        v.tariffName() + " · " + money(v.price(), v.currency()),
        v.beneficiary() == null ? null : v.beneficiary().fullName(),
        v.orderReference(),
        t.code(),
        !v.live());
  }

  private Future<WalletPass.Signer> signer() {
    Future<WalletPass.Signer> s = passSigner;
    if (s == null) {
      synchronized (this) {
        if (passSigner == null) {
          passSigner =
              vertx.executeBlocking(
                  () ->
                      config.passCertificate() != null
                          ? WalletPass.Signer.load(
                              config.passCertificate(),
                              config.passCertificatePassword(),
                              config.passWwdrCertificate())
                          : WalletPass.Signer.selfSigned(config.passTypeId(), config.passTeamId()),
                  false);
        }
        s = passSigner;
      }
    }
    return s;
  }

  private String money(long minor, String currency) {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    NumberFormat format = NumberFormat.getNumberInstance(locale);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(minor, digits)) + " " + currency;
  }

  private static JsonObject beneficiaryJson(Beneficiary b) {
    if (b == null) {
      return null;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("firstName", b.firstName());
    m.put("lastName", b.lastName());
    return new JsonObject(m);
  }
}
