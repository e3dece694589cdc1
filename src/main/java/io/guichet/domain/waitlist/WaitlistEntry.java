package io.guichet.domain.waitlist;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A buyer waiting for seats of one performance: an account ({@code customerId}) or a guest's e-mail
 * address, how many seats, which categories (in the buyer's order of preference) and whether the
 * seats must be side by side.
 *
 * @param seq the sign-up order across the list: the lower, the earlier
 * @param language the point of sale's language its e-mails are written in
 * @param passes offers that went to entries behind it while it could not be seated (fairness)
 */
public record WaitlistEntry(
    UUID id,
    long seq,
    UUID performanceId,
    UUID posId,
    UUID channelId,
    UUID customerId,
    String email,
    String firstName,
    String lastName,
    String language,
    int quantity,
    List<String> categories,
    boolean together,
    EntryStatus status,
    int passes,
    Instant createdAt,
    Instant updatedAt) {

  public WaitlistEntry {
    categories = List.copyOf(categories);
  }

  /** What identifies the buyer: one live entry per buyer key and performance. */
  public static String buyerKey(UUID customerId, String email) {
    return customerId != null
        ? "c:" + customerId
        : "e:" + email.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
