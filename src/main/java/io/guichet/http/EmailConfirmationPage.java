package io.guichet.http;

import io.guichet.domain.order.Order;
import io.guichet.payment.OgoneGateway;
import java.util.Map;

/**
 * The page a buyer's browser opens from the confirmation e-mail when the point of sale has no site
 * of its own: the address is confirmed, and when a card payment is due, a button that posts the
 * payment form to the provider (the same form a shop would post).
 */
final class EmailConfirmationPage {
  private EmailConfirmationPage() {}

  static String html(Order order, OgoneGateway.HostedPage payment) {
    StringBuilder out = new StringBuilder(1024);
    out.append("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(order.reference()))
        .append("</title></head>\n<body>\n<h1>Adresse confirmée / Address confirmed</h1>\n<p>")
        .append("Commande / Order ")
        .append(escape(order.reference()))
        .append(" : ")
        .append(escape(order.status().name()))
        .append("</p>\n");
    if (payment != null) {
      out.append("<form method=\"")
          .append(escape(payment.method()))
          .append("\" action=\"")
          .append(escape(payment.url()))
          .append("\">\n");
      for (Map.Entry<String, String> field : payment.fields().entrySet()) {
        out.append("<input type=\"hidden\" name=\"")
            .append(escape(field.getKey()))
            .append("\" value=\"")
            .append(escape(field.getValue()))
            .append("\">\n");
      }
      out.append("<button type=\"submit\">Payer / Pay</button>\n</form>\n");
    }
    return out.append("</body></html>\n").toString();
  }

  /** Text for HTML content and attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
