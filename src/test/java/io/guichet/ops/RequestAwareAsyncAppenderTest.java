package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The log writer thread: every line, in order, drained on stop; minor lines dropped when full. */
class RequestAwareAsyncAppenderTest {

  @Test
  void every_line_of_two_threads_is_written_in_each_thread_s_order() throws Exception {
    Written written = new Written(null);
    Logger log = logger(written, 64, 0, false);
    Thread other = new Thread(() -> lines(log, "b", 5_000));
    other.start();
    lines(log, "a", 5_000);
    other.join();
    stop(log);

    assertThat(written.lines).hasSize(10_000);
    for (String thread : List.of("a", "b")) {
      assertThat(written.lines.stream().filter(l -> l.startsWith(thread + " ")))
          .as("lines of %s in order", thread)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, 5_000).mapToObj(i -> thread + " " + i).toList());
    }
  }

  @Test
  void when_the_writer_lags_info_lines_are_dropped_first_and_warnings_kept() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Written written = new Written(release);
    Logger log = logger(written, 10, 5, false);
    log.info("first");
    assertThat(written.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is now stuck
    for (int i = 0; i < 20; i++) {
      log.info("line {}", i);
    }
    log.warn("warning");
    release.countDown();
    stop(log);

    assertThat(written.lines)
        .as("six lines fit before fewer than five places are left; the warning still goes in")
        .containsExactly(
            "first", "line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "warning");
  }

  private static void lines(Logger log, String thread, int count) {
    for (int i = 0; i < count; i++) {
      log.info("{} {}", thread, i);
    }
  }

  private static Logger logger(Written written, int queueSize, int threshold, boolean neverBlock) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    written.setContext(context);
    written.start();
    RequestAwareAsyncAppender async = new RequestAwareAsyncAppender();
    async.setContext(context);
    async.setName("test");
    async.setQueueSize(queueSize);
    async.setDiscardingThreshold(threshold);
    async.setNeverBlock(neverBlock);
    async.addAppender(written);
    async.start();
    assertThat(async.isStarted()).isTrue();
    Logger log = context.getLogger("test");
    log.setLevel(Level.INFO);
    log.setAdditive(false);
    log.addAppender(async);
    return log;
  }

  private static void stop(Logger log) {
    log.iteratorForAppenders().forEachRemaining(a -> a.stop());
  }

  /** Keeps the lines written; the first one waits for {@code release} when given. */
  private static final class Written extends AppenderBase<ILoggingEvent> {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release;

    Written(CountDownLatch release) {
      this.release = release;
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage());
      entered.countDown();
      if (release != null && lines.size() == 1) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
