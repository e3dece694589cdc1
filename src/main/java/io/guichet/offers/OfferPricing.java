package io.guichet.offers;

import io.guichet.checkout.ShopContext;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartOffers;
import io.guichet.domain.offer.Advantage;
import io.guichet.domain.offer.CartPricing;
import io.guichet.domain.offer.Eligibility;
import io.guichet.domain.offer.PromoCode;
import io.guichet.domain.offer.Refusal;
import io.guichet.domain.offer.Shopper;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.order.Quote;
import io.guichet.orders.OfferUses;
import io.guichet.store.AdvantageStore;
import io.guichet.store.AdvantageStore.PerformanceInfo;
import io.guichet.store.CodeStore;
import io.guichet.store.CodeStore.CodeState;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prices a cart's lines with its offers, for its view and for its checkout alike: reads the
 * advantages, promo codes and single-use codes it holds and the buyer's contact, checks each is
 * still open to the buyer (a refusal is a problem that stops checkout), and prices through the
 * domain ({@link CartPricing}, {@link Quote}). A cart without offers costs no read.
 */
public final class OfferPricing {
  private final AdvantageStore advantages;
  private final CodeStore codes;

  public OfferPricing(AdvantageStore advantages, CodeStore codes) {
    this.advantages = advantages;
    this.codes = codes;
  }

  /** Why an offer of the cart cannot be used now: {@code kind} is advantage, promo or code. */
  public record Problem(String kind, String id, Refusal reason) {}

  /** An advantage or promo code of the cart as its view shows it. */
  public record OfferView(
      String kind, UUID id, String code, String name, int tickets, long discount, Refusal reason) {}

  /**
   * The priced cart: its lines at their prices with their discounts, the quote, the promo
   * discounts, what checkout takes of offers, what stops checkout, and each offer's state.
   */
  public record Priced(
      List<OrderLine> lines,
      Quote quote,
      List<Order.OrderDiscount> discounts,
      OfferUses uses,
      List<Problem> problems,
      List<OfferView> offers,
      UUID contactId) {}

  /** The contact the cart is sold to: a box office's, else its account's, else none. */
  public Future<UUID> contactOf(Cart cart) {
    if (cart.offers().contactId() != null) {
      return Future.succeededFuture(cart.offers().contactId());
    }
    return cart.customerId() == null
        ? Future.succeededFuture(null)
        : advantages.contactOfCustomer(cart.customerId());
  }

  public Future<Priced> price(
      Cart cart, ShopContext shop, List<OrderLine> lines, long deliveryFee, Instant now) {
    CartOffers offers = cart.offers();
    if (offers.advantages().isEmpty() && offers.promoCodes().isEmpty()) {
      return Future.succeededFuture(
          new Priced(
              lines,
              quote(shop, lines, deliveryFee, 0),
              List.of(),
              OfferUses.NONE,
              List.of(),
              List.of(),
              null));
    }
    List<UUID> advantageIds = new ArrayList<>(new LinkedHashSet<>(ids(offers)));
    List<UUID> batches = new ArrayList<>();
    List<Integer> seqs = new ArrayList<>();
    for (CartOffers.Applied a : offers.advantages()) {
      if (a.codeBatch() != null) {
        batches.add(a.codeBatch());
        seqs.add(a.codeSeq());
      }
    }
    Future<Map<UUID, Advantage>> found = advantages.advantages(advantageIds);
    Future<Map<UUID, PromoCode>> promos = advantages.promos(offers.promoCodes());
    Future<List<CodeState>> states = codes.states(batches, seqs);
    Future<Map<UUID, PerformanceInfo>> performances =
        advantages.performances(lines.stream().map(OrderLine::performanceId).distinct().toList());
    Future<Shopper> shopper = contactOf(cart).compose(advantages::shopper);
    return Future.all(found, promos, states, performances, shopper)
        .map(
            all ->
                new Context(
                        cart,
                        shop,
                        lines,
                        deliveryFee,
                        now,
                        found.result(),
                        promos.result(),
                        states.result(),
                        performances.result(),
                        shopper.result())
                    .price());
  }

