package io.guichet.mail;

import io.guichet.accounts.AccountService;
import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.ext.mail.MailMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The e-mails about buyers' accounts: the password reset link. Plain text, French then English. */
public final class AccountMails {
  private final AccountStore accounts;
  private final AccountService service;
  private final PointsOfSale pointsOfSale;
  private final String defaultFrom;
  private final String publicUrl;

  public AccountMails(
      AccountStore accounts,
      AccountService service,
      PointsOfSale pointsOfSale,
      String defaultFrom,
      String publicUrl) {
    this.accounts = accounts;
    this.service = service;
    this.pointsOfSale = pointsOfSale;
    this.defaultFrom = defaultFrom;
    this.publicUrl = publicUrl;
  }

  /** The e-mail of a reset link, from the channel's sender address of the point of sale. */
  public Future<MailMessage> resetMail(UUID resetId) {
    return accounts
        .resetMail(resetId)
        .compose(
            to ->
                pointsOfSale
                    .byId(to.posId())
                    .compose(
                        pos ->
                            pointsOfSale
                                .channel(pos.channelId())
                                .map(
                                    channel ->
                                        new MailMessage()
                                            .setFrom(
                                                channel.senderEmail() != null
                                                    ? channel.senderEmail()
                                                    : defaultFrom)
                                            .setTo(to.email())
                                            .setSubject("Nouveau mot de passe / New password")
                                            .setText(text(to.firstName(), link(pos, resetId))))));
  }

  /**
   * The shop's page for a new password ({@code /reset-password} on the point of sale's site, or on
   * the server's public address when it has none): it posts the token and the new password to
   * {@code POST /api/v1/password-resets/redeem}.
   */
  private String link(PointOfSale pos, UUID resetId) {
    String base = pos.url() != null ? pos.url().replaceAll("/+$", "") : publicUrl;
    return base
        + "/reset-password?pos="
        + URLEncoder.encode(pos.code(), StandardCharsets.UTF_8)
        + "&token="
        + URLEncoder.encode(service.resetToken(resetId), StandardCharsets.UTF_8);
  }

  private static String text(String firstName, String link) {
    long minutes = AccountService.RESET_LIFETIME.toMinutes();
    return "Bonjour "
        + firstName
        + ",\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable "
        + minutes
        + " minutes, une seule fois) :\nTo choose a new password, open this link (valid for "
        + minutes
        + " minutes, once):\n\n"
        + link
        + "\n\nSi vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe ne change pas."
        + "\nIf you did not ask for it, ignore this e-mail: your password stays as it is.\n";
  }
}
