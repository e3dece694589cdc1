package io.guichet.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.inventory.Grid;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hold path's budget of grid round trips, counted (not timed): each request of a cycle of cart,
 * best-available hold of two and release is measured by the grid's own count of calls around it.
 * The median of several cycles is asserted, so that a reaper pass landing inside one request cannot
 * decide.
 */
class HoldPathGridOperationsTest extends ServerTest {
  private static final int CYCLES = 9;

  private static Fixtures fx;
  private static Grid grid;

  @BeforeAll
  static void performance() {
    fx = Fixtures.create();
    grid = TestServer.get().services().inventory().grid();
    // the first hold opens the performance on this node (its blocks put in the grid): not counted
    Shop.Cart warm = Shop.cart(fx.posCode);
    JsonObject item = Shop.hold(warm, fx.performanceId(), "A", fx.fullTariff(), 2);
    release(warm, item);
  }

  @Test
  void aCartIsCreatedInOneGridOperation() {
    assertThat(medianOfRequests(() -> Shop.cart(fx.posCode))).isLessThanOrEqualTo(1);
  }

  @Test
  void aBestAvailableHoldCostsOneOperationOnTheCartAndOneOnTheBlock() {
    assertThat(
            median(
                () -> {
                  Shop.Cart cart = Shop.cart(fx.posCode);
                  long before = grid.calls();
                  JsonObject item = Shop.hold(cart, fx.performanceId(), "A", fx.fullTariff(), 2);
                  long used = grid.calls() - before;
                  release(cart, item);
                  return used;
                }))
        .isLessThanOrEqualTo(2);
  }

  @Test
  void aReleaseCostsOneOperationOnTheCartAndOneOnTheBlock() {
    assertThat(
            median(
                () -> {
                  Shop.Cart cart = Shop.cart(fx.posCode);
                  JsonObject item = Shop.hold(cart, fx.performanceId(), "A", fx.fullTariff(), 2);
                  long before = grid.calls();
                  release(cart, item);
                  return grid.calls() - before;
                }))
        .isLessThanOrEqualTo(2);
  }

  /** The median count of grid calls of a step that answers its own count. */
  private static long median(CountedStep step) {
    List<Long> counts = new ArrayList<>();
    for (int k = 0; k < CYCLES; k++) {
      counts.add(step.count());
    }
    counts.sort(null);
    System.out.println("grid operations per request: " + counts);
    return counts.get(CYCLES / 2);
  }

  /** A step that answers how many grid calls its request made. */
  private interface CountedStep {
    long count();
  }

  private static long medianOfRequests(Supplier<?> request) {
    return median(
        () -> {
          long before = grid.calls();
          var unused = request.get();
          return grid.calls() - before;
        });
  }

  private static void release(Shop.Cart cart, JsonObject item) {
    Reply reply =
        send(
            client
                .delete(cart.path() + "/items/" + item.getString("id") + "?pos=" + cart.pos())
                .putHeader("X-Cart-Secret", cart.secret()),
            null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(204);
  }
}
