package io.guichet.domain.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sales channel and its parameters (seed: filière de vente).
 *
 * @param holdTimeoutSeconds after it an unpaid cart is abandoned (seed: délai d abandon)
 * @param isolatedSeatTrigger while more seats than this remain on sale, no sale may strand a single
 *     seat (seed: trigger des places isolées)
 * @param maxPerPerformance cap per cart and performance (seed: quantité max par séance)
 * @param perTicketFee fee added per ticket, minor units
 * @param feeCap cap on all fees of one order, or null for none (seed: plafond des frais)
 * @param paymentCeiling above it an order becomes RESERVED without payment, or null
 * @param optionDeadline date by which direct options must be confirmed (B2B), or null
 * @param enabled off: the channel's points of sale take no new carts, holds or checkouts (what is
 *     held or ordered already finishes)
 */
public record SalesChannel(
    UUID id,
    UUID organizerId,
    String name,
    ChannelType type,
    String currency,
    SeatSearchMode seatSearchMode,
    int holdTimeoutSeconds,
    int isolatedSeatTrigger,
    boolean alwaysAllowIsolatedSeats,
    boolean allowSplit,
    int maxPerPerformance,
    long perTicketFee,
    Long feeCap,
    Long paymentCeiling,
    String senderEmail,
    Instant optionDeadline,
    List<DeliveryOption> deliveryModes,
    boolean enabled,
    Instant createdAt) {}
