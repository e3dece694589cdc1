package io.guichet.waitlist;

import io.guichet.checkout.CartService;
import io.guichet.checkout.HzCarts;
import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.ShopContext;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Ids;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.TariffLine;
import io.guichet.domain.catalogue.SeatSearchMode;
import io.guichet.domain.waitlist.OfferStatus;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistOffer;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.store.ShopCatalogueStore.ShopPrice;
import io.guichet.store.WaitlistStore;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An offer's link: reading the offer, and taking it, which opens a cart holding exactly the offered
 * seats (a new cart, or one of the buyer's own, within its cap per performance). The link is signed
 * and bound to the entry the offer was made to; a forged one is answered as an unknown offer, and
 * one used again once the offer was taken, lapsed or withdrawn changes nothing (409).
 *
 * <p>Taking: the offer's seats, held in the grid under the offer's hold id, are extended to the
 * cart's deadline first (an offer whose hold is gone can no longer be taken), then PostgreSQL marks
 * the offer TAKEN if it is still open (one winner against its deadline or the buyer leaving: a
 * conditional write), then the cart gets the item whose hold is the offer's. If PostgreSQL refuses,
 * the seats go back to the list at once.
 */
public final class OfferTaking {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PointsOfSale pointsOfSale;
  private final WaitlistStore store;
  private final HzInventory inventory;
  private final HzCarts carts;
  private final CartService cartService;
  private final WaitlistLinks links;
  private final Clock clock;

  public OfferTaking(
      PointsOfSale pointsOfSale,
      WaitlistStore store,
      HzInventory inventory,
      HzCarts carts,
      CartService cartService,
      WaitlistLinks links,
      Clock clock) {
    this.pointsOfSale = pointsOfSale;
    this.store = store;
    this.inventory = inventory;
    this.carts = carts;
    this.cartService = cartService;
    this.links = links;
    this.clock = clock;
  }

  /** An offer with its entry and its performance. */
  public record OfferView(WaitlistOffer offer, WaitlistEntry entry, LivePerformance live) {}

  /** The offer behind a link (whatever its status). */
  public Future<OfferView> view(UUID offerId, String posCode, String token) {
    return pointsOfSale
        .context(posCode)
        .compose(ctx -> linked(offerId, ctx, token))
        .compose(
            found ->
                inventory
                    .open(found.offer().performanceId())
                    .map(live -> new OfferView(found.offer(), found.entry(), live)));
  }

  /** A tariff for some of the offer's seats (the buyer's choice; the full price otherwise). */
  public record TariffChoice(UUID tariffId, int quantity) {}

  /**
   * What taking needs: the link's token, tariffs (optional), and optionally the buyer's cart to put
   * the seats in (with its secret).
   */
  public record TakeRequest(
      String token, List<TariffChoice> tariffs, UUID cartId, String cartSecret) {}

  /** The cart the seats are in, its secret (only for a new cart), the item and the performance. */
  public record Taken(Cart cart, String secret, CartItem item, LivePerformance live) {}

  public Future<Taken> take(UUID offerId, String posCode, TakeRequest request) {
    return pointsOfSale
        .context(posCode)
        .map(
            ctx -> {
              ctx.checkSelling();
              return ctx;
            })
        .compose(
            ctx ->
                linked(offerId, ctx, request.token())
                    .compose(found -> open(found.offer()).map(found))
                    .compose(found -> take(ctx, found, request)));
  }

  private record Linked(WaitlistOffer offer, WaitlistEntry entry) {}

  private Future<Taken> take(ShopContext ctx, Linked found, TakeRequest request) {
    WaitlistOffer offer = found.offer();
    Instant now = now();
    return cartService
        .offeredPrices(offer.performanceId(), ctx.channel().id())
        .compose(
            prices ->
                inventory
                    .open(offer.performanceId())
                    .compose(
                        live -> {
                          CartItem held =
                              item(ctx, offer, live, tariffs(prices, offer, request.tariffs()));
                          return request.cartId() == null
                              ? intoNewCart(ctx, found, live, held, now)
                              : intoCart(ctx, found, live, held, request);
                        }));
  }

  private Future<Taken> intoNewCart(
      ShopContext ctx, Linked found, LivePerformance live, CartItem item, Instant now) {
    if (item.quantity() > ctx.channel().maxPerPerformance()) {
      return Future.failedFuture(
          DomainException.of(
              Failure.MAX_PER_PERFORMANCE,
              "a cart may hold at most "
                  + ctx.channel().maxPerPerformance()
                  + " seats of one"
                  + " performance",
              Map.of("max", ctx.channel().maxPerPerformance())));
    }
    String secret = newSecret();
    Cart cart =
        new Cart(
            Ids.timeOrdered(now),
            ctx.pos().id(),
            ctx.channel().id(),
            CartService.secretHash(secret),
            now,
            now.plusSeconds(ctx.channel().holdTimeoutSeconds()),
            List.of(item),
            found.entry().customerId(),
            null);
    return claim(found.offer(), live, cart.id(), cart.deadline())
        .compose(v -> carts.create(cart))
        .map(created -> new Taken(created, secret, item, live));
  }

  private Future<Taken> intoCart(
      ShopContext ctx, Linked found, LivePerformance live, CartItem item, TakeRequest request) {
    return cartService
        .view(request.cartId(), ctx.pos().code(), request.cartSecret())
        .compose(
            view -> {
              if (view.expired()) {
                return Future.failedFuture(
                    new DomainException(Failure.CART_EXPIRED, "the cart has expired"));
              }
              Cart cart = view.cart();
              CartItem pending = pending(item);
              // the cap per performance, checked atomically with the buyer's other holds in it
              return carts
                  .reserve(cart.id(), pending, ctx.channel().maxPerPerformance(), now())
                  .compose(
                      reserved ->
                          claim(found.offer(), live, cart.id(), cart.deadline())
                              .recover(
                                  refused ->
                                      carts
                                          .removePending(cart.id(), pending.id())
                                          .transform(r -> Future.failedFuture(refused))))
                  .compose(v -> carts.complete(cart.id(), item))
                  .map(after -> new Taken(after, null, item, live));
            });
  }

  /**
   * The offer's seats extended to the cart's deadline, then the offer TAKEN in PostgreSQL; if
   * PostgreSQL refuses (lapsed, withdrawn, taken meanwhile), the seats go back to the list.
   */
  private Future<Void> claim(
      WaitlistOffer offer, LivePerformance live, UUID cartId, Instant until) {
    HzInventory.HoldRef ref =
        HzInventory.ref(live, offer.holdId(), offer.seatIds(), offer.gaArea(), offer.places());
    return inventory
        .extend(live, ref, until.toEpochMilli())
        .compose(
            held -> {
              if (!held) {
                return Future.failedFuture(notOpen(OfferStatus.LAPSED));
              }
              return store
                  .take(offer.id(), cartId, now())
                  .compose(
                      outcome -> {
                        if ("TAKEN".equals(outcome)) {
                          return Future.succeededFuture();
                        }
                        return inventory
                            .releaseUntilDone(
                                live,
                                offer.holdId(),
                                ref.seatsByBlock().keySet(),
                                offer.gaArea(),
                                until)
                            .compose(
                                v ->
                                    Future.failedFuture(
                                        "UNKNOWN".equals(outcome)
                                            ? DomainException.notFound("offer", offer.id())
                                            : notOpen(OfferStatus.valueOf(outcome))));
                      });
            });
  }

  private CartItem item(
      ShopContext ctx, WaitlistOffer offer, LivePerformance live, List<TariffLine> tariffs) {
    Set<Integer> blocks = new HashSet<>();
    for (String seat : offer.seatIds()) {
      blocks.add(live.plan().seats().get(seat).block());
    }
    SeatSearchMode mode = ctx.channel().seatSearchMode();
    return new CartItem(
        UUID.randomUUID(),
        offer.performanceId(),
        offer.holdId(),
        false,
        offer.places(),
        mode.name(),
        tariffs,
        offer.seatIds(),
        blocks,
        offer.gaArea(),
        mode == SeatSearchMode.NO_MAP,
        null);
  }

  private CartItem pending(CartItem held) {
    return new CartItem(
        held.id(),
        held.performanceId(),
        held.holdId(),
        true,
        held.quantity(),
        held.mode(),
        held.tariffs(),
        List.of(),
        Set.of(),
        null,
        held.hideSeats(),
        now());
  }

  /** The tariffs of the offer's seats: the buyer's, or all at the category's full price. */
  private static List<TariffLine> tariffs(
      List<ShopPrice> prices, WaitlistOffer offer, List<TariffChoice> chosen) {
    List<ShopPrice> ofCategory =
        prices.stream().filter(p -> p.category().equals(offer.category())).toList();
    if (ofCategory.isEmpty()) {
      throw DomainException.invalid(
          "category " + offer.category() + " is not sold on this point of sale");
    }
    if (chosen == null || chosen.isEmpty()) {
      ShopPrice full =
          ofCategory.stream().max(java.util.Comparator.comparingLong(ShopPrice::amount)).get();
      return List.of(new TariffLine(full.tariffId(), offer.category(), offer.places()));
    }
    List<TariffLine> lines = new ArrayList<>();
    int total = 0;
    for (TariffChoice c : chosen) {
      if (ofCategory.stream().noneMatch(p -> p.tariffId().equals(c.tariffId()))) {
        throw DomainException.invalid(
            "tariff " + c.tariffId() + " is not offered for category " + offer.category());
      }
      lines.add(new TariffLine(c.tariffId(), offer.category(), c.quantity()));
      total += c.quantity();
    }
    if (total != offer.places()) {
      throw DomainException.invalid(
          "the tariffs cover " + total + " seats; the offer has " + offer.places());
    }
    return lines;
  }

  /** The offer and its entry, when the link is genuine and of this point of sale. */
  private Future<Linked> linked(UUID offerId, ShopContext ctx, String token) {
    return store
        .offer(offerId)
        .compose(
            offer ->
                offer == null
                    ? Future.succeededFuture(null)
                    : store.entry(offer.entryId()).map(entry -> new Linked(offer, entry)))
        .compose(
            found -> {
              if (found == null
                  || found.entry() == null
                  || !found.entry().posId().equals(ctx.pos().id())
                  || !links.offerTokenMatches(offerId, found.entry().id(), token)) {
                // a forged link, or one of another shop: as an unknown offer
                return Future.failedFuture(DomainException.notFound("offer", offerId));
              }
              return Future.succeededFuture(found);
            });
  }

  private Future<Void> open(WaitlistOffer offer) {
    if (offer.open(now())) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(
        notOpen(offer.status() == OfferStatus.OPEN ? OfferStatus.LAPSED : offer.status()));
  }

  private static DomainException notOpen(OfferStatus status) {
    return DomainException.of(
        Failure.OFFER_NOT_OPEN,
        "the offer is " + status.name().toLowerCase(java.util.Locale.ROOT),
        Map.of("offerStatus", status.name()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
