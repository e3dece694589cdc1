package io.guichet.domain.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {
  private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

  @Test
  void theMeasuredRateIsOverTheLastMinuteOrSinceTheStart() {
    assertThat(WaitEstimate.measuredPerMinute(300, START, START.plusSeconds(600))).isEqualTo(300);
    // Half a minute into the sale, 150 admitted: 300 per minute.
    assertThat(WaitEstimate.measuredPerMinute(150, START, START.plusSeconds(30))).isEqualTo(300);
    // Nothing to measure yet.
    assertThat(WaitEstimate.measuredPerMinute(0, START, START.plusSeconds(600))).isEqualTo(-1);
    assertThat(WaitEstimate.measuredPerMinute(5, START, START.plusSeconds(2))).isEqualTo(-1);
    assertThat(WaitEstimate.measuredPerMinute(5, START, START.minusSeconds(2))).isEqualTo(-1);
  }

  @Test
  void theWaitFollowsTheMeasuredRateElseTheConfiguredOnePlusTheTimeToTheStart() {
    // 99 ahead at 100 per minute: admitted with the 100th admission, in a minute.
    assertThat(WaitEstimate.of(99, 100, 10, START, START.plusSeconds(60)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(WaitEstimate.of(99, -1, 50, START, START.plusSeconds(60)))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(WaitEstimate.of(0, -1, 60, START, START.minusSeconds(300)))
        .isEqualTo(Duration.ofSeconds(301));
  }

  @Test
  void anOnSaleHasPhases() {
    OnSale s =
        new OnSale(
            java.util.UUID.randomUUID(),
            java.util.UUID.randomUUID(),
            "x",
            java.util.List.of(java.util.UUID.randomUUID()),
            START.minusSeconds(3600),
            START,
            100,
            10,
            600,
            true);
    assertThat(s.phase(START.minusSeconds(7200))).isEqualTo(OnSale.Phase.NOT_OPEN);
    assertThat(s.phase(START.minusSeconds(1))).isEqualTo(OnSale.Phase.PRE_QUEUE);
    assertThat(s.phase(START)).isEqualTo(OnSale.Phase.SELLING);
    assertThat(s.with(s.queueOpensAt(), START, 100, 10, 600, false).phase(START))
        .isEqualTo(OnSale.Phase.OFF);
  }
}
