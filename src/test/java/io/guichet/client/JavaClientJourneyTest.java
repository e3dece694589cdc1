package io.guichet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.client.api.AccountsApi;
import io.guichet.client.api.AdminApi;
import io.guichet.client.api.CartsApi;
import io.guichet.client.api.CatalogueApi;
import io.guichet.client.api.OrdersApi;
import io.guichet.client.api.TicketsApi;
import io.guichet.client.api.WaitingRoomApi;
import io.guichet.client.model.Beneficiary;
import io.guichet.client.model.Cart;
import io.guichet.client.model.CartItem;
import io.guichet.client.model.CategoryQuantity;
import io.guichet.client.model.ChannelType;
import io.guichet.client.model.CheckoutRequest;
import io.guichet.client.model.Credentials;
import io.guichet.client.model.DeliveryMode;
import io.guichet.client.model.Guest;
import io.guichet.client.model.HeldSeat;
import io.guichet.client.model.NewCart;
import io.guichet.client.model.NewCartItem;
import io.guichet.client.model.NewChannel;
import io.guichet.client.model.NewDeliveryOption;
import io.guichet.client.model.NewEvent;
import io.guichet.client.model.NewOnSale;
import io.guichet.client.model.NewOnSaleWindow;
import io.guichet.client.model.NewOrganizer;
import io.guichet.client.model.NewPerformance;
import io.guichet.client.model.NewPointOfSale;
import io.guichet.client.model.NewTariff;
import io.guichet.client.model.NewVenue;
import io.guichet.client.model.Order;
import io.guichet.client.model.OrderStatus;
import io.guichet.client.model.PerformanceSeatMap;
import io.guichet.client.model.PosSettings;
import io.guichet.client.model.Price;
import io.guichet.client.model.Problem;
import io.guichet.client.model.QueuePlace;
import io.guichet.client.model.Seat;
import io.guichet.client.model.SeatCategory;
import io.guichet.client.model.SeatMapDocument;
import io.guichet.client.model.SeatSearchMode;
import io.guichet.client.model.SeatSwap;
import io.guichet.client.model.SeatSwaps;
import io.guichet.client.model.Section;
import io.guichet.client.model.Session;
import io.guichet.client.model.SignUp;
import io.guichet.client.model.Ticket;
import io.guichet.client.model.TicketSummary;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shop's back end written against the Java client generated from the contract (openapi-generator,
 * native library), as a shop's developers would write it: the organizer sets up a catalogue through
 * the typed back-office API, then buyers go through the shop. Every answer is read through the
 * generated types, so an answer that does not match the contract fails here as it would in a shop.
 */
class JavaClientJourneyTest extends ServerTest {
  private static final String POS = "java-client";
  private static ApiClient shopClient;
  private static String tariffId;
  private static String eventId;
  private static String performanceId;
  private static String queuedPerformanceId;
  private static String onSaleId;

  @BeforeAll
  static void organizerSetsUpTheCatalogueThroughTheTypedBackOffice() throws ApiException {
    ApiClient adminClient = client();
    adminClient.setRequestInterceptor(
        request -> request.header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
    AdminApi admin = new AdminApi(adminClient);
    String suffix = UUID.randomUUID().toString().substring(0, 8);

    String organizerId =
        admin
            .createOrganizer(new NewOrganizer().name("Java client " + suffix).currency("EUR"))
            .getId();
    tariffId =
        admin.createTariff(organizerId, new NewTariff().code("FULL").name("Full price")).getId();
    String venueId =
        admin
            .createVenue(
                new NewVenue().organizerId(organizerId).name("Hall " + suffix).city("Lyon"))
            .getId();
    String seatMapId = admin.importSeatMap(venueId, hall()).getId();
    eventId =
        admin
            .createEvent(new NewEvent().organizerId(organizerId).name("Concert " + suffix))
            .getId();
    String channelId =
        admin
            .createChannel(
                new NewChannel()
                    .organizerId(organizerId)
                    .name("Web " + suffix)
                    .type(ChannelType.PUBLIC)
                    .seatSearchMode(SeatSearchMode.BEST_AVAILABLE_EDITABLE)
                    .holdTimeoutSeconds(600)
                    .isolatedSeatTrigger(10)
                    .maxPerPerformance(6)
                    .perTicketFee(100)
                    .feeCap(500)
                    .addDeliveryModesItem(new NewDeliveryOption().mode(DeliveryMode.E_TICKET)))
            .getId();
    admin.createPointOfSale(
        new NewPointOfSale()
            .channelId(channelId)
            .code(POS + "-" + suffix)
            .name("Shop " + suffix)
            .settings(new PosSettings().guestCheckout(true)));
    posCode = POS + "-" + suffix;
    performanceId = performance(admin, seatMapId, channelId);
    queuedPerformanceId = performance(admin, seatMapId, channelId);
    OffsetDateTime now = OffsetDateTime.ofInstant(TestServer.CLOCK.instant(), ZoneOffset.UTC);
    onSaleId =
        admin
            .createOnSale(
                organizerId,
                new NewOnSale()
                    .name("On-sale " + suffix)
                    .addPerformanceIdsItem(queuedPerformanceId)
                    .queueOpensAt(now.minusMinutes(5))
                    .saleStartsAt(now.minusMinutes(1))
                    .admissionPerMinute(600)
                    .maxActiveShoppers(50))
            .getId();
    shopClient = client();
  }

  private static String posCode;

  private static ApiClient client() {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + TestServer.port());
    client.setReadTimeout(Duration.ofSeconds(30));
    return client;
  }

