package io.guichet.ops;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.guichet.http.RequestIds;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Logback's asynchronous appender, which also keeps the id of the request being served: lines are
 * written by another thread, where the request's Vert.x context is gone, so the id is copied into
 * the event (as its MDC entry {@code requestId}) on the thread that logs.
 */
public final class RequestAwareAsyncAppender extends AsyncAppender {
  static final String KEY = "requestId";

  @Override
  protected void preprocess(ILoggingEvent event) {
    String id = RequestIds.current();
    if (id != null && event instanceof LoggingEvent logged) {
      // The event's MDC map may be set once only, and reading it sets it: build it from the MDC.
      Map<String, String> context = MDC.getCopyOfContextMap();
      Map<String, String> mdc = context == null ? new HashMap<>() : new HashMap<>(context);
      mdc.put(KEY, id);
      logged.setMDCPropertyMap(mdc);
    }
    super.preprocess(event);
  }
}
