package io.guichet.http;

import io.guichet.accounts.AccountService;
import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.account.Session;
import io.guichet.domain.catalogue.PointOfSale;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Reads a buyer's session ({@code Authorization: Bearer TOKEN}) on shop calls and, where the point
 * of sale says "login at the start", refuses shop calls without one (but sign-up, login and the
 * payment provider's callbacks); a restricted point of sale refuses callers it does not list. A
 * token that is forged, altered, expired or of an ended session is refused, never ignored.
 */
final class SessionHandler implements Handler<RoutingContext> {
  static final String KEY = "guichet.session";
  // scanners present their own token, not a buyer's session
  private static final String SCANNER_PATHS = "/api/v1/scanner/";
  private static final String CHECKIN = "/api/v1/checkin";
  private static final String RESETS = "/api/v1/password-resets";
  private static final Set<String> OPEN =
      Set.of(
          "/api/v1/accounts",
          "/api/v1/sessions",
          "/api/v1/payments/ogone/return",
          "/api/v1/payments/ogone/notify");

  private final AccountService accounts;
  private final PointsOfSale pointsOfSale;

  SessionHandler(AccountService accounts, PointsOfSale pointsOfSale) {
    this.accounts = accounts;
    this.pointsOfSale = pointsOfSale;
  }

  /** The session of this request, or null for an anonymous caller. */
  static Session session(RoutingContext rc) {
    return rc.get(KEY);
  }

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.request().path();
    if (!path.startsWith("/api/v1/") || path.startsWith(SCANNER_PATHS) || path.equals(CHECKIN)) {
      rc.next();
      return;
    }
    String header = rc.request().getHeader("Authorization");
    String pos = rc.queryParams().get("pos");
    if (header == null && pos == null) {
      rc.next();
      return;
    }
    // The body is read later (by the body handler): hold it while the session and the point of
    // sale are looked up.
    rc.request().pause();
    session(header)
        .compose(session -> admit(rc, path, pos, session))
        .onComplete(
            admitted -> {
              if (admitted.failed()) {
                rc.request().resume();
                rc.fail(admitted.cause());
              } else if (admitted.result() == null) {
                rc.next(); // admitted
              } else {
                Problems.send(rc, admitted.result().type(), admitted.result().detail());
              }
            });
  }

  /** A refusal to send instead of going on. */
  private record Refusal(ProblemType type, String detail) {}

  private static final Session NONE = new Session(null, null, null, null);

  /** The session of this header: NONE without one, null when it is not valid (or ended). */
  private Future<Session> session(String header) {
    if (header == null) {
      return Future.succeededFuture(NONE);
    }
    if (!Bearer.scheme(header)) {
      return Future.succeededFuture();
    }
    return accounts.session(Bearer.credentials(header).trim());
  }

  /**
   * Whether the caller goes on: null to go on, or the refusal. A token that is not valid is
   * refused; where the point of sale says "login at the start" a caller without a session is
   * refused (but sign-up, login and the provider's callbacks); a restricted point of sale admits
   * the contacts and organisations it lists (and lets anyone log in, sign up or reset a password,
   * so that its buyers can).
   */
  private Future<Refusal> admit(RoutingContext rc, String path, String pos, Session found) {
    if (found == null) {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"guichet\"");
      return Future.succeededFuture(
          new Refusal(ProblemType.LOGIN_REQUIRED, "the session token is not valid or has expired"));
    }
    Session session = found == NONE ? null : found;
    if (session != null) {
      rc.put(KEY, session);
    }
    if (pos == null || OPEN.contains(path) || path.startsWith(RESETS)) {
      return Future.succeededFuture();
    }
    // An unknown point of sale and the like are answered by the route itself; a failure to read
    // the caller's contact is not an admission: it fails the request.
    return pointsOfSale
        .context(pos)
        .transform(
            shop ->
                shop.failed() ? Future.succeededFuture() : refusal(shop.result().pos(), session));
  }

  private Future<Refusal> refusal(PointOfSale pos, Session session) {
    if (session == null && "START".equals(pos.settings().loginAt())) {
      return Future.succeededFuture(
          new Refusal(
              ProblemType.LOGIN_REQUIRED,
              "this point of sale asks buyers to log in before anything else"));
    }
    if (!pos.restricted()) {
      return Future.succeededFuture();
    }
    Refusal restricted =
        new Refusal(
            ProblemType.POINT_OF_SALE_RESTRICTED,
            "point of sale " + pos.code() + " is limited to listed organisations and contacts");
    if (session == null) {
      return Future.succeededFuture(restricted);
    }
    return accounts
        .contact(session)
        .map(
            contact ->
                pos.admitsContact(contact.id().toString(), contact.number(), contact.organisation())
                    ? null
                    : restricted);
  }
}
