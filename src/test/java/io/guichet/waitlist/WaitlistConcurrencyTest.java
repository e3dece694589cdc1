package io.guichet.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.Waitlists;
import io.guichet.domain.inventory.BlockState;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.ops.Services;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Trying hard to offer a seat twice: a sold-out hall whose seats all come back at once, from many
 * threads, while three offer engines (three nodes, as far as the lease and PostgreSQL can tell)
 * race for the list and a thief keeps taking their lease from them, so that for seconds at a time
 * two engines each believe they make the offers; buyers sign up twice each from two threads, and
 * outsiders keep trying to buy the seats. Then: one entry per buyer, no seat in two offers, every
 * offer's seats held for it and nobody else, no entry with two offers, offers as the entries asked
 * (how many, side by side), no outsider got a seat, and the server's audit agrees.
 */
class WaitlistConcurrencyTest extends ServerTest {
  private static final int ROWS = 8;
  private static final int PER_ROW = 20;
  private static final int BUYERS = 120;

  /** The small hall plus a hall of 8 rows of 20 seats of A (an aisle after seat 10). */
  private static JsonObject hall() {
    JsonObject map = Fixtures.smallSeatMap();
    map.getJsonArray("sections")
        .add(
            new JsonObject()
                .put("id", "HALL")
                .put("name", "Hall")
                .put(
                    "bounds",
                    new JsonObject().put("x", 0).put("y", 20).put("width", 60).put("height", 30)));
    for (int r = 1; r <= ROWS; r++) {
      for (int p = 1; p <= PER_ROW + 1; p++) {
        if (p == 11) {
          continue;
        }
        map.getJsonArray("seats")
            .add(
                new JsonObject()
                    .put("id", "H" + r + "-" + p)
                    .put("section", "HALL")
                    .put("row", "H" + r)
                    .put("pos", p)
                    .put("x", p * 2)
                    .put("y", 20 + r * 3)
                    .put("rank", 100 + r * 10 + Math.abs(11 - p))
                    .put("category", "A"));
      }
    }
    return map;
  }

