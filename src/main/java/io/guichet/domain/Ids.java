package io.guichet.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Time-ordered ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then the version, then
 * 74 random bits from {@link UUID#randomUUID()}'s secure generator. Rows keyed by them are inserted
 * at the right end of their indexes instead of on random pages; the random part keeps them as hard
 * to guess as the order or payment they name needs (every read is authorized anyway).
 */
public final class Ids {
  private Ids() {}

  public static UUID timeOrdered(Instant at) {
    UUID random = UUID.randomUUID();
    long millis = at.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
    long msb = (millis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
    // randomUUID's variant bits (10) are those of version 7 too
    return new UUID(msb, random.getLeastSignificantBits());
  }
}
