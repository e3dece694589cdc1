package io.guichet.payment;

/**
 * The card payment provider: Ogone's e-Commerce hosted page, either a real Ogone account or the
 * simulated provider built into Guichet (the same protocol, for development and tests).
 *
 * @param simulated serve the simulated provider under {@code /psp-sim} and use it
 * @param baseUrl where the provider's pages live (e.g. {@code https://secure.ogone.com/ncol/prod})
 * @param pspId the merchant's PSPID
 * @param shaIn pass phrase signing what Guichet sends
 * @param shaOut pass phrase signing what the provider sends back
 * @param apiUser the API user for server-to-server calls (refunds)
 * @param apiPassword its password
 * @param publicUrl where buyers' browsers and the provider reach Guichet (return URLs)
 * @param notifyUrl where the simulated provider posts its server-to-server notifications
 */
public record PaymentConfig(
    boolean simulated,
    String baseUrl,
    String pspId,
    String shaIn,
    String shaOut,
    OgoneSignature.Algorithm algorithm,
    String apiUser,
    String apiPassword,
    String publicUrl,
    String notifyUrl) {

  public static final String PROVIDER = "ogone";
}
