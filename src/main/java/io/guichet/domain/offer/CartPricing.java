package io.guichet.domain.offer;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a cart's lines cost with its advantages and promo codes, in minor units. The cart's view and
 * checkout both price through here, so what the buyer sees is what checkout charges.
 *
 * <p>Advantages: each line (in order) is priced by the advantage of the cart with the lowest price
 * for its performance, category and tariff (the first applied on a tie) whose sale is still open
 * for the performance and which still has tickets left (its per-order limit, its quota); other
 * lines keep their list price.
 *
 * <p>Promo codes, in the order entered, each on the lines it covers (its events; lines priced by an
 * advantage only if it stacks with them), after the codes before it: a percentage of what those
 * lines cost, rounded half up to the minor unit, or an amount; never more than those lines cost,
 * nor than what is left of its budget. A code's discount is spread over its lines in proportion to
 * what each costs (largest remainders get the leftover units, the first line on a tie), so every
 * line's discount is known and none passes its price. Fees are not discounted: they follow the
 * channel's rule ({@link io.guichet.domain.order.Quote}).
 */
public final class CartPricing {
  private CartPricing() {}

  /** One ticket of the cart at its list price. */
  public record Line(
      int lineNo,
      UUID performanceId,
      UUID eventId,
      Instant performanceStartsAt,
      String category,
      UUID tariffId,
      long listPrice) {}

  /**
   * An advantage of the cart, eligible for the buyer.
   *
   * @param ticketLimit tickets at its prices in this order at most (its per-order limit, times the
   *     codes presented for a single-use code advantage); null: no limit
   */
  public record Offer(Advantage advantage, Integer ticketLimit) {}

  /** A line as priced: its price (list or advantage) and the promo discounts it carries. */
  public record PricedLine(
      int lineNo, long listPrice, long price, UUID advantageId, long discount) {
    public long net() {
      return price - discount;
    }
  }

  /** A promo code's discount and the lines it is spread over (line number → amount). */
  public record Discount(
      UUID promoId, String code, String name, long amount, Map<Integer, Long> lines) {}

  /** A promo code of the cart that gives nothing, and why. */
  public record NotApplied(UUID promoId, Refusal reason) {}

  /**
   * The priced cart.
   *
   * @param advantageTickets tickets priced by each advantage
   */
  public record Priced(
      List<PricedLine> lines,
      Map<UUID, Integer> advantageTickets,
      List<Discount> discounts,
      List<NotApplied> notApplied,
      long linesTotal,
      long discountsTotal) {}

  public static Priced price(
      List<Line> lines, List<Offer> advantages, List<PromoCode> promos, Instant now) {
    Map<UUID, Integer> tickets = new LinkedHashMap<>();
    List<long[]> priced = new ArrayList<>(); // per line: price, discount
    List<UUID> byAdvantage = new ArrayList<>();
    for (Line line : lines) {
      if (line.listPrice() < 0) {
        throw new IllegalArgumentException("a price is never negative");
      }
      Offer best = null;
      long bestPrice = 0;
      for (Offer offer : advantages) {
        Long amount = priceOf(offer.advantage(), line);
        if (amount == null
            || !offer.advantage().saleOpen(line.performanceStartsAt(), now)
            || !room(offer, tickets.getOrDefault(offer.advantage().id(), 0))) {
          continue;
        }
        if (best == null || amount < bestPrice) {
          best = offer;
          bestPrice = amount;
        }
      }
      if (best == null) {
        priced.add(new long[] {line.listPrice(), 0});
        byAdvantage.add(null);
      } else {
        tickets.merge(best.advantage().id(), 1, Integer::sum);
        priced.add(new long[] {bestPrice, 0});
        byAdvantage.add(best.advantage().id());
      }
    }
    long linesTotal = 0;
    for (long[] p : priced) {
      linesTotal = Math.addExact(linesTotal, p[0]);
    }

    List<Discount> discounts = new ArrayList<>();
    List<NotApplied> notApplied = new ArrayList<>();
    boolean exclusive = false;
    for (PromoCode promo : promos) {
      Refusal refusal = null;
      if (!discounts.isEmpty() && (exclusive || !promo.combinable())) {
        refusal = Refusal.NOT_COMBINABLE;
      } else if (linesTotal < promo.minimumAmount()) {
        refusal = Refusal.MINIMUM_AMOUNT;
      }
      Discount discount = null;
      if (refusal == null) {
        discount = discount(promo, lines, priced, byAdvantage);
        if (discount == null) {
          refusal =
              promo.remainingBudget() != null && promo.remainingBudget() == 0
                  ? Refusal.USED_UP
                  : Refusal.NOT_APPLICABLE;
        }
      }
      if (refusal != null) {
        notApplied.add(new NotApplied(promo.id(), refusal));
        continue;
      }
      discounts.add(discount);
      exclusive |= !promo.combinable();
    }

    List<PricedLine> out = new ArrayList<>(lines.size());
    long discountsTotal = 0;
    for (int i = 0; i < lines.size(); i++) {
      long[] p = priced.get(i);
      discountsTotal += p[1];
      out.add(
          new PricedLine(
              lines.get(i).lineNo(), lines.get(i).listPrice(), p[0], byAdvantage.get(i), p[1]));
    }
    return new Priced(out, tickets, discounts, notApplied, linesTotal, discountsTotal);
  }

