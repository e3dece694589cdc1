package io.guichet.domain.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.domain.order.Quote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CartPricingTest {
  static final Instant NOW = Instant.parse("2027-01-10T12:00:00Z");
  static final UUID PERF = UUID.randomUUID();
  static final UUID OTHER_PERF = UUID.randomUUID();
  static final UUID EVENT = UUID.randomUUID();
  static final UUID OTHER_EVENT = UUID.randomUUID();
  static final UUID FULL = UUID.randomUUID();
  static final UUID REDUCED = UUID.randomUUID();

  static CartPricing.Line line(int no, UUID perf, UUID tariff, long price) {
    return new CartPricing.Line(
        no,
        perf,
        perf.equals(PERF) ? EVENT : OTHER_EVENT,
        NOW.plusSeconds(86_400),
        "A",
        tariff,
        price);
  }

  static PromoCode percent(int bp) {
    return promo(PromoCode.Kind.PERCENT, bp, null, null, null, true, true);
  }

  static PromoCode promo(
      PromoCode.Kind kind,
      Integer bp,
      Long amount,
      Long budget,
      List<UUID> events,
      boolean combinable,
      boolean stacks) {
    return new PromoCode(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "C" + UUID.randomUUID().toString().substring(0, 6),
        "promo",
        "Promo",
        Advantage.State.OPERATION,
        kind,
        bp,
        amount,
        "EUR",
        0,
        null,
        null,
        null,
        null,
        null,
        events,
        combinable,
        stacks,
        null,
        0,
        budget,
        0,
        NOW);
  }

  static Advantage advantage(long price, Integer quota, int uses, Integer perOrder) {
    return new Advantage(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "2026-2027",
        "EVENT",
        "ADV",
        "adv",
        "Adv",
        null,
        Advantage.State.OPERATION,
        Advantage.Target.PUBLIC,
        null,
        null,
        null,
        null,
        null,
        null,
        Advantage.SaleEnd.PERFORMANCE_START,
        0,
        quota,
        uses,
        perOrder,
        List.of(new Advantage.AdvantagePrice(PERF, "A", FULL, price)),
        NOW);
  }

  @Test
  void the_seeds_coupon_of_three_percent_takes_2_40_off_an_80_00_ticket_and_leaves_the_fees() {
    // seed: one 80.00 EUR ticket, 2.00 EUR of fees and "Coupon 3%" (its screen shows -1.60,
    // which is neither 3 % of the ticket nor of the order)
    CartPricing.Priced priced =
        CartPricing.price(
            List.of(line(1, PERF, FULL, 8000)), List.of(), List.of(percent(300)), NOW);
    Quote quote = Quote.of("EUR", List.of(8000L), 0, 200, null, priced.discountsTotal());
    assertThat(priced.discountsTotal()).isEqualTo(240);
    assertThat(quote.feesTotal()).isEqualTo(200);
    assertThat(quote.total()).isEqualTo(7960);
  }

  @Test
  void a_percentage_is_rounded_half_up_on_the_lines_it_covers_and_spread_over_them() {
    // 3 % of 3 × 33.33 = 2.9997 → 3.00, spread 1.00 each
    List<CartPricing.Line> lines =
        List.of(line(1, PERF, FULL, 3333), line(2, PERF, FULL, 3333), line(3, PERF, FULL, 3333));
    CartPricing.Priced priced = CartPricing.price(lines, List.of(), List.of(percent(300)), NOW);
    assertThat(priced.discountsTotal()).isEqualTo(300);
    assertThat(priced.lines())
        .extracting(CartPricing.PricedLine::discount)
        .containsExactly(100L, 100L, 100L);
    // 2.5 % of 0.10 = 0.0025 → 0.00 (half up at the unit: 0.25 of a cent rounds down); 0.20 → 0.01
    assertThat(CartPricing.percentOf(10, 250)).isZero();
    assertThat(CartPricing.percentOf(20, 250)).isEqualTo(1);
    assertThat(CartPricing.percentOf(200, 250)).isEqualTo(5);
  }

  @Test
  void an_amount_never_takes_more_than_the_lines_it_covers_and_never_touches_fees() {
    CartPricing.Priced priced =
        CartPricing.price(
            List.of(line(1, PERF, FULL, 1500)),
            List.of(),
            List.of(promo(PromoCode.Kind.AMOUNT, null, 5000L, null, null, true, true)),
            NOW);
    assertThat(priced.discountsTotal()).isEqualTo(1500);
    Quote quote = Quote.of("EUR", List.of(1500L), 100, 300, null, priced.discountsTotal());
    assertThat(quote.total()).isEqualTo(400);
  }

  @Test
  void a_code_covers_only_its_events_and_lines_priced_by_an_advantage_only_if_it_stacks() {
    Advantage adv = advantage(2000, null, 0, null);
    List<CartPricing.Line> lines =
        List.of(
            line(1, PERF, FULL, 4500),
            line(2, PERF, REDUCED, 3000),
            line(3, OTHER_PERF, FULL, 2500));
    CartPricing.Priced priced =
        CartPricing.price(
            lines,
            List.of(new CartPricing.Offer(adv, null)),
            List.of(promo(PromoCode.Kind.PERCENT, 1000, null, null, List.of(EVENT), true, false)),
            NOW);
    assertThat(priced.lines().get(0).price()).isEqualTo(2000);
    assertThat(priced.lines().get(0).discount()).isZero();
    assertThat(priced.lines().get(1).discount()).isEqualTo(300);
    assertThat(priced.lines().get(2).discount()).isZero();
  }

  @Test
  void an_advantage_prices_no_more_tickets_than_its_quota_left_and_its_limit() {
    Advantage adv = advantage(1000, 5, 3, null);
    List<CartPricing.Line> lines = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      lines.add(line(i, PERF, FULL, 4500));
    }
    CartPricing.Priced priced =
        CartPricing.price(lines, List.of(new CartPricing.Offer(adv, null)), List.of(), NOW);
    assertThat(priced.advantageTickets()).containsEntry(adv.id(), 2);
    priced = CartPricing.price(lines, List.of(new CartPricing.Offer(adv, 1)), List.of(), NOW);
    assertThat(priced.advantageTickets()).containsEntry(adv.id(), 1);
    assertThat(priced.linesTotal()).isEqualTo(1000 + 3 * 4500);
  }

  @Test
  void a_performance_past_its_sale_end_keeps_its_list_price() {
    Advantage adv = advantage(1000, null, 0, null);
    CartPricing.Line started =
        new CartPricing.Line(1, PERF, EVENT, NOW.minusSeconds(60), "A", FULL, 4500);
    CartPricing.Priced priced =
        CartPricing.price(
            List.of(started), List.of(new CartPricing.Offer(adv, null)), List.of(), NOW);
    assertThat(priced.lines().get(0).price()).isEqualTo(4500);
  }

  @Test
  void a_code_that_is_not_combinable_gives_nothing_after_another() {
    CartPricing.Priced priced =
        CartPricing.price(
            List.of(line(1, PERF, FULL, 4500)),
            List.of(),
            List.of(
                percent(1000), promo(PromoCode.Kind.PERCENT, 1000, null, null, null, false, true)),
            NOW);
    assertThat(priced.discounts()).hasSize(1);
    assertThat(priced.notApplied())
        .extracting(CartPricing.NotApplied::reason)
        .containsExactly(Refusal.NOT_COMBINABLE);
  }

  // --- properties over generated carts ---

  record Cart(
      List<CartPricing.Line> lines, List<CartPricing.Offer> offers, List<PromoCode> promos) {}

  @Provide
  Arbitrary<Cart> carts() {
    Arbitrary<CartPricing.Line> oneLine =
        Combinators.combine(
                Arbitraries.of(PERF, OTHER_PERF),
                Arbitraries.of(FULL, REDUCED),
                Arbitraries.longs().between(0, 500_000))
            .as((p, t, price) -> line(0, p, t, price));
    Arbitrary<List<CartPricing.Line>> lines =
        oneLine.list().ofMinSize(1).ofMaxSize(12).map(CartPricingTest::numbered);
    Arbitrary<CartPricing.Offer> offer =
        Combinators.combine(
                Arbitraries.longs().between(0, 600_000),
                Arbitraries.integers().between(1, 10).injectNull(0.5),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(1, 4).injectNull(0.5))
            .as(
                (price, quota, used, limit) ->
                    new CartPricing.Offer(
                        advantage(price, quota, quota == null ? 0 : Math.min(used, quota), null),
                        limit));
    Arbitrary<PromoCode> promo =
        Combinators.combine(
                Arbitraries.of(PromoCode.Kind.values()),
                Arbitraries.integers().between(1, 10_000),
                Arbitraries.longs().between(1, 1_000_000),
                Arbitraries.longs().between(1, 100_000).injectNull(0.5),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false))
            .as(
                (kind, bp, amount, budget, events, combinable, stacks) ->
                    promo(
                        kind,
                        kind == PromoCode.Kind.PERCENT ? bp : null,
                        kind == PromoCode.Kind.AMOUNT ? amount : null,
                        budget,
                        events ? List.of(EVENT) : null,
                        combinable,
                        stacks));
    return Combinators.combine(lines, offer.list().ofMaxSize(3), promo.list().ofMaxSize(3))
        .as(Cart::new);
  }

  private static List<CartPricing.Line> numbered(List<CartPricing.Line> lines) {
    List<CartPricing.Line> out = new ArrayList<>();
    for (CartPricing.Line l : lines) {
      out.add(
          new CartPricing.Line(
              out.size() + 1,
              l.performanceId(),
              l.eventId(),
              l.performanceStartsAt(),
              l.category(),
              l.tariffId(),
              l.listPrice()));
    }
    return out;
  }

  @Property(tries = 2000)
  void totals_add_up_never_go_below_the_fees_and_each_discount_is_spread_exactly(
      @ForAll("carts") Cart cart) {
    CartPricing.Priced priced = CartPricing.price(cart.lines(), cart.offers(), cart.promos(), NOW);
    long lines = 0;
    long discounts = 0;
    for (CartPricing.PricedLine l : priced.lines()) {
      assertThat(l.discount()).isBetween(0L, l.price());
      lines += l.price();
      discounts += l.discount();
    }
    assertThat(priced.linesTotal()).isEqualTo(lines);
    assertThat(priced.discountsTotal()).isEqualTo(discounts);
    long spread = 0;
    for (CartPricing.Discount d : priced.discounts()) {
      assertThat(d.amount()).isPositive();
      assertThat(d.lines().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(d.amount());
      spread += d.amount();
    }
    assertThat(spread).isEqualTo(discounts);
    Quote quote =
        Quote.of(
            "EUR",
            priced.lines().stream().map(CartPricing.PricedLine::price).toList(),
            150,
            300,
            900L,
            priced.discountsTotal());
    assertThat(quote.total()).isEqualTo(lines - discounts + quote.feesTotal());
    assertThat(quote.total()).isGreaterThanOrEqualTo(quote.feesTotal()).isNotNegative();
  }

  @Property(tries = 2000)
  void advantages_price_within_their_quota_and_limit_and_other_lines_keep_their_list_price(
      @ForAll("carts") Cart cart) {
    CartPricing.Priced priced = CartPricing.price(cart.lines(), cart.offers(), cart.promos(), NOW);
    Map<UUID, CartPricing.Offer> byId = new HashMap<>();
    cart.offers().forEach(o -> byId.put(o.advantage().id(), o));
    priced
        .advantageTickets()
        .forEach(
            (id, n) -> {
              CartPricing.Offer o = byId.get(id);
              if (o.ticketLimit() != null) {
                assertThat(n).isLessThanOrEqualTo(o.ticketLimit());
              }
              if (o.advantage().remaining() != null) {
                assertThat(n).isLessThanOrEqualTo(o.advantage().remaining());
              }
            });
    for (int i = 0; i < cart.lines().size(); i++) {
      CartPricing.PricedLine l = priced.lines().get(i);
      if (l.advantageId() == null) {
        assertThat(l.price()).isEqualTo(cart.lines().get(i).listPrice());
      } else {
        assertThat(cart.lines().get(i).tariffId()).isEqualTo(FULL);
        assertThat(cart.lines().get(i).performanceId()).isEqualTo(PERF);
      }
    }
  }

  @Property(tries = 2000)
  void a_discount_never_passes_the_budget_left_nor_covers_lines_outside_its_scope(
      @ForAll("carts") Cart cart) {
    CartPricing.Priced priced = CartPricing.price(cart.lines(), cart.offers(), cart.promos(), NOW);
    Map<UUID, PromoCode> promos = new HashMap<>();
    cart.promos().forEach(p -> promos.put(p.id(), p));
    for (CartPricing.Discount d : priced.discounts()) {
      PromoCode p = promos.get(d.promoId());
      if (p.budget() != null) {
        assertThat(d.amount()).isLessThanOrEqualTo(p.budget());
      }
      d.lines()
          .forEach(
              (lineNo, share) -> {
                CartPricing.Line line = cart.lines().get(lineNo - 1);
                CartPricing.PricedLine pl = priced.lines().get(lineNo - 1);
                if (p.eventIds() != null && share > 0) {
                  assertThat(p.eventIds()).contains(line.eventId());
                }
                if (!p.stacksWithAdvantages() && share > 0) {
                  assertThat(pl.advantageId()).isNull();
                }
              });
    }
  }
}
