package io.guichet.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Guichet node from the environment: {@code java -jar guichet.jar [--demo]}. SIGTERM stops
 * it cleanly (HTTP first, embedded services last).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    Logger log = LoggerFactory.getLogger(Main.class);
    GuichetConfig config = GuichetConfig.fromEnvironment(System.getenv(), args);
    GuichetServer server;
    try {
      server = GuichetServer.start(config);
    } catch (Exception e) {
      log.error("Guichet did not start", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  server.close();
                  log.info("stopped");
                  // Writes what is still queued for the console (the log writer is a daemon
                  // thread: lines of the stop itself would die with the JVM).
                  if (LoggerFactory.getILoggerFactory()
                      instanceof ch.qos.logback.classic.LoggerContext logging) {
                    logging.stop();
                  }
                },
                "guichet-shutdown"));
  }
}