  private static List<UUID> ids(CartOffers offers) {
    return offers.advantages().stream().map(CartOffers.Applied::advantageId).toList();
  }

  static Quote quote(ShopContext shop, List<OrderLine> lines, long deliveryFee, long discounts) {
    return Quote.of(
        shop.channel().currency(),
        lines.stream().map(OrderLine::price).toList(),
        shop.channel().perTicketFee(),
        deliveryFee,
        shop.channel().feeCap(),
        discounts);
  }

  /** Everything read for one pricing. */
  private record Context(
      Cart cart,
      ShopContext shop,
      List<OrderLine> lines,
      long deliveryFee,
      Instant now,
      Map<UUID, Advantage> advantages,
      Map<UUID, PromoCode> promos,
      List<CodeState> codeStates,
      Map<UUID, PerformanceInfo> performances,
      Shopper shopper) {

    Priced price() {
      List<Problem> problems = new ArrayList<>();
      Map<UUID, List<CartOffers.Applied>> validCodes = validCodes(problems);
      List<CartPricing.Offer> eligible = new ArrayList<>();
      Map<UUID, Refusal> refused = new LinkedHashMap<>();
      for (UUID id : new LinkedHashSet<>(ids(cart.offers()))) {
        Advantage a = advantages.get(id);
        if (a == null) {
          refused.put(id, Refusal.NOT_IN_OPERATION);
          problems.add(new Problem("advantage", id.toString(), Refusal.NOT_IN_OPERATION));
          continue;
        }
        int codeCount = validCodes.getOrDefault(id, List.of()).size();
        boolean unlocked =
            a.target() == Advantage.Target.SINGLE_USE_CODE
                ? codeCount > 0
                : cart.offers().advantages().stream()
                    .anyMatch(
                        e -> e.advantageId().equals(id) && e.via() == CartOffers.Via.PARTNER_CODE);
        Refusal refusal = Eligibility.advantage(a, shopper, shop.channel().id(), now, unlocked);
        if (refusal != null) {
          refused.put(id, refusal);
          if (!(a.target() == Advantage.Target.SINGLE_USE_CODE && codeCount == 0)) {
            problems.add(new Problem("advantage", id.toString(), refusal));
          }
          continue;
        }
        Integer limit =
            a.perOrderLimit() == null
                ? null
                : a.perOrderLimit()
                    * (a.target() == Advantage.Target.SINGLE_USE_CODE ? codeCount : 1);
        eligible.add(new CartPricing.Offer(a, limit));
      }
      List<PromoCode> usable = new ArrayList<>();
      for (UUID id : cart.offers().promoCodes()) {
        PromoCode p = promos.get(id);
        Refusal refusal =
            p == null
                ? Refusal.NOT_IN_OPERATION
                : Eligibility.promo(
                    p, shopper, shop.channel().id(), shop.channel().currency(), now);
        if (refusal != null) {
          refused.put(id, refusal);
          problems.add(new Problem("promo", id.toString(), refusal));
        } else {
          usable.add(p);
        }
      }
      CartPricing.Priced priced = CartPricing.price(pricingLines(), eligible, usable, now);
      List<OrderLine> out = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        CartPricing.PricedLine p = priced.lines().get(i);
        out.add(lines.get(i).priced(p.price(), p.advantageId(), p.discount()));
      }
      List<Order.OrderDiscount> discounts =
          priced.discounts().stream()
              .map(d -> new Order.OrderDiscount(d.promoId(), d.code(), d.amount()))
              .toList();
      priced.notApplied().forEach(n -> refused.put(n.promoId(), n.reason()));
      return new Priced(
          out,
          quote(shop, out, deliveryFee, priced.discountsTotal()),
          discounts,
          uses(priced, validCodes),
          problems,
          views(priced, refused),
          shopper.contactId());
    }

