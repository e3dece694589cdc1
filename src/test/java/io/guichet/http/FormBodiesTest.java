package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class FormBodiesTest {
  @Test
  void a_form_decodes_escapes_and_plus_signs() {
    MultiMap fields = FormBodies.decode("orderID=A1&CN=Ada+L%C3%B6velace&AMOUNT=&flag");
    assertThat(fields.get("orderID")).isEqualTo("A1");
    assertThat(fields.get("CN")).isEqualTo("Ada L\u00f6velace");
    assertThat(fields.get("AMOUNT")).isEmpty();
    assertThat(fields.get("flag")).isEmpty();
    assertThat(FormBodies.decode("")).isEmpty();
  }

  @Test
  void what_cannot_be_decoded_or_is_out_of_bounds_is_a_400() {
    String many = "a=1" + buildMany(FormBodies.MAX_FIELDS);
    for (String form :
        new String[] {
          "orderID=%zz&SHASIGN=%",
          "a=%",
          "a=%00",
          "a=%FF",
          "a=1&a=2",
          "=1",
          "a=\u00e9",
          "a=" + "x".repeat(FormBodies.MAX_FIELD_LENGTH + 1),
          many
        }) {
      assertThatThrownBy(() -> FormBodies.decode(form))
          .as(form.length() > 60 ? form.substring(0, 60) : form)
          .isInstanceOf(DomainException.class);
    }
  }

  private static String buildMany(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("&f").append(i).append("=1");
    }
    return s.toString();
  }
}
