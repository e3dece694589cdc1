package io.guichet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.inventory.BlockState;
import io.guichet.domain.inventory.IsolatedSeats;
import io.guichet.domain.inventory.PerformancePlan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 500 clients at once on one performance, through the HTTP API against the real grid: best
 * available and picks of mixed sizes on three channels (one with a seat quota), then releases mixed
 * with new holds. After each phase the invariants are read from the grid and the carts.
 */
class ConcurrentHoldsTest extends ServerTest {
  private static final int CLIENTS = 500;
  private static final int ROWS = 50;
  private static final int MAX_PER_PERFORMANCE = 6;

  private static WebClient http;
  private static String performanceId;
  private static String tariffId;
  private static final Map<String, String> posOfChannelKind = new HashMap<>();
  private static final Set<String> quotaSeats = new HashSet<>();

  /** A client's cart and the items the API said it holds. */
  record Client(String kind, String pos, String cartId, String secret, List<JsonObject> items) {}

  @BeforeAll
  static void catalogue() {
    http =
        WebClient.create(
            TestServer.get().vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(TestServer.port()),
            new PoolOptions().setHttp1MaxSize(250));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String org =
        create(
                "/admin/v1/organizers",
                new JsonObject().put("name", "Concurrency " + suffix).put("currency", "EUR"))
            .getString("id");
    tariffId =
        create(
                "/admin/v1/organizers/" + org + "/tariffs",
                new JsonObject().put("code", "FULL").put("name", "Full"))
            .getString("id");
    String venue =
        create("/admin/v1/venues", new JsonObject().put("organizerId", org).put("name", "Arena"))
            .getString("id");
    JsonArray seats = new JsonArray();
    for (int r = 1; r <= ROWS; r++) {
      for (int p = 1; p <= 32; p++) {
        if (p == 11 || p == 22) {
          continue; // two aisles: three runs of ten seats
        }
        String id = "R" + r + "-" + p;
        seats.add(
            new JsonObject()
                .put("id", id)
                .put("section", "MAIN")
                .put("row", "R" + r)
                .put("pos", p)
                .put("x", p)
                .put("y", r)
                .put("rank", r * 20 + Math.abs(16 - p))
                .put("category", r <= 4 ? "A" : "B"));
        if (r == ROWS && p <= 10) {
          quotaSeats.add(id);
        }
      }
    }
    JsonObject map =
        new JsonObject()
            .put("name", "Arena")
            .put(
                "categories",
                new JsonArray()
                    .add(new JsonObject().put("code", "A").put("name", "A"))
                    .add(new JsonObject().put("code", "B").put("name", "B")))
            .put(
                "sections",
                new JsonArray().add(new JsonObject().put("id", "MAIN").put("name", "Main")))
            .put("seats", seats);
    String seatMap = create("/admin/v1/venues/" + venue + "/seatmaps", map).getString("id");
    String event =
        create("/admin/v1/events", new JsonObject().put("organizerId", org).put("name", "Rush"))
            .getString("id");
    performanceId =
        create(
                "/admin/v1/performances",
                new JsonObject()
                    .put("eventId", event)
                    .put("seatMapId", seatMap)
                    .put("startsAt", Instant.now().plus(3, ChronoUnit.DAYS).toString())
                    .put(
                        "prices",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("category", "A")
                                    .put("tariffId", tariffId)
                                    .put("amount", 5000))
                            .add(
                                new JsonObject()
                                    .put("category", "B")
                                    .put("tariffId", tariffId)
                                    .put("amount", 3000))))
            .getString("id");
    Map<String, String> channels = new HashMap<>();
    for (String kind : List.of("best", "pick", "quota")) {
      JsonObject channel =
          new JsonObject()
              .put("organizerId", org)
              .put("name", kind)
              .put("type", "PUBLIC")
              .put("seatSearchMode", kind.equals("pick") ? "PICK_ON_MAP" : "BEST_AVAILABLE_VIEW")
              .put("holdTimeoutSeconds", 900)
              .put("isolatedSeatTrigger", 0)
              .put("maxPerPerformance", MAX_PER_PERFORMANCE)
              .put("deliveryModes", new JsonArray().add(new JsonObject().put("mode", "E_TICKET")));
      String id = create("/admin/v1/channels", channel).getString("id");
      channels.put(kind, id);
      String code = kind + "-" + suffix;
      create(
          "/admin/v1/points-of-sale",
          new JsonObject().put("channelId", id).put("code", code).put("name", kind));
      create(
          "/admin/v1/performances/" + performanceId + "/onsale-windows",
          new JsonObject()
              .put("channelId", id)
              .put("opensAt", Instant.now().minusSeconds(60).toString())
              .put("closesAt", Instant.now().plus(2, ChronoUnit.DAYS).toString()));
      posOfChannelKind.put(kind, code);
    }
    create(
        "/admin/v1/performances/" + performanceId + "/quotas",
        new JsonObject()
            .put("name", "Partner")
            .put("channelIds", new JsonArray().add(channels.get("quota")))
            .put("seatIds", new JsonArray(new ArrayList<>(quotaSeats))));
  }

  @AfterAll
  static void close() {
    http.close();
  }

  @Test
  void five_hundred_clients_holding_and_releasing_never_break_an_invariant() {
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String kind = i % 10 < 6 ? "best" : i % 10 < 9 ? "pick" : "quota";
      clients.add(new Client(kind, posOfChannelKind.get(kind), null, null, new ArrayList<>()));
    }
    AtomicInteger refusals = new AtomicInteger();

    // Phase 1: everyone opens a cart and tries to hold once; nothing is released. Demand stays
    // below capacity, so free seats remain all over the map: a hold that stranded one would show.
    List<Client> opened =
        all(
            clients,
            c ->
                openCart(c)
                    .compose(
                        o -> holdTimes(o, 1, new Random(o.cartId().hashCode()), refusals).map(o)));
    int held = checkInvariants(opened);
    assertThat(held).as("seats held after phase 1").isGreaterThan(600);
    assertThat(countIsolated()).as("isolated seats created while the rule applied").isZero();

    // Phase 2: half release everything, the other half try to hold more, all at once.
    all(
        opened,
        c ->
            c.cartId().hashCode() % 2 == 0
                ? releaseAll(c).map(c)
                : holdTimes(c, 2, new Random(c.secret().hashCode()), refusals).map(c));
    checkInvariants(opened);

    // Phase 3: everyone releases; every seat is back on sale.
    all(opened, c -> releaseAll(c).map(c));
    assertThat(checkInvariants(opened)).isZero();
    assertThat(grid().values().stream().mapToInt(b -> b.counts(TestServer.CLOCK.millis())[0]).sum())
        .as("free seats at the end")
        .isEqualTo(ROWS * 30);
    assertThat(refusals.get()).as("some requests met a taken seat or a full cart").isPositive();
  }

  // --- client behaviour ---

  private static Future<Client> openCart(Client c) {
    return http.post("/api/v1/carts?pos=" + c.pos())
        .send()
        .map(
            r -> {
              assertThat(r.statusCode()).as("%s", r.bodyAsString()).isEqualTo(201);
              JsonObject json = r.bodyAsJsonObject();
              return new Client(
                  c.kind(),
                  c.pos(),
                  json.getString("id"),
                  json.getString("secret"),
                  new ArrayList<>());
            });
  }

  private static Future<Void> holdTimes(
      Client c, int times, Random random, AtomicInteger refusals) {
    Future<Void> chain = Future.succeededFuture();
    for (int t = 0; t < times; t++) {
      chain = chain.compose(v -> holdOnce(c, random, refusals));
    }
    return chain;
  }

  private static Future<Void> holdOnce(Client c, Random random, AtomicInteger refusals) {
    JsonObject body = new JsonObject().put("performanceId", performanceId);
    if (c.kind().equals("pick")) {
      int row = 1 + random.nextInt(ROWS - 1);
      int start = 1 + random.nextInt(30);
      int size = 1 + random.nextInt(3);
      JsonArray seats = new JsonArray();
      for (int p = start; p < start + size && p <= 32; p++) {
        if (p != 11 && p != 22) {
          seats.add(new JsonObject().put("seatId", "R" + row + "-" + p).put("tariffId", tariffId));
        }
      }
      if (seats.isEmpty()) {
        return Future.succeededFuture();
      }
      body.put("seats", seats);
    } else {
      String category = c.kind().equals("quota") || random.nextInt(3) > 0 ? "B" : "A";
      int quantity = new int[] {1, 2, 2, 2, 3, 4, 4}[random.nextInt(7)];
      body.put(
          "quantities",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("category", category)
                      .put("tariffId", tariffId)
                      .put("quantity", quantity)));
    }
    return http.post("/api/v1/carts/" + c.cartId() + "/items?pos=" + c.pos())
        .putHeader("X-Cart-Secret", c.secret())
        .sendJsonObject(body)
        .map(
            r -> {
              if (r.statusCode() == 201) {
                synchronized (c.items()) {
                  c.items().add(r.bodyAsJsonObject());
                }
              } else {
                assertThat(r.statusCode()).as("%s", r.bodyAsString()).isEqualTo(409);
                assertThat(r.getHeader("content-type")).isEqualTo("application/problem+json");
                refusals.incrementAndGet();
              }
              return null;
            });
  }

  private static Future<Void> releaseAll(Client c) {
    List<JsonObject> items;
    synchronized (c.items()) {
      items = new ArrayList<>(c.items());
      c.items().clear();
    }
    List<Future<HttpResponse<Buffer>>> deletes = new ArrayList<>();
    for (JsonObject item : items) {
      deletes.add(
          http.delete(
                  "/api/v1/carts/"
                      + c.cartId()
                      + "/items/"
                      + item.getString("id")
                      + "?pos="
                      + c.pos())
              .putHeader("X-Cart-Secret", c.secret())
              .send()
              .map(
                  r -> {
                    assertThat(r.statusCode()).as("%s", r.bodyAsString()).isEqualTo(204);
                    return r;
                  }));
    }
    return Future.all(deletes).mapEmpty();
  }

  private static <T> List<T> all(
      List<Client> clients, java.util.function.Function<Client, Future<T>> action) {
    List<Future<T>> futures = new ArrayList<>();
    // Start every client from the event loop side, then wait on the test thread.
    for (Client c : clients) {
      futures.add(action.apply(c));
    }
    Future.all(futures).await();
    return futures.stream().map(Future::result).toList();
  }

  // --- invariants, read from the grid and the carts ---

  private static IMap<String, BlockState> gridMap() {
    return TestServer.get().services().hazelcast().getMap(HzInventory.BLOCKS);
  }

  private static Map<Integer, BlockState> grid() {
    PerformancePlan plan = plan();
    Map<Integer, BlockState> blocks = new HashMap<>();
    for (int b = 0; b < plan.blocks().size(); b++) {
      blocks.put(b, gridMap().get(performanceId + ":" + b));
    }
    return blocks;
  }

  private static PerformancePlan plan() {
    return TestServer.get()
        .services()
        .inventory()
        .open(UUID.fromString(performanceId))
        .await()
        .plan();
  }

  /** Checks every invariant; answers the number of seats held. */
  private static int checkInvariants(List<Client> clients) {
    IMap<String, Cart> carts = TestServer.get().services().hazelcast().getMap("carts");
    PerformancePlan plan = plan();
    Map<Integer, BlockState> blocks = grid();
    long now = TestServer.CLOCK.millis();
    Map<String, String> holderOfSeat = new ConcurrentHashMap<>();
    int heldSeats = 0;
    for (Client c : clients) {
      Cart cart = carts.get(c.cartId());
      assertThat(cart.quantityFor(UUID.fromString(performanceId)))
          .as("cart over the maximum")
          .isLessThanOrEqualTo(MAX_PER_PERFORMANCE);
      Set<String> reported = new HashSet<>();
      synchronized (c.items()) {
        c.items()
            .forEach(
                i ->
                    i.getJsonArray("seats")
                        .forEach(s -> reported.add(((JsonObject) s).getString("id"))));
      }
      Set<String> recorded = new HashSet<>();
      for (CartItem item : cart.items()) {
        assertThat(item.pending()).as("no item left pending").isFalse();
        for (String seat : item.seatIds()) {
          String previous = holderOfSeat.put(seat, c.cartId());
          assertThat(previous).as("seat %s in two carts", seat).isNull();
          recorded.add(seat);
          PerformancePlan.SeatAddress at = plan.seats().get(seat);
          assertThat(blocks.get(at.block()).heldBy(at.index(), item.holdId(), now))
              .as("seat %s held in the grid by its cart item", seat)
              .isTrue();
          if (quotaSeats.contains(seat)) {
            assertThat(c.kind())
                .as("quota seat %s went to another channel", seat)
                .isEqualTo("quota");
          }
          heldSeats++;
        }
      }
      assertThat(recorded).as("what the API answered is what the cart holds").isEqualTo(reported);
    }
    int heldInGrid = blocks.values().stream().mapToInt(b -> b.counts(now)[1]).sum();
    assertThat(heldInGrid).as("no seat held in the grid outside a cart").isEqualTo(heldSeats);
    return heldSeats;
  }

  private static int countIsolated() {
    long now = TestServer.CLOCK.millis();
    return grid().values().stream().mapToInt(b -> IsolatedSeats.count(b, now)).sum();
  }
}
