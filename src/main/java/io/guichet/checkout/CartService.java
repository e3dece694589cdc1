package io.guichet.checkout;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Ids;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.TariffLine;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.catalogue.SeatSearchMode;
import io.guichet.inventory.HeldSeats;
import io.guichet.inventory.HoldSpec;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.queue.WaitingRoom;
import io.guichet.store.SalesSetupStore;
import io.guichet.store.ShopCatalogueStore;
import io.guichet.store.ShopCatalogueStore.ShopPerformance;
import io.guichet.store.ShopCatalogueStore.ShopPrice;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Carts and their holds: opening a cart on a point of sale, adding seats by the channel's
 * seat-search mode, swapping and removing them.
 *
 * <p>An add is two grid operations in the common case: the block (or area) holds the seats until
 * the cart's deadline, then one entry processor on the cart records the item, checking there,
 * atomically, that the cart is live, not being checked out and within the per-performance cap. A
 * refusal gives the seats back; a crash between the two steps leaves seats held no longer than the
 * cart's deadline, as a lapsed hold counts free. What the block step needs of the cart (its point
 * of sale, channel, secret hash and deadline, none of which ever changes) comes from a node-local
 * cache of the carts this node created or read, so no read of the cart precedes the hold.
 */
public final class CartService {
  private static final long CACHE_MILLIS = 5_000;

  /**
   * How long a cart's identity stays in the node's cache, and how many at most: past either, the
   * next add reads the cart from the grid first (one round trip more).
   */
  private static final long IDENTITY_MILLIS = 30 * 60_000;

  private static final int IDENTITY_MAX = 200_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SalesSetupStore sales;
  private final ShopCatalogueStore shop;
  private final HzInventory inventory;
  private final HzCarts carts;
  private final Clock clock;
  private final PointsOfSale pointsOfSale;
  private final TtlCache<UUID, SalesChannel> channels;
  private final TtlCache<List<UUID>, ShopPerformance> performances;
  private final TtlCache<List<UUID>, List<ShopPrice>> prices;
  private final WaitingRoom waitingRoom;

  /**
   * The carts this node created or read, reduced to their fields that never change (id, point of
   * sale, channel, secret hash, creation, deadline, account): no items, no claim.
   */
  private final TtlCache<UUID, Cart> identities;

  public CartService(
      PointsOfSale pointsOfSale,
      SalesSetupStore sales,
      ShopCatalogueStore shop,
      HzInventory inventory,
      HzCarts carts,
      WaitingRoom waitingRoom,
      Clock clock) {
    this.waitingRoom = waitingRoom;
    this.sales = sales;
    this.shop = shop;
    this.inventory = inventory;
    this.carts = carts;
    this.clock = clock;
    this.pointsOfSale = pointsOfSale;
    this.channels = new TtlCache<>(CACHE_MILLIS, clock);
    this.performances = new TtlCache<>(CACHE_MILLIS, clock);
    this.prices = new TtlCache<>(CACHE_MILLIS, clock);
    this.identities = new TtlCache<>(IDENTITY_MILLIS, clock, IDENTITY_MAX);
  }

  /** A new cart and its secret (shown once; only its hash is kept). */
  public record NewCart(Cart cart, String secret) {}

  /** A cart with the channel it sells on. */
  public record CartView(Cart cart, SalesChannel channel, boolean expired) {}

  /** A new cart; opened with a buyer's session, only that buyer may check it out. */
  public Future<NewCart> create(String posCode, io.guichet.domain.account.Session session) {
    return pointOfSale(posCode)
        .compose(
            pos ->
                channel(pos.channelId())
                    .compose(
                        channel -> {
                          Instant now = now();
                          String secret = newSecret();
                          Cart cart =
                              new Cart(
                                  Ids.timeOrdered(now),
                                  pos.id(),
                                  channel.id(),
                                  hash(secret),
                                  now,
                                  now.plusSeconds(channel.holdTimeoutSeconds()),
                                  List.of(),
                                  session == null ? null : session.customerId(),
                                  null);
                          return carts
                              .create(cart)
                              .map(
                                  c -> {
                                    identities.remember(c.id(), identityOf(c));
                                    return new NewCart(c, secret);
                                  });
                        }));
  }

