package io.guichet.queue;

import io.guichet.domain.offer.GuessPolicy;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The guessing limit of codes (advantage, single-use and promo codes), shared by every node through
 * Redis: one Lua script checks whether a cart, account or client address may try a code, and counts
 * a wrong one in each. Keys share one hash tag ({@code {guess}}, one Redis Cluster slot): wrong
 * codes are rare next to the waiting room's calls.
 */
public final class CodeGuessLimiter {
  private static final RedisScript GUESS = RedisScript.load("guess.lua");
  static final String PREFIX = "guichet:{guess}:";

  private final LoopRedis redis;
  private final GuessPolicy policy;

  public CodeGuessLimiter(Redis redis, Duration deadline, GuessPolicy policy) {
    this.redis = new LoopRedis(redis, deadline);
    this.policy = policy;
  }

  public GuessPolicy policy() {
    return policy;
  }

  /** Who is trying a code: its cart, its account (or null) and its client address (or null). */
  public record Scope(String cart, String account, String address) {}

  /** How long the scope must wait before trying again: zero when it may try now. */
  public Future<Duration> wait(Scope scope) {
    List<String> keys = new ArrayList<>();
    List<Object> args = new ArrayList<>(List.of("check", policy.window().toMillis()));
    add(scope, keys, args);
    return GUESS
        .run(redis, keys, args.toArray())
        .map(r -> r.get(0).toInteger() == 1 ? Duration.ofMillis(r.get(1).toLong()) : Duration.ZERO);
  }

  /** What counting a wrong code decided: how long to hold its answer. */
  public Future<Duration> failed(Scope scope) {
    List<String> keys = new ArrayList<>();
    List<Object> args = new ArrayList<>(List.of("fail", policy.window().toMillis()));
    add(scope, keys, args);
    return GUESS.run(redis, keys, args.toArray()).map(r -> policy.delayAfter(r.get(0).toLong()));
  }

  private void add(Scope scope, List<String> keys, List<Object> limits) {
    keys.add(PREFIX + "cart:" + scope.cart());
    limits.add(policy.cartLimit());
    if (scope.account() != null) {
      keys.add(PREFIX + "account:" + scope.account());
      limits.add(policy.accountLimit());
    }
    if (scope.address() != null) {
      keys.add(PREFIX + "address:" + scope.address());
      limits.add(policy.addressLimit());
    }
  }
}
