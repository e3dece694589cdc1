package io.guichet.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SettlementTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Quote ORDER = Quote.of("EUR", List.of(4000L, 4000L), 100, 300, null);

  private static GiftVoucher voucher(String code, long balance) {
    return new GiftVoucher(code, "EUR", 10_000, balance, NOW.plusSeconds(86_400));
  }

  @Test
  void vouchers_pay_first_in_the_order_given_then_credit_then_the_card() {
    Settlement s =
        Settlement.decide(
            ORDER,
            List.of("A", "B"),
            Map.of("A", voucher("A", 3000), "B", voucher("B", 2000)),
            1000,
            true,
            null,
            NOW);
    assertThat(s.mode()).isEqualTo(Settlement.Mode.CARD);
    assertThat(s.vouchers())
        .containsExactly(
            new Settlement.VoucherUse("A", 3000), new Settlement.VoucherUse("B", 2000));
    assertThat(s.credit()).isEqualTo(1000);
    assertThat(s.card()).isEqualTo(8500 - 6000);
  }

  @Test
  void a_voucher_larger_than_the_order_is_used_in_part() {
    Settlement s =
        Settlement.decide(
            ORDER, List.of("A"), Map.of("A", voucher("A", 9000)), 0, false, null, NOW);
    assertThat(s.mode()).isEqualTo(Settlement.Mode.NONE);
    assertThat(s.vouchers()).containsExactly(new Settlement.VoucherUse("A", 8500));
    assertThat(s.card()).isZero();
  }

  @Test
  void above_the_payment_ceiling_the_order_is_reserved_without_payment() {
    Settlement s =
        Settlement.decide(
            ORDER, List.of("A"), Map.of("A", voucher("A", 100)), 0, false, 8000L, NOW);
    assertThat(s.mode()).isEqualTo(Settlement.Mode.RESERVE);
    assertThat(s.vouchers()).isEmpty();
    assertThat(s.card()).isZero();
  }

  @Test
  void at_the_ceiling_exactly_the_order_is_paid() {
    Settlement s = Settlement.decide(ORDER, List.of(), Map.of(), 0, false, 8500L, NOW);
    assertThat(s.mode()).isEqualTo(Settlement.Mode.CARD);
  }

  @Test
  void unknown_expired_spent_and_foreign_vouchers_are_refused_with_their_reason() {
    GiftVoucher expired = new GiftVoucher("E", "EUR", 1000, 1000, NOW);
    GiftVoucher spent = voucher("S", 0);
    GiftVoucher dollars = new GiftVoucher("D", "USD", 1000, 1000, NOW.plusSeconds(60));
    assertThat(reason(List.of("U"), Map.of())).isEqualTo("unknown");
    assertThat(reason(List.of("E"), Map.of("E", expired))).isEqualTo("expired");
    assertThat(reason(List.of("S"), Map.of("S", spent))).isEqualTo("spent");
    assertThat(reason(List.of("D"), Map.of("D", dollars))).isEqualTo("currency");
  }

  @Test
  void a_voucher_entered_twice_or_not_needed_is_refused() {
    assertThatThrownBy(
            () ->
                Settlement.decide(
                    ORDER, List.of("A", "A"), Map.of("A", voucher("A", 10)), 0, false, null, NOW))
        .isInstanceOf(DomainException.class);
    assertThatThrownBy(
            () ->
                Settlement.decide(
                    ORDER,
                    List.of("A", "B"),
                    Map.of("A", voucher("A", 9000), "B", voucher("B", 10)),
                    0,
                    false,
                    null,
                    NOW))
        .hasMessageContaining("not needed");
  }

  @Test
  void credit_asked_for_without_any_is_refused() {
    assertThatThrownBy(() -> Settlement.decide(ORDER, List.of(), Map.of(), 0, true, null, NOW))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CREDIT_REFUSED));
  }

  @Property
  void the_means_always_add_up_to_the_total(
      @ForAll @LongRange(min = 0, max = 20_000) long v1,
      @ForAll @LongRange(min = 1, max = 20_000) long v2,
      @ForAll @LongRange(min = 0, max = 20_000) long credit) {
    Map<String, GiftVoucher> vouchers = Map.of("A", voucher("A", v1 + 1), "B", voucher("B", v2));
    List<String> codes = v1 + 1 >= ORDER.total() ? List.of("A") : List.of("A", "B");
    Settlement s = Settlement.decide(ORDER, codes, vouchers, credit + 1, true, null, NOW);
    assertThat(s.byVouchers() + s.credit() + s.card()).isEqualTo(ORDER.total());
    assertThat(s.card()).isNotNegative();
    assertThat(s.mode()).isEqualTo(s.card() > 0 ? Settlement.Mode.CARD : Settlement.Mode.NONE);
    s.vouchers()
        .forEach(
            u ->
                assertThat(u.amount())
                    .isPositive()
                    .isLessThanOrEqualTo(vouchers.get(u.code()).balance()));
  }

  private static String reason(List<String> codes, Map<String, GiftVoucher> vouchers) {
    try {
      Settlement.decide(ORDER, codes, vouchers, 0, false, null, NOW);
      throw new AssertionError("accepted");
    } catch (DomainException e) {
      assertThat(e.failure()).isEqualTo(Failure.VOUCHER_REFUSED);
      return (String) e.extensions().get("reason");
    }
  }
}
