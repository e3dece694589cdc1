package io.guichet;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** The real SMTP server of the test JVM (GreenMail), started once, before the test server. */
public final class TestMail {
  private static GreenMail greenMail;

  private TestMail() {}

  public static synchronized GreenMail get() {
    if (greenMail == null) {
      try {
        greenMail = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", "smtp"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      greenMail.start();
      Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "test-mail-stop"));
    }
    return greenMail;
  }

  public static int port() {
    return get().getSmtp().getPort();
  }

  /** Every message received so far for this address. */
  public static List<MimeMessage> to(String address) {
    return Arrays.stream(get().getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().equalsIgnoreCase(address));
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .toList();
  }
}
