package io.guichet.orders;

import io.guichet.checkout.CartService;
import io.guichet.checkout.HzCarts;
import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.ShopContext;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Ids;
import io.guichet.domain.account.Session;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CheckoutClaim;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.domain.order.Buyer;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.PaymentAttempt;
import io.guichet.domain.order.Quote;
import io.guichet.domain.order.Settlement;
import io.guichet.domain.ticket.Beneficiary;
import io.guichet.inventory.HzInventory;
import io.guichet.offers.OfferPricing;
import io.guichet.payment.OgoneGateway;
import io.guichet.payment.PaymentConfig;
import io.guichet.queue.WaitingRoom;
import io.guichet.store.AccountStore;
import io.guichet.store.OrderStore;
import io.guichet.store.OrderStore.CartCheckout;
import io.guichet.support.DependencyUnavailable;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a cart into an order, exactly once, however often the buyer's client retries.
 *
 * <p>PostgreSQL is asked first whether the cart already made an order: a retry with the same
 * idempotency key and body gets it back ({@code replayed}) whether the cart is still in the grid or
 * not (a restart, the loss of the node that held it, its deadline passed). Otherwise the cart is
 * claimed in the grid (one claim at a time, carrying the key and the body's hash), priced, its
 * settlement decided, its holds extended for the payment, and the order written through the order
 * writer; the answer waits for the commit. A claim left by a checkout that cannot be running any
 * more (its node is gone, or it began longer ago than a checkout can last) is settled from
 * PostgreSQL: the order exists, it is answered; it does not, the claim is taken over and the order
 * written. Whatever the claims say, PostgreSQL's unique cart id on orders keeps it to one order.
 */
public final class CheckoutService {
  private final PointsOfSale pointsOfSale;
  private final CartService carts;
  private final HzCarts cartGrid;
  private final OrderGrid grid;
  private final OrderStore store;
  private final AccountStore accounts;
  private final OrderWriter writer;
  private final Payments payments;
  private final WaitingRoom waitingRoom;
  private final CheckoutPricing pricing;
  private final OfferPricing offers;
  private final Clock clock;
  private final Duration grace;
  private final Duration longestCheckout;

  /**
   * @param grace how long past a cart's deadline its seats stay held while its payment is in flight
   * @param longestCheckout how long a checkout can run at most (its calls' deadlines): a claim
   *     older than that, not done, is stale
   */
  public CheckoutService(
      PointsOfSale pointsOfSale,
      CartService carts,
      HzCarts cartGrid,
      HzInventory inventory,
      OrderStore store,
      AccountStore accounts,
      OrderWriter writer,
      Payments payments,
      WaitingRoom waitingRoom,
      OfferPricing offers,
      Clock clock,
      Duration grace,
      Duration longestCheckout) {
    this.pointsOfSale = pointsOfSale;
    this.carts = carts;
    this.cartGrid = cartGrid;
    this.grid = new OrderGrid(inventory);
    this.store = store;
    this.accounts = accounts;
    this.writer = writer;
    this.payments = payments;
    this.waitingRoom = waitingRoom;
    this.pricing = new CheckoutPricing(carts, inventory, store);
    this.offers = offers;
    this.clock = clock;
    this.grace = grace;
    this.longestCheckout = longestCheckout;
  }

  /** A guest's identity as entered at checkout. */
  public record GuestInput(String email, String firstName, String lastName) {}

  /** What the buyer asks for. {@code requestHash} identifies the body for the idempotency key. */
  public record Request(
      UUID cartId,
      String posCode,
      String cartSecret,
      Session session,
      String idempotencyKey,
      byte[] requestHash,
      String deliveryMode,
      GuestInput guest,
      List<String> vouchers,
      boolean useCredit,
      Long expectedTotal,
      String language,
      List<Beneficiary> beneficiaries) {}

  /**
   * The order, whether this call made it or found it (a replay of the same key), and the hosted
   * payment page to send the buyer to when a card payment is due.
   */
  public record Placed(Order order, boolean replayed, OgoneGateway.HostedPage payment) {}

  public Future<Placed> checkout(Request request) {
    return pointsOfSale
        .context(request.posCode())
        .compose(
            shop ->
                store
                    .checkoutOfCart(request.cartId())
                    .compose(
                        done ->
                            done != null
                                ? existing(request, shop, done)
                                : carts
                                    .view(request.cartId(), request.posCode(), request.cartSecret())
                                    .compose(
                                        view -> start(selling(request, shop), shop, view.cart()))));
  }

  /**
   * A new checkout's request if its point of sale sells now (switched on, its sale switch on), in a
   * language the point of sale speaks (its first one when none is asked for).
   */
  private static Request selling(Request r, ShopContext shop) {
    shop.checkSelling();
    String language = shop.language(r.language());
    return new Request(
        r.cartId(),
        r.posCode(),
        r.cartSecret(),
        r.session(),
        r.idempotencyKey(),
        r.requestHash(),
        r.deliveryMode(),
        r.guest(),
        r.vouchers(),
        r.useCredit(),
        r.expectedTotal(),
        language,
        r.beneficiaries());
  }

  // --- an order that exists ---

  /**
   * The cart's order, for a request that proves it is the cart's buyer: the same key and body get
   * it back; another body with the key, or another key, are refused. Anyone else: not found.
   */
  private Future<Placed> existing(Request request, ShopContext shop, CartCheckout done) {
    if (!madeBy(done, shop, request)) {
      return Future.failedFuture(DomainException.notFound("cart", request.cartId()));
    }
    if (!done.idempotencyKey().equals(request.idempotencyKey())) {
      return failed(
          Failure.CART_CHECKED_OUT,
          "this cart was checked out with another idempotency key: its order exists");
    }
    if (!MessageDigest.isEqual(done.requestHash(), request.requestHash())) {
      return failed(
          Failure.IDEMPOTENCY_KEY_REUSED,
          "idempotency key " + request.idempotencyKey() + " was used for another checkout request");
    }
    return replay(done.orderId(), request.language());
  }

  /**
   * Whether the request comes from the buyer of the cart that made this order: it shows the cart's
   * secret (and, for an account's order, that account's session). Orders kept without their cart's
   * secret are recognised by their account's session only.
   */
  private static boolean madeBy(CartCheckout done, ShopContext shop, Request request) {
    if (!done.posId().equals(shop.pos().id())) {
      return false;
    }
    boolean session =
        request.session() != null
            && done.customerId() != null
            && request.session().customerId().equals(done.customerId());
    if (done.cartSecretHash() == null) {
      return session;
    }
    boolean secret =
        request.cartSecret() != null
            && MessageDigest.isEqual(
                done.cartSecretHash(), CartService.secretHash(request.cartSecret()));
    return secret && (done.customerId() == null || session);
  }

  /** The same order again (same key, same request): as it is now. */
  private Future<Placed> replay(UUID orderId, String language) {
    return store
        .order(orderId)
        .map(order -> new Placed(order, true, payments.openPage(order, language)));
  }

  // --- claiming the cart ---

  private Future<Placed> start(Request request, ShopContext shop, Cart cart) {
    Session session = request.session();
    if (cart.customerId() != null
        && (session == null || !session.customerId().equals(cart.customerId()))) {
      // Another buyer's cart: do not confirm it exists.
      return Future.failedFuture(DomainException.notFound("cart", cart.id()));
    }
    DeliveryOption delivery = CheckoutPricing.delivery(shop, request.deliveryMode());
    return buyer(request, shop)
        .compose(
            buyer -> {
              Instant now = now();
              CheckoutClaim claim =
                  new CheckoutClaim(
                      request.idempotencyKey(),
                      request.requestHash(),
                      Ids.timeOrdered(now),
                      now,
                      cartGrid.localMember(),
                      false);
              Attempt attempt = new Attempt(request, shop, buyer, delivery, claim);
              return cartGrid
                  .claim(cart.id(), claim, now)
                  .compose(
                      claimed ->
                          switch (claimed.code()) {
                            case NEW -> place(attempt, claimed.cart());
                            case SAME, KEY_REUSED, OTHER ->
                                claimedBefore(attempt, claimed.cart(), claimed.code());
                            case MISSING ->
                                Future.failedFuture(DomainException.notFound("cart", cart.id()));
                            case EXPIRED -> failed(Failure.CART_EXPIRED, expired(cart.id()));
                            case EMPTY -> failed(Failure.CART_EMPTY, "the cart holds no seats");
                            case CHANGING ->
                                failed(
                                    Failure.CHECKOUT_IN_PROGRESS,
                                    "an item is still being added to the cart: retry shortly");
                          });
            });
  }

  /** One checkout attempt: the request, its shop, buyer, delivery mode, and its claim. */
  private record Attempt(
      Request request,
      ShopContext shop,
      Buyer buyer,
      DeliveryOption delivery,
      CheckoutClaim claim) {}

  /**
   * The cart was claimed before. A checkout still running under that claim: in progress (or
   * refused, for another body or key). Done, or stale: PostgreSQL says whether the order exists; a
   * stale claim without one is taken over by this attempt.
   */
  private Future<Placed> claimedBefore(Attempt attempt, Cart cart, HzCarts.ClaimCode code) {
    CheckoutClaim current = cart.checkout();
    boolean stale = current.stale(now(), longestCheckout, cartGrid.present(current.holder()));
    return store
        .checkoutOfCart(cart.id())
        .compose(
            done -> {
              if (done != null) {
                return existing(attempt.request(), attempt.shop(), done);
              }
              if (stale) {
                return cartGrid
                    .takeOver(cart.id(), current, attempt.claim())
                    .compose(
                        taken ->
                            taken
                                ? place(attempt, cart.withCheckout(attempt.claim()))
                                : inProgress());
              }
              return switch (code) {
                case KEY_REUSED ->
                    failed(
                        Failure.IDEMPOTENCY_KEY_REUSED,
                        "idempotency key "
                            + attempt.request().idempotencyKey()
                            + " was used for another checkout request");
                case OTHER ->
                    failed(
                        Failure.CART_CHECKED_OUT,
                        "this cart is being checked out with another idempotency key");
                default -> inProgress();
              };
            });
  }

  // --- writing the order ---

  /** An order priced with its offers, and what it takes of them. */
  private record Placing(Order order, OfferUses uses) {}

  /** Prices the claimed cart, extends its holds for the payment and writes the order. */
  private Future<Placed> place(Attempt attempt, Cart cart) {
    Request request = attempt.request();
    ShopContext shop = attempt.shop();
    Instant now = now();
    Future<Placing> placing =
        pricing
            .lines(cart, shop.channel())
            .map(lines -> CheckoutPricing.named(lines, request.beneficiaries(), shop))
            .compose(lines -> offers.price(cart, shop, lines, attempt.delivery().fee(), now))
            .compose(
                priced -> {
                  refuseProblems(priced);
                  Quote quote = priced.quote();
                  checkExpectedTotal(request, quote);
                  return pricing
                      .settle(
                          shop,
                          attempt.buyer(),
                          request.vouchers(),
                          request.useCredit(),
                          quote,
                          now)
                      .map(
                          settlement ->
                              new Placing(
                                  order(
                                      attempt,
                                      cart,
                                      priced.lines(),
                                      quote,
                                      settlement,
                                      now,
                                      priced.discounts()),
                                  priced.uses()));
                })
            .compose(p -> holdForPayment(cart, p.order()).map(o -> p));
    return placing
        .recover(refused -> giveBack(cart, attempt.claim(), refused))
        .compose(
            p -> {
              Order o = p.order();
              UUID paymentId = cardNow(o) ? Ids.timeOrdered(now()) : null;
              OrderCommand.Create create =
                  new OrderCommand.Create(
                      o,
                      CartService.secretHash(request.cartSecret()),
                      paymentId,
                      PaymentConfig.PROVIDER,
                      now,
                      p.uses());
              return writer
                  .write(create)
                  .transform(
                      written ->
                          written.succeeded()
                              ? written(attempt, cart, o, paymentId, written.result())
                              : unconfirmed(attempt, cart, written.cause()));
            });
  }

  /** An offer of the cart that is no longer open to the buyer stops the checkout. */
  private static void refuseProblems(OfferPricing.Priced priced) {
    if (priced.problems().isEmpty()) {
      return;
    }
    OfferPricing.Problem first = priced.problems().get(0);
    throw DomainException.of(
        Failure.OFFER_UNAVAILABLE,
        "the cart's "
            + first.kind()
            + " "
            + first.id()
            + " can no longer be used ("
            + first.reason().slug()
            + "): remove it and check out again; nothing was charged",
        Map.of("offer", first.kind() + ":" + first.id(), "reason", first.reason().slug()));
  }

  private static void checkExpectedTotal(Request request, Quote quote) {
    if (request.expectedTotal() != null && request.expectedTotal() != quote.total()) {
      throw DomainException.of(
          Failure.AMOUNT_MISMATCH,
          "the order costs "
              + quote.total()
              + " "
              + quote.currency()
              + ", not "
              + request.expectedTotal(),
          Map.of("total", quote.total(), "currency", quote.currency()));
    }
  }

  private Order order(
      Attempt attempt,
      Cart cart,
      List<OrderLine> lines,
      Quote quote,
      Settlement settlement,
      Instant now,
      List<Order.OrderDiscount> discounts) {
    ShopContext shop = attempt.shop();
    boolean awaiting = attempt.buyer().guest() && shop.pos().settings().confirmationEmailRequired();
    OrderStatus status =
        awaiting
            ? OrderStatus.PENDING_PAYMENT
            : switch (settlement.mode()) {
              case RESERVE -> OrderStatus.RESERVED;
              case NONE -> OrderStatus.PAID;
              case CARD -> OrderStatus.PENDING_PAYMENT;
            };
    return new Order(
        attempt.claim().orderId(),
        OrderReferences.next(),
        cart.id(),
        attempt.request().idempotencyKey(),
        attempt.request().requestHash(),
        shop.organizerId(),
        shop.pos().id(),
        shop.channel().id(),
        attempt.buyer(),
        status,
        awaiting,
        settlement.mode(),
        quote.currency(),
        attempt.delivery().mode().name(),
        quote.linesTotal(),
        quote.deliveryFee(),
        quote.ticketFees(),
        quote.feesTotal(),
        quote.total(),
        settlement.byVouchers(),
        settlement.credit(),
        settlement.card(),
        cart.deadline().plus(grace),
        now,
        status == OrderStatus.PAID ? now : null,
        lines,
        settlement.vouchers(),
        List.of(),
        quote.discountsTotal(),
        discounts);
  }

  private static boolean cardNow(Order order) {
    return order.status() == OrderStatus.PENDING_PAYMENT && !order.awaitingEmail();
  }

  /** Keeps the cart's seats held until the payment's deadline; refused when some are gone. */
  private Future<Order> holdForPayment(Cart cart, Order order) {
    return grid.extend(OrderGrid.holds(order.lines()), order.expiresAt().toEpochMilli())
        .compose(
            held -> {
              if (held) {
                return Future.succeededFuture(order);
              }
              return Future.failedFuture(
                  now().isBefore(cart.deadline())
                      ? new DomainException(
                          Failure.SEATS_GONE,
                          "some seats of the cart are no longer held for it; nothing was charged")
                      : new DomainException(Failure.CART_EXPIRED, expired(cart.id())));
            });
  }

  /** What the order writer answered. */
  private Future<Placed> written(
      Attempt attempt, Cart cart, Order order, UUID paymentId, OrderOutcome.Create outcome) {
    return outcome.fold(
        created -> created(attempt, cart, order, paymentId),
        alreadyOrdered ->
            store
                .checkoutOfCart(cart.id())
                .compose(
                    done ->
                        done == null
                            ? inProgress()
                            : existing(attempt.request(), attempt.shop(), done)),
        seatsTaken ->
            giveBack(
                cart,
                attempt.claim(),
                new DomainException(
                    Failure.SEATS_GONE,
                    "some seats of the cart were sold to someone else; nothing was charged")),
        voucherRefused ->
            giveBack(
                cart,
                attempt.claim(),
                new DomainException(
                    Failure.VOUCHER_REFUSED,
                    "gift voucher " + voucherRefused.code() + " was used up or expired meanwhile")),
        creditRefused ->
            giveBack(
                cart,
                attempt.claim(),
                new DomainException(
                    Failure.CREDIT_REFUSED, "the credit balance no longer covers this amount")),
        offerRefused ->
            giveBack(
                cart,
                attempt.claim(),
                DomainException.of(
                    Failure.OFFER_UNAVAILABLE,
                    "an offer of the cart was used up meanwhile ("
                        + offerRefused.offer()
                        + "): check the cart and check out again; nothing was charged",
                    Map.of("offer", offerRefused.offer(), "reason", "used-up"))));
  }

  /**
   * The order is durable. The buyer's place in an on-sale's shop goes to the next visitor, the grid
   * marks the seats sold (a failure there is repaired by the sold-seat reconciler: PostgreSQL
   * already has them) and the claim is marked done (a claim left undone is settled from PostgreSQL
   * by the next retry).
   */
  private Future<Placed> created(Attempt attempt, Cart cart, Order order, UUID paymentId) {
    waitingRoom.checkedOut(cart);
    Future<Void> sold =
        order.status().ticketed()
            ? grid.sell(OrderGrid.holds(order.lines()))
            : Future.succeededFuture();
    return sold.compose(v -> cartGrid.completeClaim(cart.id(), attempt.claim()))
        .otherwiseEmpty()
        .map(
            v -> {
              if (paymentId == null) {
                return new Placed(order, false, null);
              }
              String ref = OrderProtocol.firstAttempt(order.reference());
              Order placed =
                  order.withPayments(
                      List.of(
                          new PaymentAttempt(
                              paymentId,
                              order.id(),
                              ref,
                              order.cardAmount(),
                              order.currency(),
                              "INITIATED",
                              null,
                              order.createdAt())));
              return new Placed(
                  placed,
                  false,
                  payments.hostedPage(
                      placed, ref, order.cardAmount(), attempt.request().language()));
            });
  }

  /**
   * The writer did not confirm the order. When PostgreSQL could not be reached in time, the order
   * may or may not be committed: PostgreSQL is asked; without an order, the claim is given back
   * (the seats stay held until the payment's deadline, should the write still commit) and the buyer
   * retries with the same key. Any other failure is a fault of the server.
   */
  private Future<Placed> unconfirmed(Attempt attempt, Cart cart, Throwable cause) {
    if (DependencyUnavailable.in(cause) == null) {
      return unclaim(cart, attempt.claim()).transform(v -> Future.failedFuture(cause));
    }
    return store
        .checkoutOfCart(cart.id())
        .transform(
            found -> {
              if (found.succeeded() && found.result() != null) {
                return existing(attempt.request(), attempt.shop(), found.result());
              }
              return unclaim(cart, attempt.claim())
                  .transform(
                      v ->
                          failed(
                              Failure.UNAVAILABLE,
                              "the order could not be confirmed now; retry with the same"
                                  + " idempotency key"));
            });
  }

  /**
   * Gives the claim back, keeping the holds; should the grid not answer, the claim is settled as
   * stale by the next attempt.
   */
  private Future<Void> unclaim(Cart cart, CheckoutClaim claim) {
    return cartGrid.unclaim(cart.id(), claim).otherwiseEmpty();
  }

  /**
   * A checkout refused before anything was written gives the cart back (its claim, its holds'
   * deadline) and fails. Should the grid not answer, the claim is settled as stale by the next
   * attempt and the holds lapse at the payment's deadline: neither can sell anything.
   */
  private <T> Future<T> giveBack(Cart cart, CheckoutClaim claim, Throwable failure) {
    return cartGrid
        .unclaim(cart.id(), claim)
        .compose(v -> grid.extend(OrderGrid.holds(cart), cart.deadline().toEpochMilli()))
        .transform(v -> Future.failedFuture(failure));
  }

  // --- steps ---

  private Future<Buyer> buyer(Request request, ShopContext shop) {
    Session session = request.session();
    if (session != null) {
      if (!session.organizerId().equals(shop.organizerId())) {
        return failed(Failure.LOGIN_REQUIRED, "this session is not valid on this point of sale");
      }
      return accounts
          .byId(session.customerId())
          .map(c -> new Buyer(c.id(), c.email(), c.firstName(), c.lastName()));
    }
    if (request.useCredit()) {
      return Future.failedFuture(
          DomainException.invalid("only a logged-in buyer has a credit balance to use"));
    }
    if (!shop.pos().settings().guestCheckout()) {
      return failed(
          Failure.LOGIN_REQUIRED, "this point of sale has no guest checkout: log in or sign up");
    }
    GuestInput guest = request.guest();
    if (guest == null) {
      return Future.failedFuture(
          DomainException.invalid("a guest checkout needs the buyer's e-mail and names"));
    }
    return Future.succeededFuture(
        new Buyer(null, guest.email(), guest.firstName().strip(), guest.lastName().strip()));
  }

  private static <T> Future<T> inProgress() {
    return failed(
        Failure.CHECKOUT_IN_PROGRESS, "this checkout is still being processed: retry shortly");
  }

  private static String expired(UUID cartId) {
    return "cart " + cartId + " has expired; its seats are back on sale";
  }

  private static <T> Future<T> failed(Failure failure, String detail) {
    return Future.failedFuture(new DomainException(failure, detail));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
