package io.guichet.domain.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SingleUseCodeTest {
  private static final String ALPHABET = SingleUseCode.ALPHABET;

  @Test
  void a_code_has_sixteen_symbols_of_an_unambiguous_alphabet_in_four_groups() {
    String code = SingleUseCode.generate(new SecureRandom());
    assertThat(code).hasSize(16).matches("[0-9A-HJKMNP-TV-Z]{16}");
    assertThat(SingleUseCode.display(code))
        .matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
    assertThat(SingleUseCode.read(code)).isEqualTo(SingleUseCode.Reading.WELL_FORMED);
    assertThat(SingleUseCode.RANDOM_BITS).isGreaterThanOrEqualTo(60);
  }

  @Test
  void reading_forgives_case_spaces_hyphens_and_look_alike_letters() {
    String code = SingleUseCode.generate(new SecureRandom());
    String typed =
        SingleUseCode.display(code)
            .toLowerCase()
            .replace('0', 'o')
            .replace('1', 'l')
            .replace('-', ' ');
    assertThat(SingleUseCode.canonical(typed)).isEqualTo(code);
    assertThat(SingleUseCode.read(typed)).isEqualTo(SingleUseCode.Reading.WELL_FORMED);
  }

  @Test
  void other_characters_or_lengths_are_malformed() {
    assertThat(SingleUseCode.read("ABCD-EFGH")).isEqualTo(SingleUseCode.Reading.MALFORMED);
    assertThat(SingleUseCode.read("ABCD-EFGH-JKMN-PQRU"))
        .isEqualTo(SingleUseCode.Reading.MALFORMED);
    assertThat(SingleUseCode.read(null)).isEqualTo(SingleUseCode.Reading.MALFORMED);
    assertThat(SingleUseCode.read("ÉBCD-EFGH-JKMN-PQRS"))
        .isEqualTo(SingleUseCode.Reading.MALFORMED);
  }

  @Property(tries = 500)
  void every_single_wrong_symbol_is_caught_before_any_lookup(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 15) int at,
      @ForAll @IntRange(min = 1, max = 31) int shift) {
    char[] code = SingleUseCode.generate(new Random(seed)).toCharArray();
    code[at] = ALPHABET.charAt((ALPHABET.indexOf(code[at]) + shift) % 32);
    assertThat(SingleUseCode.read(new String(code))).isEqualTo(SingleUseCode.Reading.TYPO);
  }

  @Property(tries = 500)
  void every_swap_of_two_different_neighbours_is_caught(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 14) int at) {
    char[] code = SingleUseCode.generate(new Random(seed)).toCharArray();
    if (code[at] == code[at + 1]) {
      return;
    }
    char c = code[at];
    code[at] = code[at + 1];
    code[at + 1] = c;
    // Luhn mod N misses one swap: the first and last symbols of the alphabet (0 and Z), as Luhn
    // mod 10 misses 09 and 90.
    int a = ALPHABET.indexOf(code[at]);
    int b = ALPHABET.indexOf(code[at + 1]);
    if (a + b == 31 && (a == 0 || b == 0)) {
      return;
    }
    assertThat(SingleUseCode.read(new String(code))).isEqualTo(SingleUseCode.Reading.TYPO);
  }

  @Test
  void codes_do_not_repeat() {
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(SingleUseCode.generate(random))).isTrue();
    }
  }
}
