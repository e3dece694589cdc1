package io.guichet.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.order.RefundPlan.Paid;
import io.guichet.domain.order.RefundPlan.RefundTo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefundPlanTest {
  // 2 × 4500 + 200 of fees, all by card, a guest
  private static final Paid CARD_GUEST = new Paid(9200, 9200, 0, 0, false);

  @Test
  void some_lines_give_back_their_prices_and_the_last_ones_what_is_left_with_the_fees() {
    assertThat(RefundPlan.of(RefundTo.CARD, CARD_GUEST, List.of(4500L), false))
        .isEqualTo(new RefundPlan(4500, 4500, 0));
    Paid after = new Paid(9200, 9200, 4500, 4500, false);
    assertThat(RefundPlan.of(RefundTo.CARD, after, List.of(4500L), true))
        .isEqualTo(new RefundPlan(4700, 4700, 0));
  }

  @Test
  void what_the_card_did_not_pay_goes_to_the_buyers_credit() {
    Paid half = new Paid(9200, 5000, 0, 0, true);
    assertThat(RefundPlan.of(RefundTo.CARD, half, List.of(4500L, 4500L), true))
        .isEqualTo(new RefundPlan(9200, 5000, 4200));
    assertThat(RefundPlan.of(RefundTo.CREDIT, half, List.of(4500L), false))
        .isEqualTo(new RefundPlan(4500, 0, 4500));
  }

  @Test
  void a_guest_has_no_credit_to_give_back_to_and_none_gives_nothing() {
    assertThatThrownBy(() -> RefundPlan.of(RefundTo.CREDIT, CARD_GUEST, List.of(4500L), false))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ORDER_STATE));
    assertThat(RefundPlan.of(RefundTo.NONE, CARD_GUEST, List.of(4500L), true))
        .isEqualTo(new RefundPlan(0, 0, 0));
  }

  @Test
  void never_more_than_what_is_left_of_the_order() {
    Paid almost = new Paid(9200, 9200, 9000, 9000, false);
    assertThat(RefundPlan.of(RefundTo.CARD, almost, List.of(4500L), false).amount()).isEqualTo(200);
  }

  @Test
  void the_lines_asked_must_be_the_orders_and_live() {
    Set<Integer> all = Set.of(1, 2, 3);
    assertThat(RefundPlan.lines(List.of(), Set.of(1, 3), all)).containsExactly(1, 3);
    assertThat(RefundPlan.lines(List.of(3, 1), Set.of(1, 3), all)).containsExactly(1, 3);
    assertThatThrownBy(() -> RefundPlan.lines(List.of(4), Set.of(1), all))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_REQUEST));
    assertThatThrownBy(() -> RefundPlan.lines(List.of(2), Set.of(1), all))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ORDER_STATE));
    assertThatThrownBy(() -> RefundPlan.lines(List.of(), Set.of(), all))
        .isInstanceOf(DomainException.class);
  }
}
