package io.guichet.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.domain.order.Buyer;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.Settlement;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order writer against the real PostgreSQL, below the grid: what it guarantees on its own. */
class OrderWriterTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  private static OrderWriter writer() {
    return TestServer.get().services().orderWriter();
  }

  /** A paid order of these seats, written without asking the grid anything. */
  private Order paid(String... seats) {
    List<OrderLine> lines = new ArrayList<>();
    for (String seat : seats) {
      lines.add(
          new OrderLine(
              lines.size() + 1,
              UUID.fromString(f.performanceId()),
              UUID.randomUUID(),
              42,
              seat,
              null,
              null,
              "B",
              UUID.fromString(f.fullTariff()),
              2500,
              false));
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long total = 2500L * seats.length;
    return new Order(
        UUID.randomUUID(),
        OrderReferences.next(),
        UUID.randomUUID(),
        "key-" + UUID.randomUUID(),
        new byte[] {1, 2, 3},
        UUID.fromString(f.organizer.getString("id")),
        UUID.fromString(f.pos.getString("id")),
        UUID.fromString(f.channel.getString("id")),
        new Buyer(null, "writer@example.org", "W", "T"),
        OrderStatus.PAID,
        false,
        Settlement.Mode.NONE,
        "EUR",
        "E_TICKET",
        total,
        0,
        0,
        0,
        total,
        total,
        0,
        0,
        now.plusSeconds(600),
        now,
        now,
        lines,
        List.of(),
        List.of());
  }

  private static OrderCommand.Create create(Order order, Instant now) {
    return new OrderCommand.Create(order, null, null, "ogone", now);
  }

  private static OrderOutcome.Create write(Order order) {
    return writer().write(create(order, Instant.now())).await();
  }

  private static boolean created(OrderOutcome.Create outcome) {
    return outcome instanceof OrderOutcome.Create.Created;
  }

  @Test
  void postgresql_alone_refuses_a_seat_sold_twice_even_if_the_grid_were_wrong() {
    assertThat(write(paid("R2-1", "R2-2")))
        .isEqualTo(new OrderOutcome.Create.Created(OrderStatus.PAID));
    OrderOutcome.Create second = write(paid("R2-2", "R2-3"));
    assertThat(second).isInstanceOf(OrderOutcome.Create.SeatsTaken.class);
    assertThat(((OrderOutcome.Create.SeatsTaken) second).detail()).contains("R2-2");
    assertThat(
            count(
                "select count(*) from ticket where performance_id = $1 and status = 'LIVE'",
                UUID.fromString(f.performanceId())))
        .as("nothing of the refused order was written")
        .isEqualTo(2);
  }

  @Test
  void in_one_group_commit_a_refused_order_is_rolled_back_alone() {
    double oneByOne = writtenOneByOne();
    List<Future<OrderOutcome.Create>> batch = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      Order o = paid("R2-" + i, "R2-" + (i % 10 + 1));
      orders.add(o);
      batch.add(writer().write(create(o, Instant.now())));
    }
    Future.join(batch).await();
    long ok = batch.stream().filter(b -> created(b.result())).count();
    assertThat(ok).isBetween(1L, 5L);
    assertThat(writtenOneByOne() - oneByOne)
        .as("a set-based write that broke a rule fell back to one by one")
        .isPositive();
    for (int i = 0; i < orders.size(); i++) {
      long rows = count("select count(*) from orders where id = $1", orders.get(i).id());
      assertThat(rows)
          .as("order %d: %s", i, batch.get(i).result())
          .isEqualTo(created(batch.get(i).result()) ? 1 : 0);
    }
    assertThat(
            count(
                "select count(*) from (select seat_id from ticket where performance_id = $1"
                    + " and status = 'LIVE' group by seat_id having count(*) > 1) twice",
                UUID.fromString(f.performanceId())))
        .isZero();
  }

  @Test
  void a_command_that_fails_its_whole_group_commit_fails_alone_and_the_others_are_written() {
    List<Future<OrderOutcome.Create>> good = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    Future<JsonObject> bad = null;
    for (int i = 1; i <= 10; i++) {
      Order o = paid("R2-" + i);
      orders.add(o);
      good.add(writer().write(create(o, Instant.now())));
      if (i == 5) {
        // raises in PostgreSQL: the statement of its group commit fails as a whole
        bad =
            ((OrderWriterVerticle) writer())
                .writeEncoded(new JsonObject().put("kind", "no-such-command"));
      }
    }
    List<Future<?>> all = new ArrayList<>(good);
    all.add(bad);
    Future.join(all).otherwiseEmpty().await();
    assertThat(bad.failed()).isTrue();
    for (int i = 0; i < orders.size(); i++) {
      assertThat(good.get(i).succeeded()).as("order %d: %s", i, good.get(i).cause()).isTrue();
      assertThat(created(good.get(i).result())).isTrue();
      assertThat(count("select count(*) from orders where id = $1", orders.get(i).id()))
          .isEqualTo(1);
    }
  }

  @Test
  void concurrent_writes_are_grouped_into_commits() {
    DistributionSummary sizes =
        TestServer.get().services().registry().find("guichet.order.writer.batch.size").summary();
    double before = sizes.max();
    List<Future<OrderOutcome.Create>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Order o = paid();
      all.add(writer().write(create(o, Instant.now())));
    }
    Future.join(all).await();
    assertThat(all).allMatch(r -> r.succeeded());
    // (orders without lines: the writer stores what the domain decided, it does not judge it)
    assertThat(all).allMatch(r -> created(r.result()));
    assertThat(Math.max(before, sizes.max())).isGreaterThan(1);
  }

  private static double writtenOneByOne() {
    return TestServer.get()
        .services()
        .registry()
        .get("guichet.order.writer.commands")
        .tag("path", "one-by-one")
        .counter()
        .count();
  }

  private static double writtenSetBased() {
    return TestServer.get()
        .services()
        .registry()
        .get("guichet.order.writer.commands")
        .tag("path", "set-based")
        .counter()
        .count();
  }

  /** Everything written for an order, without what differs between two orders by design. */
  private static String rowsOf(Order o) {
    return TestServer.get()
        .services()
        .pool()
        .preparedQuery(
            "select jsonb_build_object("
                + " 'order', (select to_jsonb(x) - 'id' - 'reference' - 'cart_id'"
                + "   - 'idempotency_key' - 'expires_at' from orders x where id = $1),"
                + " 'lines', (select jsonb_agg(to_jsonb(x) - 'order_id' - 'item_id' - 'seat_id'"
                + "   order by line_no) from order_line x where order_id = $1),"
                + " 'tickets', (select jsonb_agg(to_jsonb(x) - 'id' - 'order_id' - 'seat_id'"
                + "   || jsonb_build_object('v7', substr(x.id::text, 15, 1) = '7')"
                + "   order by line_no) from ticket x where order_id = $1),"
                + " 'mails', (select jsonb_agg(to_jsonb(x) - 'id' - 'order_id')"
                + "   from mail_outbox x where order_id = $1))::text")
        .execute(io.vertx.sqlclient.Tuple.of(o.id()))
        .await()
        .iterator()
        .next()
        .getString(0);
  }

  @Test
  void a_group_commit_writes_exactly_what_a_command_alone_writes() {
    Instant now = Instant.parse("2026-11-23T06:00:00.250Z");
    double setBased = writtenSetBased();
    Order alone = paid("R3-1", "R3-2");
    Order grouped = paid("R3-3", "R3-4");
    // one command, one transaction (guichet_order_write: the one-by-one path) …
    OrderOutcome.Create a =
        new DirectOrderWriter(TestServer.get().services().pool()).write(create(alone, now)).await();
    // … and the group commit's set-based path, with others in the same commit
    List<Future<OrderOutcome.Create>> batch = new ArrayList<>();
    for (int i = 5; i <= 40; i += 2) {
      batch.add(writer().write(create(paid("R3-" + i, "R3-" + (i + 1)), now)));
    }
    Future<OrderOutcome.Create> b = writer().write(create(grouped, now));
    Future.join(batch).await();
    assertThat(a).isEqualTo(new OrderOutcome.Create.Created(OrderStatus.PAID));
    assertThat(b.await()).isEqualTo(a);
    assertThat(batch).allMatch(r -> created(r.result()));
    String rows = rowsOf(grouped);
    assertThat(rows)
        .isEqualTo(rowsOf(alone))
        .contains("\"v7\": true")
        .doesNotContain("\"v7\": false");
    assertThat(writtenSetBased() - setBased)
        .as("the commands after the first were grouped and written set-based")
        .isGreaterThanOrEqualTo(18);
    assertThat(rows).contains("ORDER_CONFIRMED").contains("\"status\": \"LIVE\"");
  }
}
