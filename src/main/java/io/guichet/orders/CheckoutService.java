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
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.CheckoutClaim;
import io.guichet.domain.cart.TariffLine;
import io.guichet.domain.catalogue.DeliveryMode;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.order.Buyer;
import io.guichet.domain.order.GiftVoucher;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.OrderStatus;
import io.guichet.domain.order.Quote;
import io.guichet.domain.order.Settlement;
import io.guichet.domain.ticket.Beneficiary;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.payment.OgoneGateway;
import io.guichet.payment.PaymentConfig;
import io.guichet.queue.WaitingRoom;
import io.guichet.store.AccountStore;
import io.guichet.store.OrderStore;
import io.guichet.store.ShopCatalogueStore.ShopPrice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a cart into an order. The cart is claimed first (atomically, in the grid: one cart makes
 * one order, and the same idempotency key finds the same order); then the order is priced, its
 * settlement decided (payment ceiling, vouchers, credit, card), its holds extended for the payment,
 * and it is written through the order writer. The answer waits for the commit; after it, seats of
 * an order that is already paid or reserved are marked sold in the grid.
 */
public final class CheckoutService {
  private final PointsOfSale pointsOfSale;
  private final CartService carts;
  private final HzCarts cartGrid;
  private final HzInventory inventory;
  private final OrderGrid grid;
  private final OrderStore store;
  private final AccountStore accounts;
  private final OrderWriter writer;
  private final Payments payments;
  private final Clock clock;
  private final Duration grace;

