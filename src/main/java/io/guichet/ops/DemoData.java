package io.guichet.ops;

import io.guichet.domain.catalogue.ChannelType;
import io.guichet.domain.catalogue.DeliveryMode;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.domain.catalogue.Event;
import io.guichet.domain.catalogue.OnSaleWindow;
import io.guichet.domain.catalogue.Organizer;
import io.guichet.domain.catalogue.Performance;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.PosSettings;
import io.guichet.domain.catalogue.Price;
import io.guichet.domain.catalogue.Quota;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.catalogue.SeatMap;
import io.guichet.domain.catalogue.SeatMapParser;
import io.guichet.domain.catalogue.SeatSearchMode;
import io.guichet.domain.catalogue.ShowcaseItem;
import io.guichet.domain.catalogue.Tariff;
import io.guichet.domain.catalogue.Venue;
import io.guichet.domain.queue.OnSale;
import io.guichet.store.CatalogueStore;
import io.guichet.store.SalesSetupStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo catalogue, loaded by {@code --demo} into an empty database only: a 2,000-seat theatre
 * and a 50,000-seat stadium, each with an event and a performance on sale now through the public
 * web channel (point of sale {@code web}) and a company channel (point of sale {@code
 * entreprises}).
 */
final class DemoData {
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private final Vertx vertx;
  private final CatalogueStore catalogue;
  private final SalesSetupStore sales;
  private final Instant now;
  private final Services services;

  /** The id of the demo stadium's on-sale (fixed, so the README can name it). */
  public static final String STADIUM_ON_SALE_ID = "5ad1a0e5-0000-4000-8000-000000000001";

  private DemoData(Vertx vertx, Services services) {
    this.services = services;
    this.vertx = vertx;
    this.catalogue = services.catalogue();
    this.sales = services.salesSetup();
    this.now = services.clock().instant().truncatedTo(ChronoUnit.SECONDS);
  }

  static Future<Void> loadIfEmpty(Vertx vertx, Services services) {
    return services
        .pool()
        .query("select count(*) from organizer")
        .execute()
        .compose(
            rows -> {
              if (rows.iterator().next().getLong(0) > 0) {
                LOG.info("demo data not loaded: the database is not empty");
                return Future.succeededFuture();
              }
              return new DemoData(vertx, services).load();
            });
  }

  private Future<Void> load() {
    Organizer org = new Organizer(UUID.randomUUID(), "Guichet Démo", "EUR", now);
    return catalogue
        .createOrganizer(org)
        .compose(o -> channels(org))
        .compose(channels -> tariffs(org).compose(tariffs -> venues(org, channels, tariffs)))
        .onSuccess(v -> LOG.info("demo data loaded: points of sale 'web' and 'entreprises'"))
        .mapEmpty();
  }

  private record Channels(SalesChannel web, SalesChannel company, PointOfSale webPos) {}

  private Future<Channels> channels(Organizer org) {
    SalesChannel web =
        new SalesChannel(
            UUID.randomUUID(),
            org.id(),
            "Internet grand public",
            ChannelType.PUBLIC,
            "EUR",
            SeatSearchMode.BEST_AVAILABLE_EDITABLE,
            600,
            50,
            false,
            false,
            8,
            150,
            1_000L,
            500_000L,
            "billetterie@example.org",
            null,
            List.of(
                new DeliveryOption(DeliveryMode.E_TICKET, 0),
                new DeliveryOption(DeliveryMode.MOBILE, 0),
                new DeliveryOption(DeliveryMode.BOX_OFFICE, 0),
                new DeliveryOption(DeliveryMode.POST, 250)),
            true,
            now);
    SalesChannel company =
        new SalesChannel(
            UUID.randomUUID(),
            org.id(),
            "Internet entreprises",
            ChannelType.COMPANY,
            "EUR",
            SeatSearchMode.PICK_ON_MAP,
            1_800,
            0,
            true,
            true,
            50,
            0,
            null,
            null,
            "entreprises@example.org",
            now.plus(Duration.ofDays(14)),
            List.of(
                new DeliveryOption(DeliveryMode.E_TICKET, 0),
                new DeliveryOption(DeliveryMode.BOX_OFFICE, 0)),
            true,
            now);
    PointOfSale webPos =
        new PointOfSale(
            UUID.randomUUID(),
            web.id(),
            "web",
            "Billetterie en ligne",
            // the reference shop served by this server: the payment provider sends buyers back
            // there
            services.config().publicUrl() + "/",
            List.of("fr", "en"),
            List.of(),
            List.of(),
            List.of("https://shop.example.org"),
            // all tickets of an order in one PDF; names may change until a day before the show
            new PosSettings(
                true,
                true,
                false,
                "CHECKOUT",
                false,
                false,
                "BY_ORDER",
                false,
                24,
                true,
                false,
                false),
            true,
            now);
    PointOfSale companyPos =
        new PointOfSale(
            UUID.randomUUID(),
            company.id(),
            "entreprises",
            "Espace entreprises",
            "https://pro.example.org/",
            List.of("fr"),
            List.of(),
            List.of(),
            List.of("https://pro.example.org"),
            PosSettings.defaults(),
            true,
            now);
    return sales
        .createChannel(web)
        .compose(c -> sales.createChannel(company))
        .compose(c -> sales.createPointOfSale(webPos))
        .compose(p -> sales.createPointOfSale(companyPos))
        .map(p -> new Channels(web, company, webPos));
  }

