package io.guichet.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.domain.queue.AdmittedSoFar;
import io.guichet.domain.queue.OnSale;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queue scripts when Redis loses an on-sale's data (flushed, replaced, a failover to a replica
 * behind): the queue heals from the places the visitors' tickets name and from what PostgreSQL
 * recorded of the admissions, without reordering anyone and without giving an access twice. Real
 * embedded Redis, time passed in.
 */
class RedisQueueHealingTest extends ServerTest {
  private static final long T0 = Instant.parse("2030-01-01T10:00:00Z").toEpochMilli();
  private static final String[] PARTS = {"wait", "active", "cfg", "state", "bind", "left", "ended"};
  private static Redis redis;
  private static RedisQueue queue;

  @BeforeAll
  static void clients() {
    redis = TestServer.get().services().redis();
    queue = new RedisQueue(redis);
  }

  /** An on-sale whose queue opens at T0 and whose sale starts at T0 + 10 minutes. */
  private static OnSale onSale(int perMinute, int maxActive) {
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
            600,
            true);
    queue.configure(s, RedisQueue.Setup.NEW, AdmittedSoFar.NONE, 0).await();
    return s;
  }

  private static long starts(OnSale s) {
    return s.saleStartsAt().toEpochMilli();
  }

  private static String visitor(int n) {
    return String.format("v%021d", n);
  }

  /** Redis forgets everything of the on-sale, settings included. */
  private static void lose(OnSale s) {
    Request del = Request.cmd(Command.DEL);
    for (String part : PARTS) {
      del.arg(RedisQueue.key(s.id(), part));
    }
    redis.send(del).await();
  }

  private static List<String> waiting(OnSale s) {
    List<String> list = new ArrayList<>();
    redis
        .send(Request.cmd(Command.ZRANGE).arg(RedisQueue.key(s.id(), "wait")).arg(0).arg(-1))
        .await()
        .forEach(x -> list.add(x.toString()));
    return list;
  }

  /** Joins n visitors, half before the start and half after; answers their places by visitor. */
  private static Map<String, Long> join(OnSale s, int n) {
    Map<String, Long> places = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long now = i < n / 2 ? T0 + 1000 + i : starts(s) + 10 + i;
      long random = ThreadLocalRandom.current().nextLong(1L << 52);
      RedisQueue.Joined j =
          queue.join(s.id(), visitor(i), now, random, AccessTokens.UNPLACED).await();
      assertThat(j.newcomer()).isTrue();
      places.put(visitor(i), j.place());
    }
    return places;
  }

  /** Ticks until n are admitted, recording (as the ticker does) and confirming each tick. */
  private static List<String> admit(OnSale s, long from, int n, Map<String, long[]> ticks) {
    List<String> admitted = new ArrayList<>();
    long now = from;
    while (admitted.size() < n) {
      now += 250;
      RedisQueue.Tick t = queue.tick(s.id(), now, false).await();
      if (!t.admitted().isEmpty()) {
        queue.confirm(s.id(), t.head()).await();
        for (String v : t.admitted()) {
          ticks.put(v, new long[] {t.head(), t.accessEnds()});
        }
      }
      admitted.addAll(t.admitted());
    }
    return admitted;
  }

  @Test
  void aLostQueueIsRebuiltFromTheVisitorsPollsInTheirOrderWithNobodyAdmittedTwice() {
    OnSale s = onSale(600, 10_000);
    Map<String, Long> places = join(s, 200);
    List<String> before = waiting(s);
    Map<String, long[]> ticks = new HashMap<>();
    List<String> admittedBefore = admit(s, starts(s), 30, ticks);
    assertThat(admittedBefore).isEqualTo(before.subList(0, admittedBefore.size()));
    List<String> stillWaiting = new ArrayList<>(before.subList(admittedBefore.size(), 200));
    long head = Collections.max(ticks.values(), (a, b) -> Long.compare(a[0], b[0]))[0];

    lose(s);
    long lostAt = starts(s) + 60_000;
    assertThat(queue.configure(s).await()).isEqualTo("lost");
    assertThat(
            queue
                .configure(
                    s,
                    RedisQueue.Setup.RESTORE,
                    new AdmittedSoFar(head, admittedBefore.size()),
                    lostAt + Admissions.HEAL_MILLIS)
                .await())
        .isEqualTo("restored");
    assertThat(queue.figures(s.id(), lostAt).await().admitted()).isEqualTo(admittedBefore.size());

    // The waiting visitors poll back in any order: each is put back at their ticket's place.
    List<String> comingBack = new ArrayList<>(stillWaiting);
    Collections.shuffle(comingBack, new Random(3));
    for (int i = 0; i < comingBack.size(); i++) {
      String v = comingBack.get(i);
      RedisQueue.Status st = queue.status(s.id(), v, places.get(v), lostAt + i).await();
      assertThat(st.outcome()).as(v).isEqualTo("waiting");
      // Admission is paused while they come back.
      assertThat(queue.tick(s.id(), lostAt + i, false).await().admitted()).isEmpty();
    }
    assertThat(waiting(s)).isEqualTo(stillWaiting);
    // The admitted ones are not put back in line: PostgreSQL is asked when their access ends.
    for (String v : admittedBefore) {
      assertThat(queue.status(s.id(), v, places.get(v), lostAt).await().outcome())
          .as(v)
          .isEqualTo("lookup");
      assertThat(queue.join(s.id(), v, lostAt, 0, places.get(v)).await().outcome())
          .isEqualTo("lookup");
    }
    // With the end recorded for their tick, their access comes back (the same end: same token).
    String first = admittedBefore.get(0);
    assertThat(queue.recall(s.id(), first, ticks.get(first)[1], lostAt).await()).isTrue();
    RedisQueue.Status back = queue.status(s.id(), first, places.get(first), lostAt).await();
    assertThat(back.outcome()).isEqualTo("admitted");
    assertThat(back.accessEnds()).isEqualTo(ticks.get(first)[1]);
    // An access that ended stays ended, and its visitor is not asked about again.
    String second = admittedBefore.get(1);
    assertThat(queue.recall(s.id(), second, lostAt - 1, lostAt).await()).isFalse();
    assertThat(queue.status(s.id(), second, places.get(second), lostAt).await().outcome())
        .isEqualTo("gone");
    // Coming back to join, they start again at the back.
    RedisQueue.Joined again = queue.join(s.id(), second, lostAt + 1, 0, places.get(second)).await();
    assertThat(again.newcomer()).isTrue();
    assertThat(again.rank()).isEqualTo(stillWaiting.size());

    // After the pause, admission goes on in the original order, each visitor once.
    List<String> after = admit(s, lostAt + Admissions.HEAL_MILLIS, 50, new HashMap<>());
    assertThat(after).isEqualTo(stillWaiting.subList(0, after.size()));
    Set<String> everyone = new HashSet<>(admittedBefore);
    after.forEach(v -> assertThat(everyone.add(v)).as("%s admitted once", v).isTrue());
  }

  @Test
  void aVisitorLostByAFailoverComesBackAtTheirPlaceNeverAtTheBackNorAhead() {
    OnSale s = onSale(600, 10_000);
    Map<String, Long> places = join(s, 40);
    List<String> before = waiting(s);
    // A failover to a replica that missed the last joins: three visitors vanish.
    List<String> lost = List.of(before.get(0), before.get(17), before.get(39));
    for (String v : lost) {
      redis.send(Request.cmd(Command.ZREM).arg(RedisQueue.key(s.id(), "wait")).arg(v)).await();
    }
    long now = starts(s) + 5_000;
    // A newcomer after the loss goes behind everyone.
    RedisQueue.Joined late =
        queue.join(s.id(), visitor(1000), now, 0, AccessTokens.UNPLACED).await();
    assertThat(late.place()).isGreaterThan(Collections.max(places.values()));
    RedisQueue.Status first =
        queue.status(s.id(), lost.get(1), places.get(lost.get(1)), now).await();
    assertThat(first.rank()).isEqualTo(16);
    RedisQueue.Joined back =
        queue.join(s.id(), lost.get(0), now, 0, places.get(lost.get(0))).await();
    assertThat(back.putBack()).isTrue();
    assertThat(back.rank()).isZero();
    queue.join(s.id(), lost.get(2), now, 0, places.get(lost.get(2))).await();
    List<String> expected = new ArrayList<>(before);
    expected.add(visitor(1000));
    assertThat(waiting(s)).isEqualTo(expected);
  }

  @Test
  void placesGivenAfterALossOfTheArrivalCounterStillComeAfterTheEarlierOnes() {
    OnSale s = onSale(600, 10_000);
    long now = starts(s) + 1_000;
    long last = -1;
    for (int i = 0; i < 50; i++) {
      RedisQueue.Joined j =
          queue.join(s.id(), visitor(i), now + i / 10, 0, AccessTokens.UNPLACED).await();
      assertThat(j.place()).isGreaterThan(last);
      last = j.place();
    }
    redis.send(Request.cmd(Command.DEL).arg(RedisQueue.key(s.id(), "state"))).await();
    RedisQueue.Joined after =
        queue.join(s.id(), visitor(50), now + 10, 0, AccessTokens.UNPLACED).await();
    assertThat(after.place()).isGreaterThan(last);
  }

  @Test
  void leaversAndEndedAccessesDoNotComeBackAsIfRedisHadLostThem() {
    OnSale s = onSale(6000, 10_000);
    Map<String, Long> places = join(s, 20);
    List<String> order = waiting(s);
    String leaver = order.get(10);
    assertThat(queue.leave(s.id(), leaver, places.get(leaver)).await()).isTrue();
    long now = starts(s) + 1_000;
    assertThat(queue.status(s.id(), leaver, places.get(leaver), now).await().outcome())
        .isEqualTo("gone");
    RedisQueue.Joined rejoined = queue.join(s.id(), leaver, now, 0, places.get(leaver)).await();
    assertThat(rejoined.newcomer()).as("a leaver who comes back starts at the back").isTrue();
    assertThat(rejoined.rank()).isEqualTo(19);

    List<String> admitted = admit(s, now, 2, new HashMap<>());
    UUID cart = UUID.randomUUID();
    long far = now + 600_000;
    String shopper = admitted.get(0);
    assertThat(queue.gate(s.id(), shopper, now + 300, cart, far, far, null).await())
        .isEqualTo("ok");
    assertThat(queue.checkedOut(s.id(), cart).await()).isTrue();
    // Checked out: its token is still live, but the access ended.
    assertThat(queue.gate(s.id(), shopper, now + 400, cart, far, far, null).await())
        .isEqualTo("not-admitted");
    assertThat(queue.status(s.id(), shopper, places.get(shopper), now + 400).await().outcome())
        .isEqualTo("gone");
  }

  @Test
  void anAdmissionIsShownWithItsTokenOnlyOncePostgresRecordedIt() {
    OnSale s = onSale(6000, 10_000);
    Map<String, Long> places = join(s, 10);
    long now = starts(s) + 1_000;
    RedisQueue.Tick t = queue.tick(s.id(), now, false).await();
    assertThat(t.admitted()).hasSize(10);
    String v = t.admitted().get(3);
    RedisQueue.Status unrecorded = queue.status(s.id(), v, places.get(v), now).await();
    assertThat(unrecorded.outcome()).isEqualTo("waiting");
    assertThat(unrecorded.rank()).isZero();
    assertThat(queue.confirm(s.id(), t.head()).await()).isTrue();
    RedisQueue.Status recorded = queue.status(s.id(), v, places.get(v), now).await();
    assertThat(recorded.outcome()).isEqualTo("admitted");
    assertThat(recorded.accessEnds()).isEqualTo(t.accessEnds());
    // A confirmation never moves the mark back, nor writes to a queue Redis lost.
    assertThat(queue.confirm(s.id(), t.head() - 1).await()).isFalse();
    lose(s);
    assertThat(queue.confirm(s.id(), t.head()).await()).isFalse();
    assertThat(queue.configure(s).await()).isEqualTo("lost");
  }

  @Test
  void aLiveTokenTheQueueLostAdmitsUntilItsEndAndCountsTowardTheMaximum() {
    int max = 5;
    OnSale s = onSale(6000, max);
    join(s, 30);
    long now = starts(s) + 1_000;
    List<String> admitted = queue.tick(s.id(), now, false).await().admitted();
    assertThat(admitted).hasSize(max);
    String shopper = admitted.get(0);
    // A failover loses the shopper's access: its place is taken by the next one in line.
    redis
        .send(Request.cmd(Command.ZREM).arg(RedisQueue.key(s.id(), "active")).arg(shopper))
        .await();
    assertThat(queue.tick(s.id(), now + 250, false).await().admitted()).hasSize(1);
    long end = now + 600_000;
    assertThat(queue.gate(s.id(), shopper, now + 300, UUID.randomUUID(), end, end, null).await())
        .isEqualTo("ok");
    RedisQueue.Tick t = queue.tick(s.id(), now + 500, false).await();
    assertThat(t.activeShoppers()).isEqualTo(max + 1);
    assertThat(t.admitted())
        .as("no room until the active shoppers fall below the maximum")
        .isEmpty();
  }

  @Test
  void aRestartAdmitsNoBurstForTheTimeNoNodeTicked() {
    OnSale s = onSale(600, 10_000);
    join(s, 300);
    long now = starts(s);
    int admitted = 0;
    for (int i = 0; i < 40; i++) {
      now += 250;
      admitted += queue.tick(s.id(), now, false).await().admitted().size();
    }
    assertThat(admitted).isBetween(95, 101);
    // Every node is down for 7 s; the first tick after it admits nothing for those seconds.
    now += 7_000;
    assertThat(queue.tick(s.id(), now, false).await().admitted()).hasSizeLessThanOrEqualTo(1);
    int after = 0;
    for (int i = 0; i < 20; i++) {
      now += 250;
      after += queue.tick(s.id(), now, false).await().admitted().size();
    }
    assertThat(after).as("five seconds at ten a second").isBetween(49, 51);
  }
}
