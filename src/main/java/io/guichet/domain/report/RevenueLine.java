package io.guichet.domain.report;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The finest cut of a performance's revenue: the tickets of paid orders sold on one day (of
 * payment, UTC) through one channel at one tariff, and what they were sold for.
 *
 * @param amount the sum of the tickets' prices, in minor units of the performance's currency
 */
public record RevenueLine(
    LocalDate day,
    UUID channelId,
    String channelName,
    UUID tariffId,
    String tariffCode,
    String tariffName,
    long tickets,
    long amount) {}