  private Future<List<Tariff>> tariffs(Organizer org) {
    List<Tariff> tariffs =
        List.of(
            new Tariff(UUID.randomUUID(), org.id(), "PLEIN", "Plein tarif", null),
            new Tariff(UUID.randomUUID(), org.id(), "REDUIT", "Tarif réduit", null),
            new Tariff(UUID.randomUUID(), org.id(), "ENFANT", "Enfant (-12 ans)", null));
    Future<?> chain = Future.succeededFuture();
    for (Tariff t : tariffs) {
      chain = chain.compose(v -> catalogue.createTariff(t));
    }
    return chain.map(tariffs);
  }

  private Future<Void> venues(Organizer org, Channels channels, List<Tariff> tariffs) {
    Future<Shown> theatre =
        show(
            org,
            channels,
            tariffs,
            "Théâtre des Lumières",
            "Paris",
            DemoSeatMaps::theatre,
            "Le Misanthrope",
            30,
            Map.of("CAT1", 5_500L, "CAT2", 3_800L, "CAT3", 2_200L));
    return theatre
        .compose(
            theatreEvent ->
                show(
                        org,
                        channels,
                        tariffs,
                        "Stade Métropole",
                        "Lyon",
                        DemoSeatMaps::stadium,
                        "Tournée des Étoiles 2027",
                        60,
                        Map.of("CAT1", 12_000L, "CAT2", 8_900L, "CAT3", 6_500L, "PIT", 7_500L))
                    .compose(
                        stadium ->
                            sales
                                .setShowcase(
                                    channels.webPos().id(),
                                    List.of(
                                        new ShowcaseItem(stadium.eventId(), 1),
                                        new ShowcaseItem(theatreEvent.eventId(), 2)))
                                .compose(v -> stadiumOnSale(org, stadium.performanceId()))))
        .mapEmpty();
  }

  /**
   * The stadium's on-sale, with its waiting room switched off: the README shows how to switch it on
   * (PATCH /admin/v1/onsales/{@value #STADIUM_ON_SALE_ID}).
   */
  private Future<Void> stadiumOnSale(Organizer org, UUID performanceId) {
    return services
        .waitingRoom()
        .create(
            new OnSale(
                UUID.fromString(STADIUM_ON_SALE_ID),
                org.id(),
                "Tournée des Étoiles 2027 — ouverture des ventes",
                List.of(performanceId),
                now.minus(Duration.ofHours(1)),
                now,
                600,
                2_000,
                900,
                false))
        .mapEmpty();
  }

  /** The event and the performance of a demo show. */
  private record Shown(UUID eventId, UUID performanceId) {}

  /** A venue, its seat map, an event and one performance on sale now on both channels. */
  private Future<Shown> show(
      Organizer org,
      Channels channels,
      List<Tariff> tariffs,
      String venueName,
      String city,
      java.util.function.Supplier<Map<String, Object>> document,
      String eventName,
      int daysAhead,
      Map<String, Long> fullPrices) {
    Venue venue = new Venue(UUID.randomUUID(), org.id(), venueName, null, city, now);
    Event event = new Event(UUID.randomUUID(), org.id(), eventName, null, "2026-2027", now);
    Instant startsAt = now.plus(Duration.ofDays(daysAhead)).truncatedTo(ChronoUnit.HOURS);
    return catalogue
        .createVenue(venue)
        .compose(v -> vertx.executeBlocking(() -> SeatMapParser.parse(document.get()), false))
        .compose((SeatMap map) -> catalogue.createSeatMap(UUID.randomUUID(), venue.id(), map, now))
        .compose(
            map -> {
              List<Price> prices = new ArrayList<>();
              fullPrices.forEach(
                  (category, full) -> {
                    prices.add(new Price(category, tariffs.get(0).id(), full));
                    prices.add(new Price(category, tariffs.get(1).id(), full * 80 / 100));
                    prices.add(new Price(category, tariffs.get(2).id(), full / 2));
                  });
              Performance perf =
                  new Performance(
                      UUID.randomUUID(), event.id(), map.id(), startsAt, null, prices, now);
              return catalogue.createEvent(event).compose(e -> catalogue.createPerformance(perf));
            })
        .compose(
            perf ->
                sales
                    .createWindow(window(perf, channels.web(), startsAt))
                    .compose(w -> sales.createWindow(window(perf, channels.company(), startsAt)))
                    .compose(
                        w ->
                            sales.createQuota(
                                new Quota(
                                    UUID.randomUUID(),
                                    perf.id(),
                                    "Allocation entreprises",
                                    List.of(channels.company().id()),
                                    null,
                                    "CAT2",
                                    100)))
                    .map(q -> new Shown(event.id(), perf.id())));
  }

  private OnSaleWindow window(Performance perf, SalesChannel channel, Instant startsAt) {
    return new OnSaleWindow(
        UUID.randomUUID(), perf.id(), channel.id(), now.minus(Duration.ofHours(1)), startsAt);
  }
}