  /** The cart, if the point of sale is its own and the secret is right. */
  public Future<CartView> view(UUID cartId, String posCode, String secret) {
    return authorized(cartId, posCode, secret)
        .compose(
            cart ->
                channel(cart.channelId()).map(ch -> new CartView(cart, ch, cart.expired(now()))));
  }

  /** What a buyer asks to add: named seats (with tariffs) or quantities per tariff. */
  public record AddRequest(
      UUID performanceId, List<PickedSeat> seats, List<TariffLine> quantities) {}

  /** A named seat and the tariff it is bought at. */
  public record PickedSeat(String seatId, UUID tariffId) {}

  /** The item added and the performance it holds seats of. */
  public record Added(CartItem item, LivePerformance live, SalesChannel channel) {}

  /**
   * What a visitor admitted from an on-sale's waiting room shows: their visitor id and access token
   * (both null outside on-sales with a waiting room).
   */
  public record Admission(String visitor, String token) {
    public static final Admission NONE = new Admission(null, null);
  }

  public Future<Added> add(
      UUID cartId, String posCode, String secret, AddRequest request, Admission admission) {
    return identity(cartId, posCode, secret)
        .compose(cart -> live(cart).map(ok -> cart))
        .compose(
            cart ->
                channel(cart.channelId())
                    .compose(channel -> onSale(channel, request.performanceId()).map(p -> channel))
                    .compose(
                        channel ->
                            waitingRoom
                                .admit(
                                    request.performanceId(),
                                    cart,
                                    admission.visitor(),
                                    admission.token())
                                .map(channel))
                    .compose(channel -> add(cart, channel, request)));
  }

  private Future<Added> add(Cart cart, SalesChannel channel, AddRequest request) {
    return prices(request.performanceId(), channel.id())
        .compose(
            offered ->
                inventory
                    .open(request.performanceId())
                    .compose(
                        live -> {
                          CartItem asked = pendingItem(channel, live, offered, request);
                          return hold(cart, channel, live, asked, request)
                              .compose(item -> record(cart, channel, live, item))
                              .map(item -> new Added(item, live, channel));
                        }));
  }

  /** Holds the seats an item asks for (one block or area in the common case); answers the item. */
  private Future<CartItem> hold(
      Cart cart, SalesChannel channel, LivePerformance live, CartItem asked, AddRequest request) {
    HoldSpec spec = spec(cart, channel, live, asked.holdId());
    Future<HeldSeats> held =
        request.seats() != null
            ? inventory.holdSeats(
                live, spec, request.seats().stream().map(PickedSeat::seatId).toList(), List.of())
            : inventory.holdBest(
                live,
                spec,
                live.plan().categoryIndex(asked.tariffs().get(0).category()),
                asked.quantity());
    return held.map(
        seats -> {
          Set<Integer> blocks = new HashSet<>();
          seats.seats().forEach(s -> blocks.add(s.block()));
          return asked.held(
              seats.seats().stream().map(HeldSeats.Seat::id).toList(), blocks, seats.area());
        });
  }

