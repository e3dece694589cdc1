package io.guichet.orders;

import java.security.SecureRandom;

/** Short order references a buyer can read out on the phone: 10 Crockford base-32 characters. */
final class OrderReferences {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private OrderReferences() {}

  static String next() {
    char[] out = new char[10];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
