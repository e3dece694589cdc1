package io.guichet.mail;

import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.store.MailStore.PerformanceTitle;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

/** The text of the e-mails about orders. Plain text, French then English. */
final class OrderMails {
  private OrderMails() {}

  record Mail(String subject, String text) {}

  static Mail confirmed(Order o, Map<UUID, PerformanceTitle> performances) {
    StringBuilder text = new StringBuilder();
    text.append("Bonjour ").append(o.buyer().firstName()).append(",\n\n");
    text.append(
        switch (o.status()) {
          case RESERVED -> "Votre commande " + o.reference() + " est réservée.\n";
          default -> "Votre commande " + o.reference() + " est confirmée.\n";
        });
    text.append("Your order ").append(o.reference()).append(" is ");
    text.append(o.status().name().equals("RESERVED") ? "reserved" : "confirmed").append(".\n\n");
    for (OrderLine l : o.lines()) {
      PerformanceTitle p = performances.get(l.performanceId());
      text.append("- ");
      if (p != null) {
        text.append(p.event()).append(", ").append(p.startsAt()).append(", ").append(p.venue());
        if (p.city() != null) {
          text.append(" (").append(p.city()).append(")");
        }
        text.append(" — ");
      }
      if (l.gaArea() != null) {
        text.append("placement libre / standing");
      } else if (l.seatHidden()) {
        text.append("place indiquée sur le billet / seat on the ticket");
      } else {
        text.append("place / seat ").append(l.seatId());
      }
      text.append(", ")
          .append(l.category())
          .append(": ")
          .append(money(l.price(), o.currency()))
          .append('\n');
    }
    text.append("\nFrais / fees: ").append(money(o.feesTotal(), o.currency())).append('\n');
    text.append("Total: ").append(money(o.total(), o.currency())).append('\n');
    text.append("Mode d'envoi / delivery: ").append(o.deliveryMode()).append("\n");
    return new Mail("Commande " + o.reference() + " / Order " + o.reference(), text.toString());
  }

  static Mail confirmEmail(Order o, String link) {
    String text =
        "Bonjour "
            + o.buyer().firstName()
            + ",\n\nConfirmez votre adresse e-mail pour poursuivre la commande "
            + o.reference()
            + " :\nPlease confirm your e-mail address to go on with order "
            + o.reference()
            + ":\n\n"
            + link
            + "\n\nSans confirmation avant "
            + o.expiresAt()
            + ", la commande expire. / Without it by then, the order expires.\n";
    return new Mail("Confirmez votre adresse / Confirm your address — " + o.reference(), text);
  }

  static String money(long minor, String currency) {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    return BigDecimal.valueOf(minor).movePointLeft(digits).toPlainString() + " " + currency;
  }
}
