package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A caller's request id is kept when it is a sane label; otherwise a fresh random UUID. */
class RequestIdsTest {
  @Test
  void a_sane_id_is_kept_and_anything_else_replaced_by_a_fresh_version_4_uuid() {
    assertThat(RequestIds.accept("shop-7.abc_1")).isEqualTo("shop-7.abc_1");
    Set<String> fresh = new HashSet<>();
    for (String bad : new String[] {null, "", "a b", "x".repeat(65), "é", "id\n"}) {
      String id = RequestIds.accept(bad);
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      fresh.add(id);
    }
    assertThat(fresh).hasSize(6);
  }
}
