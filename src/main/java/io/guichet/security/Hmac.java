package io.guichet.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks short values with HMAC-SHA256 under one server secret. Every use names its
 * purpose (a session, an order's secret, an e-mail link), and the purpose is part of what is
 * signed, so a value signed for one purpose is worthless for another.
 */
public final class Hmac {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  // Mac.getInstance looks the provider up each time: one initialised Mac per thread instead.
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public Hmac(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the server secret must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** The signature of a value for a purpose, URL-safe base64. */
  public String sign(String purpose, String value) {
    return B64.encodeToString(mac(purpose, value));
  }

  /**
   * Constant-time check of a signature, in its one canonical form: the last base64 character of a
   * 32-byte MAC carries two unused bits, and a decoder ignores them, so comparing decoded bytes
   * would accept four spellings of each signature (an altered token that still opens).
   */
  public boolean verify(String purpose, String value, String signature) {
    if (signature == null) {
      return false;
    }
    byte[] expected = B64.encode(mac(purpose, value));
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A token {@code payload.signature}: the payload (URL-safe base64) signed for a purpose. */
  public String token(String purpose, String payload) {
    String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return body + "." + sign(purpose, body);
  }

  /** The payload of a token signed for this purpose, or null when the token is not genuine. */
  public String open(String purpose, String token) {
    if (token == null || token.length() > 4096) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return null;
    }
    String body = token.substring(0, dot);
    if (!verify(purpose, body, token.substring(dot + 1))) {
      return null;
    }
    try {
      return new String(B64D.decode(body), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The raw HMAC-SHA256 of a value for a purpose (32 bytes): a keyed hash, e.g. of a code looked up
   * by its hash, or a key derived for a purpose.
   */
  public byte[] digest(String purpose, String value) {
    return mac(purpose, value);
  }

  private byte[] mac(String purpose, String value) {
    Mac mac = macs.get();
    mac.update(purpose.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    // doFinal resets the Mac to its key, ready for the next value.
    return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
