package io.guichet.domain.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a ticket's code says, before its signature: the signing key, the ticket, its performance,
 * its seat (or standing area) and its version. A scanner reads all of it offline.
 *
 * <p>Binary layout (big-endian), then base64url with the 64-byte Ed25519 signature of those bytes
 * appended: {@code 0x01} (format), key id (4 bytes), ticket id (16), performance id (16), version
 * (4), then {@code 0x00} + seat id length (1) + seat id (UTF-8), or {@code 0x01} + area index (2).
 *
 * @param keyId the signing key's id: 8 lowercase hex digits
 * @param seatId the numbered seat, or null for a standing place
 * @param gaArea the standing area's index, or null for a seat
 */
public record TicketCode(
    String keyId, UUID ticketId, UUID performanceId, int version, String seatId, Integer gaArea) {
  static final byte FORMAT = 1;
  static final int MAX_SEAT_ID_BYTES = 255;

  public TicketCode {
    if (keyId == null || !keyId.matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("a key id is 8 lowercase hex digits");
    }
    if ((seatId == null) == (gaArea == null)) {
      throw new IllegalArgumentException("a ticket has a seat or a standing area");
    }
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
  }

  /** The signed bytes. */
  public byte[] payload() {
    byte[] seat = seatId == null ? new byte[0] : seatId.getBytes(StandardCharsets.UTF_8);
    if (seat.length > MAX_SEAT_ID_BYTES) {
      throw new IllegalArgumentException("seat id too long for a code: " + seatId);
    }
    ByteBuffer b =
        ByteBuffer.allocate(1 + 4 + 16 + 16 + 4 + 1 + (seatId == null ? 2 : 1 + seat.length));
    b.put(FORMAT).putInt(Integer.parseUnsignedInt(keyId, 16));
    b.putLong(ticketId.getMostSignificantBits()).putLong(ticketId.getLeastSignificantBits());
    b.putLong(performanceId.getMostSignificantBits())
        .putLong(performanceId.getLeastSignificantBits());
    b.putInt(version);
    if (seatId == null) {
      b.put((byte) 1).putShort((short) gaArea.intValue());
    } else {
      b.put((byte) 0).put((byte) seat.length).put(seat);
    }
    return b.array();
  }

  /**
   * Reads the payload at the start of {@code bytes}; answers the code and, through {@link
   * Parsed#length()}, where the signature starts.
   *
   * @throws IllegalArgumentException when the bytes are not a payload of this format
   */
  public static Parsed parse(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != FORMAT) {
        throw new IllegalArgumentException("unknown code format");
      }
      String kid = String.format("%08x", b.getInt());
      UUID ticket = new UUID(b.getLong(), b.getLong());
      UUID performance = new UUID(b.getLong(), b.getLong());
      int version = b.getInt();
      byte kind = b.get();
      TicketCode code;
      if (kind == 0) {
        byte[] seat = new byte[Byte.toUnsignedInt(b.get())];
        b.get(seat);
        code =
            new TicketCode(
                kid, ticket, performance, version, new String(seat, StandardCharsets.UTF_8), null);
      } else if (kind == 1) {
        code = new TicketCode(kid, ticket, performance, version, null, (int) b.getShort());
      } else {
        throw new IllegalArgumentException("unknown place kind");
      }
      return new Parsed(code, b.position());
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated code", e);
    }
  }

  /** A code read from bytes, and the number of payload bytes (the signature follows). */
  public record Parsed(TicketCode code, int length) {}
}
