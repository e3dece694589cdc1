package io.guichet.mail;

import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistOffer;
import io.guichet.store.MailStore.PerformanceTitle;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text of the waiting list's e-mails, in the point of sale's language (its first one: French or
 * English; other languages get English), and their links: the shop's own pages when the point of
 * sale has a site, this API otherwise.
 */
final class WaitlistMails {
  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

  private WaitlistMails() {}

  static boolean french(WaitlistEntry entry) {
    return entry.language() != null && entry.language().toLowerCase(Locale.ROOT).startsWith("fr");
  }

  /** The link that confirms a guest's address. */
  static String confirmLink(String publicUrl, PointOfSale pos, WaitlistEntry entry, String token) {
    String base =
        pos.url() != null
            ? pos.url().replaceAll("/+$", "") + "/waitlist/confirm"
            : publicUrl + "/api/v1/waitlist/entries/" + entry.id() + "/confirmation";
    return base + "?pos=" + encode(pos.code()) + "&entry=" + entry.id() + "&token=" + encode(token);
  }

  /** The link of an offer: it opens the offer, which the buyer takes into a cart. */
  static String offerLink(String publicUrl, PointOfSale pos, WaitlistOffer offer, String token) {
    String base =
        pos.url() != null
            ? pos.url().replaceAll("/+$", "") + "/waitlist/offer"
            : publicUrl + "/api/v1/waitlist/offers/" + offer.id();
    return base + "?pos=" + encode(pos.code()) + "&offer=" + offer.id() + "&token=" + encode(token);
  }

  static OrderMails.Mail confirm(WaitlistEntry entry, PerformanceTitle title, String link) {
    String show = title(title);
    if (french(entry)) {
      return new OrderMails.Mail(
          "Confirmez votre inscription sur liste d'attente — " + show,
          "Bonjour "
              + entry.firstName()
              + ",\n\nVous demandez "
              + entry.quantity()
              + " place(s) sur liste d'attente pour "
              + show
              + ".\nConfirmez votre adresse e-mail pour recevoir les offres de places :\n\n"
              + link
              + "\n\nSans confirmation, aucune place ne vous sera proposée.\n");
    }
    return new OrderMails.Mail(
        "Confirm your waiting list sign-up — " + show,
        "Hello "
            + entry.firstName()
            + ",\n\nYou asked for "
            + entry.quantity()
            + " seat(s) on the waiting list of "
            + show
            + ".\nPlease confirm your e-mail address to receive offers of seats:\n\n"
            + link
            + "\n\nWithout it, no seat will be offered to you.\n");
  }

  static OrderMails.Mail offer(
      WaitlistEntry entry, WaitlistOffer offer, PerformanceTitle title, String link) {
    String show = title(title);
    String until =
        DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(offer.expiresAt().atZone(ZONE));
    String seats = offer.gaArea() != null ? "" : " (" + String.join(", ", offer.seatIds()) + ")";
    if (french(entry)) {
      return new OrderMails.Mail(
          "Des places pour vous — " + show,
          "Bonjour "
              + entry.firstName()
              + ",\n\n"
              + offer.places()
              + " place(s) en catégorie "
              + offer.category()
              + seats
              + " vous sont réservées pour "
              + show
              + " jusqu'au "
              + until
              + " (heure de Paris).\nPour les acheter, ouvrez ce lien :\n\n"
              + link
              + "\n\nPassé ce délai, elles seront proposées à la personne suivante.\n");
    }
    return new OrderMails.Mail(
        "Seats for you — " + show,
        "Hello "
            + entry.firstName()
            + ",\n\n"
            + offer.places()
            + " seat(s) in category "
            + offer.category()
            + seats
            + " are held for you for "
            + show
            + " until "
            + until
            + " (Paris time).\nTo buy them, open this link:\n\n"
            + link
            + "\n\nAfter that, they go to the next person on the list.\n");
  }

  private static String title(PerformanceTitle t) {
    if (t == null) {
      return "";
    }
    return t.event()
        + ", "
        + DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(t.startsAt().atZone(ZONE))
        + ", "
        + t.venue();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
