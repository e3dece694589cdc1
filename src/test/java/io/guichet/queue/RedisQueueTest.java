package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.domain.queue.AdmittedSoFar;
import io.guichet.domain.queue.OnSale;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queue scripts against the real embedded Redis, with the time passed in as a test clock: the
 * shuffle before the start, first come first served after it, the admission rate, concurrent
 * tickers, the maximum of active shoppers.
 */
class RedisQueueTest extends ServerTest {
  private static final long T0 = Instant.parse("2030-01-01T10:00:00Z").toEpochMilli();
  private static Redis redis;
  private static RedisQueue queue;

  @BeforeAll
  static void clients() {
    redis = TestServer.get().services().redis();
    queue = new RedisQueue(redis);
  }

  /** An on-sale whose queue opens at T0 and whose sale starts at T0 + 10 minutes. */
  private static OnSale onSale(int perMinute, int maxActive, int tokenSeconds) {
    OnSale s =
        new OnSale(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "test",
            List.of(UUID.randomUUID()),
            Instant.ofEpochMilli(T0),
            Instant.ofEpochMilli(T0 + 600_000),
            perMinute,
            maxActive,
            tokenSeconds,
            true);
    queue.configure(s, RedisQueue.Setup.NEW, AdmittedSoFar.NONE, 0).await();
    return s;
  }

  private static long starts(OnSale s) {
    return s.saleStartsAt().toEpochMilli();
  }

  private static String visitor(int n) {
    // 22 characters, like the ids the server gives.
    return String.format("v%021d", n);
  }

  private static List<String> waiting(OnSale s) {
    Response r =
        redis
            .send(Request.cmd(Command.ZRANGE).arg(RedisQueue.key(s.id(), "wait")).arg(0).arg(-1))
            .await();
    List<String> list = new ArrayList<>();
    r.forEach(x -> list.add(x.toString()));
    return list;
  }

  private static long randomPlace() {
    return ThreadLocalRandom.current().nextLong(1L << 52);
  }

