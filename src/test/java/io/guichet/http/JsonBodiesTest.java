package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {
  private static Object decode(String text) {
    return JsonBodies.decode(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_document_decodes_to_the_same_values_as_with_vertx() {
    String text =
        "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.5,"
            + "\"s\":\"\\u00e9\\ud83d\\ude00\",\"a\":[true,null,{\"x\":[]}]}";
    Object strict = decode(text);
    assertThat(strict).isInstanceOf(JsonObject.class).isEqualTo(Json.decodeValue(text));
    JsonObject o = (JsonObject) strict;
    assertThat(o.getValue("i")).isInstanceOf(Integer.class);
    assertThat(o.getValue("l")).isInstanceOf(Long.class);
    assertThat(o.getValue("d")).isInstanceOf(Double.class);
    assertThat(o.getString("s")).isEqualTo("\u00e9\ud83d\ude00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1 /* c */}",
        "{\"a\":1} // c",
        "\ufeff{\"a\":1}",
        "{\"a\":1} x",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,}",
        "{'a':1}",
        "{\"a\":NaN}",
        "{\"a\":",
        ""
      })
  void what_vertx_would_let_through_or_is_not_json_is_malformed(String text) {
    assertThatThrownBy(() -> decode(text)).isInstanceOf(DecodeException.class);
  }

  @Test
  void nesting_deeper_than_the_limit_is_malformed() {
    int ok = JsonBodies.MAX_DEPTH;
    assertThat(decode("[".repeat(ok) + "]".repeat(ok))).isNotNull();
    int deep = JsonBodies.MAX_DEPTH + 1;
    assertThatThrownBy(() -> decode("[".repeat(deep) + "]".repeat(deep)))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void bytes_that_are_not_utf8_are_malformed() {
    byte[] latin1 = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> JsonBodies.decode(Buffer.buffer(latin1)))
        .isInstanceOf(DecodeException.class);
    byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
    assertThatThrownBy(() -> JsonBodies.decode(Buffer.buffer(utf16)))
        .isInstanceOf(DecodeException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":\"a\\u0000b\"}",
        "{\"name\":\"a\\ud800\"}",
        "{\"name\":\"\\udfff\"}",
        "{\"a\\u0000\":1}",
        "{\"a\":[{\"b\":\"\\u0000\"}]}"
      })
  void text_postgresql_cannot_store_is_refused_with_where_it_is(String text) {
    assertThatThrownBy(() -> decode(text))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("text must not contain");
  }

  @Test
  void a_surrogate_written_as_utf8_bytes_is_refused_too() {
    byte[] cesu = {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'};
    assertThatThrownBy(() -> JsonBodies.decode(Buffer.buffer(cesu)))
        .isInstanceOfAny(DecodeException.class, DomainException.class);
  }

  @Test
  void the_pointer_says_where() {
    assertThatThrownBy(() -> decode("{\"a\":[{\"b\":\"\\u0000\"}]}"))
        .hasMessageContaining("/a/0/b");
  }

  @Test
  void an_object_is_required_where_one_is() {
    for (String text : new String[] {"true", "1", "\"x\"", "[]", "null"}) {
      assertThatThrownBy(() -> JsonBodies.object(Buffer.buffer(text)))
          .as(text)
          .isInstanceOf(DomainException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=\"UTF-8\""
      })
  void json_in_utf8_is_the_media_type(String type) {
    JsonBodies.checkMediaType(type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "application/jsonx",
        "application/json; charset=iso-8859-1",
        "application/json; charset=utf-16",
        "application/json; boundary=x",
        "application/x-www-form-urlencoded"
      })
  void another_media_type_or_charset_is_415(String type) {
    assertThatThrownBy(() -> JsonBodies.checkMediaType(type))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(415));
  }
}
