package io.guichet.b2b;

import io.guichet.accounts.AccountService;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.order.Buyer;
import io.guichet.security.Hmac;
import io.guichet.security.PasswordHasher;
import io.guichet.store.ProducerStore;
import io.guichet.store.ProducerStore.Producer;
import io.guichet.store.ProducerStore.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Producers (seed: "Espace producteur") and their users: the organizer creates both; a user logs in
 * with e-mail and password and gets a session token signed for producers only, so that a buyer's
 * token never opens the producer's space and a producer's never opens a shop or the back office.
 * Passwords are hashed as buyers' are (Argon2id, on worker threads).
 */
public final class ProducerAccounts {
  private static final String SESSION = "producer-session";

  private final Vertx vertx;
  private final ProducerStore store;
  private final PasswordHasher hasher;
  private final Hmac hmac;
  private final Clock clock;
  private final Duration sessionLifetime;

  /** Compared with when the e-mail is unknown, so both answers take as long. */
  private final String dummyHash;

  public ProducerAccounts(
      Vertx vertx,
      ProducerStore store,
      PasswordHasher hasher,
      Hmac hmac,
      Clock clock,
      Duration sessionLifetime) {
    this.vertx = vertx;
    this.store = store;
    this.hasher = hasher;
    this.hmac = hmac;
    this.clock = clock;
    this.sessionLifetime = sessionLifetime;
    this.dummyHash = hasher.hash(UUID.randomUUID().toString());
  }

  public ProducerStore store() {
    return store;
  }

  /** A logged-in producer user: who, for which producer, until when. */
  public record Session(UUID userId, UUID producerId, Instant expiresAt) {}

  /** A session token and what it opens. */
  public record Login(String token, Session session, Producer producer) {}

  public Future<Producer> create(UUID organizerId, String name) {
    if (name == null || name.isBlank()) {
      return Future.failedFuture(DomainException.invalid("a producer has a name"));
    }
    return store.create(
        new Producer(
            UUID.randomUUID(), organizerId, name.strip(), now().truncatedTo(ChronoUnit.MILLIS)));
  }

  public Future<Producer> rename(UUID producerId, String name) {
    if (name == null || name.isBlank()) {
      return Future.failedFuture(DomainException.invalid("a producer has a name"));
    }
    return store.rename(producerId, name.strip());
  }

  /** A user of the producer, who logs in with this e-mail and password. */
  public Future<User> addUser(UUID producerId, String email, String password) {
    Buyer checked;
    try {
      checked = new Buyer(null, email, "-", "-");
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    if (password == null
        || password.length() < AccountService.MIN_PASSWORD
        || password.length() > AccountService.MAX_PASSWORD) {
      return Future.failedFuture(
          DomainException.invalid(
              "a password has "
                  + AccountService.MIN_PASSWORD
                  + " to "
                  + AccountService.MAX_PASSWORD
                  + " characters"));
    }
    User user =
        new User(
            UUID.randomUUID(), producerId, checked.email(), now().truncatedTo(ChronoUnit.MILLIS));
    return store
        .producer(producerId)
        .compose(p -> vertx.executeBlocking(() -> hasher.hash(password), false))
        .compose(hash -> store.addUser(user, hash));
  }

  public Future<Login> login(String email, String password) {
    if (email == null || password == null) {
      return Future.failedFuture(DomainException.invalid("email and password are required"));
    }
    return store
        .byEmail(email)
        .compose(
            credentials ->
                vertx
                    .executeBlocking(
                        () ->
                            hasher.verify(
                                password,
                                credentials == null ? dummyHash : credentials.passwordHash()),
                        false)
                    .compose(
                        ok -> {
                          if (!ok || credentials == null) {
                            return Future.failedFuture(
                                new DomainException(
                                    Failure.INVALID_CREDENTIALS,
                                    "the e-mail or the password is wrong"));
                          }
                          User u = credentials.user();
                          Session session =
                              new Session(
                                  u.id(),
                                  u.producerId(),
                                  now().plus(sessionLifetime).truncatedTo(ChronoUnit.SECONDS));
                          return store
                              .producer(u.producerId())
                              .map(p -> new Login(token(session), session, p));
                        }));
  }

  /** The session a token carries, or null when it is forged, malformed, expired or a buyer's. */
  public Session session(String token) {
    String payload = hmac.open(SESSION, token);
    if (payload == null) {
      return null;
    }
    String[] parts = payload.split("\\|", 4);
    if (parts.length != 3) {
      return null;
    }
    try {
      Session session =
          new Session(
              UUID.fromString(parts[0]),
              UUID.fromString(parts[1]),
              Instant.ofEpochSecond(Long.parseLong(parts[2])));
      return now().isBefore(session.expiresAt()) ? session : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String token(Session s) {
    return hmac.token(
        SESSION, s.userId() + "|" + s.producerId() + "|" + s.expiresAt().getEpochSecond());
  }

  private Instant now() {
    return clock.instant();
  }
}