    /** The cart's single-use codes still held for it, per advantage; the others are problems. */
    private Map<UUID, List<CartOffers.Applied>> validCodes(List<Problem> problems) {
      Map<String, CodeState> byCode = new HashMap<>();
      codeStates.forEach(s -> byCode.put(s.batchId() + ":" + s.seq(), s));
      Map<UUID, List<CartOffers.Applied>> valid = new HashMap<>();
      for (CartOffers.Applied a : cart.offers().advantages()) {
        if (a.codeBatch() == null) {
          continue;
        }
        String key = a.codeBatch() + ":" + a.codeSeq();
        CodeState s = byCode.get(key);
        Refusal refusal = null;
        if (s == null || s.invalidatedAt() != null) {
          refusal = Refusal.INVALIDATED;
        } else if (s.orderId() != null) {
          refusal = Refusal.USED;
        } else if (s.heldBy() != null
            && !s.heldBy().equals(cart.id())
            && s.heldUntil() != null
            && s.heldUntil().isAfter(now)) {
          refusal = Refusal.IN_ANOTHER_CART;
        }
        if (refusal != null) {
          problems.add(new Problem("code", key, refusal));
        } else {
          valid.computeIfAbsent(a.advantageId(), k -> new ArrayList<>()).add(a);
        }
      }
      return valid;
    }

    private List<CartPricing.Line> pricingLines() {
      List<CartPricing.Line> out = new ArrayList<>(lines.size());
      for (OrderLine l : lines) {
        PerformanceInfo info = performances.get(l.performanceId());
        out.add(
            new CartPricing.Line(
                l.lineNo(),
                l.performanceId(),
                info == null ? null : info.eventId(),
                info == null ? Instant.MAX : info.startsAt(),
                l.category(),
                l.tariffId(),
                l.listPrice() == null ? l.price() : l.listPrice()));
      }
      return out;
    }

    /** Tickets per advantage; for a single-use code advantage, the codes they need. */
    private OfferUses uses(
        CartPricing.Priced priced, Map<UUID, List<CartOffers.Applied>> validCodes) {
      List<OfferUses.AdvantageUse> taken = new ArrayList<>();
      List<OfferUses.CodeUse> used = new ArrayList<>();
      priced
          .advantageTickets()
          .forEach(
              (id, tickets) -> {
                taken.add(new OfferUses.AdvantageUse(id, tickets));
                Advantage a = advantages.get(id);
                if (a.target() == Advantage.Target.SINGLE_USE_CODE) {
                  int needed =
                      a.perOrderLimit() == null
                          ? 1
                          : (tickets + a.perOrderLimit() - 1) / a.perOrderLimit();
                  validCodes.get(id).stream()
                      .limit(needed)
                      .forEach(
                          c ->
                              used.add(
                                  new OfferUses.CodeUse(
                                      c.codeBatch(), c.codeSeq(), shopper.contactId())));
                }
              });
      List<OfferUses.PromoUse> promos =
          priced.discounts().stream()
              .map(d -> new OfferUses.PromoUse(d.promoId(), d.code(), d.amount()))
              .toList();
      return new OfferUses(taken, used, promos);
    }

    private List<OfferView> views(CartPricing.Priced priced, Map<UUID, Refusal> refused) {
      List<OfferView> out = new ArrayList<>();
      for (UUID id : new LinkedHashSet<>(ids(cart.offers()))) {
        Advantage a = advantages.get(id);
        out.add(
            new OfferView(
                "advantage",
                id,
                a == null ? null : a.code(),
                a == null ? null : a.publicName(),
                priced.advantageTickets().getOrDefault(id, 0),
                0,
                refused.get(id)));
      }
      for (UUID id : cart.offers().promoCodes()) {
        PromoCode p = promos.get(id);
        long discount =
            priced.discounts().stream()
                .filter(d -> d.promoId().equals(id))
                .mapToLong(CartPricing.Discount::amount)
                .sum();
        out.add(
            new OfferView(
                "promo",
                id,
                p == null ? null : p.code(),
                p == null ? null : p.publicName(),
                0,
                discount,
                refused.get(id)));
      }
      return out;
    }
  }
}
