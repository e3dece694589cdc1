package io.guichet.queue;

import io.guichet.checkout.TtlCache;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.queue.OnSale;
import io.guichet.domain.queue.WaitEstimate;
import io.guichet.store.OnSaleStore;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual waiting room: joining, the place in the queue, the access token, and the gate that
 * the seat-holding calls pass through. The queue is in Redis ({@link RedisQueue}); on-sale settings
 * come from PostgreSQL, cached a second per node.
 */
public final class WaitingRoom {
  private static final Logger LOG = LoggerFactory.getLogger(WaitingRoom.class);
  private static final long CACHE_MILLIS = 1_000;
  private static final long PLACE_BOUND = 1L << 52;

  private final OnSaleStore store;
  private final RedisQueue queue;
  private final Admissions admissions;
  private final AccessTokens tokens;
  private final Function<UUID, Future<Boolean>> cartExists;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final TtlCache<UUID, Optional<OnSale>> byId;
  private final TtlCache<UUID, Optional<OnSale>> byPerformance;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public WaitingRoom(
      OnSaleStore store,
      RedisQueue queue,
      Admissions admissions,
      AccessTokens tokens,
      Function<UUID, Future<Boolean>> cartExists,
      Clock clock) {
    this.store = store;
    this.queue = queue;
    this.admissions = admissions;
    this.cartExists = cartExists;
    this.tokens = tokens;
    this.clock = clock;
    this.byId = new TtlCache<>(CACHE_MILLIS, clock);
    this.byPerformance = new TtlCache<>(CACHE_MILLIS, clock);
  }

  public RedisQueue queue() {
    return queue;
  }

  public AccessTokens tokens() {
    return tokens;
  }

  public Admissions admissions() {
    return admissions;
  }

  /** Where a visitor stands, as the shop shows it. */
  public enum State {
    /** In the queue. */
    WAITING,
    /** Let into the shop: the access token is given. */
    ADMITTED,
    /** In the queue, but nothing is left to sell: admission has stopped. */
    SOLD_OUT,
    /** The waiting room was switched off: the shop is open to all. */
    NO_QUEUE
  }

  /**
   * A visitor's place.
   *
   * @param position 1 for the next one admitted; 0 when not waiting
   * @param estimatedWait null when not waiting
   * @param accessToken when admitted
   */
  public record Place(
      OnSale onSale,
      String visitor,
      String ticket,
      State state,
      boolean newcomer,
      long position,
      long queueLength,
      Duration estimatedWait,
      double admittedPerMinute,
      String accessToken,
      Instant accessEndsAt) {}

  // --- the queue ---

  /**
   * Joins the queue: a new visitor, or one coming back with their id and queue ticket (who keeps
   * their place, or gets it back if Redis lost it).
   */
  public Future<Place> join(UUID onSaleId, String visitor, String ticket) {
    String id;
    long held;
    if (visitor == null) {
      id = newVisitor();
      held = AccessTokens.UNPLACED;
    } else {
      held = checkTicket(onSaleId, visitor, ticket);
      id = visitor;
    }
    return onSale(onSaleId).compose(s -> joinAs(s, id, held, ticket));
  }

  private Future<Place> joinAs(OnSale s, String visitor, long held, String ticket) {
    return configured(
            s,
            () -> queue.join(s.id(), visitor, millis(), randomPlace(), held),
            RedisQueue.Joined::outcome)
        .compose(
            joined ->
                switch (joined.outcome()) {
                  case "off" -> Future.failedFuture(closed(s));
                  case "not-open" ->
                      Future.failedFuture(
                          DomainException.of(
                              Failure.QUEUE_NOT_OPEN,
                              "the queue opens at " + s.queueOpensAt(),
                              Map.of("queueOpensAt", s.queueOpensAt().toString())));
                  case "lookup" ->
                      admissions
                          .recall(s.id(), visitor, held)
                          .compose(
                              back ->
                                  back.isPresent()
                                      ? place(s, visitor, held, ticket, false)
                                      // their access ended: a new place at the back
                                      : joinAs(s, visitor, AccessTokens.UNPLACED, null));
                  case "waiting" ->
                      place(
                          s,
                          visitor,
                          joined.place(),
                          joined.place() == held ? ticket : null,
                          joined.newcomer());
                  default -> place(s, visitor, held, ticket, false);
                });
  }

  /** The visitor's place now; 404 if they are not in the queue nor in the shop. */
  public Future<Place> status(UUID onSaleId, String visitor, String ticket) {
    long held = checkTicket(onSaleId, visitor, ticket);
    return onSale(onSaleId).compose(s -> place(s, visitor, held, ticket, false));
  }

  /** The visitor leaves the queue, or the shop (their place goes to the next one). */
  public Future<Void> leave(UUID onSaleId, String visitor, String ticket) {
    long held = checkTicket(onSaleId, visitor, ticket);
    return onSale(onSaleId)
        .compose(s -> queue.leave(s.id(), visitor, held))
        .compose(
            was -> was ? Future.<Void>succeededFuture() : Future.failedFuture(notInQueue(visitor)));
  }

