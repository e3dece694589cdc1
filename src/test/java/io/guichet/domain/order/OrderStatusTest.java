package io.guichet.domain.order;

import static io.guichet.domain.order.OrderStatus.CANCELLED;
import static io.guichet.domain.order.OrderStatus.EXPIRED;
import static io.guichet.domain.order.OrderStatus.PAID;
import static io.guichet.domain.order.OrderStatus.PENDING_PAYMENT;
import static io.guichet.domain.order.OrderStatus.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderStatusTest {

  @Test
  void a_pending_order_is_paid_reserved_cancelled_or_expires() {
    assertThat(PENDING_PAYMENT.successors())
        .containsExactlyInAnyOrder(RESERVED, PAID, CANCELLED, EXPIRED);
  }

  @Test
  void a_reserved_order_is_paid_or_cancelled_but_never_expires_by_itself() {
    assertThat(RESERVED.successors()).containsExactlyInAnyOrder(PAID, CANCELLED);
    assertThat(RESERVED.mayBecome(EXPIRED)).isFalse();
  }

  @Test
  void paid_cancelled_and_expired_are_final() {
    for (OrderStatus s : new OrderStatus[] {PAID, CANCELLED, EXPIRED}) {
      assertThat(s.isFinal()).isTrue();
      for (OrderStatus next : OrderStatus.values()) {
        assertThat(s.mayBecome(next)).isFalse();
      }
    }
  }

  @Test
  void only_reserved_and_paid_orders_hold_live_tickets() {
    assertThat(RESERVED.ticketed()).isTrue();
    assertThat(PAID.ticketed()).isTrue();
    assertThat(PENDING_PAYMENT.ticketed()).isFalse();
    assertThat(CANCELLED.ticketed()).isFalse();
    assertThat(EXPIRED.ticketed()).isFalse();
  }
}
