package io.guichet.domain.catalogue;

/**
 * The shop switches of a point of sale (seed: paramètres internet, fonctions disponibles).
 *
 * @param loginAt {@code CHECKOUT}: identify after the cart; {@code START}: from the first call
 * @param bulkPrinting {@code NONE}, {@code BY_PRODUCT} or {@code BY_ORDER}
 * @param beneficiaryChangeHours beneficiaries may change until this many hours before the
 *     performance; null: never after printing
 */
public record PosSettings(
    boolean sale,
    boolean guestCheckout,
    boolean confirmationEmailRequired,
    String loginAt,
    boolean contactNumberLogin,
    boolean disableTicketDownload,
    String bulkPrinting,
    boolean beneficiariesRequired,
    Integer beneficiaryChangeHours,
    boolean allowPayOrCancelPending,
    boolean immediateDeliveryOnly,
    boolean hideWaitlist) {

  public static PosSettings defaults() {
    return new PosSettings(
        true, true, false, "CHECKOUT", false, false, "NONE", false, null, true, false, false);
  }
}