  /**
   * @param held the place the visitor's queue ticket names ({@link AccessTokens#UNPLACED}: none)
   * @param presented the queue ticket the visitor showed (already checked), or null: given back as
   *     is while it is signed with the current key, so a poll costs no new signature
   */
  private Future<Place> place(
      OnSale s, String visitor, long held, String presented, boolean newcomer) {
    long now = millis();
    return configured(s, () -> queue.status(s.id(), visitor, held, now), RedisQueue.Status::outcome)
        .compose(
            st -> {
              if (st.outcome().equals("lookup")) {
                return admissions
                    .recall(s.id(), visitor, held)
                    .compose(
                        back ->
                            back.isPresent()
                                ? place(s, visitor, held, presented, newcomer)
                                : Future.failedFuture(notInQueue(visitor)));
              }
              String ticket =
                  presented != null && tokens.underCurrentKey(presented)
                      ? presented
                      : tokens.ticket(s.id(), visitor, held);
              return placed(s, visitor, ticket, newcomer, st, now);
            });
  }

  private Future<Place> placed(
      OnSale s, String visitor, String ticket, boolean newcomer, RedisQueue.Status st, long now) {
    switch (st.outcome()) {
      case "off":
        return Future.succeededFuture(
            new Place(s, visitor, ticket, State.NO_QUEUE, newcomer, 0, 0, null, 0, null, null));
      case "admitted":
        return Future.succeededFuture(
            new Place(
                s,
                visitor,
                ticket,
                State.ADMITTED,
                newcomer,
                0,
                0,
                null,
                0,
                tokens.access(s.id(), visitor, st.accessEnds()),
                Instant.ofEpochMilli(st.accessEnds())));
      case "waiting":
        Instant at = Instant.ofEpochMilli(now);
        double measured =
            WaitEstimate.measuredPerMinute(st.admittedLastMinute(), s.saleStartsAt(), at);
        Duration wait =
            WaitEstimate.of(st.rank(), measured, s.admissionPerMinute(), s.saleStartsAt(), at);
        return Future.succeededFuture(
            new Place(
                s,
                visitor,
                ticket,
                st.soldOut() ? State.SOLD_OUT : State.WAITING,
                newcomer,
                st.rank() + 1,
                st.length(),
                wait,
                Math.max(measured, 0),
                null,
                null));
      default:
        return Future.failedFuture(notInQueue(visitor));
    }
  }

  // --- the gate of the seat-holding calls ---

  /**
   * Lets a hold in a cart go on: at once when the performance has no waiting room (or it is
   * switched off); otherwise only with an access token of this on-sale, for this visitor, not
   * ended, and a cart the access is bound to (an access shops with one cart at a time).
   */
  public Future<Void> admit(UUID performanceId, Cart cart, String visitor, String token) {
    return byPerformance
        .get(performanceId, store::ofPerformance)
        .compose(
            found -> {
              if (found.isEmpty() || found.get().phase(clock.instant()) == OnSale.Phase.OFF) {
                return Future.succeededFuture();
              }
              OnSale s = found.get();
              long now = millis();
              if (token == null) {
                return refused(
                    "missing",
                    "performance "
                        + performanceId
                        + " is sold through the waiting room of on-sale "
                        + s.id()
                        + ": join its queue, and send the access token once admitted");
              }
              AccessTokens.Access access = tokens.openAccess(token);
              if (access == null) {
                return refused("forged", "the access token is not genuine");
              }
              if (!access.onSale().equals(s.id())) {
                return refused("other-onsale", "the access token is for another on-sale");
              }
              if (access.endsAtMillis() <= now) {
                return refused("expired", "the access token has expired: join the queue again");
              }
              if (!access.visitor().equals(visitor)) {
                return refused("other-visitor", "the access token was given to another visitor");
              }
              return gate(s, visitor, now, cart, access.endsAtMillis(), null);
            });
  }

  /**
   * Asks Redis whether the access may hold in this cart. An access bound to another cart that no
   * longer exists (it died with a node that was restarted) leaves it for this one.
   */
  private Future<Void> gate(
      OnSale s, String visitor, long now, Cart cart, long accessEnds, UUID goneCart) {
    return configured(
            s,
            () ->
                queue.gate(
                    s.id(),
                    visitor,
                    now,
                    cart.id(),
                    cart.deadline().toEpochMilli(),
                    accessEnds,
                    goneCart),
            answer -> answer)
        .compose(
            answer -> {
              if (goneCart == null && answer.startsWith("other-cart|")) {
                UUID bound = UUID.fromString(answer.substring("other-cart|".length()));
                return cartExists
                    .apply(bound)
                    .compose(
                        exists ->
                            exists
                                ? gateAnswer("other-cart")
                                : gate(s, visitor, now, cart, accessEnds, bound));
              }
              return gateAnswer(answer);
            });
  }

