package io.guichet.domain.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Seats of a listed category belong to the waiting list the instant they are free: a buyer's
 * best-available never takes them, an offer's takes only them, and seats of quotas stay their
 * channels'.
 */
class ListedSeatsTest {
  private static final long NOW = 1_000_000L;

  /** One row of 8 seats of category 0; seat 7 in quota 0. */
  private static BlockState row() {
    SeatBlock.Builder b = new SeatBlock.Builder("S");
    for (int p = 1; p <= 8; p++) {
      b.add(new SeatBlock.Builder.Seat("S-" + p, "1", p, "" + p, p, 0, p == 8 ? 0 : -1, p));
    }
    return new BlockState(b.build());
  }

  private static SeatRequest buyer(int quantity) {
    return new SeatRequest(0, quantity, 1L, false, false);
  }

  private static SeatRequest list(int quantity, boolean together) {
    return new SeatRequest(0, quantity, 0L, false, !together, true);
  }

  @Test
  void a_listed_category_is_sold_out_to_buyers_and_offered_to_the_list() {
    BlockState s = row();
    s.hold(new int[] {0, 1, 2, 3, 4, 5, 6}, 11, NOW + 60_000);
    s.setListed(1);
    s.release(11, new int[] {2, 3}, NOW);

    assertThat(BestAvailable.find(s, new SeatRequest(0, 1, 0L, false, false), NOW))
        .as("buyers (of a channel without the quota) get nothing back")
        .isNull();
    assertThat(s.summary(1, NOW)[0]).as("on sale: the quota seat only").isEqualTo(1);
    assertThat(s.listSummary(1, NOW)[0]).isEqualTo(2);
    assertThat(s.listSummary(1, NOW)[2]).as("the two freed seats are side by side").isEqualTo(2);

    BestAvailable.Choice offer = BestAvailable.find(s, list(2, true), NOW);
    assertThat(offer.seats()).containsExactly(2, 3);
    assertThat(s.freedAt(2, NOW)).isEqualTo(NOW);
  }

  @Test
  void a_hold_that_lapses_is_the_lists_from_its_deadline_and_remembers_when() {
    BlockState s = row();
    s.hold(new int[] {0, 1, 2, 3, 4, 5, 6}, 11, NOW + 1_000);
    s.setListed(1);
    long later = NOW + 5_000;
    assertThat(BestAvailable.find(s, buyer(1), later).seats())
        .as("only the quota seat, open to this buyer's channel")
        .containsExactly(7);
    assertThat(BestAvailable.find(s, list(3, true), later)).isNotNull();
    assertThat(s.freedAt(0, later)).isEqualTo(NOW + 1_000);
    s.expire(later);
    assertThat(s.freedAt(0, later)).as("kept when the reaper tidies up").isEqualTo(NOW + 1_000);
  }

  @Test
  void the_list_never_takes_a_quota_seat_nor_a_seat_of_an_unlisted_category() {
    BlockState s = row();
    assertThat(BestAvailable.find(s, list(1, true), NOW)).as("nothing listed").isNull();
    s.setListed(1);
    s.hold(new int[] {0, 1, 2, 3, 4, 5, 6}, 11, NOW + 60_000);
    assertThat(BestAvailable.find(s, list(1, true), NOW)).as("seat 8 is the quota's").isNull();
  }

  @Test
  void unlisting_puts_the_free_seats_back_on_sale() {
    BlockState s = row();
    s.setListed(1);
    assertThat(BestAvailable.find(s, buyer(2), NOW)).isNull();
    s.setListed(0);
    assertThat(BestAvailable.find(s, buyer(2), NOW)).isNotNull();
    assertThat(s.effectiveStates(NOW)[0]).isEqualTo((byte) 0);
  }

  @Test
  void a_seat_sent_to_the_list_leaves_its_quota_and_its_block() {
    BlockState s = row();
    s.block(7);
    short[] quota = s.block().quota().clone();
    quota[7] = -1;
    BlockState after = s.withBlock(s.block().withQuota(quota));
    after.unblock(7, NOW);
    after.setListed(1);
    after.hold(new int[] {0, 1, 2, 3, 4, 5, 6}, 11, NOW + 60_000);
    assertThat(BestAvailable.find(after, list(1, true), NOW).seats()).containsExactly(7);
  }
}