  @Test
  void beforeTheStartThePlacesAreShuffledAndEveryoneIsPlacedOnce() {
    int n = 200;
    List<String> arrival = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      arrival.add(visitor(i));
    }
    Set<List<String>> orders = new HashSet<>();
    double sumOfRho = 0;
    int runs = 20;
    for (int run = 0; run < runs; run++) {
      OnSale s = onSale(600, 1000, 600);
      for (int i = 0; i < n; i++) {
        RedisQueue.Joined j =
            queue
                .join(s.id(), arrival.get(i), T0 + 1000 + i, randomPlace(), AccessTokens.UNPLACED)
                .await();
        assertThat(j.outcome()).isEqualTo("waiting");
        assertThat(j.newcomer()).isTrue();
      }
      // Joining again, even many times, keeps the place.
      List<String> before = waiting(s);
      for (int i = 0; i < n; i += 7) {
        RedisQueue.Joined again =
            queue
                .join(s.id(), arrival.get(i), T0 + 5000, randomPlace(), AccessTokens.UNPLACED)
                .await();
        assertThat(again.newcomer()).isFalse();
        assertThat(again.rank()).isEqualTo(before.indexOf(arrival.get(i)));
      }
      List<String> order = waiting(s);
      assertThat(order).hasSize(n).containsExactlyInAnyOrderElementsOf(arrival);
      assertThat(order).isEqualTo(before);
      assertThat(order).isNotEqualTo(arrival);
      orders.add(order);
      double rho = spearman(arrival, order);
      // With 200 visitors, |rho| of a true shuffle is above 0.35 with odds below one in a million.
      assertThat(Math.abs(rho)).as("rank correlation arrival/place, run %d", run).isLessThan(0.35);
      sumOfRho += rho;
      queue.clear(s.id()).await();
    }
    assertThat(orders).as("every run gives another order").hasSize(runs);
    assertThat(Math.abs(sumOfRho / runs)).isLessThan(0.1);
  }

  @Test
  void afterTheStartFirstComeFirstServedBehindThePreQueue() {
    OnSale s = onSale(6000, 10_000, 600);
    for (int i = 0; i < 50; i++) {
      queue.join(s.id(), visitor(i), T0 + i, randomPlace(), AccessTokens.UNPLACED).await();
    }
    List<String> late = new ArrayList<>();
    for (int i = 50; i < 150; i++) {
      late.add(visitor(i));
      queue
          .join(s.id(), visitor(i), starts(s) + 10 + i, randomPlace(), AccessTokens.UNPLACED)
          .await();
    }
    List<String> early = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      early.add(visitor(i));
    }
    List<String> order = waiting(s);
    assertThat(order.subList(0, 50)).containsExactlyInAnyOrderElementsOf(early);
    assertThat(order.subList(50, 150)).containsExactlyElementsOf(late);
    // Admission follows the same order.
    List<String> admitted = new ArrayList<>();
    long now = starts(s);
    while (admitted.size() < 150) {
      now += 250;
      admitted.addAll(queue.tick(s.id(), now, false).await().admitted());
    }
    assertThat(admitted).containsExactlyElementsOf(order);
    RedisQueue.Status st = queue.status(s.id(), visitor(3), AccessTokens.UNPLACED, now).await();
    assertThat(st.outcome()).isEqualTo("admitted");
    assertThat(st.accessEnds()).isGreaterThan(now);
  }

  @Test
  void theRateIsRespectedOverASimulatedMinuteWhateverTheTickPeriod() {
    Random random = new Random(7);
    for (int perMinute : new int[] {60, 600, 5000}) {
      OnSale s = onSale(perMinute, 1_000_000, 600);
      fill(s, perMinute * 2);
      long now = starts(s);
      int admitted = 0;
      while (now < starts(s) + 60_000) {
        now = Math.min(starts(s) + 60_000, now + 50 + random.nextInt(1500));
        admitted += queue.tick(s.id(), now, false).await().admitted().size();
      }
      assertThat((double) admitted)
          .as("admitted in a minute at %d per minute", perMinute)
          .isBetween(perMinute * 0.95, perMinute * 1.05);
      queue.clear(s.id()).await();
    }
  }

  @Test
  void twoConcurrentTickersAdmitNoMoreThanTheRateAndNoOneTwice() throws Exception {
    int perMinute = 1200;
    OnSale s = onSale(perMinute, 1_000_000, 600);
    fill(s, 5000);
    List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
    long end = starts(s) + 60_000;
    // Two tickers, each on its own thread with its own (slightly different) clock, in parallel.
    List<Thread> tickers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int skew = t * 37;
      Thread ticker =
          new Thread(
              () -> {
                Random random = new Random(skew);
                long now = starts(s);
                while (now < end) {
                  now = Math.min(end, now + 100 + random.nextInt(300) + skew);
                  all.addAll(queue.tick(s.id(), now, false).await().admitted());
                }
              });
      tickers.add(ticker);
      ticker.start();
    }
    for (Thread ticker : tickers) {
      ticker.join(60_000);
    }
    assertThat(new HashSet<>(all)).as("no one admitted twice").hasSize(all.size());
    assertThat(all.size()).isBetween((int) (perMinute * 0.95), (int) (perMinute * 1.05));
    RedisQueue.Figures f = queue.figures(s.id(), end).await();
    assertThat(f.admitted()).isEqualTo(all.size());
    assertThat(f.queueLength()).isEqualTo(5000 - all.size());
  }

  @Test
  void theMaximumOfActiveShoppersIsNeverExceededAndLeaversFreePlaces() {
    int max = 40;
    OnSale s = onSale(6000, max, 60);
    fill(s, 500);
    long now = starts(s);
    List<String> admitted = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      now += 250;
      RedisQueue.Tick t = queue.tick(s.id(), now, false).await();
      admitted.addAll(t.admitted());
      assertThat(t.activeShoppers()).isLessThanOrEqualTo(max);
    }
    assertThat(admitted).hasSize(max);
    // Two leave, one checks out (its cart was bound by the gate): three places free up.
    assertThat(queue.leave(s.id(), admitted.get(0), AccessTokens.UNPLACED).await()).isTrue();
    assertThat(queue.leave(s.id(), admitted.get(1), AccessTokens.UNPLACED).await()).isTrue();
    UUID cart = UUID.randomUUID();
    assertThat(
            queue
                .gate(s.id(), admitted.get(2), now, cart, now + 600_000, Long.MAX_VALUE, null)
                .await())
        .isEqualTo("ok");
    assertThat(queue.checkedOut(s.id(), cart).await()).isTrue();
    now += 250;
    RedisQueue.Tick t = queue.tick(s.id(), now, false).await();
    assertThat(t.admitted()).hasSize(3);
    assertThat(t.activeShoppers()).isEqualTo(max);
    // Accesses end after 60 s: their places go to the next ones, still never above the maximum.
    for (int i = 0; i < 400; i++) {
      now += 250;
      t = queue.tick(s.id(), now, false).await();
      assertThat(t.activeShoppers()).isLessThanOrEqualTo(max);
    }
    assertThat(queue.figures(s.id(), now).await().admitted()).isGreaterThanOrEqualTo(2 * max);
  }

  @Test
  void admissionStopsWhileSoldOutAndTheQueueSaysSo() {
    OnSale s = onSale(6000, 1000, 600);
    fill(s, 100);
    long now = starts(s) + 5000;
    RedisQueue.Tick t = queue.tick(s.id(), now, true).await();
    assertThat(t.admitted()).isEmpty();
    RedisQueue.Status st = queue.status(s.id(), visitor(1), AccessTokens.UNPLACED, now).await();
    assertThat(st.outcome()).isEqualTo("waiting");
    assertThat(st.soldOut()).isTrue();
    t = queue.tick(s.id(), now + 1000, false).await();
    assertThat(t.admitted()).isNotEmpty();
  }

  @Test
  void anAccessShopsWithOneCartAtATime() {
    OnSale s = onSale(6000, 1000, 600);
    fill(s, 2);
    long now = starts(s) + 1000;
    List<String> admitted = queue.tick(s.id(), now, false).await().admitted();
    assertThat(admitted).hasSize(2);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    String a = admitted.get(0);
    String b = admitted.get(1);
    long far = now + 600_000;
    assertThat(queue.gate(s.id(), a, now, first, now + 60_000, far, null).await()).isEqualTo("ok");
    assertThat(queue.gate(s.id(), a, now + 1, first, now + 60_000, far, null).await())
        .isEqualTo("ok");
    assertThat(queue.gate(s.id(), a, now + 2, second, now + 60_000, far, null).await())
        .isEqualTo("other-cart|" + first);
    assertThat(queue.gate(s.id(), b, now + 3, first, now + 60_000, far, null).await())
        .isEqualTo("cart-of-another");
    // A cart the caller found gone (it died with a restarted node) is left at once for another.
    assertThat(queue.gate(s.id(), a, now + 4, third, now + 60_000, far, first).await())
        .isEqualTo("ok");
    assertThat(queue.gate(s.id(), b, now + 5, first, now + 60_000, far, null).await())
        .isEqualTo("ok");
    // Once a cart's deadline has passed, another cart may take the access over.
    assertThat(queue.gate(s.id(), a, now + 60_001, second, now + 120_000, far, null).await())
        .isEqualTo("ok");
    // An access ended before its time (the visitor left) admits no more, whatever its token says.
    assertThat(queue.leave(s.id(), b, AccessTokens.UNPLACED).await()).isTrue();
    assertThat(queue.gate(s.id(), b, now + 6, first, now + 60_000, far, null).await())
        .isEqualTo("not-admitted");
  }

  @Test
  void pollsArrivingTogetherOnAnEventLoopEachGetTheirOwnAnswer() {
    OnSale s = onSale(60, 1000, 600);
    long now = starts(s) + 1000;
    // FIFO after the start: visitor i is at rank i.
    for (int i = 0; i < 300; i++) {
      queue.join(s.id(), visitor(i), now + i, randomPlace(), AccessTokens.UNPLACED).await();
    }
    List<String> admitted = queue.tick(s.id(), now + 60_000, false).await().admitted();
    assertThat(admitted).isNotEmpty().hasSizeLessThan(300);
    int admittedCount = admitted.size();
    long later = now + 60_000;
    // 300 polls in one turn of one event loop (more than one script call's worth), shuffled, with
    // unknown visitors and admitted ones among them.
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      asked.add(visitor(i));
    }
    for (int i = 0; i < 20; i++) {
      asked.add("nobody-" + String.format("%015d", i));
    }
    java.util.Collections.shuffle(asked, new Random(7));
    io.vertx.core.Context loop = TestServer.get().vertx().getOrCreateContext();
    io.vertx.core.Promise<List<RedisQueue.Status>> all = io.vertx.core.Promise.promise();
    loop.runOnContext(
        v -> {
          List<Future<RedisQueue.Status>> polls = new ArrayList<>();
          for (String visitor : asked) {
            polls.add(queue.status(s.id(), visitor, AccessTokens.UNPLACED, later));
          }
          Future.all(polls).map(c -> c.<RedisQueue.Status>list()).onComplete(all);
        });
    List<RedisQueue.Status> answers = all.future().await();
    assertThat(answers).hasSize(asked.size());
    for (int i = 0; i < asked.size(); i++) {
      String visitor = asked.get(i);
      RedisQueue.Status st = answers.get(i);
      if (visitor.startsWith("nobody")) {
        assertThat(st.outcome()).as(visitor).isEqualTo("gone");
        continue;
      }
      int n = Integer.parseInt(visitor.substring(1));
      if (n < admittedCount) {
        assertThat(st.outcome()).as(visitor).isEqualTo("admitted");
        assertThat(st.accessEnds()).isGreaterThan(later);
      } else {
        assertThat(st.outcome()).as(visitor).isEqualTo("waiting");
        assertThat(st.rank()).as(visitor).isEqualTo(n - admittedCount);
        assertThat(st.length()).isEqualTo(300 - admittedCount);
        assertThat(st.admittedLastMinute()).as(visitor).isEqualTo(admittedCount);
        assertThat(st.soldOut()).isFalse();
      }
    }
    queue.clear(s.id()).await();
  }

  private static void fill(OnSale s, int n) {
    List<Future<?>> joins = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      joins.add(
          queue.join(
              s.id(),
              visitor(i),
              starts(s) - 1000 + i % 500,
              randomPlace(),
              AccessTokens.UNPLACED));
      if (joins.size() == 500) {
        Future.all(joins).await();
        joins.clear();
      }
    }
    Future.all(joins).await();
  }

  /** Spearman's rank correlation between two orders of the same elements. */
  private static double spearman(List<String> a, List<String> b) {
    int n = a.size();
    java.util.Map<String, Integer> rankB = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      rankB.put(b.get(i), i);
    }
    double d2 = 0;
    for (int i = 0; i < n; i++) {
      double d = i - rankB.get(a.get(i));
      d2 += d * d;
    }
    return 1 - 6 * d2 / ((double) n * ((double) n * n - 1));
  }
}