  @Test
  void seats_that_all_come_back_at_once_are_never_offered_twice_nor_sold_outside_the_list()
      throws Exception {
    Fixtures f = Fixtures.create(hall());
    String perf = f.performanceId();
    // a box office channel holds every A seat, in carts of 10
    String box =
        f.shop(
            new JsonObject()
                .put("maxPerPerformance", 10)
                .put("allowSplit", true)
                .put("alwaysAllowIsolatedSeats", true),
            new JsonObject());
    List<Shop.Cart> carts = new ArrayList<>();
    int seats = 9 + ROWS * PER_ROW;
    for (int held = 0; held < seats; held += 10) {
      Shop.Cart cart = Shop.cart(box);
      Shop.hold(cart, perf, "A", f.fullTariff(), Math.min(10, seats - held));
      carts.add(cart);
    }

    Services services = TestServer.get().services();
    List<String> engines = new ArrayList<>();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    for (int i = 0; i < 2; i++) {
      engines.add(
          TestServer.get()
              .vertx()
              .deployVerticle(
                  new OfferEngineVerticle(
                      services.waitlist().store(),
                      services.waitlist().grid(),
                      services.pointsOfSale(),
                      services.waitlist().listing(),
                      UUID.randomUUID(),
                      services.clock(),
                      meters))
              .await());
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      // every buyer signs up twice at once (a retry, a second tab)
      List<Future<String>> signUps = new ArrayList<>();
      Map<Integer, JsonObject> bodies = new HashMap<>();
      for (int b = 0; b < BUYERS; b++) {
        int quantity = 1 + b % 4;
        JsonObject body = Waitlists.guest(quantity, b % 3 != 0, "A");
        bodies.put(b, body);
        for (int twice = 0; twice < 2; twice++) {
          signUps.add(
              pool.submit(
                  () -> {
                    Reply r = Waitlists.signUp(f.posCode, perf, body, null);
                    if (r.status() == 201) {
                      return r.json().getString("id");
                    }
                    r.problem(409, "already-on-waitlist");
                    return null;
                  }));
        }
      }
      List<String> entryIds = new ArrayList<>();
      for (Future<String> s : signUps) {
        String id = s.get();
        if (id != null) {
          entryIds.add(id);
        }
      }
      assertThat(entryIds).as("one entry per buyer").hasSize(BUYERS);
      assertThat(
              count(
                  "select count(*) from waitlist_entry where performance_id = $1",
                  UUID.fromString(perf)))
          .isEqualTo(BUYERS);
      List<Future<?>> confirms = new ArrayList<>();
      for (String id : entryIds) {
        confirms.add(
            pool.submit(
                () ->
                    assertThat(
                            Waitlists.confirm(
                                    f.posCode,
                                    id,
                                    Waitlists.links().confirmToken(UUID.fromString(id)))
                                .status())
                        .isEqualTo(200)));
      }
      for (Future<?> c : confirms) {
        c.get();
      }

      // a thief takes the lease every 100 ms: engines overlap until their next renewal
      AtomicInteger thefts = new AtomicInteger();
      Future<?> thief =
          pool.submit(
              () -> {
                while (running.get()) {
                  services
                      .pool()
                      .preparedQuery(
                          "update waitlist_settings set lease_until = now() - interval '1 day'"
                              + " where performance_id = $1")
                      .execute(Tuple.of(UUID.fromString(perf)))
                      .await();
                  thefts.incrementAndGet();
                  Thread.sleep(100); // the thief's own pace, not a wait for the server
                }
                return null;
              });
      // outsiders keep trying to buy A
      AtomicInteger outsiderHolds = new AtomicInteger();
      List<Future<?>> outsiders = new ArrayList<>();
      for (int o = 0; o < 3; o++) {
        outsiders.add(
            pool.submit(
                () -> {
                  while (running.get()) {
                    Shop.Cart cart = Shop.cart(f.posCode);
                    if (Shop.add(cart, perf, "A", f.fullTariff(), 1).status() == 201) {
                      outsiderHolds.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      // every seat comes back at once
      List<Future<?>> releases = new ArrayList<>();
      for (Shop.Cart cart : carts) {
        releases.add(pool.submit(() -> release(cart)));
      }
      for (Future<?> r : releases) {
        r.get();
      }

      // until the list has nothing left it can seat (or everyone has an offer)
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> quiet(perf));
      running.set(false);
      thief.get();
      for (Future<?> o : outsiders) {
        o.get();
      }
      assertThat(thefts.get()).isGreaterThan(3);
      System.out.printf(
          "WaitlistConcurrencyTest: %d leases stolen; the two extra engines made %.0f offers and"
              + " had %.0f refused by PostgreSQL (seats given back); %d offers in all%n",
          thefts.get(),
          meters.counter("guichet.waitlist.offers", "outcome", "made").count(),
          meters.counter("guichet.waitlist.offers", "outcome", "refused").count(),
          count(
              "select count(*) from waitlist_offer where performance_id = $1",
              UUID.fromString(perf)));
      assertThat(outsiderHolds.get()).as("seats sold outside the list").isZero();

      checkOffers(perf, bodies.size());
      JsonObject audit = adminGet("/admin/v1/performances/" + perf + "/audit").json();
      assertThat(audit.getJsonArray("violations")).as("%s", audit).isEmpty();
      assertThat(audit.getJsonObject("waitlist").getLong("openOffers")).isPositive();
    } finally {
      running.set(false);
      pool.shutdownNow();
      for (String e : engines) {
        TestServer.get().vertx().undeploy(e).await();
      }
    }
  }

  private static Void release(Shop.Cart cart) {
    JsonObject view =
        send(
                client
                    .get(cart.path() + "?pos=" + cart.pos())
                    .putHeader("X-Cart-Secret", cart.secret()),
                null)
            .json();
    for (Object item : view.getJsonArray("items")) {
      Reply removed =
          send(
              client
                  .delete(
                      cart.path()
                          + "/items/"
                          + ((JsonObject) item).getString("id")
                          + "?pos="
                          + cart.pos())
                  .putHeader("X-Cart-Secret", cart.secret()),
              null);
      assertThat(removed.status()).isEqualTo(204);
    }
    return null;
  }

  /** No entry waits that the seats left on the list could seat. */
  private static boolean quiet(String perf) {
    long offered =
        count(
            "select count(*) from waitlist_offer where performance_id = $1", UUID.fromString(perf));
    long waiting =
        count(
            "select count(*) from waitlist_entry where performance_id = $1 and status = 'WAITING'",
            UUID.fromString(perf));
    long freeOnList = listSeats(perf);
    return offered > 0 && (waiting == 0 || freeOnList == 0);
  }

  private static long listSeats(String perf) {
    Services services = TestServer.get().services();
    LivePerformance live = services.inventory().open(UUID.fromString(perf)).await();
    return services.waitlist().grid().view(live).await().total();
  }

  private static void checkOffers(String perf, int buyers) {
    UUID id = UUID.fromString(perf);
    List<Row> offers = new ArrayList<>();
    TestServer.get()
        .services()
        .pool()
        .preparedQuery(
            "select o.id, o.hold_id, o.seat_ids, o.status, e.quantity, e.together, e.status as entry"
                + " from waitlist_offer o join waitlist_entry e on e.id = o.entry_id"
                + " where o.performance_id = $1")
        .execute(Tuple.of(id))
        .await()
        .forEach(offers::add);
    assertThat(offers).isNotEmpty().hasSizeLessThanOrEqualTo(buyers);
    Set<String> seen = new HashSet<>();
    LivePerformance live = TestServer.get().services().inventory().open(id).await();
    IMap<String, BlockState> blocks =
        TestServer.get().services().hazelcast().getMap(HzInventory.BLOCKS);
    long now = TestServer.CLOCK.millis();
    for (Row o : offers) {
      assertThat(o.getString("status")).isEqualTo("OPEN");
      assertThat(o.getString("entry")).isEqualTo("OFFERED");
      List<String> seats = List.of(o.getArrayOfStrings("seat_ids"));
      assertThat(seats).hasSize(o.getInteger("quantity"));
      for (String seat : seats) {
        assertThat(seen.add(seat)).as("seat %s in two offers", seat).isTrue();
        var a = live.plan().seats().get(seat);
        BlockState block = blocks.get(live.blockKey(a.block()));
        assertThat(block.heldBy(a.index(), o.getLong("hold_id"), now))
            .as("seat %s held for its offer", seat)
            .isTrue();
      }
      if (o.getBoolean("together")) {
        Set<Integer> blockOf = new HashSet<>();
        List<Integer> indexes = new ArrayList<>();
        for (String seat : seats) {
          blockOf.add(live.plan().seats().get(seat).block());
          indexes.add(live.plan().seats().get(seat).index());
        }
        assertThat(blockOf).as("%s in one block", seats).hasSize(1);
        Collections.sort(indexes);
        var block = live.plan().blocks().get(blockOf.iterator().next());
        for (int k = 1; k < indexes.size(); k++) {
          assertThat(indexes.get(k) == indexes.get(k - 1) + 1 && block.adjacent(indexes.get(k - 1)))
              .as("%s side by side, not across an aisle", seats)
              .isTrue();
        }
      }
    }
    long entries =
        count("select count(distinct entry_id) from waitlist_offer where performance_id = $1", id);
    assertThat(entries).as("no entry with two offers").isEqualTo(offers.size());
  }
}
