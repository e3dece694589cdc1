package io.guichet.domain.ticket;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Ed25519 keys of ticket codes: the newest one signs, every one verifies. Immutable; a rotation
 * builds a new ring. Thread-safe.
 */
public final class CodeKeyRing {
  /** Bytes of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  /**
   * One key pair.
   *
   * @param privateKey null where this node only verifies with the key
   */
  public record Key(String kid, PublicKey publicKey, PrivateKey privateKey, Instant createdAt) {}

  private static final ThreadLocal<Signature> ED25519 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Signature.getInstance("Ed25519");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK has no Ed25519", e);
            }
          });

  private final Map<String, Key> keys;
  private final Key current;

  private CodeKeyRing(Map<String, Key> keys, Key current) {
    this.keys = keys;
    this.current = current;
  }

  /** A ring of these keys; the newest with a private key signs. */
  public static CodeKeyRing of(List<Key> keys) {
    Map<String, Key> byId = new LinkedHashMap<>();
    keys.stream()
        .sorted(Comparator.comparing(Key::createdAt).thenComparing(Key::kid))
        .forEach(k -> byId.put(k.kid(), k));
    Key signer =
        byId.values().stream()
            .filter(k -> k.privateKey() != null)
            .reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalArgumentException("no signing key"));
    return new CodeKeyRing(Map.copyOf(byId), signer);
  }

  /** The key that signs new codes. */
  public Key current() {
    return current;
  }

  public String currentKeyId() {
    return current.kid();
  }

  public List<Key> keys() {
    return keys.values().stream().sorted(Comparator.comparing(Key::createdAt)).toList();
  }

  public boolean knows(String kid) {
    return keys.containsKey(kid);
  }

  /** The code of a ticket at a version, signed with the current key. */
  public String sign(UUID ticketId, UUID performanceId, int version, String seatId, Integer area) {
    TicketCode code = new TicketCode(current.kid(), ticketId, performanceId, version, seatId, area);
    byte[] payload = code.payload();
    try {
      Signature s = ED25519.get();
      s.initSign(current.privateKey());
      s.update(payload);
      byte[] signature = s.sign();
      byte[] all = Arrays.copyOf(payload, payload.length + signature.length);
      System.arraycopy(signature, 0, all, payload.length, signature.length);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a ticket code", e);
    }
  }

  /**
   * The code a scanner read, if it is well-formed and signed by a key of this ring.
   *
   * @throws DomainException TICKET_CODE_MALFORMED, TICKET_KEY_UNKNOWN or TICKET_CODE_FORGED
   */
  public TicketCode verify(String text) {
    TicketCode.Parsed parsed = parse(text);
    Key key = keys.get(parsed.code().keyId());
    if (key == null) {
      throw new DomainException(
          Failure.TICKET_KEY_UNKNOWN,
          "the code is signed with key " + parsed.code().keyId() + ", which is not a ticket key");
    }
    byte[] bytes = decode(text);
    try {
      Signature s = ED25519.get();
      s.initVerify(key.publicKey());
      s.update(bytes, 0, parsed.length());
      if (!s.verify(bytes, parsed.length(), SIGNATURE_BYTES)) {
        throw forged();
      }
    } catch (java.security.SignatureException e) {
      throw forged();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot verify a ticket code", e);
    }
    return parsed.code();
  }

  /** Reads a code without checking its signature (to learn which key signed it). */
  public static TicketCode.Parsed parse(String text) {
    byte[] bytes = decode(text);
    TicketCode.Parsed parsed;
    try {
      parsed = TicketCode.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (bytes.length != parsed.length() + SIGNATURE_BYTES) {
      throw malformed(
          bytes.length < parsed.length() + SIGNATURE_BYTES
              ? "truncated code"
              : "extra bytes after the signature");
    }
    return parsed;
  }

  private static byte[] decode(String text) {
    if (text == null || text.isEmpty() || text.length() > 1024) {
      throw malformed("empty or oversized code");
    }
    String stripped = text.strip();
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(stripped);
    } catch (IllegalArgumentException e) {
      throw malformed("not base64url");
    }
    // One spelling per code: a decoder ignores the unused low bits of the last character, so
    // another spelling of the same bytes would otherwise pass for the code.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(stripped)) {
      throw malformed("not canonical base64url");
    }
    return bytes;
  }

  private static DomainException malformed(String why) {
    return new DomainException(Failure.TICKET_CODE_MALFORMED, "not a ticket code: " + why);
  }

  private static DomainException forged() {
    return new DomainException(
        Failure.TICKET_CODE_FORGED, "the code's signature does not match its key");
  }
}