  /**
   * Records a held item in the cart, under the cart's rules checked atomically on its entry (live,
   * not being checked out, within the cap). Refused, the seats go back; the grid failing, the item
   * may have been recorded all the same, so it is taken out too (both retried until done or until
   * the cart's deadline, when the hold lapses anyway): the cart and the blocks agree either way.
   */
  private Future<CartItem> record(
      Cart cart, SalesChannel channel, LivePerformance live, CartItem item) {
    return carts
        .reserve(cart.id(), item, channel.maxPerPerformance(), now())
        .map(item)
        .recover(
            failure -> {
              Future<Void> released =
                  inventory.releaseUntilDone(
                      live, item.holdId(), item.blocks(), item.area(), cart.deadline());
              Future<Void> undone =
                  failure instanceof DomainException
                      ? released
                      : released.compose(
                          v ->
                              inventory
                                  .repairs()
                                  .untilDone(
                                      "removal of item " + item.id() + " whose seats went back",
                                      () -> carts.removePending(cart.id(), item.id()),
                                      cart.deadline()));
              return undone.transform(r -> Future.failedFuture(failure));
            });
  }

  /** Swaps held seats of an item for others, under the same rules as any hold. */
  public Future<Added> swap(
      UUID cartId,
      String posCode,
      String secret,
      UUID itemId,
      List<String> from,
      List<String> to,
      Admission admission) {
    return authorized(cartId, posCode, secret)
        .compose(cart -> live(cart).map(ok -> cart))
        .compose(
            cart ->
                channel(cart.channelId())
                    .compose(
                        channel -> {
                          if (channel.seatSearchMode() != SeatSearchMode.BEST_AVAILABLE_EDITABLE
                              && channel.seatSearchMode() != SeatSearchMode.PICK_ON_MAP) {
                            throw new DomainException(
                                Failure.WRONG_SEARCH_MODE,
                                "seats can be changed only on channels whose buyers choose on the map");
                          }
                          CartItem item = cart.item(itemId);
                          if (item == null || item.pending()) {
                            throw DomainException.notFound("cart item", itemId);
                          }
                          checkSwap(item, from, to);
                          return waitingRoom
                              .admit(
                                  item.performanceId(),
                                  cart,
                                  admission.visitor(),
                                  admission.token())
                              .compose(v -> inventory.open(item.performanceId()))
                              .compose(live -> swap(cart, channel, live, item, from, to));
                        }));
  }

  private Future<Added> swap(
      Cart cart,
      SalesChannel channel,
      LivePerformance live,
      CartItem item,
      List<String> from,
      List<String> to) {
    HoldSpec spec = spec(cart, channel, live, item.holdId());
    return inventory
        .holdSeats(live, spec, to, from)
        .compose(
            held -> {
              List<String> seats = new ArrayList<>(item.seatIds());
              for (int k = 0; k < from.size(); k++) {
                seats.set(seats.indexOf(from.get(k)), to.get(k));
              }
              Set<Integer> blocks = new HashSet<>();
              seats.forEach(id -> blocks.add(live.plan().seats().get(id).block()));
              CartItem swapped = item.held(seats, blocks, item.area());
              // The item gone meanwhile (removed, or the cart checked out): its seats go back.
              return carts
                  .complete(cart.id(), swapped)
                  .map(c -> new Added(swapped, live, channel))
                  .recover(
                      gone ->
                          inventory
                              .releaseUntilDone(
                                  live, item.holdId(), blocks, item.area(), cart.deadline())
                              .transform(r -> Future.failedFuture(gone)));
            });
  }

  private static void checkSwap(CartItem item, List<String> from, List<String> to) {
    if (from.size() != to.size() || from.isEmpty()) {
      throw DomainException.invalid("a swap names as many seats to give back as to take");
    }
    if (new HashSet<>(from).size() != from.size() || new HashSet<>(to).size() != to.size()) {
      throw DomainException.invalid("a seat is listed twice in the swap");
    }
    for (String seat : from) {
      if (!item.seatIds().contains(seat)) {
        throw DomainException.invalid("seat " + seat + " is not held by this item");
      }
    }
    for (String seat : to) {
      if (item.seatIds().contains(seat)) {
        throw DomainException.invalid("seat " + seat + " is already held by this item");
      }
    }
  }