  private static String performance(AdminApi admin, String seatMapId, String channelId)
      throws ApiException {
    String id =
        admin
            .createPerformance(
                new NewPerformance()
                    .eventId(eventId)
                    .seatMapId(seatMapId)
                    .startsAt(OffsetDateTime.now(ZoneOffset.UTC).plusDays(20).withNano(0))
                    .addPricesItem(new Price().category("A").tariffId(tariffId).amount(4500))
                    .addPricesItem(new Price().category("B").tariffId(tariffId).amount(2500)))
            .getId();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    admin.createOnSaleWindow(
        id,
        new NewOnSaleWindow()
            .channelId(channelId)
            .opensAt(now.minusHours(1))
            .closesAt(now.plusDays(9)));
    return id;
  }

  /** Two rows of eight seats, the best in the middle of the front row (category A). */
  private static SeatMapDocument hall() {
    SeatMapDocument map =
        new SeatMapDocument()
            .name("Small hall")
            .addCategoriesItem(new SeatCategory().code("A").name("Front"))
            .addCategoriesItem(new SeatCategory().code("B").name("Back"))
            .addSectionsItem(new Section().id("MAIN").name("Main"));
    for (int row = 1; row <= 2; row++) {
      for (int pos = 1; pos <= 8; pos++) {
        map.addSeatsItem(
            new Seat()
                .id("R" + row + "-" + pos)
                .section("MAIN")
                .row("R" + row)
                .pos(pos)
                .x(BigDecimal.valueOf(pos * 2L))
                .y(BigDecimal.valueOf(row * 3L))
                .rank(row * 10 + Math.abs(2 * pos - 9))
                .category(row == 1 ? "A" : "B"));
      }
    }
    return map;
  }

  @BeforeEach
  void clock() {
    TestServer.CLOCK.reset();
  }

  private static Map<String, String> cartSecret(NewCart cart) {
    return Map.of("X-Cart-Secret", cart.getSecret());
  }

  private static Problem problem(ApiException e) throws Exception {
    assertThat(e.getResponseHeaders().firstValue("content-type"))
        .hasValue("application/problem+json");
    return shopClient.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
  }

  private static NewCartItem seatsOf(String category, int quantity) {
    return new NewCartItem()
        .performanceId(performanceId)
        .addQuantitiesItem(
            new CategoryQuantity().category(category).tariffId(tariffId).quantity(quantity));
  }

  private static CheckoutRequest asGuest(String email) {
    return new CheckoutRequest()
        .deliveryMode(DeliveryMode.E_TICKET)
        .buyer(new Guest().email(email).firstName("Ada").lastName("Lovelace"));
  }

