package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Producers, their users and the events that belong to them, in PostgreSQL. */
public final class ProducerStore {
  private static final String INSERT =
      "insert into producer (id, organizer_id, name, created_at) values ($1, $2, $3, $4)";
  private static final String BY_ID = "select * from producer where id = $1";
  private static final String RENAME = "update producer set name = $2 where id = $1 returning *";
  private static final String PAGE =
      "select * from producer where organizer_id = $1 order by created_at, id limit $2 offset $3";
  private static final String COUNT = "select count(*) from producer where organizer_id = $1";
  private static final String INSERT_USER =
      "insert into producer_user (id, producer_id, email, password_hash, created_at)"
          + " values ($1, $2, $3, $4, $5)";
  private static final String USERS =
      "select * from producer_user where producer_id = $1 order by created_at, id"
          + " limit $2 offset $3";
  private static final String USER_COUNT =
      "select count(*) from producer_user where producer_id = $1";
  private static final String USER_BY_EMAIL =
      "select * from producer_user where lower(email) = lower($1)";
  // The event's producer must be of the event's organizer: else nothing changes (404).
  private static final String ASSIGN =
      "update event e set producer_id = $2 where e.id = $1 and ($2::uuid is null or exists"
          + " (select 1 from producer p where p.id = $2 and p.organizer_id = e.organizer_id))"
          + " returning e.id";
  private static final String EVENTS =
      "select e.id, e.name, e.season, e.created_at, coalesce(array_agg(p.id order by p.starts_at)"
          + " filter (where p.id is not null), '{}') as performance_ids"
          + " from event e left join performance p on p.event_id = e.id"
          + " where e.producer_id = $1 group by e.id order by e.created_at, e.id"
          + " limit $2 offset $3";
  private static final String EVENT_COUNT = "select count(*) from event where producer_id = $1";

  private final Pool pool;

  public ProducerStore(Pool pool) {
    this.pool = pool;
  }

  public record Producer(UUID id, UUID organizerId, String name, Instant createdAt) {}

  public record User(UUID id, UUID producerId, String email, Instant createdAt) {}

  /** A user and its password hash, for logging in. */
  public record Credentials(User user, String passwordHash) {}

  /** An event of a producer, with its performances in time order. */
  public record ProducerEvent(
      UUID id, String name, String season, List<UUID> performanceIds, Instant createdAt) {}

  public record Page<T>(List<T> items, long total) {}

  public Future<Producer> create(Producer p) {
    return translate(
            pool.preparedQuery(INSERT)
                .execute(Tuple.of(p.id(), p.organizerId(), p.name(), timestamp(p.createdAt()))),
            "producer")
        .map(p);
  }

  public Future<Producer> producer(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).compose(rows -> one(rows, id));
  }

  public Future<Producer> rename(UUID id, String name) {
    return pool.preparedQuery(RENAME).execute(Tuple.of(id, name)).compose(rows -> one(rows, id));
  }

  private static Future<Producer> one(Iterable<Row> rows, UUID id) {
    for (Row r : rows) {
      return Future.succeededFuture(producer(r));
    }
    return Future.failedFuture(DomainException.notFound("producer", id));
  }

  public Future<Page<Producer>> producers(UUID organizerId, int limit, int offset) {
    return page(
        PAGE, COUNT, Tuple.of(organizerId, limit, (long) offset), organizerId, r -> producer(r));
  }

  public Future<User> addUser(User u, String passwordHash) {
    return translate(
            pool.preparedQuery(INSERT_USER)
                .execute(
                    Tuple.of(
                        u.id(), u.producerId(), u.email(), passwordHash, timestamp(u.createdAt()))),
            "a producer user of this e-mail")
        .map(u);
  }

  public Future<Page<User>> users(UUID producerId, int limit, int offset) {
    return page(
        USERS, USER_COUNT, Tuple.of(producerId, limit, (long) offset), producerId, r -> user(r));
  }

  /** The user of this e-mail, or null. */
  public Future<Credentials> byEmail(String email) {
    return pool.preparedQuery(USER_BY_EMAIL)
        .execute(Tuple.of(email))
        .map(
            rows -> {
              for (Row r : rows) {
                return new Credentials(user(r), r.getString("password_hash"));
              }
              return null;
            });
  }

  /**
   * Gives the event to a producer of its organizer (null: to none); false when there is no such
   * event, or no such producer with the event's organizer.
   */
  public Future<Boolean> assign(UUID eventId, UUID producerId) {
    return pool.preparedQuery(ASSIGN)
        .execute(Tuple.of(eventId, producerId))
        .map(rows -> rows.size() == 1);
  }

  public Future<Page<ProducerEvent>> events(UUID producerId, int limit, int offset) {
    return page(
        EVENTS,
        EVENT_COUNT,
        Tuple.of(producerId, limit, (long) offset),
        producerId,
        r ->
            new ProducerEvent(
                r.getUUID("id"),
                r.getString("name"),
                r.getString("season"),
                List.of(r.getArrayOfUUIDs("performance_ids")),
                instant(r, "created_at")));
  }

  private <T> Future<Page<T>> page(
      String sql, String count, Tuple args, UUID owner, java.util.function.Function<Row, T> item) {
    Future<List<T>> items =
        pool.preparedQuery(sql)
            .execute(args)
            .map(
                rows -> {
                  List<T> out = new ArrayList<>();
                  rows.forEach(r -> out.add(item.apply(r)));
                  return out;
                });
    Future<Long> total =
        pool.preparedQuery(count)
            .execute(Tuple.of(owner))
            .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(v -> new Page<>(items.result(), total.result()));
  }

  private static Producer producer(Row r) {
    return new Producer(
        r.getUUID("id"), r.getUUID("organizer_id"), r.getString("name"), instant(r, "created_at"));
  }

  private static User user(Row r) {
    return new User(
        r.getUUID("id"), r.getUUID("producer_id"), r.getString("email"), instant(r, "created_at"));
  }
}
