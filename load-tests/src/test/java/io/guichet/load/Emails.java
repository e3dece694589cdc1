package io.guichet.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The buyers' mailbox of the waiting-list step: without an SMTP server, the server writes every
 * e-mail to its log, links included; this reads the log as it grows and keeps the tokens of the
 * links (a guest's confirmation link by entry, an offer's link by offer), as a buyer reads them in
 * an e-mail.
 */
final class Emails implements AutoCloseable {
  private static final Pattern CONFIRM =
      Pattern.compile("entry=([0-9a-f-]{36})&token=([A-Za-z0-9_-]+)");
  private static final Pattern OFFER =
      Pattern.compile("offer=([0-9a-f-]{36})&token=([A-Za-z0-9_-]+)");

  private final Path log;
  private final Map<String, String> confirmations = new ConcurrentHashMap<>();
  private final Map<String, String> offers = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean open = true;

  Emails(Path log) {
    this.log = log;
    this.reader = new Thread(this::follow, "emails");
    reader.setDaemon(true);
    reader.start();
  }

  /** The token of an entry's confirmation link, or null when its e-mail has not come yet. */
  String confirmation(String entryId) {
    return confirmations.get(entryId);
  }

  /** The token of an offer's link, or null when its e-mail has not come yet. */
  String offer(String offerId) {
    return offers.get(offerId);
  }

  private void follow() {
    long position = 0;
    String rest = "";
    byte[] buffer = new byte[1 << 20];
    while (open) {
      try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
        file.seek(position);
        int n = file.read(buffer);
        if (n <= 0) {
          Thread.sleep(50); // the log's writer's pace: nothing new yet
          continue;
        }
        position += n;
        String text = rest + new String(buffer, 0, n, StandardCharsets.UTF_8);
        int cut = text.lastIndexOf('\n');
        rest = cut < 0 ? text : text.substring(cut + 1);
        String lines = cut < 0 ? "" : text.substring(0, cut);
        collect(CONFIRM, lines, confirmations);
        collect(OFFER, lines, offers);
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void collect(Pattern p, String text, Map<String, String> into) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      into.put(m.group(1), m.group(2));
    }
  }

  @Override
  public void close() {
    open = false;
    reader.interrupt();
  }
}
