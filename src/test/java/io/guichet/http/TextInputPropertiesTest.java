package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TextInputPropertiesTest {
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Property
  void any_storable_text_percent_encoded_as_utf8_decodes_back_to_itself(@ForAll String text) {
    Assume.that(TextInput.unstorable(text) == null);
    String encoded = encode(text);
    assertThat(TextInput.undecodableComponent(encoded, 0, encoded.length())).isNull();
    assertThat(TextInput.decodeComponent(encoded, 0, encoded.length())).isEqualTo(text);
    assertThat(TextInput.undecodableUri("/api/v1/x?q=" + encoded)).isNull();
  }

  @Property
  void a_broken_escape_is_refused_wherever_it_is(
      @ForAll String before, @ForAll String after, @ForAll("broken") String escape) {
    Assume.that(TextInput.unstorable(before + after) == null);
    String uri =
        "/api/v1/" + encode(before) + escape + encode(after).replaceAll("^[0-9A-Fa-f]", "");
    assertThat(TextInput.undecodableUri(uri)).isNotNull();
  }

  @Provide
  Arbitrary<String> broken() {
    return Arbitraries.of("%", "%z", "%zz", "%/s", "%4", "%G1", "%%", "%-1", "%4%");
  }

  @Property
  void an_escaped_nul_or_bytes_that_are_not_utf8_are_refused(
      @ForAll String before, @ForAll("notText") String escape) {
    Assume.that(TextInput.unstorable(before) == null);
    assertThat(TextInput.undecodableUri("/a?q=" + encode(before) + escape)).isNotNull();
    String form = "f=" + encode(before) + escape;
    assertThat(TextInput.undecodableComponent(form, 0, form.length())).isNotNull();
  }

  @Provide
  Arbitrary<String> notText() {
    return Arbitraries.of("%00", "%C3%28", "%FF", "%ED%A0%80", "%C0%AF", "%E2%82", "%F4%90%80%80");
  }

  @Property
  void checking_a_target_never_throws_whatever_it_holds(@ForAll String target) {
    String why = TextInput.undecodableUri(target);
    assertThat(why == null || !why.isEmpty()).isTrue();
  }

  @Property
  void text_with_nul_or_a_lone_surrogate_cannot_be_stored(
      @ForAll String before, @ForAll String after, @ForAll("unstorable") char bad) {
    assertThat(TextInput.unstorable(before + bad + "x" + after)).isNotNull();
  }

  @Provide
  Arbitrary<Character> unstorable() {
    return Arbitraries.of('\u0000', '\ud800', '\udbff', '\udc00', '\udfff');
  }

  @Property
  void text_without_them_can(@ForAll("storable") String text) {
    assertThat(TextInput.unstorable(text)).isNull();
  }

  @Provide
  Arbitrary<String> storable() {
    return Arbitraries.strings()
        .withCharRange('\u0001', '\ud7ff')
        .withCharRange('\ue000', '\uffff')
        .ofMaxLength(200)
        .map(s -> s + "\ud83d\ude00"); // a surrogate pair is fine
  }
}