  /**
   * What the buyer's browser does with the payment form: posts it to the provider (the simulated
   * one, accepting), which notifies Guichet and sends the browser back to Guichet's return page.
   */
  private static void payThroughTheProvider(Order order) throws Exception {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    Map<String, String> fields = new java.util.LinkedHashMap<>(order.getPayment().getFields());
    fields.put("SIM_DECISION", "accept");
    String form =
        fields.entrySet().stream()
            .map(
                f ->
                    URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> provider =
        browser.send(
            HttpRequest.newBuilder(URI.create(order.getPayment().getUrl()))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(provider.statusCode()).as(provider.body()).isBetween(300, 399);
    String back = provider.headers().firstValue("location").orElseThrow();
    HttpResponse<String> returned =
        browser.send(
            HttpRequest.newBuilder(URI.create(back)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(returned.statusCode()).as(returned.body()).isLessThan(400);
  }

  @Test
  void a_guest_finds_the_event_holds_the_best_seats_moves_one_pays_and_gets_the_tickets()
      throws Exception {
    CatalogueApi catalogue = new CatalogueApi(shopClient);
    CartsApi carts = new CartsApi(shopClient);
    OrdersApi orders = new OrdersApi(shopClient);
    TicketsApi tickets = new TicketsApi(shopClient);

    assertThat(catalogue.listEvents(posCode, null, null, 0, 100).getItems())
        .anySatisfy(event -> assertThat(event.getId()).isEqualTo(eventId));
    assertThat(catalogue.getEvent(eventId, posCode).getPerformances())
        .anySatisfy(p -> assertThat(p.getId()).isEqualTo(performanceId));
    assertThat(catalogue.getPerformance(performanceId, posCode).getId()).isEqualTo(performanceId);
    PerformanceSeatMap map = catalogue.getPerformanceSeatMap(performanceId, posCode);
    assertThat(map.getSeatCount()).isEqualTo(16);

    NewCart cart = carts.createCart(posCode);
    CartItem held =
        carts.addCartItem(cart.getId(), posCode, seatsOf("A", 2), null, cartSecret(cart));
    assertThat(held.getSeats()).extracting(HeldSeat::getId).containsExactly("R1-4", "R1-5");

    // an editable channel: the buyer moves the pair one seat to the left
    CartItem moved =
        carts.swapCartItemSeats(
            cart.getId(),
            held.getId(),
            posCode,
            new SeatSwaps().addSwapItem(new SeatSwap().from("R1-5").to("R1-3")),
            null,
            cartSecret(cart));
    assertThat(moved.getSeats())
        .extracting(HeldSeat::getId)
        .containsExactlyInAnyOrder("R1-3", "R1-4");
    Cart read = carts.getCart(cart.getId(), posCode, DeliveryMode.E_TICKET, cartSecret(cart));
    // the cart is priced as checkout will price it
    assertThat(read.getPricing().getTotal()).isEqualTo(2 * 4500 + 2 * 100);
    assertThat(read.getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getQuantity()).isEqualTo(2));

    String key = UUID.randomUUID().toString();
    Order order =
        orders.checkoutCart(
            cart.getId(), key, posCode, asGuest("ada@example.org"), cartSecret(cart));
    assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING_PAYMENT);
    assertThat(order.getTotal()).isEqualTo(2 * 4500 + 2 * 100);
    assertThat(order.getCurrency()).isEqualTo("EUR");
    // the client retries with the same key (its answer was lost): the same order
    Order replayed =
        orders.checkoutCart(
            cart.getId(), key, posCode, asGuest("ada@example.org"), cartSecret(cart));
    assertThat(replayed.getId()).isEqualTo(order.getId());
    assertThat(replayed.getReplayed()).isTrue();

    payThroughTheProvider(order);
    Map<String, String> orderSecret = Map.of("X-Order-Secret", order.getSecret());
    Order paid = orders.getOrder(order.getId(), posCode, orderSecret);
    assertThat(paid.getStatus()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.getTickets()).hasSize(2);

    String ticketId = paid.getTickets().get(0).getId();
    Ticket named =
        tickets.changeTicketBeneficiary(
            ticketId,
            posCode,
            new Beneficiary().firstName("Grace").lastName("Hopper"),
            orderSecret);
    assertThat(named.getBeneficiary().getFirstName()).isEqualTo("Grace");
    Ticket ticket = tickets.getTicket(ticketId, posCode, orderSecret);
    assertThat(ticket.getOrderId()).isEqualTo(order.getId());
    assertThat(ticket.getPrice()).isEqualTo(4500);
    assertThat(ticket.getCode()).isNotBlank();
    assertThat(ticket.getBeneficiary().getLastName()).isEqualTo("Hopper");
    File pdf = tickets.getTicketPdf(ticketId, posCode, orderSecret);
    assertThat(Files.readAllBytes(pdf.toPath()))
        .startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
    Files.deleteIfExists(pdf.toPath());

    PerformanceSeatMap after = catalogue.getPerformanceSeatMap(performanceId, posCode);
    assertThat(soldSeats(after)).contains("R1-3", "R1-4").doesNotContain("R1-5");
  }

  private static List<String> soldSeats(PerformanceSeatMap map) {
    List<String> sold = new ArrayList<>();
    String soldCode =
        map.getStateCodes().entrySet().stream()
            .filter(e -> e.getValue() == PerformanceSeatMap.InnerEnum.SOLD)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    map.getRows()
        .forEach(
            row -> {
              for (int i = 0; i < row.getIds().size(); i++) {
                if (row.getStates().substring(i, i + 1).equals(soldCode)) {
                  sold.add(row.getIds().get(i));
                }
              }
            });
    return sold;
  }

  @Test
  void a_buyer_signs_up_logs_in_and_the_order_shows_on_the_account() throws Exception {
    AccountsApi accounts = new AccountsApi(shopClient);
    CartsApi carts = new CartsApi(shopClient);
    OrdersApi orders = new OrdersApi(shopClient);
    String email = "grace-" + UUID.randomUUID() + "@example.org";

    accounts.signUp(
        posCode,
        new SignUp()
            .email(email)
            .password("correct horse battery")
            .firstName("Grace")
            .lastName("Hopper"));
    Session session =
        accounts.logIn(posCode, new Credentials().email(email).password("correct horse battery"));
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + session.getToken());

    NewCart cart = carts.createCart(posCode, bearer);
    Map<String, String> both =
        Map.of("X-Cart-Secret", cart.getSecret(), "Authorization", "Bearer " + session.getToken());
    carts.addCartItem(cart.getId(), posCode, seatsOf("B", 1), null, both);
    Order order =
        orders.checkoutCart(
            cart.getId(),
            UUID.randomUUID().toString(),
            posCode,
            new CheckoutRequest().deliveryMode(DeliveryMode.E_TICKET),
            both);
    assertThat(order.getTotal()).isEqualTo(2500 + 100);
    payThroughTheProvider(order);

    assertThat(accounts.getAccount(posCode, bearer).getOrders()).containsExactly(order.getId());
    Order paid = orders.getOrder(order.getId(), posCode, bearer);
    assertThat(paid.getStatus()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.getTickets()).extracting(TicketSummary::getId).hasSize(1);
  }

  @Test
  void a_visitor_waits_in_the_room_is_admitted_and_holds_with_the_access_token() throws Exception {
    WaitingRoomApi room = new WaitingRoomApi(shopClient);
    CartsApi carts = new CartsApi(shopClient);

    QueuePlace joined = room.joinQueue(onSaleId, null);
    assertThat(joined.getVisitorId()).isNotBlank();
    Map<String, String> ticket = Map.of("X-Queue-Ticket", joined.getQueueTicket());
    QueuePlace place = joined;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (place.getState() != QueuePlace.StateEnum.ADMITTED && System.nanoTime() < deadline) {
      Thread.sleep(Math.max(100, Math.min(1000, 1000L * place.getPollAfterSeconds())));
      place = room.getQueuePlace(onSaleId, joined.getVisitorId(), ticket);
    }
    assertThat(place.getState()).isEqualTo(QueuePlace.StateEnum.ADMITTED);

    NewCart cart = carts.createCart(posCode);
    NewCartItem wanted =
        new NewCartItem()
            .performanceId(queuedPerformanceId)
            .addQuantitiesItem(new CategoryQuantity().category("B").tariffId(tariffId).quantity(2));
    ApiException refused =
        catchThrowableOfType(
            ApiException.class,
            () ->
                carts.addCartItem(
                    cart.getId(), posCode, wanted, joined.getVisitorId(), cartSecret(cart)));
    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(problem(refused).getType()).endsWith("/access-refused");

    CartItem held =
        carts.addCartItem(
            cart.getId(),
            posCode,
            wanted,
            joined.getVisitorId(),
            Map.of("X-Cart-Secret", cart.getSecret(), "X-Access-Token", place.getAccessToken()));
    assertThat(held.getSeats()).hasSize(2).extracting(HeldSeat::getCategory).containsOnly("B");
  }

  @Test
  void refusals_arrive_as_typed_problems() throws Exception {
    CartsApi carts = new CartsApi(shopClient);
    OrdersApi orders = new OrdersApi(shopClient);
    NewCart cart = carts.createCart(posCode);

    ApiException badQuantity =
        catchThrowableOfType(
            ApiException.class,
            () ->
                carts.addCartItem(cart.getId(), posCode, seatsOf("A", 0), null, cartSecret(cart)));
    assertThat(badQuantity.getCode()).isEqualTo(400);
    Problem bad = problem(badQuantity);
    assertThat(bad.getType()).endsWith("/bad-request");
    assertThat(bad.getViolations()).isNotEmpty();

    ApiException wrongSecret =
        catchThrowableOfType(
            ApiException.class,
            () ->
                carts.getCart(
                    cart.getId(), posCode, null, Map.of("X-Cart-Secret", "not-the-secret")));
    assertThat(wrongSecret.getCode()).isEqualTo(404);
    assertThat(problem(wrongSecret).getType()).endsWith("/not-found");

    carts.addCartItem(cart.getId(), posCode, seatsOf("B", 1), null, cartSecret(cart));
    String key = UUID.randomUUID().toString();
    orders.checkoutCart(cart.getId(), key, posCode, asGuest("alan@example.org"), cartSecret(cart));
    ApiException reused =
        catchThrowableOfType(
            ApiException.class,
            () ->
                orders.checkoutCart(
                    cart.getId(),
                    key,
                    posCode,
                    asGuest("someone.else@example.org"),
                    cartSecret(cart)));
    assertThat(reused.getCode()).isEqualTo(422);
    assertThat(problem(reused).getType()).endsWith("/idempotency-key-reused");
    assertThat(problem(reused).getStatus()).isEqualTo(422);
  }
}
