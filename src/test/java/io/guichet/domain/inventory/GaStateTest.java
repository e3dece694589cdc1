package io.guichet.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GaStateTest {
  private static final long QUOTA_0 = 1L;

  @Test
  void places_are_held_until_the_deadline_and_then_free_again() {
    GaState area = new GaState(10);
    assertThat(area.hold(1, 7, 100, 0, 0)).isTrue();
    assertThat(area.hold(2, 4, 100, 0, 0)).isFalse();
    assertThat(area.free(50)).isEqualTo(3);
    assertThat(area.free(100)).isEqualTo(10);
    assertThat(area.hold(2, 10, 200, 100, 0)).isTrue();
    assertThat(area.expire(200)).isEqualTo(10);
  }

  @Test
  void a_quota_s_places_go_only_to_its_channels() {
    GaState area = new GaState(10, new int[] {6});
    assertThat(area.free(0, 0)).isEqualTo(4);
    assertThat(area.free(0, QUOTA_0)).isEqualTo(10);
    assertThat(area.hold(1, 5, 100, 0, 0)).as("the public cannot eat the reserve").isFalse();
    assertThat(area.hold(1, 4, 100, 0, 0)).isTrue();
    assertThat(area.hold(2, 1, 100, 0, 0)).isFalse();
    assertThat(area.hold(3, 6, 100, 0, QUOTA_0)).isTrue();
    assertThat(area.heldFromQuota(0, 0)).isEqualTo(6);
    assertThat(area.free(0, QUOTA_0)).isZero();
  }

  @Test
  void a_quota_channel_takes_its_reserve_first_then_the_general_pool() {
    GaState area = new GaState(10, new int[] {3});
    assertThat(area.hold(1, 5, 100, 0, QUOTA_0)).isTrue();
    assertThat(area.heldFromQuota(0, 0)).isEqualTo(3);
    assertThat(area.free(0, 0)).isEqualTo(5);
    assertThat(area.release(1)).isEqualTo(5);
    assertThat(area.free(0, 0)).isEqualTo(7);
  }

  @Test
  void reserves_cannot_exceed_the_capacity() {
    assertThatThrownBy(() -> new GaState(5, new int[] {3, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void selling_a_hold_again_changes_nothing() {
    GaState area = new GaState(10);
    assertThat(area.hold(7, 3, 1_000, 0, 0)).isTrue();
    area.sell(7, 3);
    area.sell(7, 3);
    assertThat(area.soldPlaces()).isEqualTo(3);
    assertThat(area.free(0)).isEqualTo(7);
  }
}
