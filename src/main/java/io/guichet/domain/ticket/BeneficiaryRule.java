package io.guichet.domain.ticket;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import java.time.Duration;
import java.time.Instant;

/**
 * When a ticket's beneficiary may change (seed: "Autoriser la modification des bénéficiaires après
 * impression … jusqu'à un certain temps avant l'événement"): always before the ticket is printed
 * (downloaded in any form), until the performance starts; after printing only where the point of
 * sale allows it, until its number of hours before the performance.
 */
public final class BeneficiaryRule {
  private BeneficiaryRule() {}

  /**
   * @param printedAt when the ticket's code first left the server, or null
   * @param changeHours the point of sale's limit after printing, or null: no change after printing
   * @throws DomainException BENEFICIARY_CHANGE_CLOSED with the reason
   */
  public static void check(
      Instant now,
      Instant performanceStart,
      boolean live,
      boolean checkedIn,
      Instant printedAt,
      Integer changeHours) {
    if (!live) {
      throw closed("the ticket is cancelled");
    }
    if (checkedIn) {
      throw closed("the ticket has been scanned at the door");
    }
    if (!now.isBefore(performanceStart)) {
      throw closed("the performance has started");
    }
    if (printedAt == null) {
      return;
    }
    if (changeHours == null) {
      throw closed("this point of sale does not allow a change once the ticket is downloaded");
    }
    Instant limit = performanceStart.minus(Duration.ofHours(changeHours));
    if (!now.isBefore(limit)) {
      throw DomainException.of(
          Failure.BENEFICIARY_CHANGE_CLOSED,
          "a downloaded ticket's beneficiary may change until "
              + changeHours
              + " hours before the performance",
          java.util.Map.of("until", limit.toString()));
    }
  }

  private static DomainException closed(String why) {
    return new DomainException(Failure.BENEFICIARY_CHANGE_CLOSED, why);
  }
}
