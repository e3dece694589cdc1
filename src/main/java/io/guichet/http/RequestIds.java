package io.guichet.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of the request being served, kept in the request's (duplicated) Vert.x context so that it
 * follows the request through every asynchronous step and appears on each of its log lines.
 */
public final class RequestIds {
  /** Must be registered before the first Vertx instance is built: touch it early. */
  static final ContextLocal<String> LOCAL = ContextLocal.registerLocal(String.class);

  public static final String HEADER = "X-Request-Id";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {}

  /** Forces class initialisation, and so the registration of the context local. */
  public static void register() {
    // the static initializer did the work
  }

  /** The current request's id, or null outside a request. */
  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : LOCAL.get(context);
  }

  static String accept(String proposed) {
    return proposed != null && ACCEPTED.matcher(proposed).matches() ? proposed : fresh();
  }

  /**
   * A random (version 4) UUID from the thread's random generator: a request id is a label for the
   * logs, not a secret, so it need not cost a SecureRandom draw on every request.
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
