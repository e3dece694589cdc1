package io.guichet.offers;

import io.guichet.checkout.CartService;
import io.guichet.checkout.HzCarts;
import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.ShopContext;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.account.Session;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.CartOffers;
import io.guichet.domain.cart.TariffLine;
import io.guichet.domain.offer.Advantage;
import io.guichet.domain.offer.Eligibility;
import io.guichet.domain.offer.PromoCode;
import io.guichet.domain.offer.Refusal;
import io.guichet.domain.offer.Shopper;
import io.guichet.domain.offer.SingleUseCode;
import io.guichet.queue.CodeGuessLimiter;
import io.guichet.store.AdvantageStore;
import io.guichet.store.CodeStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The shop's side of offers: the advantages open to a buyer, and a cart's advantages and promo
 * codes (applied by choice or by code, removed). Every code tried passes the guessing limit first;
 * a wrong one is counted, answered late, and once a cart, account or address has tried too many,
 * every code from it is refused for a while. A refused code or advantage leaves the cart as it was.
 */
public final class CartOffersService {
  private static final Pattern SHARED_CODE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{1,39}");

  /** What a cart costs (its view's price). */
  public interface Quoter {
    Future<OfferPricing.Priced> quote(
        Cart cart, ShopContext shop, String deliveryMode, Instant now);
  }

  private final Vertx vertx;
  private final PointsOfSale pointsOfSale;
  private final CartService carts;
  private final HzCarts cartGrid;
  private final AdvantageStore advantages;
  private final CodeStore codes;
  private final CodeCrypto crypto;
  private final CodeGuessLimiter limiter;
  private final OfferPricing pricing;
  private final Quoter quoter;
  private final Clock clock;

  public CartOffersService(
      Vertx vertx,
      PointsOfSale pointsOfSale,
      CartService carts,
      HzCarts cartGrid,
      AdvantageStore advantages,
      CodeStore codes,
      CodeCrypto crypto,
      CodeGuessLimiter limiter,
      OfferPricing pricing,
      Quoter quoter,
      Clock clock) {
    this.vertx = vertx;
    this.pointsOfSale = pointsOfSale;
    this.carts = carts;
    this.cartGrid = cartGrid;
    this.advantages = advantages;
    this.codes = codes;
    this.crypto = crypto;
    this.limiter = limiter;
    this.pricing = pricing;
    this.quoter = quoter;
    this.clock = clock;
  }

  /** Who asks: the cart (id, point of sale, secret), the session, the client's address. */
  public record Caller(UUID cartId, String pos, String secret, Session session, String address) {}

  /** A cart as its buyer sees it after a change: the cart, its shop and its price. */
  public record CartState(Cart cart, ShopContext shop, OfferPricing.Priced priced) {}

  // --- listing ---

  /** The advantages open to the buyer (public ones, and those of their contact) on this shop. */
  public Future<List<Advantage>> openTo(String pos, Session session) {
    return pointsOfSale
        .context(pos)
        .compose(
            shop ->
                (session == null
                        ? Future.<UUID>succeededFuture(null)
                        : advantages.contactOfCustomer(session.customerId()))
                    .compose(
                        contact ->
                            advantages.openTo(
                                shop.organizerId(), shop.channel().id(), contact, now())));
  }

  /** The advantages a contact is entitled to on a point of sale (a box office's list). */
  public Future<List<Advantage>> openToContact(ShopContext shop, UUID contactId) {
    return advantages.openTo(shop.organizerId(), shop.channel().id(), contactId, now());
  }

  // --- advantages ---

  /** Applies an advantage chosen among those open to the buyer. */
  public Future<CartState> applyAdvantage(Caller caller, UUID advantageId) {
    return live(caller)
        .compose(
            state ->
                advantages
                    .advantage(advantageId)
                    .compose(a -> sameOrganizer(a, state.shop()))
                    .compose(
                        a ->
                            shopper(state.cart())
                                .compose(
                                    shopper -> {
                                      refuse(
                                          Eligibility.advantage(
                                              a,
                                              shopper,
                                              state.shop().channel().id(),
                                              now(),
                                              false));
                                      checkApplicable(a, state.cart());
                                      return add(
                                          state,
                                          new CartOffers.Applied(
                                              a.id(), CartOffers.Via.CHOSEN, null, 0));
                                    })));
  }

  /**
   * Applies an advantage by its code: one of its single-use codes (held for the cart until its
   * deadline) or its shared partner code.
   */
  public Future<CartState> applyCode(Caller caller, String typed) {
    return live(caller)
        .compose(state -> gate(caller, state).map(state))
        .compose(
            state -> {
              SingleUseCode.Reading reading = SingleUseCode.read(typed);
              if (reading == SingleUseCode.Reading.TYPO) {
                throw DomainException.of(
                    Failure.CODE_MALFORMED,
                    "this code's last symbol does not match: a symbol was mistyped",
                    Map.of("reason", "typo"));
              }
              String shared = typed == null ? "" : typed.strip().toUpperCase(Locale.ROOT);
              if (reading == SingleUseCode.Reading.WELL_FORMED) {
                return singleUse(caller, state, SingleUseCode.canonical(typed), shared);
              }
              if (!SHARED_CODE.matcher(shared).matches()) {
                throw DomainException.of(
                    Failure.CODE_MALFORMED,
                    "not a code: letters, digits and hyphens, 2 to 40",
                    Map.of("reason", "malformed"));
              }
              return partner(caller, state, shared);
            });
  }

