package io.guichet.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.cart.CheckoutClaim;
import io.guichet.domain.cart.TariffLine;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Carts and the cart processors' results through Hazelcast's serialization with our serializers:
 * every field comes back, nulls included, and none goes through Java's object streams.
 */
class CartSerializationTest {
  private final InternalSerializationService hz = service();

  private static InternalSerializationService service() {
    SerializationConfig config = new SerializationConfig();
    CartSerialization.register(config);
    return new DefaultSerializationServiceBuilder().setConfig(config).build();
  }

  private <T> T roundTrip(T value) {
    Data data = hz.toData(value);
    // Our type ids: Java serialization would have a negative one.
    assertThat(data.getType()).isGreaterThan(4300).isLessThan(4400);
    return hz.toObject(data);
  }

  private static CartItem item(boolean full) {
    return new CartItem(
        UUID.randomUUID(),
        UUID.randomUUID(),
        full ? 42L : 0L,
        !full,
        full ? 3 : 1,
        full ? "BEST" : null,
        full
            ? List.of(
                new TariffLine(UUID.randomUUID(), "CAT1", 2),
                new TariffLine(UUID.randomUUID(), null, 1))
            : List.of(),
        full ? List.of("A-1-1", "A-1-2", "A-1-3") : List.of(),
        full ? Set.of(4, 9) : Set.of(),
        full ? null : 7,
        full,
        full ? null : java.time.Instant.parse("2030-05-01T10:00:00.5Z"));
  }

  @Test
  void a_cart_with_everything_and_one_with_nothing_come_back_whole() {
    Instant t = Instant.parse("2030-05-01T10:00:00.123456789Z");
    Cart full =
        new Cart(
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            new byte[] {1, 2, 3},
            t,
            t.plusSeconds(600),
            List.of(item(true), item(false)),
            UUID.randomUUID(),
            new CheckoutClaim(
                "key-1", new byte[] {9, 8}, UUID.randomUUID(), t, UUID.randomUUID(), true));
    Cart bare = new Cart(UUID.randomUUID(), null, null, null, t, t, List.of(), null, null);
    for (Cart c : List.of(full, bare)) {
      assertThat(roundTrip(c)).usingRecursiveComparison().isEqualTo(c);
    }
    HzCarts.Result result = new HzCarts.Result(HzCarts.Code.TOO_MANY, full);
    assertThat(roundTrip(result)).usingRecursiveComparison().isEqualTo(result);
    HzCarts.Result missing = new HzCarts.Result(HzCarts.Code.MISSING, null);
    assertThat(roundTrip(missing)).usingRecursiveComparison().isEqualTo(missing);
    HzCarts.Removed removed =
        new HzCarts.Removed(HzCarts.Code.OK, item(true), Instant.parse("2026-12-03T20:00:00Z"));
    assertThat(roundTrip(removed)).usingRecursiveComparison().isEqualTo(removed);
    HzCarts.Removed gone = new HzCarts.Removed(HzCarts.Code.GONE, null, null);
    assertThat(roundTrip(gone)).usingRecursiveComparison().isEqualTo(gone);
    HzCarts.ClaimResult claim = new HzCarts.ClaimResult(HzCarts.ClaimCode.KEY_REUSED, bare);
    assertThat(roundTrip(claim)).usingRecursiveComparison().isEqualTo(claim);
  }
}
