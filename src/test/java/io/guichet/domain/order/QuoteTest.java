package io.guichet.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class QuoteTest {

  @Test
  void fees_are_per_ticket_plus_delivery_and_capped_by_the_channel() {
    Quote q = Quote.of("EUR", List.of(4500L, 3000L, 3000L), 150, 300, 500L);
    assertThat(q.linesTotal()).isEqualTo(10_500);
    assertThat(q.ticketFees()).isEqualTo(450);
    assertThat(q.deliveryFee()).isEqualTo(300);
    assertThat(q.feesTotal()).isEqualTo(500);
    assertThat(q.total()).isEqualTo(11_000);
  }

  @Test
  void without_a_cap_every_fee_counts() {
    Quote q = Quote.of("EUR", List.of(1000L, 1000L), 100, 250, null);
    assertThat(q.feesTotal()).isEqualTo(450);
    assertThat(q.total()).isEqualTo(2450);
  }

  @Test
  void an_order_without_tickets_is_refused() {
    assertThatThrownBy(() -> Quote.of("EUR", List.of(), 0, 0, null))
        .isInstanceOf(DomainException.class);
  }

  @Test
  void amounts_that_would_overflow_are_refused_not_wrapped() {
    assertThatThrownBy(() -> Quote.of("EUR", List.of(Long.MAX_VALUE, 1L), 0, 0, null))
        .isInstanceOf(ArithmeticException.class);
  }

  @Property
  void total_is_lines_plus_capped_fees_and_never_negative(
      @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 0, max = 1_000_000) Long> prices,
      @ForAll @LongRange(min = 0, max = 10_000) long perTicket,
      @ForAll @LongRange(min = 0, max = 10_000) long delivery,
      @ForAll @IntRange(min = -1, max = 50_000) int cap) {
    Long feeCap = cap < 0 ? null : (long) cap;
    Quote q = Quote.of("EUR", prices, perTicket, delivery, feeCap);
    long lines = prices.stream().mapToLong(Long::longValue).sum();
    long fees = perTicket * prices.size() + delivery;
    assertThat(q.linesTotal()).isEqualTo(lines);
    assertThat(q.feesTotal()).isEqualTo(feeCap == null ? fees : Math.min(fees, feeCap));
    assertThat(q.total()).isEqualTo(q.linesTotal() + q.feesTotal()).isNotNegative();
  }
}
