package io.guichet.http;

import io.guichet.domain.DomainException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Form bodies ({@code application/x-www-form-urlencoded}: the payment provider's notifications),
 * read whole by {@link BodyLimitHandler} and decoded here, strictly and within bounds.
 *
 * <p>They never go through Vert.x's form decoder: it answers a broken escape, a long field or many
 * fields with exceptions of Netty's that ended as 500s. Here each is a 400.
 */
public final class FormBodies {
  /** Where {@link BodyLimitHandler} leaves the raw form body of a request. */
  static final String KEY = "guichet.form-body";

  /** More than a payment provider's message has (Ogone's has some thirty). */
  static final int MAX_FIELDS = 100;

  /** Characters of a name or value, escapes counted as they are sent. */
  static final int MAX_FIELD_LENGTH = 2000;

  private FormBodies() {}

  /**
   * Whether a path takes a form: the payment provider's notification, and the simulated provider's
   * pages (when it is mounted). Every other body is JSON.
   */
  static boolean takesForm(String path) {
    return path.equals(io.guichet.payment.OgoneGateway.NOTIFY_PATH)
        || path.startsWith(io.guichet.payment.PspSimulator.BASE + "/");
  }

  /** Whether a content type is a URL-encoded form. */
  static boolean isForm(String contentType) {
    return contentType != null
        && contentType
            .trim()
            .toLowerCase(Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded");
  }

  /**
   * The fields of the request's form body: 415 if it has none (another content type), 400 if it
   * cannot be decoded.
   */
  public static MultiMap fields(RoutingContext rc) {
    Buffer raw = rc.get(KEY);
    if (raw == null) {
      throw new HttpException(415, "the body must be application/x-www-form-urlencoded");
    }
    return decode(raw.toString(StandardCharsets.ISO_8859_1));
  }

  /** The fields of a URL-encoded form (ASCII by definition: anything else is escaped as UTF-8). */
  static MultiMap decode(String form) {
    MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    if (form.isEmpty()) {
      return fields;
    }
    int start = 0;
    while (start <= form.length()) {
      int end = form.indexOf('&', start);
      if (end < 0) {
        end = form.length();
      }
      if (end > start) {
        if (fields.size() >= MAX_FIELDS) {
          throw DomainException.invalid("a form has at most " + MAX_FIELDS + " fields");
        }
        if (end - start > 2 * MAX_FIELD_LENGTH + 1) {
          throw DomainException.invalid(
              "a form field is at most " + MAX_FIELD_LENGTH + " characters long");
        }
        int eq = form.indexOf('=', start);
        int nameEnd = eq < 0 || eq > end ? end : eq;
        String name = component(form, start, nameEnd, "a form field's name");
        String value =
            nameEnd == end ? "" : component(form, nameEnd + 1, end, "form field " + name);
        if (name.isEmpty()) {
          throw DomainException.invalid("a form field has no name");
        }
        if (fields.contains(name)) {
          throw DomainException.invalid("form field " + name + " is given twice");
        }
        fields.add(name, value);
      }
      start = end + 1;
    }
    return fields;
  }

  private static String component(String form, int from, int to, String what) {
    if (to - from > MAX_FIELD_LENGTH) {
      throw DomainException.invalid(
          "a form field is at most " + MAX_FIELD_LENGTH + " characters long");
    }
    String why = TextInput.undecodableComponent(form, from, to);
    if (why != null) {
      throw DomainException.invalid(what + " " + why);
    }
    return TextInput.decodeComponent(form, from, to);
  }
}
