package io.guichet.queue;

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

/**
 * A Lua script run atomically by Redis: by its SHA-1 (EVALSHA), sending its text (EVAL) only when
 * the server does not know it yet (after a restart or a SCRIPT FLUSH).
 */
final class RedisScript {
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
                    : Future.failedFuture(e));
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
