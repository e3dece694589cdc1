package io.guichet.accounts;

import io.guichet.checkout.ShopContext;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.account.Customer;
import io.guichet.domain.account.Session;
import io.guichet.domain.order.Buyer;
import io.guichet.mail.MailVerticle;
import io.guichet.security.Hmac;
import io.guichet.security.PasswordHasher;
import io.guichet.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Buyers' accounts: sign-up, login by e-mail or (where the point of sale allows it) by contact
 * number, and sessions as signed tokens naming a stored session. Passwords are hashed with Argon2id
 * on worker threads.
 *
 * <p>A session ends when its row goes (a password change ends the account's other sessions, a reset
 * all of them). Each node remembers that a session's row exists for {@link #SESSION_CHECK_MILLIS}:
 * the node that ends sessions forgets at once, so an ended session may still be let in by another
 * node for at most that long. A check costs one indexed read per session, node and period.
 */
public final class AccountService {
  /** How long a node trusts that a session's row exists before it reads it again. */
  public static final long SESSION_CHECK_MILLIS = 5_000;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AccountService.class);

  public static final int MIN_PASSWORD = 10;
  public static final int MAX_PASSWORD = 200;
  private static final String SESSION = "session";
  private static final String RESET = "password-reset";

  /** How long a password reset link opens. */
  public static final Duration RESET_LIFETIME = Duration.ofHours(1);

  /** At most this many reset links per account and hour; more requests are answered alike. */
  public static final int RESETS_PER_HOUR = 3;

  private final Vertx vertx;
  private final AccountStore store;
  private final PasswordHasher hasher;
  private final Hmac hmac;
  private final Clock clock;
  private final Duration sessionLifetime;

  /** Compared with when the login is unknown, so both answers take as long. */
  private final String dummyHash;

  private final io.guichet.checkout.TtlCache<UUID, Boolean> liveSessions;
  private final io.guichet.checkout.TtlCache<UUID, AccountStore.ContactRef> contacts;

  public AccountService(
      Vertx vertx,
      AccountStore store,
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
    this.liveSessions = new io.guichet.checkout.TtlCache<>(SESSION_CHECK_MILLIS, clock, 100_000);
    this.contacts = new io.guichet.checkout.TtlCache<>(SESSION_CHECK_MILLIS, clock, 100_000);
  }

  /**
   * These accounts as another node of the cluster sees them: the same stores and keys, its own
   * short memory of sessions and contacts (what {@link #SESSION_CHECK_MILLIS} bounds). Blocks while
   * it hashes its dummy password: not for an event loop.
   */
  public AccountService asAnotherNode() {
    return new AccountService(vertx, store, hasher, hmac, clock, sessionLifetime);
  }

  /**
   * A new account with the point of sale's organizer; {@code optIn}: the buyer agrees to hear from
   * the organizer (kept on the account's contact, read by the contacts report).
   */
  public Future<Customer> signUp(
      ShopContext shop,
      String email,
      String password,
      String firstName,
      String lastName,
      boolean optIn) {
    Buyer checked = new Buyer(null, email, firstName, lastName);
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      return Future.failedFuture(
          DomainException.invalid(
              "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
    }
    Customer customer =
        new Customer(
            UUID.randomUUID(),
            shop.organizerId(),
            0,
            checked.email(),
            checked.firstName().strip(),
            checked.lastName().strip(),
            shop.channel().currency(),
            0,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    return vertx
        .executeBlocking(() -> hasher.hash(password), false)
        .compose(hash -> store.create(customer, hash, optIn));
  }

  /** A session token and the account it opens. */
  public record Login(String token, Session session, Customer customer) {}

  /** Logs in by e-mail, or by contact number where the point of sale allows it. */
  public Future<Login> login(ShopContext shop, String email, Long contactNumber, String password) {
    if ((email == null) == (contactNumber == null)) {
      return Future.failedFuture(DomainException.invalid("give either email or contactNumber"));
    }
    if (contactNumber != null && !shop.pos().settings().contactNumberLogin()) {
      return Future.failedFuture(
          new DomainException(
              Failure.NOT_ALLOWED_HERE, "this point of sale logs in by e-mail address only"));
    }
    Future<AccountStore.Credentials> found =
        email != null
            ? store.byEmail(shop.organizerId(), email)
            : store.byContactNumber(shop.organizerId(), contactNumber);
    return found.compose(
        credentials -> {
          String hash = credentials == null ? dummyHash : credentials.passwordHash();
          return vertx
              .executeBlocking(() -> hasher.verify(password, hash), false)
              .compose(
                  ok -> {
                    if (!ok || credentials == null) {
                      return Future.failedFuture(
                          new DomainException(
                              Failure.INVALID_CREDENTIALS, "the login or the password is wrong"));
                    }
                    return open(credentials.customer());
                  });
        });
  }

  /** A new stored session of this account, and its token. */
  private Future<Login> open(Customer c) {
    Instant now = clock.instant();
    Session session =
        new Session(
            c.id(),
            c.organizerId(),
            now.plus(sessionLifetime).truncatedTo(ChronoUnit.SECONDS),
            UUID.randomUUID());
    return store
        .openSession(session.id(), c.id(), now, session.expiresAt())
        .map(v -> new Login(token(session), session, c));
  }

  /**
   * The session a token carries, or null when the token is forged, malformed, expired or its
   * session ended (by a password change or reset).
   */
  public Future<Session> session(String token) {
    Session session = signed(token);
    if (session == null) {
      return Future.succeededFuture();
    }
    return liveSessions.get(session.id(), store::sessionExists).map(live -> live ? session : null);
  }

  /** The session a token's signed payload names, if genuine and unexpired. */
  private Session signed(String token) {
    String payload = hmac.open(SESSION, token);
    if (payload == null) {
      return null;
    }
    String[] parts = payload.split("\\|", 5);
    if (parts.length != 4) {
      return null;
    }
    try {
      Session session =
          new Session(
              UUID.fromString(parts[0]),
              UUID.fromString(parts[1]),
              Instant.ofEpochSecond(Long.parseLong(parts[2])),
              UUID.fromString(parts[3]));
      return session.expired(clock.instant()) ? null : session;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The logged-in buyer's contact with the organizer (for restricted points of sale), remembered as
   * long as a session's check.
   */
  public Future<AccountStore.ContactRef> contact(Session session) {
    return contacts.get(session.customerId(), store::contactOf);
  }

  /**
   * Sends a password reset link to the account of this e-mail, if there is one (and it has not had
   * {@link #RESETS_PER_HOUR} links in the last hour); succeeds alike either way, so the answer does
   * not tell whether an address has an account.
   *
   * <p>Nor does its timing: the answer goes once the address is checked, before the statement that
   * makes the link (which writes a link and an e-mail for a known address, nothing for another) has
   * run. That statement's failure cannot be told to the caller without telling whether the address
   * is known, so it is logged as an error (nothing was written: the buyer asks again).
   */
  public Future<Void> requestPasswordReset(ShopContext shop, String email) {
    try {
      new Buyer(null, email, "-", "-");
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    AccountStore.ResetLink link =
        new AccountStore.ResetLink(
            id, shop.pos().id(), tokenHash(resetToken(id)), now, now.plus(RESET_LIFETIME));
    store
        .requestReset(
            shop.organizerId(), email, link, now.minus(Duration.ofHours(1)), RESETS_PER_HOUR)
        .onComplete(
            made -> {
              if (made.failed()) {
                LOG.error(
                    "a password reset link could not be made: nothing was sent", made.cause());
              } else if (made.result()) {
                vertx.eventBus().publish(MailVerticle.NUDGE, null);
              }
            });
    return Future.succeededFuture();
  }

  /** The token of a reset link's e-mail: its id, signed. Only its hash is stored. */
  public String resetToken(UUID resetId) {
    return resetId + "." + hmac.sign(RESET, resetId.toString());
  }

  /**
   * Sets a new password with a reset link's token: the link is used up in the same statement, and
   * must be of this point of sale's organizer, unused and unexpired; else the link is not found.
   */
  public Future<Void> resetPassword(ShopContext shop, String token, String password) {
    DomainException bad = passwordProblem(password);
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    UUID id = resetId(token);
    if (id == null) {
      return Future.failedFuture(linkNotFound());
    }
    return vertx
        .executeBlocking(() -> hasher.hash(password), false)
        .compose(
            hash ->
                store.resetPassword(
                    shop.organizerId(), id, tokenHash(token), hash, clock.instant()))
        .compose(
            used -> {
              if (!used) {
                return Future.failedFuture(linkNotFound());
              }
              liveSessions.clear(); // the account's sessions ended: this node knows at once
              return Future.<Void>succeededFuture();
            });
  }

  /** Changes the logged-in buyer's password, given the current one. */
  public Future<Void> changePassword(Session session, String current, String password) {
    DomainException bad = passwordProblem(password);
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return store
        .credentials(session.customerId())
        .compose(
            credentials ->
                vertx.executeBlocking(
                    () ->
                        current != null && hasher.verify(current, credentials.passwordHash())
                            ? hasher.hash(password)
                            : null,
                    false))
        .compose(
            hash ->
                hash == null
                    ? Future.failedFuture(
                        new DomainException(
                            Failure.INVALID_CREDENTIALS, "the current password is wrong"))
                    : store
                        .setPassword(session.customerId(), hash, clock.instant(), session.id())
                        .onSuccess(v -> liveSessions.clear()));
  }

  /** Changes the logged-in buyer's names. */
  public Future<Customer> editProfile(Session session, String firstName, String lastName) {
    if (firstName == null || firstName.isBlank() || lastName == null || lastName.isBlank()) {
      return Future.failedFuture(DomainException.invalid("the first and last names are required"));
    }
    return store.setNames(session.customerId(), firstName.strip(), lastName.strip());
  }

  private static DomainException passwordProblem(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      return DomainException.invalid(
          "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    return null;
  }

  private static DomainException linkNotFound() {
    return new DomainException(
        Failure.NOT_FOUND, "this reset link is not valid: used, expired or mistyped");
  }

  /** The id of a genuine reset token, or null. */
  private UUID resetId(String token) {
    if (token == null || token.length() > 200) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    String id = token.substring(0, dot);
    if (!hmac.verify(RESET, id, token.substring(dot + 1))) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String tokenHash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public Future<Customer> customer(Session session) {
    return store.byId(session.customerId());
  }

  private String token(Session session) {
    return hmac.token(
        SESSION,
        session.customerId()
            + "|"
            + session.organizerId()
            + "|"
            + session.expiresAt().getEpochSecond()
            + "|"
            + session.id());
  }
}
