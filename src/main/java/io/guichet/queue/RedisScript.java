package io.guichet.queue;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lua script run atomically by Redis: by its SHA-1 (EVALSHA), sending its text (EVAL) only when
 * the server does not know it yet (after a restart or a SCRIPT FLUSH). A Redis that does not answer
 * in time or drops the connection fails the call with {@link Failure#UNAVAILABLE} (retry); an error
 * reply of Redis (a fault of ours) fails it as it is.
 */
final class RedisScript {
  private static final Logger LOG = LoggerFactory.getLogger(RedisScript.class);
  private final String text;
  private final String sha;

  private RedisScript(String text) {
    this.text = text;
    try {
      this.sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  /** The script of a resource under {@code /queue/}. */
  static RedisScript load(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream("/queue/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing script /queue/" + name);
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read script /queue/" + name, e);
    }
  }

  Future<Response> run(LoopRedis redis, List<String> keys, Object... args) {
    return redis
        .send(request(Command.EVALSHA, sha, keys, args))
        .recover(
            e ->
                e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                    ? redis.send(request(Command.EVAL, text, keys, args))
                    : Future.failedFuture(e))
        .recover(e -> Future.failedFuture(typed(e)));
  }

  /** A failure as the waiting room's callers should see it. */
  static Throwable typed(Throwable e) {
    if (e instanceof DomainException) {
      return e;
    }
    if (transientFailure(e)) {
      LOG.warn("the waiting room's Redis did not answer: {}", e.toString());
      return new DomainException(
          Failure.UNAVAILABLE, "the waiting room did not answer in time; retry");
    }
    return e;
  }

  /**
   * A deadline passed, or the connection was refused, reset, lost or its wait list full: Redis (or
   * the way to it) is in trouble, the request may be sent again. The Redis client's own errors are
   * matched by message (their classes are not API).
   */
  private static boolean transientFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.net.SocketException
          || t instanceof java.nio.channels.ClosedChannelException
          || t.getClass().getSimpleName().equals("NoStackTraceTimeoutException")) {
        return true;
      }
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.startsWith("CONNECTION_CLOSED")
          || message.startsWith("TIMEOUT")
          || message.equals("Connection was closed")
          || message.startsWith("Connection pool reached max wait queue size")
          || message.startsWith("Client is closed")) {
        return true;
      }
    }
    return false;
  }

  private static Request request(Command command, String script, List<String> keys, Object[] args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    for (Object a : args) {
      request.arg(String.valueOf(a));
    }
    return request;
  }
}
