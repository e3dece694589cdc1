package io.guichet.domain.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.domain.catalogue.SeatState;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevenueTest {
  private static final UUID WEB = UUID.randomUUID();
  private static final UUID DESK = UUID.randomUUID();
  private static final UUID FULL = UUID.randomUUID();
  private static final UUID REDUCED = UUID.randomUUID();
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);
  private static final LocalDate TUESDAY = MONDAY.plusDays(1);

  private static RevenueLine line(
      LocalDate day, UUID channel, UUID tariff, long tickets, long amount) {
    return new RevenueLine(
        day,
        channel,
        channel == WEB ? "Web" : "Desk",
        tariff,
        tariff == FULL ? "FULL" : "RED",
        tariff == FULL ? "Full" : "Reduced",
        tickets,
        amount);
  }

  @Test
  void every_cut_sums_the_same_lines_to_the_same_total() {
    Revenue r =
        Revenue.of(
            "EUR",
            List.of(
                line(TUESDAY, DESK, FULL, 1, 4500),
                line(MONDAY, WEB, FULL, 2, 9000),
                line(MONDAY, WEB, REDUCED, 1, 3000),
                line(TUESDAY, WEB, REDUCED, 3, 9000)));

    assertThat(r.amount()).isEqualTo(25_500);
    assertThat(r.tickets()).isEqualTo(7);
    assertThat(r.byTariff())
        .containsExactly(
            new Revenue.TariffPart(FULL, "FULL", "Full", 3, 13_500),
            new Revenue.TariffPart(REDUCED, "RED", "Reduced", 4, 12_000));
    assertThat(r.byChannel())
        .containsExactly(
            new Revenue.ChannelPart(DESK, "Desk", 1, 4500),
            new Revenue.ChannelPart(WEB, "Web", 6, 21_000));
    assertThat(r.byDay())
        .containsExactly(
            new Revenue.DayPart(MONDAY, 3, 12_000), new Revenue.DayPart(TUESDAY, 4, 13_500));
    assertThat(r.lines().get(0).day()).isEqualTo(MONDAY);
  }

  @Test
  void no_sale_is_an_empty_revenue_of_zero() {
    Revenue r = Revenue.of("EUR", List.of());
    assertThat(r.amount()).isZero();
    assertThat(r.byTariff()).isEmpty();
    assertThat(r.byDay()).isEmpty();
  }

  @Test
  void seats_are_counted_by_quota_and_category_with_the_open_sale_first() {
    UUID partners = UUID.randomUUID();
    Availability a =
        new Availability.Counter()
            .add(partners, "Partners", "A", SeatState.SOLD)
            .add(null, null, "B", SeatState.FREE)
            .add(null, null, "A", SeatState.HELD)
            .add(null, null, "A", SeatState.BLOCKED)
            .add(partners, "Partners", "A", SeatState.FREE)
            .result();
    assertThat(a.rows())
        .containsExactly(
            new Availability.Row(null, null, "A", new Availability.Counts(0, 1, 0, 1)),
            new Availability.Row(null, null, "B", new Availability.Counts(0, 0, 1, 0)),
            new Availability.Row(partners, "Partners", "A", new Availability.Counts(1, 0, 1, 0)));
    assertThat(a.total()).isEqualTo(new Availability.Counts(1, 1, 2, 1));
    assertThat(a.total().seats()).isEqualTo(5);
  }
}