  private final WaitingRoom waitingRoom;

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
      Clock clock,
      Duration grace) {
    this.waitingRoom = waitingRoom;
    this.pointsOfSale = pointsOfSale;
    this.carts = carts;
    this.cartGrid = cartGrid;
    this.inventory = inventory;
    this.grid = new OrderGrid(inventory);
    this.store = store;
    this.accounts = accounts;
    this.writer = writer;
    this.payments = payments;
    this.clock = clock;
    this.grace = grace;
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
    return carts
        .view(request.cartId(), request.posCode(), request.cartSecret())
        .compose(
            view ->
                pointsOfSale
                    .context(request.posCode())
                    .compose(shop -> start(request, shop, view.cart())));
  }

  private Future<Placed> start(Request request, ShopContext shop, Cart cart) {
    Session session = request.session();
    if (cart.customerId() != null
        && (session == null || !session.customerId().equals(cart.customerId()))) {
      // Another buyer's cart: do not confirm it exists.
      return Future.failedFuture(DomainException.notFound("cart", cart.id()));
    }
    DeliveryOption delivery = delivery(shop, request.deliveryMode());
    return buyer(request, shop)
        .compose(
            buyer -> {
              CheckoutClaim claim =
                  new CheckoutClaim(
                      request.idempotencyKey(),
                      request.requestHash(),
                      Ids.timeOrdered(now()),
                      false);
              return cartGrid
                  .claim(cart.id(), claim, now())
                  .compose(
                      claimed ->
                          switch (claimed.code()) {
                            case NEW ->
                                place(request, shop, claimed.cart(), claim, buyer, delivery)
                                    .recover(failure -> giveBack(claimed.cart(), claim, failure));
                            case SAME -> replay(claimed.cart().checkout().orderId());
                            case KEY_REUSED ->
                                failed(
                                    Failure.IDEMPOTENCY_KEY_REUSED,
                                    "idempotency key "
                                        + request.idempotencyKey()
                                        + " was used for another checkout request");
                            case OTHER ->
                                failed(
                                    Failure.CART_CHECKED_OUT,
                                    "this cart is being (or was) checked out with another"
                                        + " idempotency key");
                            case MISSING ->
                                Future.failedFuture(DomainException.notFound("cart", cart.id()));
                            case EXPIRED ->
                                failed(
                                    Failure.CART_EXPIRED,
                                    "cart "
                                        + cart.id()
                                        + " has expired; its seats are back on sale");
                            case EMPTY -> failed(Failure.CART_EMPTY, "the cart holds no seats");
                            case CHANGING ->
                                failed(
                                    Failure.CHECKOUT_IN_PROGRESS,
                                    "an item is still being added to the cart: retry shortly");
                          });
            });
  }

  private Future<Placed> place(
      Request request,
      ShopContext shop,
      Cart cart,
      CheckoutClaim claim,
      Buyer buyer,
      DeliveryOption delivery) {
    Instant now = now();
    SalesChannel channel = shop.channel();
    return lines(cart, channel)
        .map(lines -> named(lines, request.beneficiaries(), shop))
        .compose(
            lines -> {
              Quote quote =
                  Quote.of(
                      channel.currency(),
                      lines.stream().map(OrderLine::price).toList(),
                      channel.perTicketFee(),
                      delivery.fee(),
                      channel.feeCap());
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
              return settle(request, shop, buyer, quote, now)
                  .compose(
                      settlement ->
                          write(
                              request,
                              shop,
                              cart,
                              claim,
                              buyer,
                              delivery,
                              lines,
                              quote,
                              settlement,
                              now));
            });
  }

  private Future<Placed> write(
      Request request,
      ShopContext shop,
      Cart cart,
      CheckoutClaim claim,
      Buyer buyer,
      DeliveryOption delivery,
      List<OrderLine> lines,
      Quote quote,
      Settlement settlement,
      Instant now) {
    boolean awaiting = buyer.guest() && shop.pos().settings().confirmationEmailRequired();
    OrderStatus status =
        awaiting
            ? OrderStatus.PENDING_PAYMENT
            : switch (settlement.mode()) {
              case RESERVE -> OrderStatus.RESERVED;
              case NONE -> OrderStatus.PAID;
              case CARD -> OrderStatus.PENDING_PAYMENT;
            };
    Instant expiresAt = cart.deadline().plus(grace);
    Order order =
        new Order(
            claim.orderId(),
            OrderReferences.next(),
            cart.id(),
            request.idempotencyKey(),
            request.requestHash(),
            shop.organizerId(),
            shop.pos().id(),
            shop.channel().id(),
            buyer,
            status,
            awaiting,
            settlement.mode(),
            quote.currency(),
            delivery.mode().name(),
            quote.linesTotal(),
            quote.deliveryFee(),
            quote.ticketFees(),
            quote.feesTotal(),
            quote.total(),
            settlement.byVouchers(),
            settlement.credit(),
            settlement.card(),
            expiresAt,
            now,
            status == OrderStatus.PAID ? now : null,
            lines,
            settlement.vouchers(),
            List.of());
    boolean cardNow = status == OrderStatus.PENDING_PAYMENT && !awaiting;
    UUID paymentId = cardNow ? Ids.timeOrdered(now()) : null;
    return grid.extend(OrderGrid.holds(lines), expiresAt.toEpochMilli())
        .compose(
            held -> {
              if (!held) {
                return Future.failedFuture(
                    now().isBefore(cart.deadline())
                        ? new DomainException(
                            Failure.SEATS_GONE,
                            "some seats of the cart are no longer held for it; nothing was charged")
                        : new DomainException(
                            Failure.CART_EXPIRED,
                            "cart " + cart.id() + " has expired; its seats are back on sale"));
              }
              JsonObject command =
                  OrderCommands.create(order, paymentId, PaymentConfig.PROVIDER, now);
              return writer
                  .write(command)
                  .recover(unknown -> unknownOutcome(cart.id(), unknown))
                  .compose(result -> written(request, cart, claim, order, paymentId, result));
            });
  }

  /** The writer did not answer: the order may or may not be committed. Look. */
  private Future<JsonObject> unknownOutcome(UUID cartId, Throwable cause) {
    return store
        .orderOfCart(cartId)
        .transform(
            found -> {
              if (found.succeeded() && found.result() != null) {
                return Future.succeededFuture(
                    new JsonObject()
                        .put("result", "DUPLICATE")
                        .put("orderId", found.result().id().toString()));
              }
              return Future.failedFuture(
                  new DomainException(
                      Failure.UNAVAILABLE,
                      "the order could not be confirmed (" + cause.getMessage() + "); retry"));
            });
  }

  private Future<Placed> written(
      Request request,
      Cart cart,
      CheckoutClaim claim,
      Order order,
      UUID paymentId,
      JsonObject result) {
    switch (result.getString("result")) {
      case "OK":
        // The buyer is done shopping: their place in an on-sale's shop goes to the next visitor.
        waitingRoom.checkedOut(cart);
        Future<Void> sold =
            order.status().ticketed()
                ? grid.sell(OrderGrid.holds(order.lines()))
                : Future.succeededFuture();
        return sold.compose(v -> cartGrid.completeClaim(cart.id(), claim))
            .recover(e -> Future.succeededFuture())
            .map(
                v -> {
                  OgoneGateway.HostedPage page = null;
                  Order placed = order;
                  if (paymentId != null) {
                    String ref = OrderCommands.firstAttempt(order.reference());
                    placed =
                        withAttempt(
                            order,
                            new io.guichet.domain.order.PaymentAttempt(
                                paymentId,
                                order.id(),
                                ref,
                                order.cardAmount(),
                                order.currency(),
                                "INITIATED",
                                null,
                                order.createdAt()));
                    page = payments.hostedPage(placed, ref, order.cardAmount(), request.language());
                  }
                  return new Placed(placed, false, page);
                });
      case "DUPLICATE":
        return replay(UUID.fromString(result.getString("orderId")));
      case "VOUCHER":
        return failed(
            Failure.VOUCHER_REFUSED,
            "gift voucher " + result.getString("code") + " was used up or expired meanwhile");
      case "CREDIT":
        return failed(Failure.CREDIT_REFUSED, "the credit balance no longer covers this amount");
      default:
        return failed(
            Failure.SEATS_GONE,
            "some seats of the cart were sold to someone else; nothing was charged");
    }
  }

  /** A failed checkout gives the cart back (its claim, its holds' deadline) and fails. */
  private Future<Placed> giveBack(Cart cart, CheckoutClaim claim, Throwable failure) {
    return cartGrid
        .unclaim(cart.id(), claim)
        .recover(e -> Future.succeededFuture())
        .compose(
            v ->
                grid.extend(OrderGrid.holds(cart), cart.deadline().toEpochMilli())
                    .recover(e -> Future.succeededFuture(false)))
        .transform(v -> Future.failedFuture(failure));
  }

  /** The same order again (same key, same request): as it is now. */
  private Future<Placed> replay(UUID orderId) {
    return store
        .order(orderId)
        .transform(
            found -> {
              if (found.failed()) {
                return failed(
                    Failure.CHECKOUT_IN_PROGRESS,
                    "this checkout is still being processed: retry shortly");
              }
              Order order = found.result();
              return Future.succeededFuture(
                  new Placed(order, true, payments.openPage(order, null)));
            });
  }

  // --- steps ---

  private static DeliveryOption delivery(ShopContext shop, String mode) {
    DeliveryOption chosen =
        shop.channel().deliveryModes().stream()
            .filter(d -> d.mode().name().equals(mode))
            .findFirst()
            .orElseThrow(
                () ->
                    DomainException.of(
                        Failure.DELIVERY_MODE_NOT_ALLOWED,
                        "delivery mode " + mode + " is not offered on this point of sale",
                        Map.of("allowed", allowed(shop))));
    boolean anyImmediate =
        shop.channel().deliveryModes().stream().anyMatch(d -> d.mode().immediate());
    if (shop.pos().settings().immediateDeliveryOnly()
        && anyImmediate
        && !chosen.mode().immediate()) {
      throw DomainException.of(
          Failure.DELIVERY_MODE_NOT_ALLOWED,
          "this point of sale offers immediate delivery modes only",
          Map.of("allowed", allowed(shop)));
    }
    return chosen;
  }

  /** The delivery modes a buyer may choose on this point of sale. */
  public static List<String> allowed(ShopContext shop) {
    boolean anyImmediate =
        shop.channel().deliveryModes().stream().anyMatch(d -> d.mode().immediate());
    boolean onlyImmediate = shop.pos().settings().immediateDeliveryOnly() && anyImmediate;
    return shop.channel().deliveryModes().stream()
        .map(DeliveryOption::mode)
        .filter(m -> !onlyImmediate || m.immediate())
        .map(DeliveryMode::name)
        .toList();
  }

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

  /**
   * The beneficiaries, one per ticket in the order of the lines (the cart's items, each item's
   * seats in order); where the point of sale needs them, every ticket must have one.
   */
  private static List<OrderLine> named(
      List<OrderLine> lines, List<Beneficiary> beneficiaries, ShopContext shop) {
    boolean required = shop.pos().settings().beneficiariesRequired();
    if (beneficiaries.isEmpty() && !required) {
      return lines;
    }
    if (beneficiaries.size() != lines.size()) {
      throw DomainException.of(
          required ? Failure.BENEFICIARIES_REQUIRED : Failure.INVALID_REQUEST,
          "give one beneficiary per ticket: the cart holds "
              + lines.size()
              + " tickets, "
              + beneficiaries.size()
              + " beneficiaries were given",
          Map.of("tickets", lines.size()));
    }
    List<OrderLine> named = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      named.add(lines.get(i).withBeneficiary(beneficiaries.get(i)));
    }
    return named;
  }

  /** One line per seat or standing place, priced at its tariff on this channel. */
  private Future<List<OrderLine>> lines(Cart cart, SalesChannel channel) {
    List<Future<List<OrderLine>>> perItem = new ArrayList<>();
    for (CartItem item : cart.items()) {
      perItem.add(
          inventory
              .open(item.performanceId())
              .compose(
                  live ->
                      carts
                          .offeredPrices(item.performanceId(), channel.id())
                          .map(prices -> itemLines(item, live, prices))));
    }
    return Future.all(perItem)
        .map(
            all -> {
              List<OrderLine> lines = new ArrayList<>();
              for (Future<List<OrderLine>> f : perItem) {
                for (OrderLine l : f.result()) {
                  lines.add(
                      new OrderLine(
                          lines.size() + 1,
                          l.performanceId(),
                          l.itemId(),
                          l.holdId(),
                          l.seatId(),
                          l.gaArea(),
                          l.gaCapacity(),
                          l.category(),
                          l.tariffId(),
                          l.price(),
                          l.seatHidden()));
                }
              }
              return lines;
            });
  }

  private static List<OrderLine> itemLines(
      CartItem item, LivePerformance live, List<ShopPrice> prices) {
    List<OrderLine> lines = new ArrayList<>();
    int k = 0;
    for (TariffLine tariff : item.tariffs()) {
      long price =
          prices.stream()
              .filter(
                  p ->
                      p.category().equals(tariff.category())
                          && p.tariffId().equals(tariff.tariffId()))
              .mapToLong(ShopPrice::amount)
              .findFirst()
              .orElseThrow(
                  () ->
                      DomainException.invalid(
                          "tariff "
                              + tariff.tariffId()
                              + " is no longer offered for category "
                              + tariff.category()
                              + ": remove the item and add it again"));
      for (int q = 0; q < tariff.quantity(); q++, k++) {
        boolean standing = item.area() != null;
        lines.add(
            new OrderLine(
                0,
                item.performanceId(),
                item.id(),
                item.holdId(),
                standing ? null : item.seatIds().get(k),
                item.area(),
                standing ? live.plan().gaAreas().get(item.area()).capacity() : null,
                tariff.category(),
                tariff.tariffId(),
                price,
                item.hideSeats()));
      }
    }
    return lines;
  }

  private Future<Settlement> settle(
      Request request, ShopContext shop, Buyer buyer, Quote quote, Instant now) {
    List<String> codes = request.vouchers() == null ? List.of() : request.vouchers();
    Future<Map<String, GiftVoucher>> vouchers = store.vouchers(shop.organizerId(), codes);
    Future<Long> credit =
        request.useCredit() ? store.creditBalance(buyer.customerId()) : Future.succeededFuture(0L);
    return Future.all(vouchers, credit)
        .map(
            all ->
                Settlement.decide(
                    quote,
                    codes,
                    vouchers.result(),
                    credit.result(),
                    request.useCredit(),
                    shop.channel().paymentCeiling(),
                    now));
  }

  private static Order withAttempt(Order o, io.guichet.domain.order.PaymentAttempt attempt) {
    return new Order(
        o.id(),
        o.reference(),
        o.cartId(),
        o.idempotencyKey(),
        o.requestHash(),
        o.organizerId(),
        o.posId(),
        o.channelId(),
        o.buyer(),
        o.status(),
        o.awaitingEmail(),
        o.settle(),
        o.currency(),
        o.deliveryMode(),
        o.linesTotal(),
        o.deliveryFee(),
        o.ticketFees(),
        o.feesTotal(),
        o.total(),
        o.paidByVouchers(),
        o.paidByCredit(),
        o.cardAmount(),
        o.expiresAt(),
        o.createdAt(),
        o.paidAt(),
        o.lines(),
        o.vouchers(),
        List.of(attempt));
  }

  private static <T> Future<T> failed(Failure failure, String detail) {
    return Future.failedFuture(new DomainException(failure, detail));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
