package io.guichet.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.guichet.domain.DomainException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request bodies as the contract says they are: {@code application/json} in UTF-8, one JSON
 * document (RFC 8259) and nothing else, with text that PostgreSQL can store.
 *
 * <p>Vert.x's own decoder is lenient where a client's mistake should be reported: it accepts
 * comments, a byte-order mark and other encodings than UTF-8, and keeps the last of two members of
 * the same name. Here a body with any of these, trailing content, nesting deeper than {@value
 * #MAX_DEPTH}, U+0000 or a lone surrogate in any string is refused, and the values come out as
 * Vert.x's decoder gives them (the same number and container types), so that the schema checks and
 * the handlers see what they always saw.
 */
final class JsonBodies {
  /** Deeper than any document of the contract (a seat map is four levels). */
  static final int MAX_DEPTH = 32;

  private static final JsonFactory STRICT =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build();

  private JsonBodies() {}

  /**
   * The JSON value of a body: a {@link JsonObject}, a {@link JsonArray}, a string, a number, a
   * boolean or null. Malformed JSON fails with a {@link DecodeException} (400 malformed-json), text
   * that cannot be stored with a {@link DomainException} (400 bad-request).
   */
  static Object decode(Buffer body) {
    byte[] bytes = body.getBytes();
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      throw new DecodeException("a byte-order mark is not allowed before the JSON document");
    }
    boolean escapes = false;
    for (byte b : bytes) {
      // No UTF-8 JSON text holds a zero byte; without one, Jackson reads the bytes as UTF-8 (it
      // would otherwise take zero bytes for UTF-16 or UTF-32).
      if (b == 0) {
        throw new DecodeException("the body is not UTF-8 JSON (it holds a zero byte)");
      }
      // U+0000 and a lone surrogate can only come from an escape (\u0000, \ud800) or from the
      // three bytes of a surrogate written as if it were a character (ED A0..BF ..)
      escapes |= b == '\\' || b == (byte) 0xed;
    }
    Object value;
    try {
      JsonParser parser = STRICT.createParser(bytes);
      value = JacksonCodec.fromParser(parser, Object.class);
    } catch (IOException e) {
      throw new DecodeException("the body could not be parsed as JSON: " + e.getMessage());
    } catch (DecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // Jackson's constraint errors (nesting, lengths) are runtime exceptions of its own
      throw new DecodeException("the body could not be parsed as JSON: " + e.getMessage());
    }
    if (escapes) {
      checkText(value, "");
    }
    return value;
  }

  /** The body as a JSON object, or a 400 saying that one is required. */
  static JsonObject object(Buffer body) {
    Object value = decode(body);
    if (value instanceof JsonObject o) {
      return o;
    }
    throw DomainException.invalid("the body must be a JSON object");
  }

  /**
   * Refuses (415) a body that is not {@code application/json} in UTF-8: another media type, or a
   * charset parameter other than UTF-8 (JSON is UTF-8, RFC 8259 section 8.1).
   */
  static void checkMediaType(String contentType) {
    if (contentType == null) {
      throw new HttpException(415, "the body must be application/json (no Content-Type given)");
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].trim().equalsIgnoreCase("application/json")) {
      throw new HttpException(415, "the body must be application/json, not " + parts[0].trim());
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq).trim();
      String value = eq < 0 ? "" : parameter.substring(eq + 1).trim().replace("\"", "");
      if (!name.equalsIgnoreCase("charset") || !value.toLowerCase(Locale.ROOT).equals("utf-8")) {
        throw new HttpException(
            415, "application/json takes no parameter but charset=utf-8, not " + parameter);
      }
    }
  }

  private static void checkText(Object value, String pointer) {
    if (value instanceof String s) {
      refuseUnstorable(s, pointer);
    } else if (value instanceof JsonObject o) {
      checkMembers(o.getMap(), pointer);
    } else if (value instanceof Map<?, ?> m) {
      checkMembers(m, pointer);
    } else if (value instanceof JsonArray a) {
      checkItems(a.getList(), pointer);
    } else if (value instanceof List<?> l) {
      checkItems(l, pointer);
    }
  }

  private static void checkMembers(Map<?, ?> members, String pointer) {
    for (Map.Entry<?, ?> e : members.entrySet()) {
      String name = String.valueOf(e.getKey());
      String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
      refuseUnstorable(name, pointer);
      checkText(e.getValue(), at);
    }
  }

  private static void checkItems(List<?> items, String pointer) {
    for (int i = 0; i < items.size(); i++) {
      checkText(items.get(i), pointer + "/" + i);
    }
  }

  private static void refuseUnstorable(String s, String pointer) {
    String why = TextInput.unstorable(s);
    if (why != null) {
      throw DomainException.invalid(
          "text " + why + (pointer.isEmpty() ? "" : " (at " + pointer + ")"));
    }
  }
}
