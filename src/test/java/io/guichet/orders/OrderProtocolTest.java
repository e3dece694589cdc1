package io.guichet.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.order.OrderStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one place where order commands and PostgreSQL's answers meet Java types. */
class OrderProtocolTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void each_answer_becomes_its_outcome() {
    UUID order = UUID.randomUUID();
    OrderCommand.Cancel cancel = new OrderCommand.Cancel(order, NOW);
    assertThat(
            OrderProtocol.decode(
                cancel, new JsonObject().put("result", "CANCELLED").put("was", "RESERVED")))
        .isEqualTo(new OrderOutcome.Cancel.Cancelled(OrderStatus.RESERVED));
    OrderCommand.Pay pay = new OrderCommand.Pay("ogone", "R-1", "9", 100, "EUR", 9, NOW);
    assertThat(
            OrderProtocol.decode(
                pay,
                new JsonObject()
                    .put("result", "REFUND")
                    .put("orderId", order.toString())
                    .put("reason", "order expired")
                    .put("paymentId", order.toString())
                    .put("orderStatus", "EXPIRED")))
        .isEqualTo(
            new OrderOutcome.Pay.RefundDue(order, "order expired", order, OrderStatus.EXPIRED));
  }

  @Test
  void an_answer_no_outcome_stands_for_is_a_fault_never_a_refusal() {
    OrderCommand.Expire expire = new OrderCommand.Expire(UUID.randomUUID(), NOW);
    assertThatThrownBy(
            () -> OrderProtocol.decode(expire, new JsonObject().put("result", "CONFLICT")))
        .isInstanceOf(OrderProtocol.UnexpectedAnswer.class)
        .hasMessageContaining("expire");
    assertThatThrownBy(() -> OrderProtocol.decode(expire, new JsonObject()))
        .isInstanceOf(OrderProtocol.UnexpectedAnswer.class);
    assertThatThrownBy(() -> OrderProtocol.decode(expire, null))
        .isInstanceOf(OrderProtocol.UnexpectedAnswer.class);
  }

  @Test
  void commands_are_written_with_their_kind_and_time_and_without_nulls() {
    UUID order = UUID.randomUUID();
    JsonObject json =
        OrderProtocol.encode(
            new OrderCommand.FailPayment(
                "ogone", "R-2", null, OrderCommand.FailPayment.Failed.DECLINED, 2, NOW));
    assertThat(json.getString("kind")).isEqualTo("payment-failed");
    assertThat(json.getString("now")).isEqualTo(NOW.toString());
    assertThat(json.getString("status")).isEqualTo("DECLINED");
    assertThat(json.containsKey("payId")).isFalse();
    assertThat(OrderProtocol.encode(new OrderCommand.ConfirmEmail(order, NOW)).getString("kind"))
        .isEqualTo("confirm-email");
  }
}