  private Future<CartState> singleUse(
      Caller caller, CartState state, String canonical, String shared) {
    Cart cart = state.cart();
    return codes
        .hold(crypto.hash(canonical), state.shop().organizerId(), cart.id(), cart.deadline(), now())
        .compose(
            hold ->
                switch (hold.result()) {
                  case UNKNOWN -> partner(caller, state, shared);
                  case USED -> refused(Refusal.USED, "this code was used already");
                  case INVALIDATED -> refused(Refusal.INVALIDATED, "this code was invalidated");
                  case IN_ANOTHER_CART ->
                      refused(Refusal.IN_ANOTHER_CART, "this code is in another cart right now");
                  case HELD ->
                      unlocked(
                              state,
                              hold.advantageId(),
                              new CartOffers.Applied(
                                  hold.advantageId(),
                                  CartOffers.Via.SINGLE_USE_CODE,
                                  hold.batchId(),
                                  hold.seq()))
                          .recover(
                              failed ->
                                  codes
                                      .release(hold.batchId(), hold.seq(), cart.id())
                                      .transform(v -> Future.failedFuture(failed)));
                });
  }

  private Future<CartState> partner(Caller caller, CartState state, String code) {
    return advantages
        .byAccessCode(state.shop().organizerId(), code)
        .compose(
            id ->
                id == null
                    ? wrong(caller, state, "no advantage has this code")
                    : unlocked(
                        state,
                        id,
                        new CartOffers.Applied(id, CartOffers.Via.PARTNER_CODE, null, 0)));
  }

  /** An advantage whose code was presented: still open here and now, and for the cart's seats. */
  private Future<CartState> unlocked(CartState state, UUID advantageId, CartOffers.Applied entry) {
    return advantages
        .advantage(advantageId)
        .compose(
            a -> {
              refuse(
                  Eligibility.advantage(
                      a, Shopper.ANONYMOUS, state.shop().channel().id(), now(), true));
              checkApplicable(a, state.cart());
              return add(state, entry);
            });
  }

  /** Removes an advantage from the cart, and gives back the single-use codes it held for it. */
  public Future<CartState> removeAdvantage(Caller caller, UUID advantageId) {
    return live(caller)
        .compose(
            state ->
                cartGrid
                    .changeOffers(
                        state.cart().id(),
                        HzCarts.OfferOp.REMOVE_ADVANTAGE,
                        null,
                        advantageId,
                        now())
                    .compose(
                        changed ->
                            releaseCodes(state.cart(), advantageId)
                                .compose(v -> priced(changed, state.shop()))));
  }

  private Future<Void> releaseCodes(Cart before, UUID advantageId) {
    List<Future<Void>> released =
        before.offers().advantages().stream()
            .filter(a -> a.advantageId().equals(advantageId) && a.codeBatch() != null)
            .map(a -> codes.release(a.codeBatch(), a.codeSeq(), before.id()))
            .toList();
    return Future.all(released).mapEmpty();
  }

  // --- promo codes ---

  /** Applies a promo code to the cart. */
  public Future<CartState> applyPromo(Caller caller, String typed) {
    String code = typed == null ? "" : typed.strip().toUpperCase(Locale.ROOT);
    // the cart (and its secret) first: a caller without it learns nothing about codes
    return live(caller)
        .compose(state -> gate(caller, state).map(state))
        .compose(
            state ->
                SHARED_CODE.matcher(code).matches()
                    ? Future.succeededFuture(state)
                    : Future.failedFuture(
                        DomainException.of(
                            Failure.CODE_MALFORMED,
                            "not a promo code: letters, digits and hyphens, 2 to 40",
                            Map.of("reason", "malformed"))))
        .compose(
            state ->
                advantages
                    .promoByCode(state.shop().organizerId(), code)
                    .compose(
                        promo ->
                            promo == null
                                ? wrong(caller, state, "no promo code has this code")
                                : applyPromo(state, promo)));
  }

  private Future<CartState> applyPromo(CartState state, PromoCode promo) {
    return shopper(state.cart())
        .compose(
            shopper -> {
              refuse(
                  Eligibility.promo(
                      promo,
                      shopper,
                      state.shop().channel().id(),
                      state.shop().channel().currency(),
                      now()));
              if (state.cart().offers().promoCodes().contains(promo.id())) {
                return Future.succeededFuture(state);
              }
              // priced as if applied: a code that would give nothing is refused now
              Cart trial = state.cart().withOffers(state.cart().offers().withPromo(promo.id()));
              return quoter
                  .quote(trial, state.shop(), null, now())
                  .compose(
                      priced -> {
                        if (priced != null) {
                          priced.offers().stream()
                              .filter(o -> o.id().equals(promo.id()) && o.reason() != null)
                              .findFirst()
                              .ifPresent(o -> refuse(o.reason()));
                        }
                        return cartGrid
                            .changeOffers(
                                state.cart().id(),
                                HzCarts.OfferOp.ADD_PROMO,
                                null,
                                promo.id(),
                                now())
                            .compose(changed -> priced(changed, state.shop()));
                      });
            });
  }

