package io.guichet.queue;

import io.guichet.domain.queue.OnSale;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The queues of on-sales in Redis. Every change is one Lua script, so it is atomic whatever the
 * number of nodes. Per on-sale, under one hash tag (one Redis Cluster slot):
 *
 * <ul>
 *   <li>{@code wait}: sorted set of waiting visitors by place;
 *   <li>{@code active}: sorted set of admitted visitors by the end of their access (ms);
 *   <li>{@code cfg}: the settings the scripts read (copied from PostgreSQL);
 *   <li>{@code state}: arrival counter, admission bucket, sold-out flag, admissions per 10 s;
 *   <li>{@code bind}: which cart each admitted visitor shops with, and the reverse.
 * </ul>
 *
 * Times are passed in by the caller (the node's clock), never read from Redis, so tests can move
 * them.
 */
public final class RedisQueue {
  private static final RedisScript JOIN = RedisScript.load("join.lua");
  private static final RedisScript STATUS = RedisScript.load("status.lua");
  private static final RedisScript TICK = RedisScript.load("tick.lua");
  private static final RedisScript GATE = RedisScript.load("gate.lua");
  private static final RedisScript LEAVE = RedisScript.load("leave.lua");
  private static final RedisScript CHECKOUT = RedisScript.load("checkout.lua");
  private static final RedisScript FIGURES = RedisScript.load("figures.lua");

  /** Polls answered by one script call at most (Redis runs a script alone: keep each short). */
  private static final int MAX_POLLS_PER_CALL = 128;

  public static final java.time.Duration DEFAULT_DEADLINE = java.time.Duration.ofSeconds(2);

  private final LoopRedis redis;

  /** The polls of this event loop waiting for the end of its turn, per on-sale. */
  private final ThreadLocal<Map<UUID, List<Poll>>> polls = ThreadLocal.withInitial(HashMap::new);

  /** With the default deadline of Redis calls. */
  public RedisQueue(Redis redis) {
    this(redis, DEFAULT_DEADLINE);
  }

  public RedisQueue(Redis redis, java.time.Duration deadline) {
    this.redis = new LoopRedis(redis, deadline);
  }

  static String key(UUID onSale, String part) {
    return "guichet:q:{" + onSale + "}:" + part;
  }

  private static List<String> keys(UUID onSale, String... parts) {
    List<String> keys = new ArrayList<>(parts.length);
    for (String p : parts) {
      keys.add(key(onSale, p));
    }
    return keys;
  }

  /** Copies an on-sale's settings where the scripts read them. */
  public Future<Void> configure(OnSale s) {
    return redis
        .send(
            Request.cmd(Command.HSET)
                .arg(key(s.id(), "cfg"))
                .arg("on")
                .arg(s.enabled() ? "1" : "0")
                .arg("opens")
                .arg(s.queueOpensAt().toEpochMilli())
                .arg("starts")
                .arg(s.saleStartsAt().toEpochMilli())
                .arg("rate")
                .arg(s.admissionPerMinute())
                .arg("max")
                .arg(s.maxActiveShoppers())
                .arg("ttl")
                .arg(s.accessTokenSeconds()))
        .mapEmpty();
  }

  /** What joining answered. */
  public record Joined(String outcome, long rank, boolean newcomer, long accessEnds) {}

  /**
   * Joins (or finds the place of) a visitor.
   *
   * @param randomPlace the place given if the visitor joins before the start, in [0, 2^52)
   */
  public Future<Joined> join(UUID onSale, String visitor, long now, long randomPlace) {
    return JOIN.run(
            redis, keys(onSale, "wait", "active", "cfg", "state"), visitor, now, randomPlace)
        .map(
            r -> {
              String outcome = r.get(0).toString();
              return switch (outcome) {
                case "waiting" -> new Joined(outcome, r.get(1).toLong(), r.get(2).toLong() == 1, 0);
                case "admitted" -> new Joined(outcome, -1, false, millis(r.get(1)));
                default -> new Joined(outcome, -1, false, 0);
              };
            });
  }

  /** Where a visitor stands. */
  public record Status(
      String outcome,
      long rank,
      long length,
      boolean soldOut,
      long admittedLastMinute,
      long accessEnds) {}

  /**
   * Where a visitor stands. On an event loop, the polls that arrive together (read in the same turn
   * of the loop) are answered by one script call for all of them, sent when the loop has read them:
   * a crowd polling costs Redis one call per turn, not one per visitor. Each answer is as of that
   * call, as atomic as a single poll's.
   */
  public Future<Status> status(UUID onSale, String visitor, long now) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return statuses(onSale, List.of(visitor), now).map(l -> l.get(0));
    }
    Map<UUID, List<Poll>> waiting = polls.get();
    List<Poll> batch = waiting.get(onSale);
    if (batch == null) {
      batch = new ArrayList<>();
      waiting.put(onSale, batch);
      context.runOnContext(v -> flush(onSale));
    }
    Promise<Status> answer = Promise.promise();
    batch.add(new Poll(visitor, now, answer));
    return answer.future();
  }

  private record Poll(String visitor, long now, Promise<Status> answer) {}

  private void flush(UUID onSale) {
    List<Poll> batch = polls.get().remove(onSale);
    for (int from = 0; from < batch.size(); from += MAX_POLLS_PER_CALL) {
      List<Poll> part = batch.subList(from, Math.min(batch.size(), from + MAX_POLLS_PER_CALL));
      List<String> visitors = new ArrayList<>(part.size());
      long now = 0;
      for (Poll p : part) {
        visitors.add(p.visitor());
        now = Math.max(now, p.now());
      }
      statuses(onSale, visitors, now)
          .onComplete(
              done -> {
                for (int i = 0; i < part.size(); i++) {
                  if (done.succeeded()) {
                    part.get(i).answer().complete(done.result().get(i));
                  } else {
                    part.get(i).answer().fail(done.cause());
                  }
                }
              });
    }
  }

  private Future<List<Status>> statuses(UUID onSale, List<String> visitors, long now) {
    Object[] args = new Object[visitors.size() + 1];
    args[0] = now;
    for (int i = 0; i < visitors.size(); i++) {
      args[i + 1] = visitors.get(i);
    }
    return STATUS
        .run(redis, keys(onSale, "wait", "active", "cfg", "state"), args)
        .map(
            all -> {
              List<Status> out = new ArrayList<>(all.size());
              for (Response r : all) {
                out.add(status(r));
              }
              return out;
            });
  }

  private static Status status(Response r) {
    String[] f = r.toString().split("\\|", -1);
    return switch (f[0]) {
      case "waiting" ->
          new Status(
              f[0],
              Long.parseLong(f[1]),
              Long.parseLong(f[2]),
              "1".equals(f[3]),
              Long.parseLong(f[4]),
              0);
      case "admitted" -> new Status(f[0], -1, 0, "1".equals(f[2]), 0, millis(f[1]));
      case "gone" -> new Status(f[0], -1, 0, "1".equals(f[1]), 0, 0);
      default -> new Status(f[0], -1, 0, false, 0, 0);
    };
  }

  /** What one tick did, and the figures of the queue after it. */
  public record Tick(
      List<String> admitted, long queueLength, long activeShoppers, long admittedLastMinute) {}

  public Future<Tick> tick(UUID onSale, long now, boolean soldOut) {
    return TICK.run(
            redis, keys(onSale, "wait", "active", "cfg", "state", "bind"), now, soldOut ? 1 : 0)
        .map(
            r -> {
              List<String> admitted = new ArrayList<>();
              for (int i = 4; i < r.size(); i++) {
                admitted.add(r.get(i).toString());
              }
              return new Tick(admitted, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong());
            });
  }

  /**
   * May this visitor hold seats in this cart now: {@code ok}, {@code off} (no waiting room), {@code
   * unknown} (no settings in Redis), {@code not-admitted}, {@code other-cart}, {@code
   * cart-of-another}.
   */
  public Future<String> gate(
      UUID onSale, String visitor, long now, UUID cartId, long cartDeadline) {
    return GATE.run(
            redis, keys(onSale, "active", "cfg", "bind"), visitor, now, cartId, cartDeadline)
        .map(Response::toString);
  }

  /** The visitor leaves the queue or the shop; true if they were in one. */
  public Future<Boolean> leave(UUID onSale, String visitor) {
    return LEAVE
        .run(redis, keys(onSale, "wait", "active", "bind"), visitor)
        .map(r -> r.toLong() > 0);
  }

  /** The cart was checked out: its visitor's place goes to the next one. */
  public Future<Boolean> checkedOut(UUID onSale, UUID cartId) {
    return CHECKOUT.run(redis, keys(onSale, "active", "bind"), cartId).map(r -> r.toLong() > 0);
  }

  /** The figures of a queue now. */
  public record Figures(
      long queueLength,
      long activeShoppers,
      boolean soldOut,
      long admittedLastMinute,
      long admitted) {}

  public Future<Figures> figures(UUID onSale, long now) {
    return FIGURES
        .run(redis, keys(onSale, "wait", "active", "state"), now)
        .map(
            r ->
                new Figures(
                    r.get(0).toLong(),
                    r.get(1).toLong(),
                    "1".equals(r.get(2).toString()),
                    r.get(3).toLong(),
                    r.get(4).toLong()));
  }

  /** Forgets an on-sale's queue entirely (its settings stay). */
  public Future<Void> clear(UUID onSale) {
    return redis
        .send(
            Request.cmd(Command.DEL)
                .arg(key(onSale, "wait"))
                .arg(key(onSale, "active"))
                .arg(key(onSale, "state"))
                .arg(key(onSale, "bind")))
        .mapEmpty();
  }

  private static long millis(Response score) {
    return millis(score.toString());
  }

  private static long millis(String score) {
    return (long) Double.parseDouble(score);
  }
}
