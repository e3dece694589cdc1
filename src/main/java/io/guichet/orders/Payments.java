package io.guichet.orders;

import io.guichet.domain.order.Order;
import io.guichet.domain.order.PaymentAttempt;
import io.guichet.payment.OgoneGateway;

/** The hosted payment page of an order's payment attempt, in the buyer's language. */
public final class Payments {
  private final OgoneGateway gateway;

  public Payments(OgoneGateway gateway) {
    this.gateway = gateway;
  }

  public OgoneGateway gateway() {
    return gateway;
  }

  OgoneGateway.HostedPage hostedPage(Order order, String attemptRef, long amount, String language) {
    return gateway.hostedPage(
        attemptRef,
        amount,
        order.currency(),
        ogoneLanguage(language),
        order.buyer().name(),
        order.buyer().email());
  }

  /** The page of the order's attempt still waiting for the provider, or null. */
  OgoneGateway.HostedPage openPage(Order order, String language) {
    PaymentAttempt open = order.openAttempt();
    return open == null ? null : hostedPage(order, open.attemptRef(), open.amount(), language);
  }

  /** Ogone's LANGUAGE (e.g. fr_FR) from a shop language code (fr, en-GB…). */
  static String ogoneLanguage(String language) {
    if (language == null || !language.matches("[a-z]{2}([-_][A-Z]{2})?")) {
      return "fr_FR";
    }
    if (language.length() == 5) {
      return language.replace('-', '_');
    }
    return language.equals("en")
        ? "en_US"
        : language + "_" + language.toUpperCase(java.util.Locale.ROOT);
  }
}
