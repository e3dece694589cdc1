package io.guichet.domain.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodeKeyRingTest {
  private static CodeKeyRing.Key key(String kid, Instant createdAt) throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    return new CodeKeyRing.Key(kid, pair.getPublic(), pair.getPrivate(), createdAt);
  }

  private static Failure failure(Runnable r) {
    try {
      r.run();
    } catch (DomainException e) {
      return e.failure();
    }
    throw new AssertionError("no failure");
  }

  @Test
  void a_signed_seat_code_reads_back_as_what_was_signed() throws Exception {
    CodeKeyRing ring = CodeKeyRing.of(List.of(key("0a0b0c0d", Instant.EPOCH)));
    UUID ticket = UUID.randomUUID();
    UUID performance = UUID.randomUUID();
    String code = ring.sign(ticket, performance, 3, "MAIN-R1-7", null);
    TicketCode read = ring.verify(code);
    assertThat(read)
        .isEqualTo(new TicketCode("0a0b0c0d", ticket, performance, 3, "MAIN-R1-7", null));
    assertThat(code).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void a_standing_place_code_carries_its_area() throws Exception {
    CodeKeyRing ring = CodeKeyRing.of(List.of(key("00000001", Instant.EPOCH)));
    String code = ring.sign(UUID.randomUUID(), UUID.randomUUID(), 1, null, 2);
    assertThat(ring.verify(code).gaArea()).isEqualTo(2);
    assertThat(ring.verify(code).seatId()).isNull();
  }

  @Test
  void a_scanner_verifies_a_code_with_the_published_key_alone() throws Exception {
    CodeKeyRing.Key k = key("12345678", Instant.EPOCH);
    CodeKeyRing ring = CodeKeyRing.of(List.of(k));
    byte[] all =
        Base64.getUrlDecoder()
            .decode(ring.sign(UUID.randomUUID(), UUID.randomUUID(), 1, "A1", null));
    int payload = all.length - CodeKeyRing.SIGNATURE_BYTES;
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(k.publicKey());
    s.update(all, 0, payload);
    assertThat(s.verify(Arrays.copyOfRange(all, payload, all.length))).isTrue();
  }

  @Test
  void every_altered_byte_is_caught() throws Exception {
    CodeKeyRing ring = CodeKeyRing.of(List.of(key("0a0b0c0d", Instant.EPOCH)));
    byte[] all =
        Base64.getUrlDecoder()
            .decode(ring.sign(UUID.randomUUID(), UUID.randomUUID(), 1, "A1", null));
    for (int i = 0; i < all.length; i++) {
      byte[] altered = all.clone();
      altered[i] ^= 0x01;
      String text = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThat(failure(() -> ring.verify(text)))
          .as("byte %d", i)
          .isIn(
              Failure.TICKET_CODE_FORGED,
              Failure.TICKET_KEY_UNKNOWN,
              Failure.TICKET_CODE_MALFORMED);
    }
  }

  @Test
  void truncated_malformed_and_empty_codes_are_malformed() throws Exception {
    CodeKeyRing ring = CodeKeyRing.of(List.of(key("0a0b0c0d", Instant.EPOCH)));
    String code = ring.sign(UUID.randomUUID(), UUID.randomUUID(), 1, "A1", null);
    assertThat(failure(() -> ring.verify(code.substring(0, code.length() - 4))))
        .isEqualTo(Failure.TICKET_CODE_MALFORMED);
    assertThat(failure(() -> ring.verify(code.substring(0, 10))))
        .isEqualTo(Failure.TICKET_CODE_MALFORMED);
    assertThat(failure(() -> ring.verify("not a code!"))).isEqualTo(Failure.TICKET_CODE_MALFORMED);
    assertThat(failure(() -> ring.verify(""))).isEqualTo(Failure.TICKET_CODE_MALFORMED);
    assertThat(failure(() -> ring.verify(code + "AAAA"))).isEqualTo(Failure.TICKET_CODE_MALFORMED);
  }

  @Test
  void a_code_of_another_key_is_unknown_and_one_forged_with_a_known_kid_is_forged()
      throws Exception {
    CodeKeyRing ours = CodeKeyRing.of(List.of(key("0a0b0c0d", Instant.EPOCH)));
    CodeKeyRing theirs = CodeKeyRing.of(List.of(key("ffffffff", Instant.EPOCH)));
    CodeKeyRing sameKid = CodeKeyRing.of(List.of(key("0a0b0c0d", Instant.EPOCH)));
    UUID t = UUID.randomUUID();
    assertThat(failure(() -> ours.verify(theirs.sign(t, t, 1, "A1", null))))
        .isEqualTo(Failure.TICKET_KEY_UNKNOWN);
    assertThat(failure(() -> ours.verify(sameKid.sign(t, t, 1, "A1", null))))
        .isEqualTo(Failure.TICKET_CODE_FORGED);
  }

  @Test
  void the_newest_key_signs_and_older_ones_still_verify() throws Exception {
    CodeKeyRing old = CodeKeyRing.of(List.of(key("00000001", Instant.EPOCH)));
    String before = old.sign(UUID.randomUUID(), UUID.randomUUID(), 1, "A1", null);
    CodeKeyRing rotated =
        CodeKeyRing.of(List.of(old.keys().get(0), key("00000002", Instant.EPOCH.plusSeconds(60))));
    assertThat(rotated.currentKeyId()).isEqualTo("00000002");
    assertThat(rotated.verify(before).keyId()).isEqualTo("00000001");
    assertThatThrownBy(() -> CodeKeyRing.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
