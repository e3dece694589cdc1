package io.guichet.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.guichet.http.RequestIds;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Adds {@code requestId} to every log line written while serving a request. Thread-locals (MDC) do
 * not work on an event loop that interleaves requests; the id lives in the request's Vert.x context
 * instead, and {@link RequestAwareAsyncAppender} copies it into the event before the line leaves
 * the event loop.
 */
public final class RequestIdJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {
  public RequestIdJsonProvider() {
    setFieldName("requestId");
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    String id = event.getMDCPropertyMap().get(RequestAwareAsyncAppender.KEY);
    if (id == null) {
      id = RequestIds.current();
    }
    if (id != null) {
      generator.writeStringField(getFieldName(), id);
    }
  }
}
