package io.guichet.http;

/**
 * The {@code Bearer} scheme of an {@code Authorization} header (RFC 6750). A scheme name is
 * case-insensitive (RFC 9110 section 11.1): {@code bearer xyz} is as good as {@code Bearer xyz}.
 */
final class Bearer {
  private static final String SCHEME = "Bearer";

  private Bearer() {}

  /** Whether the header names the Bearer scheme, followed by a space and the credentials. */
  static boolean scheme(String header) {
    return header.length() > SCHEME.length()
        && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        && header.charAt(SCHEME.length()) == ' ';
  }

  /** The credentials of a header that {@link #scheme} accepted. */
  static String credentials(String header) {
    return header.substring(SCHEME.length() + 1);
  }

  /** The credentials of a Bearer header, trimmed, or null for no header or another scheme. */
  static String token(String header) {
    return header != null && scheme(header) ? credentials(header).trim() : null;
  }
}
