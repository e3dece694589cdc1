package io.guichet.domain.offer;

import java.util.Random;

/**
 * The form of a single-use code: 15 random symbols of Crockford's base 32 (0-9 and A-Z without I,
 * L, O and U: no two look alike) and a check symbol, in four groups of four ({@code 48MS-KBNT-YDE3-
 * 92H7}). 75 bits of randomness; the check symbol (Luhn mod 32) catches every single wrong symbol
 * and every swap of two neighbours but 0 and Z, so a typo is answered before anything is looked up.
 * Reading is forgiving: case, spaces and hyphens do not matter, and O, I and L are read as 0, 1 and
 * 1.
 */
public final class SingleUseCode {
  /** Crockford's base 32. */
  static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /** Random symbols per code (5 bits each). */
  public static final int RANDOM_SYMBOLS = 15;

  /** Bits of randomness per code. */
  public static final int RANDOM_BITS = RANDOM_SYMBOLS * 5;

  private SingleUseCode() {}

  /**
   * A new code in its canonical form (16 symbols, no hyphens), from 10 random bytes of {@code
   * random} (a {@link java.security.SecureRandom} in production): 75 of their 80 bits.
   */
  public static String generate(Random random) {
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    long high = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xFF);
    }
    int low = ((bytes[8] & 0xFF) << 8) | (bytes[9] & 0xFF);
    char[] code = new char[RANDOM_SYMBOLS + 1];
    for (int i = 0; i < 12; i++) {
      code[i] = ALPHABET.charAt((int) ((high >>> (59 - 5 * i)) & 31));
    }
    for (int i = 0; i < 3; i++) {
      code[12 + i] = ALPHABET.charAt((low >>> (10 - 5 * i)) & 31);
    }
    code[RANDOM_SYMBOLS] = ALPHABET.charAt(checkValue(code, RANDOM_SYMBOLS));
    return new String(code);
  }

  /** A canonical code as printed: four groups of four. */
  public static String display(String canonical) {
    return canonical.substring(0, 4)
        + '-'
        + canonical.substring(4, 8)
        + '-'
        + canonical.substring(8, 12)
        + '-'
        + canonical.substring(12);
  }

  /** What reading a code as typed gives. */
  public enum Reading {
    /** The form of a code, with a right check symbol. */
    WELL_FORMED,
    /** Not 16 symbols of the alphabet. */
    MALFORMED,
    /** 16 symbols, but the check symbol does not match: a typo. */
    TYPO
  }

  /**
   * The canonical form of a code as typed (upper case, without spaces or hyphens, O as 0, I and L
   * as 1), or null when it has other characters or another length.
   */
  public static String canonical(String typed) {
    if (typed == null || typed.length() > 40) {
      return null;
    }
    StringBuilder out = new StringBuilder(RANDOM_SYMBOLS + 1);
    for (int i = 0; i < typed.length(); i++) {
      char c = Character.toUpperCase(typed.charAt(i));
      if (c == ' ' || c == '-') {
        continue;
      }
      if (c == 'O') {
        c = '0';
      } else if (c == 'I' || c == 'L') {
        c = '1';
      }
      if (c > 127 || ALPHABET.indexOf(c) < 0) {
        return null;
      }
      out.append(c);
    }
    return out.length() == RANDOM_SYMBOLS + 1 ? out.toString() : null;
  }

  /** How a code as typed reads. */
  public static Reading read(String typed) {
    String code = canonical(typed);
    if (code == null) {
      return Reading.MALFORMED;
    }
    char[] symbols = code.toCharArray();
    return ALPHABET.charAt(checkValue(symbols, RANDOM_SYMBOLS)) == symbols[RANDOM_SYMBOLS]
        ? Reading.WELL_FORMED
        : Reading.TYPO;
  }

  /**
   * Luhn mod N over the first {@code n} symbols (N = 32): from the right, every other symbol's
   * value is doubled and its base-32 digits summed; the check value makes the total a multiple of
   * 32.
   */
  static int checkValue(char[] symbols, int n) {
    int factor = 2;
    int sum = 0;
    for (int i = n - 1; i >= 0; i--) {
      int addend = factor * ALPHABET.indexOf(symbols[i]);
      factor = factor == 2 ? 1 : 2;
      sum += addend / 32 + addend % 32;
    }
    return (32 - sum % 32) % 32;
  }
}
