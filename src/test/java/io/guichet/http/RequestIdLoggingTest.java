package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.guichet.ops.RequestAwareAsyncAppender;
import io.guichet.ops.RequestIdJsonProvider;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Log lines leave the event loop through a queue and still carry their request's id. */
class RequestIdLoggingTest {

  @Test
  void aLineWrittenByTheAsyncAppenderKeepsTheIdOfTheRequestThatLoggedIt() throws Exception {
    RequestIds.register();
    LoggerContext logging = new LoggerContext();
    logging.setMDCAdapter(new LogbackMDCAdapter());
    ListAppender<ILoggingEvent> written = new ListAppender<>();
    written.setContext(logging);
    written.start();
    RequestAwareAsyncAppender async = new RequestAwareAsyncAppender();
    async.setContext(logging);
    async.addAppender(written);
    async.start();
    Logger log = logging.getLogger("test");
    log.setAdditive(false);
    log.addAppender(async);

    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Void> done = new CompletableFuture<>();
      Context request = vertx.getOrCreateContext();
      request.runOnContext(
          v -> {
            RequestIds.LOCAL.put(Vertx.currentContext(), "req-42");
            log.info("inside the request");
            done.complete(null);
          });
      done.get(10, TimeUnit.SECONDS);
      log.info("outside any request");
    } finally {
      vertx.close().await();
    }
    async.stop(); // drains the queue

    assertThat(written.list).hasSize(2);
    ILoggingEvent inside = written.list.get(0);
    ILoggingEvent outside = written.list.get(1);
    assertThat(inside.getMDCPropertyMap()).containsEntry("requestId", "req-42");
    assertThat(outside.getMDCPropertyMap()).doesNotContainKey("requestId");
    // The JSON line of the event written on the appender's thread names the request.
    assertThat(jsonOf(inside)).isEqualTo("{\"requestId\":\"req-42\"}");
    assertThat(jsonOf(outside)).isEqualTo("{}");
  }

  private static String jsonOf(ILoggingEvent event) throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      new RequestIdJsonProvider().writeTo(json, event);
      json.writeEndObject();
    }
    return out.toString();
  }
}
