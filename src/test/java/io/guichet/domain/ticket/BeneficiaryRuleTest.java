package io.guichet.domain.ticket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BeneficiaryRuleTest {
  private static final Instant SHOW = Instant.parse("2027-06-12T18:00:00Z");

  @Test
  void before_printing_the_name_changes_until_the_performance() {
    assertThatCode(
            () -> BeneficiaryRule.check(SHOW.minusSeconds(60), SHOW, true, false, null, null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> BeneficiaryRule.check(SHOW, SHOW, true, false, null, null))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("started");
  }

  @Test
  void after_printing_it_changes_only_where_allowed_and_until_the_hours_before() {
    Instant printed = SHOW.minus(Duration.ofDays(5));
    assertThatThrownBy(
            () -> BeneficiaryRule.check(printed.plusSeconds(1), SHOW, true, false, printed, null))
        .hasMessageContaining("does not allow");
    Instant justBefore = SHOW.minus(Duration.ofHours(8)).minusSeconds(1);
    assertThatCode(() -> BeneficiaryRule.check(justBefore, SHOW, true, false, printed, 8))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                BeneficiaryRule.check(
                    SHOW.minus(Duration.ofHours(8)), SHOW, true, false, printed, 8))
        .hasMessageContaining("8 hours");
  }

  @Test
  void a_cancelled_or_scanned_ticket_keeps_its_name() {
    Instant now = SHOW.minus(Duration.ofDays(1));
    assertThatThrownBy(() -> BeneficiaryRule.check(now, SHOW, false, false, null, 2))
        .hasMessageContaining("cancelled");
    assertThatThrownBy(() -> BeneficiaryRule.check(now, SHOW, true, true, null, 2))
        .hasMessageContaining("scanned");
  }

  @Test
  void names_are_trimmed_bounded_and_without_control_characters() {
    assertThatThrownBy(() -> new Beneficiary(" ", "Curie")).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> new Beneficiary("A".repeat(81), "Curie"))
        .isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> new Beneficiary("Marie\u0000", "Curie"))
        .isInstanceOf(DomainException.class);
    assertThatCode(() -> new Beneficiary("  Marie ", "Skłodowska-Curie"))
        .doesNotThrowAnyException();
  }
}
