package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTest {
  @Test
  void the_bearer_scheme_is_case_insensitive() {
    assertThat(Bearer.token("Bearer abc")).isEqualTo("abc");
    assertThat(Bearer.token("bearer abc")).isEqualTo("abc");
    assertThat(Bearer.token("BEARER  abc ")).isEqualTo("abc");
    assertThat(Bearer.token("Bearerabc")).isNull();
    assertThat(Bearer.token("Basic abc")).isNull();
    assertThat(Bearer.token(null)).isNull();
  }
}
