package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.guichet.domain.account.Customer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/** Buyers' accounts in PostgreSQL. */
public final class AccountStore {
  // An account is a contact: the organizer's contact of that e-mail becomes the account's, or a
  // new one is made with the account's id and contact number.
  private static final String INSERT =
      "with c as (insert into customer (id, organizer_id, email, first_name, last_name,"
          + " password_hash, currency, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)"
          + " returning id, organizer_id, email, first_name, last_name, contact_number,"
          + " created_at),"
          + " linked as (update contact k set customer_id = c.id from c"
          + " where k.organizer_id = c.organizer_id and lower(k.email) = lower(c.email)"
          + " and k.customer_id is null returning k.id),"
          + " made as (insert into contact (id, organizer_id, customer_id, contact_number, type,"
          + " origin, email, first_name, last_name, opt_in, created_at) select c.id,"
          + " c.organizer_id, c.id, c.contact_number, 'INDIVIDUAL', 'WEB', c.email, c.first_name,"
          + " c.last_name, false, c.created_at from c where not exists (select 1 from linked))"
          + " select contact_number from c";
  private static final String BY_EMAIL =
      "select * from customer where organizer_id = $1 and lower(email) = lower($2)";
  private static final String BY_NUMBER =
      "select * from customer where organizer_id = $1 and contact_number = $2";
  private static final String BY_ID = "select * from customer where id = $1";

  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  /** An account and its password hash. */
  public record Credentials(Customer customer, String passwordHash) {}

  public Future<Customer> create(Customer c, String passwordHash) {
    return translate(
        pool.preparedQuery(INSERT)
            .execute(
                Tuple.wrap(
                    new Object[] {
                      c.id(),
                      c.organizerId(),
                      c.email(),
                      c.firstName(),
                      c.lastName(),
                      passwordHash,
                      c.currency(),
                      timestamp(c.createdAt())
                    }))
            .map(
                rows ->
                    new Customer(
                        c.id(),
                        c.organizerId(),
                        rows.iterator().next().getLong(0),
                        c.email(),
                        c.firstName(),
                        c.lastName(),
                        c.currency(),
                        0,
                        c.createdAt())),
        "an account with this e-mail");
  }

  public Future<Credentials> byEmail(UUID organizerId, String email) {
    return pool.preparedQuery(BY_EMAIL)
        .execute(Tuple.of(organizerId, email))
        .map(rows -> rows.size() == 0 ? null : credentials(rows.iterator().next()));
  }

  public Future<Credentials> byContactNumber(UUID organizerId, long number) {
    return pool.preparedQuery(BY_NUMBER)
        .execute(Tuple.of(organizerId, number))
        .map(rows -> rows.size() == 0 ? null : credentials(rows.iterator().next()));
  }

  public Future<Customer> byId(UUID id) {
    return pool.preparedQuery(BY_ID)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("customer", id))
                    : Future.succeededFuture(customer(rows.iterator().next())));
  }

  private static Credentials credentials(Row r) {
    return new Credentials(customer(r), r.getString("password_hash"));
  }

  static Customer customer(Row r) {
    Instant created = instant(r, "created_at");
    return new Customer(
        r.getUUID("id"),
        r.getUUID("organizer_id"),
        r.getLong("contact_number"),
        r.getString("email"),
        r.getString("first_name"),
        r.getString("last_name"),
        r.getString("currency"),
        r.getLong("credit_balance"),
        created);
  }
}