  private static Future<Void> gateAnswer(String answer) {
    return switch (answer) {
      case "ok", "off" -> Future.succeededFuture();
      case "cart-of-another" -> refused("cart-of-another", "this cart is another visitor's");
      case "not-admitted" ->
          refused(
              "access-ended",
              "the access has ended (checked out, left or expired): join the queue again");
      default ->
          refused("other-cart", "this access is shopping with another cart until it expires");
    };
  }

  /** A cart was checked out: the visitors it served leave the shop, freeing their places. */
  public void checkedOut(Cart cart) {
    Set<UUID> performances = new LinkedHashSet<>();
    for (CartItem item : cart.items()) {
      performances.add(item.performanceId());
    }
    Set<UUID> seen = new LinkedHashSet<>();
    for (UUID p : performances) {
      byPerformance
          .get(p, store::ofPerformance)
          .compose(
              found ->
                  found.isPresent() && found.get().enabled() && seen.add(found.get().id())
                      ? queue.checkedOut(found.get().id(), cart.id()).mapEmpty()
                      : Future.succeededFuture())
          .onFailure(
              e -> LOG.warn("could not free the place of cart {}: {}", cart.id(), e.toString()));
    }
  }

  // --- operator ---

  /** Called after an on-sale of this node is created or changed (the node's ticker reloads). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public Future<OnSale> create(OnSale s) {
    return store
        .create(s, clock.instant())
        .compose(c -> admissions.created(c).map(c))
        .onSuccess(c -> listeners.forEach(Runnable::run));
  }

  /** Saves changed settings and copies them to Redis, where they take effect at the next tick. */
  public Future<OnSale> update(OnSale s) {
    return store
        .update(s, clock.instant())
        .compose(u -> admissions.copySettings(u).map(u))
        .onSuccess(
            u -> {
              byId.invalidate(u.id());
              u.performanceIds().forEach(byPerformance::invalidate);
              listeners.forEach(Runnable::run);
            });
  }

  public Future<OnSale> onSale(UUID id) {
    return byId.get(id, store::find)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(DomainException.notFound("on-sale", id))));
  }

  /** Settings from PostgreSQL, bypassing the cache (the operator's view). */
  public Future<OnSale> fresh(UUID id) {
    return store.get(id);
  }

  public Future<RedisQueue.Figures> figures(OnSale s) {
    return queue.figures(s.id(), millis());
  }

  // --- helpers ---

  /**
   * Runs a script; if Redis has no settings for the on-sale (a fresh or flushed Redis), copies them
   * from PostgreSQL (setting the queue up again from what PostgreSQL kept) and runs it again.
   */
  private <T> Future<T> configured(
      OnSale s,
      java.util.function.Supplier<Future<T>> run,
      java.util.function.Function<T, String> outcome) {
    return run.get()
        .compose(
            r ->
                "unknown".equals(outcome.apply(r))
                    ? store.get(s.id()).compose(admissions::copySettings).compose(v -> run.get())
                    : Future.succeededFuture(r));
  }

  /** The place a visitor's genuine queue ticket names ({@link AccessTokens#UNPLACED}: none). */
  private long checkTicket(UUID onSaleId, String visitor, String ticket) {
    if (!AccessTokens.wellFormedVisitor(visitor)) {
      throw DomainException.invalid("a visitor id is 22 URL-safe base64 characters");
    }
    if (ticket == null) {
      throw refusal("missing", "the queue ticket (X-Queue-Ticket) given at joining is required");
    }
    if (!printable(ticket)) {
      throw DomainException.invalid("a queue ticket is printable ASCII text");
    }
    long place = tokens.ticketPlace(onSaleId, visitor, ticket);
    if (place == AccessTokens.FORGED) {
      throw refusal("forged", "the queue ticket is not genuine, or not this visitor's");
    }
    return place;
  }

  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private String newVisitor() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private long randomPlace() {
    return random.nextLong(PLACE_BOUND);
  }

  private long millis() {
    return clock.millis();
  }

  private static DomainException closed(OnSale s) {
    return new DomainException(
        Failure.QUEUE_CLOSED, "on-sale " + s.id() + " has no waiting room now: go to the shop");
  }

  private static DomainException notInQueue(String visitor) {
    return DomainException.of(
        Failure.NOT_FOUND,
        "visitor "
            + visitor
            + " is not in the queue nor in the shop (left, checked out, or the access ended):"
            + " join again",
        Map.of());
  }

  private static DomainException refusal(String reason, String detail) {
    return DomainException.of(Failure.ACCESS_REFUSED, detail, Map.of("reason", reason));
  }

  private static <T> Future<T> refused(String reason, String detail) {
    return Future.failedFuture(refusal(reason, detail));
  }
}
