package io.guichet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecurityTest {
  private final Hmac hmac =
      new Hmac("a server secret of some length".getBytes(StandardCharsets.UTF_8));

  @Test
  void an_argon2id_hash_verifies_its_password_only_and_carries_its_parameters() {
    PasswordHasher hasher = new PasswordHasher(1024, 1, 1);
    String hash = hasher.hash("correct horse battery");
    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(hasher.verify("correct horse battery", hash)).isTrue();
    assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
    assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
    assertThat(hasher.verify("x", "not a hash")).isFalse();
  }

  @Test
  void a_token_opens_only_for_its_purpose_and_unaltered() {
    String token = hmac.token("session", "payload|1");
    assertThat(hmac.open("session", token)).isEqualTo("payload|1");
    assertThat(hmac.open("order", token)).isNull();
    String altered =
        token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
    assertThat(hmac.open("session", altered)).isNull();
    assertThat(hmac.open("session", "garbage")).isNull();
    assertThat(hmac.open("session", "a.b.c")).isNull();
    assertThat(
            new Hmac("another secret of some length".getBytes(StandardCharsets.UTF_8))
                .open("session", token))
        .isNull();
  }
}
