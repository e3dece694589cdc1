package io.guichet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** Counts the warnings of Vert.x's blocked-thread checker: the suite requires zero. */
public final class BlockedThreadWatch {
  private static final AtomicInteger WARNINGS = new AtomicInteger();
  private static volatile String last;
  private static boolean installed;

  private BlockedThreadWatch() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    Logger logger = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            WARNINGS.incrementAndGet();
            last = event.getFormattedMessage();
          }
        };
    appender.start();
    logger.addAppender(appender);
    installed = true;
  }

  public static int warnings() {
    return WARNINGS.get();
  }

  public static String last() {
    return last;
  }
}
