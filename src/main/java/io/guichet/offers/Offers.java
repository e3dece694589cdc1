package io.guichet.offers;

import io.guichet.store.AdvantageStore;
import io.guichet.store.CodeStore;

/**
 * Advantages, promo codes and single-use codes as one node's verticles see them.
 *
 * @param quotes what a cart costs before checkout
 */
public record Offers(
    AdvantageStore advantages,
    CodeStore codes,
    CodeCrypto crypto,
    CartOffersService carts,
    CartOffersService.Quoter quotes,
    CodeBatchVerticle batches) {}
