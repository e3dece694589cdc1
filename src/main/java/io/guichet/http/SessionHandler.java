package io.guichet.http;

import io.guichet.accounts.AccountService;
import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.account.Session;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Reads a buyer's session ({@code Authorization: Bearer TOKEN}) on shop calls and, where the point
 * of sale says "login at the start", refuses shop calls without one (but sign-up, login and the
 * payment provider's callbacks). A token that is forged, altered or expired is refused, never
 * ignored.
 */
final class SessionHandler implements Handler<RoutingContext> {
  static final String KEY = "guichet.session";
  // scanners present their own token, not a buyer's session
  private static final String SCANNER_PATHS = "/api/v1/scanner/";
  private static final String CHECKIN = "/api/v1/checkin";
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
    if (header != null) {
      Session session =
          Bearer.scheme(header) ? accounts.session(Bearer.credentials(header).trim()) : null;
      if (session == null) {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"guichet\"");
        Problems.send(
            rc, ProblemType.LOGIN_REQUIRED, "the session token is not valid or has expired");
        return;
      }
      rc.put(KEY, session);
    }
    String pos = rc.queryParams().get("pos");
    if (pos == null || OPEN.contains(path) || rc.get(KEY) != null) {
      rc.next();
      return;
    }
    // The body is read later (by the body handler): hold it while the point of sale is looked up.
    rc.request().pause();
    pointsOfSale
        .context(pos)
        .onComplete(
            found -> {
              if (found.succeeded() && "START".equals(found.result().pos().settings().loginAt())) {
                Problems.send(
                    rc,
                    ProblemType.LOGIN_REQUIRED,
                    "this point of sale asks buyers to log in before anything else");
              } else {
                // Unknown point of sale and the like are answered by the route itself.
                rc.next();
              }
            });
  }
}
