package io.guichet.http;

import io.guichet.b2b.ProducerAccounts;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the producer's space ({@code /producer/}) with a producer's session token, but the login
 * itself. The token is signed for producers only: a buyer's session, the admin key or anything else
 * is refused (401), and nothing of the back office or the shops opens with a producer's token.
 */
final class ProducerSessionHandler implements Handler<RoutingContext> {
  static final String KEY = "guichet.producer";
  private static final String PREFIX = "/producer/";
  private static final String LOGIN = "/producer/v1/sessions";

  private final ProducerAccounts producers;

  ProducerSessionHandler(ProducerAccounts producers) {
    this.producers = producers;
  }

  /** The producer's session of this request (set on every route of the space but the login). */
  static ProducerAccounts.Session session(RoutingContext rc) {
    return rc.get(KEY);
  }

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.request().path();
    if (!path.startsWith(PREFIX) || path.equals(LOGIN)) {
      rc.next();
      return;
    }
    String header = rc.request().getHeader("Authorization");
    ProducerAccounts.Session session =
        header != null && Bearer.scheme(header)
            ? producers.session(Bearer.credentials(header).trim())
            : null;
    if (session == null) {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"guichet-producer\"");
      Problems.send(
          rc,
          ProblemType.PRODUCER_UNAUTHORIZED,
          header == null
              ? "no Authorization header"
              : "the producer session is not valid or has expired");
      return;
    }
    rc.put(KEY, session);
    rc.next();
  }
}
