package io.guichet.queue;

import io.guichet.domain.queue.AdmittedSoFar;
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
 *   <li>{@code cfg}: the settings the scripts read (copied from PostgreSQL), and the queue's marks:
 *       the highest place admitted ({@code head}), the highest whose admission PostgreSQL recorded
 *       ({@code conf}), the head restored after a loss of Redis's data and the end of the pause
 *       while the queue heals;
 *   <li>{@code state}: arrival counter, admission bucket, sold-out flag, admissions per 10 s;
 *   <li>{@code bind}: which cart each admitted visitor shops with, and the reverse;
 *   <li>{@code left}: visitors who left the queue, by place, until the head passes them;
 *   <li>{@code ended}: visitors whose access ended before its time (checkout, leaving), by that
 *       time.
 * </ul>
 *
 * The queue heals from what visitors hold when Redis loses its data: a queue ticket names its
 * visitor's place, an access token its end (see the scripts). Times are passed in by the caller
 * (the node's clock), never read from Redis, so tests can move them.
 */
public final class RedisQueue {
  private static final RedisScript JOIN = RedisScript.load("join.lua");
  private static final RedisScript STATUS = RedisScript.load("status.lua");
  private static final RedisScript TICK = RedisScript.load("tick.lua");
  private static final RedisScript GATE = RedisScript.load("gate.lua");
  private static final RedisScript LEAVE = RedisScript.load("leave.lua");
  private static final RedisScript CHECKOUT = RedisScript.load("checkout.lua");
  private static final RedisScript FIGURES = RedisScript.load("figures.lua");
  private static final RedisScript CONFIGURE = RedisScript.load("configure.lua");
  private static final RedisScript CONFIRM = RedisScript.load("confirm.lua");
  private static final RedisScript RECALL = RedisScript.load("recall.lua");

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

  /** How {@link #configure} treats a queue that Redis does not have. */
  public enum Setup {
    /** The on-sale was just created: its queue starts empty. */
    NEW,
    /** A copy of the settings: a queue Redis lost is left alone and answered {@code lost}. */
    KEEP,
    /** The queue Redis lost is set up again from what PostgreSQL kept. */
    RESTORE
  }

  /** Copies an on-sale's settings where the scripts read them ({@link Setup#KEEP}). */
  public Future<String> configure(OnSale s) {
    return configure(s, Setup.KEEP, AdmittedSoFar.NONE, 0);
  }

  /**
   * Copies an on-sale's settings where the scripts read them.
   *
   * @param healUntil with {@link Setup#RESTORE}: nobody is admitted before then (ms), while the
   *     visitors' polls put them back at their places
   * @return {@code ok}, {@code created}, {@code restored} or {@code lost} (with {@link Setup#KEEP}:
   *     Redis does not have the queue; nothing was written)
   */
  public Future<String> configure(OnSale s, Setup setup, AdmittedSoFar durable, long healUntil) {
    return CONFIGURE
        .run(
            redis,
            keys(s.id(), "cfg", "state"),
            s.enabled() ? "1" : "0",
            s.queueOpensAt().toEpochMilli(),
            s.saleStartsAt().toEpochMilli(),
            s.admissionPerMinute(),
            s.maxActiveShoppers(),
            s.accessTokenSeconds(),
            setup.name().toLowerCase(java.util.Locale.ROOT),
            durable.head(),
            durable.count(),
            healUntil)
        .map(Response::toString);
  }

  /**
   * What joining answered: {@code waiting} (with the place), {@code admitted}, {@code lookup} (the
   * visitor's place was admitted before Redis lost its data: ask PostgreSQL), {@code unknown} (no
   * settings in Redis), {@code off}, {@code not-open}.
   *
   * @param putBack the visitor was not in the queue (Redis lost them) and is back at their place
   */
  public record Joined(
      String outcome, long rank, boolean newcomer, boolean putBack, long place, long accessEnds) {}

  /**
   * Joins (or finds the place of) a visitor.
   *
   * @param randomPlace the place given if the visitor joins before the start, in [0, 2^52)
   * @param ticketPlace the place the visitor's queue ticket names, or {@link AccessTokens#UNPLACED}
   *     (a newcomer, or a ticket of an earlier version)
   */
  public Future<Joined> join(
      UUID onSale, String visitor, long now, long randomPlace, long ticketPlace) {
    return JOIN.run(
            redis,
            keys(onSale, "wait", "active", "cfg", "state", "left", "ended"),
            visitor,
            now,
            randomPlace,
            place(ticketPlace))
        .map(
            r -> {
              String outcome = r.get(0).toString();
              return switch (outcome) {
                case "waiting" -> {
                  long how = r.get(2).toLong();
                  yield new Joined(
                      outcome, r.get(1).toLong(), how == 1, how == 2, r.get(3).toLong(), 0);
                }
                case "admitted" -> new Joined(outcome, -1, false, false, -1, millis(r.get(1)));
                default -> new Joined(outcome, -1, false, false, -1, 0);
              };
            });
  }

  /** A ticket's place as a script argument: empty when it names none. */
  private static String place(long ticketPlace) {
    return ticketPlace < 0 ? "" : Long.toString(ticketPlace);
  }

  /**
   * Where a visitor stands: {@code waiting}, {@code admitted}, {@code gone}, {@code lookup} (their
   * place was admitted before Redis lost its data: ask PostgreSQL), {@code off}, {@code unknown}.
   */
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
  public Future<Status> status(UUID onSale, String visitor, long ticketPlace, long now) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return statuses(onSale, List.of(new Poll(visitor, ticketPlace, now, null)), now)
          .map(l -> l.get(0));
    }
    Map<UUID, List<Poll>> waiting = polls.get();
    List<Poll> batch = waiting.get(onSale);
    if (batch == null) {
      batch = new ArrayList<>();
      waiting.put(onSale, batch);
      context.runOnContext(v -> flush(onSale));
    }
    Promise<Status> answer = Promise.promise();
    batch.add(new Poll(visitor, ticketPlace, now, answer));
    return answer.future();
  }

  private record Poll(String visitor, long place, long now, Promise<Status> answer) {}

  private void flush(UUID onSale) {
    List<Poll> batch = polls.get().remove(onSale);
    for (int from = 0; from < batch.size(); from += MAX_POLLS_PER_CALL) {
      List<Poll> part = batch.subList(from, Math.min(batch.size(), from + MAX_POLLS_PER_CALL));
      long now = 0;
      for (Poll p : part) {
        now = Math.max(now, p.now());
      }
      statuses(onSale, part, now)
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

  private Future<List<Status>> statuses(UUID onSale, List<Poll> polls, long now) {
    Object[] args = new Object[2 * polls.size() + 1];
    args[0] = now;
    for (int i = 0; i < polls.size(); i++) {
      args[2 * i + 1] = polls.get(i).visitor();
      args[2 * i + 2] = place(polls.get(i).place());
    }
    return STATUS
        .run(redis, keys(onSale, "wait", "active", "cfg", "state", "left", "ended"), args)
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
      case "gone", "lookup" -> new Status(f[0], -1, 0, "1".equals(f[1]), 0, 0);
      default -> new Status(f[0], -1, 0, false, 0, 0);
    };
  }

  /**
   * What one tick did, and the figures of the queue after it.
   *
   * @param head the highest place admitted so far (-1: none)
   * @param accessEnds the end of the accesses given by this tick (ms), 0 if none
   */
  public record Tick(
      List<String> admitted,
      long queueLength,
      long activeShoppers,
      long admittedLastMinute,
      long head,
      long accessEnds) {}

  public Future<Tick> tick(UUID onSale, long now, boolean soldOut) {
    return TICK.run(
            redis,
            keys(onSale, "wait", "active", "cfg", "state", "bind", "left", "ended"),
            now,
            soldOut ? 1 : 0)
        .map(
            r -> {
              List<String> admitted = new ArrayList<>();
              for (int i = 6; i < r.size(); i++) {
                admitted.add(r.get(i).toString());
              }
              return new Tick(
                  admitted,
                  r.get(1).toLong(),
                  r.get(2).toLong(),
                  r.get(3).toLong(),
                  r.get(4).toLong(),
                  r.get(5).toLong());
            });
  }

  /**
   * PostgreSQL recorded the admissions up to this place: their visitors may be given their access
   * tokens. True if the mark moved.
   */
  public Future<Boolean> confirm(UUID onSale, long head) {
    return CONFIRM.run(redis, keys(onSale, "cfg"), head).map(r -> r.toLong() == 1);
  }

  /**
   * A visitor the queue lost after their place was admitted, with the end of that admission as
   * PostgreSQL recorded it: an access not ended yet comes back (true), otherwise the visitor is
   * marked ended.
   */
  public Future<Boolean> recall(UUID onSale, String visitor, long accessEnds, long now) {
    return RECALL
        .run(redis, keys(onSale, "active", "wait", "ended"), visitor, accessEnds, now)
        .map(r -> r.toLong() == 1);
  }

  /**
   * May this visitor hold seats in this cart now: {@code ok}, {@code off} (no waiting room), {@code
   * unknown} (no settings in Redis), {@code not-admitted}, {@code other-cart|<cart id>} (the access
   * is bound to that cart), {@code cart-of-another}.
   *
   * @param accessEnds the end named by the visitor's access token, checked genuine and not passed
   * @param goneCart a cart the caller found no longer exists: the access may leave it (or null)
   */
  public Future<String> gate(
      UUID onSale,
      String visitor,
      long now,
      UUID cartId,
      long cartDeadline,
      long accessEnds,
      UUID goneCart) {
    return GATE.run(
            redis,
            keys(onSale, "active", "cfg", "bind", "wait", "ended"),
            visitor,
            now,
            cartId,
            cartDeadline,
            accessEnds,
            goneCart == null ? "" : goneCart.toString())
        .map(Response::toString);
  }

  /**
   * The visitor leaves the queue or the shop; true if they were in one (or in the queue by their
   * ticket's place, though Redis lost them).
   */
  public Future<Boolean> leave(UUID onSale, String visitor, long ticketPlace) {
    return LEAVE
        .run(
            redis,
            keys(onSale, "wait", "active", "bind", "left", "ended", "cfg"),
            visitor,
            place(ticketPlace))
        .map(r -> r.toLong() > 0);
  }

  /** The cart was checked out: its visitor's place goes to the next one. */
  public Future<Boolean> checkedOut(UUID onSale, UUID cartId) {
    return CHECKOUT
        .run(redis, keys(onSale, "active", "bind", "ended"), cartId)
        .map(r -> r.toLong() > 0);
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
    Request del = Request.cmd(Command.DEL);
    for (String part : new String[] {"wait", "active", "state", "bind", "left", "ended"}) {
      del.arg(key(onSale, part));
    }
    return redis.send(del).mapEmpty();
  }

  private static long millis(Response score) {
    return millis(score.toString());
  }

  private static long millis(String score) {
    return (long) Double.parseDouble(score);
  }
}
