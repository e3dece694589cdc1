package io.guichet.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What Guichet accepts as text from a client, in one place: URIs and form bodies whose
 * percent-escapes decode to UTF-8, and strings that PostgreSQL's {@code text} can store.
 *
 * <p>PostgreSQL refuses U+0000 in text (SQLSTATE 22021) and in JSON (22P05); a lone UTF-16
 * surrogate (from a {@code \ud800} escape in JSON) cannot be encoded to UTF-8 at all and would be
 * stored as a question mark. Both are refused at the edge, so no such string reaches a store, a
 * grid entry or a log line.
 */
final class TextInput {
  private TextInput() {}

  /**
   * Why a request target cannot be decoded, or null when it can: every character printable ASCII
   * (RFC 3986: anything else must be percent-encoded), every {@code %} followed by two hex digits,
   * the escaped bytes well-formed UTF-8, and no escaped NUL.
   */
  static String undecodableUri(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return "the request target must be printable ASCII (percent-encode anything else)";
      }
      if (c == '%') {
        int end = escapedRun(uri, i);
        if (end < 0) {
          return "the request target has a broken percent-escape (% must be followed by two hex"
              + " digits)";
        }
        String bad = badEscapedText(uri, i, end);
        if (bad != null) {
          return "the request target " + bad;
        }
        i = end - 1;
      }
    }
    return null;
  }

  /**
   * Why a percent-encoded component ({@code name=value} of a form) cannot be decoded, or null; as
   * {@link #undecodableUri}, where {@code +} stands for a space.
   */
  static String undecodableComponent(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return "must be printable ASCII (percent-encode anything else)";
      }
      if (c == '%') {
        int end = escapedRun(text, i);
        if (end < 0 || end > to) {
          return "has a broken percent-escape (% must be followed by two hex digits)";
        }
        String bad = badEscapedText(text, i, end);
        if (bad != null) {
          return bad;
        }
        i = end - 1;
      }
    }
    return null;
  }

  /** Decodes a component that {@link #undecodableComponent} accepted. */
  static String decodeComponent(String text, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '+') {
        out.append(' ');
      } else if (c == '%') {
        int end = escapedRun(text, i);
        out.append(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(escapedBytes(text, i, end))));
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Why a string cannot be stored as text, or null: it holds U+0000, or a UTF-16 surrogate that is
   * not half of a pair.
   */
  static String unstorable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "must not contain U+0000";
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return "must not contain a lone UTF-16 surrogate";
        }
      }
    }
    return null;
  }

  /** The end of the run of {@code %XX} escapes that starts at {@code start}, or -1 if broken. */
  private static int escapedRun(String s, int start) {
    int i = start;
    while (i < s.length() && s.charAt(i) == '%') {
      if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
        return -1;
      }
      i += 3;
    }
    return i;
  }

  private static byte[] escapedBytes(String s, int start, int end) {
    byte[] bytes = new byte[(end - start) / 3];
    for (int k = 0; k < bytes.length; k++) {
      int at = start + 3 * k;
      bytes[k] = (byte) (hex(s.charAt(at + 1)) << 4 | hex(s.charAt(at + 2)));
    }
    return bytes;
  }

  /**
   * A run of escapes is checked as a whole: a UTF-8 sequence cannot continue across an unescaped
   * (ASCII) character, so checking each run alone is exact.
   */
  private static String badEscapedText(String s, int start, int end) {
    byte[] bytes = escapedBytes(s, start, end);
    for (byte b : bytes) {
      if (b == 0) {
        return "must not contain U+0000 (%00)";
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return null;
    } catch (CharacterCodingException e) {
      return "has percent-escapes that are not UTF-8";
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