  public Future<CartState> removePromo(Caller caller, UUID promoId) {
    return live(caller)
        .compose(
            state ->
                cartGrid
                    .changeOffers(
                        state.cart().id(), HzCarts.OfferOp.REMOVE_PROMO, null, promoId, now())
                    .compose(changed -> priced(changed, state.shop())));
  }

  // --- a box office's contact ---

  /** Sells a cart to a contact (a box office names its buyer). */
  public Future<Cart> setContact(UUID cartId, UUID contactId) {
    return cartGrid.changeOffers(cartId, HzCarts.OfferOp.SET_CONTACT, null, contactId, now());
  }

  // --- steps ---

  /** The caller's cart, live, with its shop. */
  private Future<CartState> live(Caller caller) {
    return pointsOfSale
        .context(caller.pos())
        .compose(
            shop ->
                carts
                    .view(caller.cartId(), caller.pos(), caller.secret())
                    .compose(
                        view -> {
                          if (view.expired()) {
                            return Future.failedFuture(
                                new DomainException(
                                    Failure.CART_EXPIRED,
                                    "cart " + caller.cartId() + " has expired"));
                          }
                          return Future.succeededFuture(new CartState(view.cart(), shop, null));
                        }));
  }

  /** Refuses every code while the cart, account or address is over its limit (429). */
  private Future<Void> gate(Caller caller, CartState state) {
    return limiter
        .wait(scope(caller, state))
        .compose(
            wait -> wait.isZero() ? Future.succeededFuture() : Future.failedFuture(tooMany(wait)));
  }

  /** A wrong code: counted, then answered once the delay its count calls for has passed. */
  private <T> Future<T> wrong(Caller caller, CartState state, String detail) {
    DomainException refusal =
        DomainException.of(Failure.OFFER_REFUSED, detail, Map.of("reason", "unknown"));
    return limiter
        .failed(scope(caller, state))
        .compose(
            delay -> {
              Promise<T> answer = Promise.promise();
              if (delay.isZero()) {
                answer.fail(refusal);
              } else {
                vertx.setTimer(delay.toMillis(), t -> answer.fail(refusal));
              }
              return answer.future();
            });
  }

  private static CodeGuessLimiter.Scope scope(Caller caller, CartState state) {
    return new CodeGuessLimiter.Scope(
        state.cart().id().toString(),
        caller.session() == null ? null : caller.session().customerId().toString(),
        caller.address());
  }

  private static DomainException tooMany(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return DomainException.of(
        Failure.TOO_MANY_GUESSES,
        "too many wrong codes: try again in " + seconds + " s",
        Map.of("retryAfterSeconds", seconds));
  }

  private Future<CartState> add(CartState state, CartOffers.Applied entry) {
    return cartGrid
        .changeOffers(state.cart().id(), HzCarts.OfferOp.ADD_ADVANTAGE, entry, null, now())
        .compose(changed -> priced(changed, state.shop()));
  }

  private Future<CartState> priced(Cart cart, ShopContext shop) {
    return quoter.quote(cart, shop, null, now()).map(p -> new CartState(cart, shop, p));
  }

  private Future<Shopper> shopper(Cart cart) {
    return pricing.contactOf(cart).compose(advantages::shopper);
  }

  private static Future<Advantage> sameOrganizer(Advantage a, ShopContext shop) {
    return a.organizerId().equals(shop.organizerId())
        ? Future.succeededFuture(a)
        : Future.failedFuture(DomainException.notFound("advantage", a.id()));
  }

  /** A cart holding seats of which the advantage prices none: refused (422 not-applicable). */
  private static void checkApplicable(Advantage a, Cart cart) {
    if (cart.items().isEmpty()) {
      return; // unlocked first, seats chosen after: their prices will be the advantage's
    }
    for (CartItem item : cart.items()) {
      for (TariffLine t : item.tariffs()) {
        boolean priced =
            a.prices().stream()
                .anyMatch(
                    p ->
                        p.performanceId().equals(item.performanceId())
                            && p.category().equals(t.category())
                            && p.tariffId().equals(t.tariffId()));
        if (priced) {
          return;
        }
      }
    }
    refuse(Refusal.NOT_APPLICABLE);
  }

  private static void refuse(Refusal refusal) {
    if (refusal != null) {
      throw refusal(refusal, "cannot be used here: " + refusal.slug());
    }
  }

  private static <T> Future<T> refused(Refusal refusal, String detail) {
    return Future.failedFuture(refusal(refusal, detail));
  }

  private static DomainException refusal(Refusal refusal, String detail) {
    return DomainException.of(Failure.OFFER_REFUSED, detail, Map.of("reason", refusal.slug()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
