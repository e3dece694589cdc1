package io.guichet.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import io.guichet.http.RequestIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.MDC;

/**
 * Writes log lines on a thread of its own, so the event loops never wait for the console, and keeps
 * the id of the request being served: the id is copied into the event (as its MDC entry {@code
 * requestId}) on the thread that logs, where the request's Vert.x context still is.
 *
 * <p>Unlike Logback's AsyncAppender, whose writer thread sleeps on the queue and is woken by every
 * line once it has caught up (one access line per request: in the hold ladder on 2 cores, ~4,000
 * thread wake-ups a second and 7 % of the server's CPU, most of it in the kernel), the writer here
 * drains the queue every {@value #PAUSE_MILLIS} ms and loggers never wake it, unless the queue is
 * full. Lines are written at most that much later.
 *
 * <p>Settings as Logback's: {@code queueSize}; {@code discardingThreshold} (when fewer places than
 * this are left, lines of level INFO and below are dropped; default a fifth of the queue); {@code
 * neverBlock} (when the queue is full, drop rather than wait; default false: a logger waits for a
 * place).
 */
public final class RequestAwareAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {
  static final String KEY = "requestId";
  static final long PAUSE_MILLIS = 10;
  private static final int BATCH = 1024;

  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private int queueSize = 256;
  private int discardingThreshold = -1;
  private boolean neverBlock;
  private ArrayBlockingQueue<ILoggingEvent> queue;
  private volatile boolean running;
  private Thread writer;

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setDiscardingThreshold(int discardingThreshold) {
    this.discardingThreshold = discardingThreshold;
  }

  public void setNeverBlock(boolean neverBlock) {
    this.neverBlock = neverBlock;
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (queueSize < 1) {
      addError("queueSize must be positive, got " + queueSize);
      return;
    }
    if (!appenders.iteratorForAppenders().hasNext()) {
      addError("no appender to write to: add an appender-ref");
      return;
    }
    if (discardingThreshold < 0) {
      discardingThreshold = queueSize / 5;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    running = true;
    writer = new Thread(this::drain, "log-writer-" + getName());
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  /** Stops after writing every line queued so far (waits up to a second for the writer). */
  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      addWarn("the log writer did not finish within a second; " + queue.size() + " lines left");
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    boolean minor = event.getLevel().toInt() <= Level.INFO_INT;
    if (minor && queue.remainingCapacity() < discardingThreshold) {
      return;
    }
    prepare(event);
    if (queue.offer(event) || neverBlock) {
      return;
    }
    LockSupport.unpark(writer); // full: the writer may be pausing
    try {
      queue.put(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void prepare(ILoggingEvent event) {
    String id = RequestIds.current();
    if (id != null && event instanceof LoggingEvent logged) {
      // The event's MDC map may be set once only, and reading it sets it: build it from the MDC.
      Map<String, String> context = MDC.getCopyOfContextMap();
      Map<String, String> mdc = context == null ? new HashMap<>() : new HashMap<>(context);
      mdc.put(KEY, id);
      logged.setMDCPropertyMap(mdc);
    }
    event.prepareForDeferredProcessing();
  }

  private void drain() {
    List<ILoggingEvent> batch = new ArrayList<>(BATCH);
    while (true) {
      boolean stopping = !running;
      queue.drainTo(batch, BATCH);
      for (ILoggingEvent event : batch) {
        try {
          appenders.appendLoopOnAppenders(event);
        } catch (RuntimeException e) {
          addError("writing a log line failed", e);
        }
      }
      if (batch.isEmpty() && stopping) {
        return;
      }
      if (batch.size() < BATCH && !stopping) {
        // Caught up: pause rather than spin on the queue's lock with the loggers.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
      }
      batch.clear();
    }
  }

  // --- the appenders written to ---

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
