package io.guichet.mail;

import io.guichet.domain.offer.SingleUseCode;
import io.guichet.offers.CodeCrypto;
import io.guichet.store.CodeStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailMessage;
import java.util.List;
import java.util.UUID;

/**
 * The e-mail that sends a batch of single-use codes to its destination: the list attached as CSV
 * (number;code) up to {@value #ATTACHED} codes; a larger batch's e-mail says where to download it
 * (a million codes is some 20 MB, more than mail servers take).
 */
public final class CodeBatchMails {
  static final int ATTACHED = 10_000;

  private final CodeStore codes;
  private final CodeCrypto crypto;
  private final String from;

  public CodeBatchMails(CodeStore codes, CodeCrypto crypto, String from) {
    this.codes = codes;
    this.crypto = crypto;
    this.from = from;
  }

  public Future<MailMessage> mail(UUID batchId) {
    return codes
        .batch(batchId)
        .compose(
            batch ->
                batch.generated() <= ATTACHED
                    ? codes.sealedPage(batchId, 0, ATTACHED).map(page -> message(batch, page))
                    : Future.succeededFuture(message(batch, null)));
  }

  private MailMessage message(CodeStore.Batch batch, List<Object[]> page) {
    boolean fr = batch.language().equals("fr");
    StringBuilder text = new StringBuilder();
    text.append(
        fr
            ? batch.generated() + " codes à usage unique ont été générés pour vous.\n"
            : batch.generated() + " single-use codes were generated for you.\n");
    if (batch.remark() != null) {
      text.append('\n').append(batch.remark()).append('\n');
    }
    MailMessage message =
        new MailMessage()
            .setFrom(from)
            .setTo(batch.destinationEmail())
            .setSubject(fr ? "Vos codes à usage unique" : "Your single-use codes");
    if (page == null) {
      text.append(
          fr
              ? "\nLa liste se télécharge depuis la billetterie (lot " + batch.id() + ").\n"
              : "\nDownload the list from the box office (batch " + batch.id() + ").\n");
    } else {
      StringBuilder csv = new StringBuilder("number;code\n");
      for (Object[] row : page) {
        csv.append(row[0])
            .append(';')
            .append(SingleUseCode.display(crypto.open((byte[]) row[1])))
            .append('\n');
      }
      message.setAttachment(
          List.of(
              MailAttachment.create()
                  .setName("codes-" + batch.id() + ".csv")
                  .setContentType("text/csv; charset=utf-8")
                  .setData(Buffer.buffer(csv.toString()))));
    }
    return message.setText(text.toString());
  }
}
