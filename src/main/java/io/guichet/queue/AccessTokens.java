package io.guichet.queue;

import io.guichet.security.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The waiting room's signed values: the queue ticket (proof that a visitor id was given by us, to
 * ask for its place) and the access token (proof of admission, bound to the visitor and the
 * on-sale, with an end). Both are HMAC-SHA256 under the current key; the previous key is still
 * accepted, so a key is rotated without downtime: deploy with the new key as current and the old as
 * previous, and drop the old one once the longest access has ended.
 *
 * <p>A value is {@code keyId~payload.signature}; the key id (a digest of the key) picks the key.
 */
public final class AccessTokens {
  private static final String TICKET = "queue-ticket";
  private static final String ACCESS = "queue-access";

  /** A visitor id: 16 random bytes in URL-safe base64 without padding. */
  private static final int VISITOR_LENGTH = 22;

  private final String currentId;
  private final Map<String, Hmac> keys = new LinkedHashMap<>();

  /**
   * @param current the signing key
   * @param previous a key still accepted, or null
   */
  public AccessTokens(byte[] current, byte[] previous) {
    this.currentId = keyId(current);
    keys.put(currentId, new Hmac(current));
    if (previous != null) {
      keys.putIfAbsent(keyId(previous), new Hmac(previous));
    }
  }

  /** Whether a visitor id has the form of those we give (22 URL-safe base64 characters). */
  public static boolean wellFormedVisitor(String visitor) {
    // Checked on every poll of the queue: a loop over 22 characters, not a regular expression.
    if (visitor == null || visitor.length() != VISITOR_LENGTH) {
      return false;
    }
    for (int i = 0; i < VISITOR_LENGTH; i++) {
      char c = visitor.charAt(i);
      boolean ok =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The place a ticket of an earlier version names: none. */
  public static final long UNPLACED = -1;

  /** What {@link #ticketPlace} answers for a ticket that is not genuine. */
  public static final long FORGED = Long.MIN_VALUE;

  /**
   * The visitor's queue ticket, naming their place: a visitor whom Redis loses is put back at the
   * place their ticket names, never ahead of it.
   */
  public String ticket(UUID onSale, String visitor, long place) {
    // UNPLACED: the form of an earlier version, signed again as it was
    return sign(TICKET, onSale + "|" + visitor + (place < 0 ? "" : "|" + place));
  }

  /**
   * The place a genuine queue ticket of this on-sale and visitor names, {@link #UNPLACED} if it
   * names none, {@link #FORGED} if it is not genuine (or another visitor's or on-sale's).
   */
  public long ticketPlace(UUID onSale, String visitor, String ticket) {
    String payload = open(TICKET, ticket);
    if (payload == null) {
      return FORGED;
    }
    String owner = onSale + "|" + visitor;
    if (!payload.startsWith(owner)) {
      return FORGED;
    }
    if (payload.length() == owner.length()) {
      return UNPLACED;
    }
    if (payload.charAt(owner.length()) != '|') {
      return FORGED;
    }
    try {
      long place = Long.parseLong(payload, owner.length() + 1, payload.length(), 10);
      return place < 0 ? FORGED : place;
    } catch (NumberFormatException e) {
      return FORGED;
    }
  }

  /** Whether a queue ticket is ours, for this on-sale and this visitor. */
  public boolean ticketValid(UUID onSale, String visitor, String ticket) {
    return ticketPlace(onSale, visitor, ticket) != FORGED;
  }

  /** Whether a value (already checked) is signed with the current key, not the previous one. */
  public boolean underCurrentKey(String value) {
    return value.length() > currentId.length()
        && value.charAt(currentId.length()) == '~'
        && value.startsWith(currentId);
  }

  public String access(UUID onSale, String visitor, long endsAtMillis) {
    return sign(ACCESS, onSale + "|" + visitor + "|" + endsAtMillis);
  }

  /** What an access token says, once its signature is checked. */
  public record Access(UUID onSale, String visitor, long endsAtMillis) {}

  /** The access a token grants, or null if it is not genuine (forged, altered, unknown key). */
  public Access openAccess(String token) {
    String payload = open(ACCESS, token);
    if (payload == null) {
      return null;
    }
    String[] parts = payload.split("\\|", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      return new Access(UUID.fromString(parts[0]), parts[1], Long.parseLong(parts[2]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String sign(String purpose, String payload) {
    return currentId + "~" + keys.get(currentId).token(purpose, payload);
  }

  private String open(String purpose, String value) {
    if (value == null || value.length() > 512) {
      return null;
    }
    int tilde = value.indexOf('~');
    if (tilde <= 0) {
      return null;
    }
    Hmac key = keys.get(value.substring(0, tilde));
    return key == null ? null : key.open(purpose, value.substring(tilde + 1));
  }

  private static String keyId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A key given in configuration, as bytes. */
  static byte[] keyBytes(String configured) {
    return configured.getBytes(StandardCharsets.UTF_8);
  }
}
