package io.guichet.offers;

import io.guichet.security.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How single-use codes are kept: looked up by a keyed hash (HMAC-SHA256 under the server secret,
 * the first 16 bytes: a lookup stays one index probe, and a copy of the database alone cannot tell
 * which strings are codes), and kept sealed (AES-256-GCM under a key derived from the server
 * secret, a random 96-bit nonce per code) so that the organizer can download the list and read a
 * code in its tracking.
 */
public final class CodeCrypto {
  private static final int NONCE = 12;
  private static final int HASH = 16;

  private final Hmac hmac;
  private final SecretKeySpec sealKey;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(CodeCrypto::newCipher);
  private final ThreadLocal<SecureRandom> randoms = ThreadLocal.withInitial(SecureRandom::new);

  public CodeCrypto(Hmac hmac) {
    this.hmac = hmac;
    this.sealKey = new SecretKeySpec(hmac.digest("single-use-code-seal-key", "v1"), "AES");
  }

  /** The keyed hash a code (canonical form) is looked up by. */
  public byte[] hash(String canonical) {
    return Arrays.copyOf(hmac.digest("single-use-code", canonical), HASH);
  }

  /** The code sealed: nonce, then ciphertext and tag. */
  public byte[] seal(String canonical) {
    byte[] nonce = new byte[NONCE];
    randoms.get().nextBytes(nonce);
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(canonical.getBytes(StandardCharsets.US_ASCII));
      byte[] out = new byte[NONCE + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(sealed, 0, out, NONCE, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** The code a sealed value holds (canonical form). */
  public String open(byte[] sealed) {
    try {
      Cipher cipher = ciphers.get();
      cipher.init(
          Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, Arrays.copyOf(sealed, NONCE)));
      return new String(
          cipher.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a sealed code that does not open: another server secret?", e);
    }
  }

  /** A random generator of this thread for new codes. */
  public SecureRandom random() {
    return randoms.get();
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }
}
