package io.guichet.orders;

import io.guichet.checkout.CartService;
import io.guichet.checkout.ShopContext;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.TariffLine;
import io.guichet.domain.catalogue.DeliveryMode;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.order.Buyer;
import io.guichet.domain.order.GiftVoucher;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.Quote;
import io.guichet.domain.order.Settlement;
import io.guichet.domain.ticket.Beneficiary;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.store.OrderStore;
import io.guichet.store.ShopCatalogueStore.ShopPrice;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a cart costs at checkout: its lines priced at their tariffs on the channel, named by their
 * beneficiaries, the delivery mode chosen, the quote (fees capped) and how it is settled (payment
 * ceiling, vouchers, credit, card). Reads only; the decisions are the domain's ({@link Quote},
 * {@link Settlement}).
 */
final class CheckoutPricing {
  private final CartService carts;
  private final HzInventory inventory;
  private final OrderStore store;

  CheckoutPricing(CartService carts, HzInventory inventory, OrderStore store) {
    this.carts = carts;
    this.inventory = inventory;
    this.store = store;
  }

  /** The delivery mode asked for, if this point of sale offers it. */
  static DeliveryOption delivery(ShopContext shop, String mode) {
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
  static List<String> allowed(ShopContext shop) {
    boolean anyImmediate =
        shop.channel().deliveryModes().stream().anyMatch(d -> d.mode().immediate());
    boolean onlyImmediate = shop.pos().settings().immediateDeliveryOnly() && anyImmediate;
    return shop.channel().deliveryModes().stream()
        .map(DeliveryOption::mode)
        .filter(m -> !onlyImmediate || m.immediate())
        .map(DeliveryMode::name)
        .toList();
  }

  /** The quote of these lines on the channel, with the delivery mode's fee, fees capped. */
  static Quote quote(SalesChannel channel, DeliveryOption delivery, List<OrderLine> lines) {
    return Quote.of(
        channel.currency(),
        lines.stream().map(OrderLine::price).toList(),
        channel.perTicketFee(),
        delivery.fee(),
        channel.feeCap());
  }

  /**
   * The beneficiaries, one per ticket in the order of the lines (the cart's items, each item's
   * seats in order); where the point of sale needs them, every ticket must have one.
   */
  static List<OrderLine> named(
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
  Future<List<OrderLine>> lines(Cart cart, SalesChannel channel) {
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
                  lines.add(l.numbered(lines.size() + 1));
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

  /** How the quote is settled: payment ceiling, gift vouchers, the buyer's credit, then a card. */
  Future<Settlement> settle(
      ShopContext shop,
      Buyer buyer,
      List<String> voucherCodes,
      boolean useCredit,
      Quote quote,
      Instant now) {
    List<String> codes = voucherCodes == null ? List.of() : voucherCodes;
    Future<Map<String, GiftVoucher>> vouchers = store.vouchers(shop.organizerId(), codes);
    Future<Long> credit =
        useCredit ? store.creditBalance(buyer.customerId()) : Future.succeededFuture(0L);
    return Future.all(vouchers, credit)
        .map(
            all ->
                Settlement.decide(
                    quote,
                    codes,
                    vouchers.result(),
                    credit.result(),
                    useCredit,
                    shop.channel().paymentCeiling(),
                    now));
  }
}
