package io.guichet.domain.catalogue;

import io.guichet.domain.DomainException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Web origins (RFC 6454: scheme, host and port, nothing else) of the shops a point of sale lets
 * call its API from a browser. Written as a browser sends them in {@code Origin}: {@code
 * https://shop.example.org}, {@code http://localhost:3000}; never a wildcard.
 */
public final class Origins {
  private static final Pattern ORIGIN =
      Pattern.compile(
          "^(https?)://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:[0-9]{1,5})?$");

  private Origins() {}

  /** The origin as browsers send it (lower case, no default port), or a refusal. */
  public static String normalize(String origin) {
    String lower = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
    var m = ORIGIN.matcher(lower);
    if (!m.matches()) {
      throw DomainException.invalid(
          "an allowed origin is a scheme, a host and an optional port, like"
              + " https://shop.example.org (no path, no wildcard): "
              + origin);
    }
    String port = m.group(6);
    boolean defaultPort =
        port != null
            && ((m.group(1).equals("https") && port.equals(":443"))
                || (m.group(1).equals("http") && port.equals(":80")));
    if (port != null && Integer.parseInt(port.substring(1)) > 65_535) {
      throw DomainException.invalid("the port of an allowed origin is at most 65535: " + origin);
    }
    return defaultPort ? lower.substring(0, lower.length() - port.length()) : lower;
  }
}
