package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;

import io.guichet.domain.DomainException;
import io.guichet.domain.report.RevenueLine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the organizer and the event's producer read of a performance's sales, summed by PostgreSQL
 * from the orders themselves: revenue by day, channel and tariff, sales per minute, and the buyers
 * who agreed to hear from the organizer. Only paid orders count. Aggregates over the performance's
 * order lines (indexed by performance): a back-office read, never on a buyer's path.
 */
public final class SalesReports {
  private static final String PERFORMANCE =
      "select p.id, p.currency, p.starts_at, e.id as event_id, e.name as event_name,"
          + " e.organizer_id, e.producer_id,"
          + " (select min(w.opens_at) from on_sale_window w where w.performance_id = p.id)"
          + " as opens_at"
          + " from performance p join event e on e.id = p.event_id where p.id = $1";
  private static final String REVENUE =
      "select (o.paid_at at time zone 'UTC')::date as day, o.channel_id, c.name as channel_name,"
          + " l.tariff_id, t.code as tariff_code, t.name as tariff_name, count(*) as tickets,"
          + " sum(l.price)::bigint as amount"
          + " from order_line l join orders o on o.id = l.order_id"
          + " join sales_channel c on c.id = o.channel_id join tariff t on t.id = l.tariff_id"
          + " where l.performance_id = $1 and o.status = 'PAID'"
          + " group by 1, o.channel_id, c.name, l.tariff_id, t.code, t.name";
  private static final String PER_MINUTE =
      "select date_trunc('minute', o.paid_at) as minute, count(distinct o.id) as orders,"
          + " count(*) as tickets, sum(l.price)::bigint as amount"
          + " from order_line l join orders o on o.id = l.order_id"
          + " where l.performance_id = $1 and o.status = 'PAID'"
          + " and o.paid_at >= $2 and o.paid_at < $3 group by 1 order by 1";
  // A buyer is the contact of the order's account, or the organizer's contact of its e-mail.
  private static final String BUYERS =
      " from order_line l join orders o on o.id = l.order_id"
          + " join contact k on k.organizer_id = o.organizer_id and (k.customer_id = o.customer_id"
          + " or (k.email is not null and lower(k.email) = lower(o.buyer_email)))"
          + " where l.performance_id = $1 and o.status = 'PAID' and k.opt_in";
  private static final String CONTACTS =
      "select k.id, k.contact_number, k.email, k.first_name, k.last_name, k.language, k.country,"
          + " k.postal_code, count(distinct o.id) as orders, count(*) as tickets"
          + BUYERS
          + " and k.contact_number > $2 group by k.id order by k.contact_number limit $3";
  private static final String CONTACTS_PAGE =
      "select k.id, k.contact_number, k.email, k.first_name, k.last_name, k.language, k.country,"
          + " k.postal_code, count(distinct o.id) as orders, count(*) as tickets"
          + BUYERS
          + " group by k.id order by k.contact_number limit $2 offset $3";
  private static final String CONTACTS_COUNT = "select count(distinct k.id)" + BUYERS;

  private final Pool pool;

  public SalesReports(Pool pool) {
    this.pool = pool;
  }

  /** The performance a report is of, with its event's organizer and producer (null: none). */
  public record Subject(
      UUID performanceId,
      String currency,
      Instant startsAt,
      UUID eventId,
      String eventName,
      UUID organizerId,
      UUID producerId,
      Instant opensAt) {}

  /** The performance, or a not-found failure. */
  public Future<Subject> subject(UUID performanceId) {
    return pool.preparedQuery(PERFORMANCE)
        .execute(Tuple.of(performanceId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainException.notFound("performance", performanceId));
              }
              Row r = rows.iterator().next();
              return Future.succeededFuture(
                  new Subject(
                      r.getUUID("id"),
                      r.getString("currency"),
                      instant(r, "starts_at"),
                      r.getUUID("event_id"),
                      r.getString("event_name"),
                      r.getUUID("organizer_id"),
                      r.getUUID("producer_id"),
                      instant(r, "opens_at")));
            });
  }

  /** The paid tickets by day of payment (UTC), channel and tariff. */
  public Future<List<RevenueLine>> revenue(UUID performanceId) {
    return pool.preparedQuery(REVENUE)
        .execute(Tuple.of(performanceId))
        .map(
            rows -> {
              List<RevenueLine> lines = new ArrayList<>();
              for (Row r : rows) {
                lines.add(
                    new RevenueLine(
                        r.getLocalDate("day"),
                        r.getUUID("channel_id"),
                        r.getString("channel_name"),
                        r.getUUID("tariff_id"),
                        r.getString("tariff_code"),
                        r.getString("tariff_name"),
                        r.getLong("tickets"),
                        r.getLong("amount")));
              }
              return lines;
            });
  }

  /** The orders, tickets and amount paid in one minute. */
  public record Minute(Instant minute, long orders, long tickets, long amount) {}

  /** Minutes of [from, to) in which tickets of the performance were paid, in time order. */
  public Future<List<Minute>> perMinute(UUID performanceId, Instant from, Instant to) {
    return pool.preparedQuery(PER_MINUTE)
        .execute(Tuple.of(performanceId, timestamp(from), timestamp(to)))
        .map(
            rows -> {
              List<Minute> minutes = new ArrayList<>();
              for (Row r : rows) {
                minutes.add(
                    new Minute(
                        instant(r, "minute"),
                        r.getLong("orders"),
                        r.getLong("tickets"),
                        r.getLong("amount")));
              }
              return minutes;
            });
  }

  /** A buyer of the performance who opted in, with what they bought of it. */
  public record Contact(
      UUID id,
      long contactNumber,
      String email,
      String firstName,
      String lastName,
      String language,
      String country,
      String postalCode,
      long orders,
      long tickets) {}

  /** A page of opted-in buyers, by contact number, and how many there are. */
  public record ContactPage(List<Contact> items, long total) {}

  public Future<ContactPage> contacts(UUID performanceId, int limit, int offset) {
    Future<List<Contact>> items =
        pool.preparedQuery(CONTACTS_PAGE)
            .execute(Tuple.of(performanceId, limit, (long) offset))
            .map(SalesReports::contacts);
    Future<Long> total =
        pool.preparedQuery(CONTACTS_COUNT)
            .execute(Tuple.of(performanceId))
            .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(v -> new ContactPage(items.result(), total.result()));
  }

  /** Up to {@code limit} opted-in buyers after this contact number, by contact number. */
  public Future<List<Contact>> contactsAfter(UUID performanceId, long afterNumber, int limit) {
    return pool.preparedQuery(CONTACTS)
        .execute(Tuple.of(performanceId, afterNumber, limit))
        .map(SalesReports::contacts);
  }

  private static List<Contact> contacts(Iterable<Row> rows) {
    List<Contact> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Contact(
              r.getUUID("id"),
              r.getLong("contact_number"),
              r.getString("email"),
              r.getString("first_name"),
              r.getString("last_name"),
              r.getString("language"),
              r.getString("country"),
              r.getString("postal_code"),
              r.getLong("orders"),
              r.getLong("tickets")));
    }
    return out;
  }
}