  /**
   * Removes an item and releases its seats (retried until done should the grid fail: the item is
   * gone from the cart already).
   */
  public Future<Void> remove(UUID cartId, String posCode, String secret, UUID itemId) {
    if (secret == null) {
      return Future.failedFuture(DomainException.notFound("cart", cartId));
    }
    return pointOfSale(posCode)
        .compose(pos -> carts.remove(cartId, pos.id(), hash(secret), itemId))
        .compose(
            removed -> {
              CartItem item = removed.item();
              return inventory
                  .open(item.performanceId())
                  .compose(
                      live ->
                          inventory.releaseUntilDone(
                              live, item.holdId(), item.blocks(), item.area(), removed.deadline()));
            });
  }

  /** The plan of a performance, for rendering items. */
  public Future<LivePerformance> performance(UUID performanceId) {
    return inventory.open(performanceId);
  }

  // --- rules ---

  private HoldSpec spec(Cart cart, SalesChannel channel, LivePerformance live, long holdId) {
    boolean rule =
        !channel.alwaysAllowIsolatedSeats() && live.freeSeats() > channel.isolatedSeatTrigger();
    return new HoldSpec(
        holdId,
        cart.deadline().toEpochMilli(),
        live.plan().quotaAccess(channel.id()),
        rule,
        channel.allowSplit());
  }

  private CartItem pendingItem(
      SalesChannel channel, LivePerformance live, List<ShopPrice> offered, AddRequest request) {
    SeatSearchMode mode = channel.seatSearchMode();
    List<TariffLine> lines = new ArrayList<>();
    int quantity;
    if (request.seats() != null) {
      if (mode != SeatSearchMode.PICK_ON_MAP) {
        throw new DomainException(
            Failure.WRONG_SEARCH_MODE,
            "this channel chooses seats itself (" + mode + "): ask for quantities");
      }
      Set<String> distinct = new LinkedHashSet<>();
      for (PickedSeat seat : request.seats()) {
        if (!distinct.add(seat.seatId())) {
          throw DomainException.invalid("seat " + seat.seatId() + " is listed twice");
        }
        var address = live.plan().seats().get(seat.seatId());
        if (address == null) {
          throw DomainException.invalid(
              "seat " + seat.seatId() + " is not on this performance's seat map");
        }
        var block = live.plan().blocks().get(address.block());
        String category = live.plan().categories().get(block.category()[address.index()]);
        checkPrice(offered, category, seat.tariffId());
        lines.add(new TariffLine(seat.tariffId(), category, 1));
      }
      quantity = distinct.size();
    } else {
      if (mode == SeatSearchMode.PICK_ON_MAP && hasSeats(live, request.quantities())) {
        throw new DomainException(
            Failure.WRONG_SEARCH_MODE, "on this channel buyers pick their seats on the map");
      }
      String category = request.quantities().get(0).category();
      quantity = 0;
      for (TariffLine line : request.quantities()) {
        if (!line.category().equals(category)) {
          throw DomainException.invalid(
              "one item holds one seat category: add one item per category");
        }
        if (live.plan().categoryIndex(category) < 0) {
          throw DomainException.invalid("unknown seat category " + category);
        }
        checkPrice(offered, category, line.tariffId());
        quantity += line.quantity();
        lines.add(line);
      }
    }
    if (quantity > channel.maxPerPerformance()) {
      throw DomainException.of(
          Failure.MAX_PER_PERFORMANCE,
          "a cart may hold at most " + channel.maxPerPerformance() + " seats of one performance",
          Map.of("max", channel.maxPerPerformance()));
    }
    return new CartItem(
        UUID.randomUUID(),
        request.performanceId(),
        newHoldId(),
        true,
        quantity,
        mode.name(),
        lines,
        List.of(),
        Set.of(),
        null,
        mode == SeatSearchMode.NO_MAP,
        now());
  }

  private static boolean hasSeats(LivePerformance live, List<TariffLine> lines) {
    int c = live.plan().categoryIndex(lines.get(0).category());
    return c >= 0 && live.plan().blocks().stream().anyMatch(b -> contains(b.category(), c));
  }

