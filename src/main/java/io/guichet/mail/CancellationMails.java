package io.guichet.mail;

import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.order.Cancellation;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.store.CancellationStore;
import io.guichet.store.OrderStore;
import io.vertx.core.Future;
import io.vertx.ext.mail.MailMessage;
import java.util.Set;
import java.util.UUID;

/**
 * The e-mail that tells the buyer of a cancellation: the tickets cancelled, the reason, what is
 * given back and where. Plain text, French then English, from the channel's sender address.
 */
public final class CancellationMails {
  private final CancellationStore cancellations;
  private final OrderStore orders;
  private final PointsOfSale pointsOfSale;
  private final String defaultFrom;

  public CancellationMails(
      CancellationStore cancellations,
      OrderStore orders,
      PointsOfSale pointsOfSale,
      String defaultFrom) {
    this.cancellations = cancellations;
    this.orders = orders;
    this.pointsOfSale = pointsOfSale;
    this.defaultFrom = defaultFrom;
  }

  public Future<MailMessage> mail(UUID cancellationId) {
    return cancellations
        .cancellation(cancellationId)
        .compose(
            c ->
                orders
                    .order(c.orderId())
                    .compose(
                        order ->
                            pointsOfSale
                                .channel(order.channelId())
                                .map(
                                    channel ->
                                        new MailMessage()
                                            .setFrom(
                                                channel.senderEmail() != null
                                                    ? channel.senderEmail()
                                                    : defaultFrom)
                                            .setTo(order.buyer().email())
                                            .setSubject(subject(order, c))
                                            .setText(text(order, c)))));
  }

  static String subject(Order o, Cancellation c) {
    return c.whole()
        ? "Commande " + o.reference() + " annulée / Order " + o.reference() + " cancelled"
        : "Billets annulés, commande "
            + o.reference()
            + " / Tickets cancelled, order "
            + o.reference();
  }

  static String text(Order o, Cancellation c) {
    StringBuilder text = new StringBuilder();
    text.append("Bonjour ").append(o.buyer().firstName()).append(",\n\n");
    text.append(
            c.whole()
                ? "Votre commande " + o.reference() + " est annulée.\n"
                : "Des billets de votre commande " + o.reference() + " sont annulés.\n")
        .append(
            c.whole()
                ? "Your order " + o.reference() + " is cancelled.\n"
                : "Tickets of your order " + o.reference() + " are cancelled.\n");
    text.append("Motif / reason: ").append(c.reason()).append("\n\n");
    Set<Integer> lines = Set.copyOf(c.lines());
    for (OrderLine l : o.lines()) {
      if (lines.contains(l.lineNo())) {
        text.append("- ")
            .append(l.seatId() != null && !l.seatHidden() ? "place / seat " + l.seatId() : "")
            .append(l.gaArea() != null ? "placement libre / standing" : "")
            .append(", ")
            .append(l.category())
            .append(": ")
            .append(OrderMails.money(l.price(), o.currency()))
            .append('\n');
      }
    }
    text.append('\n');
    if (c.toCard() > 0) {
      text.append("Remboursé sur votre carte / refunded to your card: ")
          .append(OrderMails.money(c.toCard(), c.currency()))
          .append('\n');
    }
    if (c.toCredit() > 0) {
      text.append("Crédité sur votre avoir / added to your credit: ")
          .append(OrderMails.money(c.toCredit(), c.currency()))
          .append('\n');
    }
    if (c.amount() == 0) {
      text.append("Aucun remboursement / no refund.\n");
    }
    return text.toString();
  }
}
