package io.guichet.inventory;

/**
 * Who holds and under which rules: the hold id (one per cart item), its deadline (epoch ms), the
 * channel's quota access mask, whether the isolated-seat rule applies now, and whether the channel
 * lets a party be split.
 */
public record HoldSpec(
    long holdId, long deadline, long quotaAccess, boolean isolationRule, boolean allowSplit) {}