  private static boolean contains(byte[] categories, int c) {
    for (byte b : categories) {
      if (b == c) {
        return true;
      }
    }
    return false;
  }

  private static void checkPrice(List<ShopPrice> offered, String category, UUID tariffId) {
    boolean priced =
        offered.stream()
            .anyMatch(p -> p.category().equals(category) && p.tariffId().equals(tariffId));
    if (!priced) {
      throw DomainException.invalid(
          "tariff "
              + tariffId
              + " is not offered for category "
              + category
              + " on this point of sale");
    }
  }

  // --- lookups ---

  private Future<Cart> authorized(UUID cartId, String posCode, String secret) {
    return pointOfSale(posCode)
        .compose(
            pos ->
                carts
                    .get(cartId)
                    .compose(
                        cart -> {
                          identities.remember(cart.id(), identityOf(cart));
                          return authorize(cart, pos, secret);
                        }));
  }

  /**
   * The cart's identity (its fields that never change; not its items), authorized as {@link
   * #authorized}: from the node's cache, or read from the grid when this node has not seen it.
   */
  private Future<Cart> identity(UUID cartId, String posCode, String secret) {
    return pointOfSale(posCode)
        .compose(
            pos ->
                identities
                    .get(cartId, id -> carts.get(id).map(CartService::identityOf))
                    .compose(c -> authorize(c, pos, secret)));
  }

  /** A cart's fields that never change, without its items, claim and offers (kept per node). */
  private static Cart identityOf(Cart cart) {
    return new Cart(
        cart.id(),
        cart.posId(),
        cart.channelId(),
        cart.secretHash(),
        cart.createdAt(),
        cart.deadline(),
        List.of(),
        cart.customerId(),
        null);
  }

  private static Future<Cart> authorize(Cart cart, PointOfSale pos, String secret) {
    // Another shop's cart, or a wrong secret: answered as an unknown cart, so that nobody can
    // learn which cart ids exist.
    if (!cart.posId().equals(pos.id()) || secret == null || !cart.secretMatches(hash(secret))) {
      return Future.failedFuture(DomainException.notFound("cart", cart.id()));
    }
    return Future.succeededFuture(cart);
  }

  private Future<Void> live(Cart cart) {
    return cart.expired(now())
        ? Future.failedFuture(HzCarts.expired(cart.id()))
        : Future.succeededFuture();
  }

  private Future<PointOfSale> pointOfSale(String code) {
    return pointsOfSale.enter(code);
  }

  private Future<SalesChannel> channel(UUID id) {
    return channels.get(id, sales::channel);
  }

  private Future<ShopPerformance> onSale(SalesChannel channel, UUID performanceId) {
    return performances
        .get(
            List.of(channel.id(), performanceId),
            k -> shop.performance(channel.id(), performanceId, now()))
        .compose(
            perf ->
                perf.window().openAt(now())
                    ? Future.succeededFuture(perf)
                    : Future.failedFuture(
                        new DomainException(
                            Failure.NOT_ON_SALE,
                            "performance "
                                + performanceId
                                + " is on sale on this channel from "
                                + perf.window().opensAt()
                                + " to "
                                + perf.window().closesAt())));
  }

  /** The prices a channel offers for a performance (cached a few seconds). */
  public Future<List<ShopPrice>> offeredPrices(UUID performanceId, UUID channelId) {
    return prices(performanceId, channelId);
  }

  private Future<List<ShopPrice>> prices(UUID performanceId, UUID channelId) {
    return prices.get(
        List.of(performanceId, channelId), k -> shop.prices(performanceId, channelId));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static long newHoldId() {
    long id;
    do {
      id = RANDOM.nextLong();
    } while (id == 0);
    return id;
  }

  private static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hash kept of a cart's secret (the secret itself is shown once and never kept). */
  public static byte[] secretHash(String secret) {
    return hash(secret);
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