  private static boolean room(Offer offer, int taken) {
    Integer limit = offer.ticketLimit();
    Integer left = offer.advantage().remaining();
    return (limit == null || taken < limit) && (left == null || taken < left);
  }

  private static Long priceOf(Advantage a, Line line) {
    for (Advantage.AdvantagePrice p : a.prices()) {
      if (p.performanceId().equals(line.performanceId())
          && p.category().equals(line.category())
          && p.tariffId().equals(line.tariffId())) {
        return p.amount();
      }
    }
    return null;
  }

  /** The promo code's discount over the lines it covers (changing their discounts), or null. */
  private static Discount discount(
      PromoCode promo, List<Line> lines, List<long[]> priced, List<UUID> byAdvantage) {
    List<Integer> covered = new ArrayList<>();
    long base = 0;
    for (int i = 0; i < lines.size(); i++) {
      long net = priced.get(i)[0] - priced.get(i)[1];
      boolean event = promo.eventIds() == null || promo.eventIds().contains(lines.get(i).eventId());
      boolean stacks = promo.stacksWithAdvantages() || byAdvantage.get(i) == null;
      if (event && stacks && net > 0) {
        covered.add(i);
        base += net;
      }
    }
    if (base == 0) {
      return null;
    }
    long amount =
        promo.kind() == PromoCode.Kind.PERCENT
            ? percentOf(base, promo.percentBasisPoints())
            : Math.min(promo.amount(), base);
    if (promo.remainingBudget() != null) {
      amount = Math.min(amount, promo.remainingBudget());
    }
    if (amount <= 0) {
      return null;
    }
    Map<Integer, Long> shares = spread(amount, base, covered, lines, priced);
    shares.forEach(
        (lineNo, share) -> {
          for (int i : covered) {
            if (lines.get(i).lineNo() == lineNo) {
              priced.get(i)[1] += share;
            }
          }
        });
    return new Discount(promo.id(), promo.code(), promo.publicName(), amount, shares);
  }

  /** A percentage (in basis points) of an amount, rounded half up to the minor unit. */
  public static long percentOf(long amount, int basisPoints) {
    BigInteger[] qr =
        BigInteger.valueOf(amount)
            .multiply(BigInteger.valueOf(basisPoints))
            .divideAndRemainder(BigInteger.valueOf(10_000));
    long q = qr[0].longValueExact();
    return qr[1].longValue() * 2 >= 10_000 ? q + 1 : q;
  }

  /**
   * Spreads {@code amount} over the covered lines in proportion to their net prices: each gets the
   * floor of its share, and the units left go one each to the largest remainders (the first line on
   * a tie).
   */
  private static Map<Integer, Long> spread(
      long amount, long base, List<Integer> covered, List<Line> lines, List<long[]> priced) {
    BigInteger total = BigInteger.valueOf(base);
    Map<Integer, Long> shares = new LinkedHashMap<>();
    Map<Integer, BigInteger> remainders = new HashMap<>();
    long given = 0;
    for (int i : covered) {
      long net = priced.get(i)[0] - priced.get(i)[1];
      BigInteger[] qr =
          BigInteger.valueOf(amount).multiply(BigInteger.valueOf(net)).divideAndRemainder(total);
      long share = qr[0].longValueExact();
      shares.put(lines.get(i).lineNo(), share);
      remainders.put(i, qr[1]);
      given += share;
    }
    List<Integer> order = new ArrayList<>(covered);
    order.sort(
        Comparator.comparing((Integer i) -> remainders.get(i))
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    for (int k = 0; given < amount; k++, given++) {
      int i = order.get(k % order.size());
      shares.merge(lines.get(i).lineNo(), 1L, Long::sum);
    }
    return shares;
  }
}
