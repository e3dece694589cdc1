package io.guichet.store;

import static io.guichet.store.Db.timestamp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * A buyer's agreement to hear from the organizer, kept on the organizer's contact of the buyer: the
 * account's contact, or the contact of a guest's e-mail (made if there is none). Only ever set
 * here: an order without the agreement leaves an earlier one as it was.
 */
public final class Consents {
  private static final String ACCOUNT = "update contact set opt_in = true where customer_id = $1";
  private static final String GUEST =
      "insert into contact (id, organizer_id, type, origin, email, first_name, last_name, opt_in,"
          + " created_at) values ($1, $2, 'INDIVIDUAL', 'WEB', $3, $4, $5, true, $6)"
          + " on conflict (organizer_id, lower(email)) where email is not null"
          + " do update set opt_in = true";

  private final Pool pool;

  public Consents(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> account(UUID customerId) {
    return pool.preparedQuery(ACCOUNT).execute(Tuple.of(customerId)).mapEmpty();
  }

  public Future<Void> guest(
      UUID organizerId, String email, String firstName, String lastName, Instant now) {
    return pool.preparedQuery(GUEST)
        .execute(
            Tuple.of(
                UUID.randomUUID(),
                organizerId,
                email,
                firstName.strip(),
                lastName.strip(),
                timestamp(now)))
        .mapEmpty();
  }
}
