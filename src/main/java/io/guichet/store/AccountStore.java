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
  // new one is made with the account's id and contact number. Agreeing to hear from the organizer
  // ($9) at sign-up sets the contact's opt-in; not agreeing leaves an earlier consent as it was.
  private static final String INSERT =
      "with c as (insert into customer (id, organizer_id, email, first_name, last_name,"
          + " password_hash, currency, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)"
          + " returning id, organizer_id, email, first_name, last_name, contact_number,"
          + " created_at),"
          + " linked as (update contact k set customer_id = c.id, opt_in = k.opt_in or $9 from c"
          + " where k.organizer_id = c.organizer_id and lower(k.email) = lower(c.email)"
          + " and k.customer_id is null returning k.id),"
          + " made as (insert into contact (id, organizer_id, customer_id, contact_number, type,"
          + " origin, email, first_name, last_name, opt_in, created_at) select c.id,"
          + " c.organizer_id, c.id, c.contact_number, 'INDIVIDUAL', 'WEB', c.email, c.first_name,"
          + " c.last_name, $9, c.created_at from c where not exists (select 1 from linked))"
          + " select contact_number from c";
  private static final String BY_EMAIL =
      "select * from customer where organizer_id = $1 and lower(email) = lower($2)";
  private static final String BY_NUMBER =
      "select * from customer where organizer_id = $1 and contact_number = $2";
  private static final String BY_ID = "select * from customer where id = $1";
  // A reset link for the account of this e-mail, if there is one and it has had fewer than $9
  // links in its window of an hour (a window that started before $6 is over: this link starts a
  // new one), with the e-mail that carries it: both or neither. The count is on the account's row,
  // so that requests at once are counted one after the other (the update waits for the row).
  private static final String REQUEST_RESET =
      "with c as (update customer set resets_in_window = case when reset_window_start > $6"
          + " then resets_in_window + 1 else 1 end, reset_window_start = case when"
          + " reset_window_start > $6 then reset_window_start else $7 end"
          + " where organizer_id = $1 and lower(email) = lower($2) and (reset_window_start is null"
          + " or reset_window_start <= $6 or resets_in_window < $9) returning id),"
          + " r as (insert into password_reset (id, customer_id, pos_id, token_hash, created_at,"
          + " expires_at) select $3, c.id, $4, $5, $7, $8 from c"
          + " returning id, created_at),"
          + " m as (insert into mail_outbox (kind, reset_id, created_at, next_attempt_at)"
          + " select 'PASSWORD_RESET', r.id, r.created_at, r.created_at from r returning id)"
          + " select count(*) from m";
  // The link is used and the password changed in one statement: a second use finds used_at set
  // (the row lock makes a concurrent one wait and then find it), and the account's other links end.
  private static final String RESET_PASSWORD =
      "with r as (update password_reset set used_at = $5 where id = $1 and token_hash = $2"
          + " and used_at is null and expires_at > $5"
          + " and customer_id in (select id from customer where organizer_id = $3)"
          + " returning customer_id),"
          + " others as (update password_reset o set used_at = $5 from r"
          + " where o.customer_id = r.customer_id and o.id <> $1 and o.used_at is null"
          + " returning o.id),"
          + " c as (update customer set password_hash = $4 from r where customer.id = r.customer_id"
          + " returning customer.id),"
          + " s as (delete from account_session k using r where k.customer_id = r.customer_id"
          + " returning k.id)"
          + " select count(*) from c";
  // The new password, the account's unused reset links end, and its sessions but $4 (the one that
  // changes it) end, in one statement.
  private static final String SET_PASSWORD =
      "with c as (update customer set password_hash = $2 where id = $1 returning id),"
          + " r as (update password_reset set used_at = $3 where customer_id = $1"
          + " and used_at is null returning id),"
          + " s as (delete from account_session where customer_id = $1 and id <> $4 returning id)"
          + " select count(*) from c";
  // A new session; the account's ended ones are tidied away on the way.
  private static final String OPEN_SESSION =
      "with old as (delete from account_session where customer_id = $2 and expires_at <= $3)"
          + " insert into account_session (id, customer_id, created_at, expires_at)"
          + " values ($1, $2, $3, $4)";
  private static final String SESSION_EXISTS = "select 1 from account_session where id = $1";
  private static final String CONTACT_OF =
      "select id, contact_number, type from contact where customer_id = $1";
  // The account's names, and those of its contact with the organizer.
  private static final String SET_NAMES =
      "with c as (update customer set first_name = $2, last_name = $3 where id = $1 returning *),"
          + " k as (update contact set first_name = $2, last_name = $3 where customer_id = $1"
          + " returning id)"
          + " select * from c";
  private static final String RESET_MAIL =
      "select r.pos_id, c.email, c.first_name from password_reset r"
          + " join customer c on c.id = r.customer_id where r.id = $1";

  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  /** An account and its password hash. */
  public record Credentials(Customer customer, String passwordHash) {}

  public Future<Customer> create(Customer c, String passwordHash, boolean optIn) {
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
                      timestamp(c.createdAt()),
                      optIn
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

  /** What a reset link is: its id, the point of sale it was asked on, its token's hash, times. */
  public record ResetLink(UUID id, UUID posId, String tokenHash, Instant at, Instant expiresAt) {}

  /**
   * Makes a reset link and its e-mail for the account of this e-mail, if there is one and it had
   * fewer than {@code maxRecent} links in its window (one that started before {@code recentSince}
   * is over); whether it did.
   */
  public Future<Boolean> requestReset(
      UUID organizerId, String email, ResetLink link, Instant recentSince, int maxRecent) {
    return pool.preparedQuery(REQUEST_RESET)
        .execute(
            Tuple.wrap(
                new Object[] {
                  organizerId,
                  email,
                  link.id(),
                  link.posId(),
                  link.tokenHash(),
                  timestamp(recentSince),
                  timestamp(link.at()),
                  timestamp(link.expiresAt()),
                  maxRecent
                }))
        .map(rows -> rows.iterator().next().getLong(0) > 0);
  }

  /**
   * Uses a reset link (of this organizer, unused, unexpired, of this token hash) and sets the
   * password in the same statement; whether the link was good.
   */
  public Future<Boolean> resetPassword(
      UUID organizerId, UUID resetId, String tokenHash, String passwordHash, Instant now) {
    return pool.preparedQuery(RESET_PASSWORD)
        .execute(Tuple.of(resetId, tokenHash, organizerId, passwordHash, timestamp(now)))
        .map(rows -> rows.iterator().next().getLong(0) > 0);
  }

  /** Stores a new session of an account. */
  public Future<Void> openSession(UUID id, UUID customerId, Instant now, Instant expiresAt) {
    return pool.preparedQuery(OPEN_SESSION)
        .execute(Tuple.of(id, customerId, timestamp(now), timestamp(expiresAt)))
        .mapEmpty();
  }

  /** Whether a session is still stored (not ended by a password change or reset). */
  public Future<Boolean> sessionExists(UUID id) {
    return pool.preparedQuery(SESSION_EXISTS).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  /** An account's contact with its organizer: its id, number and whether an organisation. */
  public record ContactRef(UUID id, long number, boolean organisation) {}

  public Future<ContactRef> contactOf(UUID customerId) {
    return pool.preparedQuery(CONTACT_OF)
        .execute(Tuple.of(customerId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainException.notFound("contact of", customerId));
              }
              Row r = rows.iterator().next();
              return Future.succeededFuture(
                  new ContactRef(
                      r.getUUID("id"),
                      r.getLong("contact_number"),
                      "ORGANISATION".equals(r.getString("type"))));
            });
  }

  /** Sets an account's password; its unused reset links end, and its sessions but {@code keep}. */
  public Future<Void> setPassword(UUID customerId, String passwordHash, Instant now, UUID keep) {
    return pool.preparedQuery(SET_PASSWORD)
        .execute(Tuple.of(customerId, passwordHash, timestamp(now), keep))
        .compose(
            rows ->
                rows.iterator().next().getLong(0) == 0
                    ? Future.failedFuture(DomainException.notFound("customer", customerId))
                    : Future.<Void>succeededFuture());
  }

  /** Sets an account's names (and its contact's). */
  public Future<Customer> setNames(UUID customerId, String firstName, String lastName) {
    return pool.preparedQuery(SET_NAMES)
        .execute(Tuple.of(customerId, firstName, lastName))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("customer", customerId))
                    : Future.succeededFuture(customer(rows.iterator().next())));
  }

  /** Whom a reset link's e-mail goes to, and from which point of sale. */
  public record ResetMail(UUID posId, String email, String firstName) {}

  public Future<ResetMail> resetMail(UUID resetId) {
    return pool.preparedQuery(RESET_MAIL)
        .execute(Tuple.of(resetId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(DomainException.notFound("password reset", resetId));
              }
              Row r = rows.iterator().next();
              return Future.succeededFuture(
                  new ResetMail(
                      r.getUUID("pos_id"), r.getString("email"), r.getString("first_name")));
            });
  }

  /** An account by id, with its password hash. */
  public Future<Credentials> credentials(UUID id) {
    return pool.preparedQuery(BY_ID)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("customer", id))
                    : Future.succeededFuture(credentials(rows.iterator().next())));
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
