package io.guichet.orders;

import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.order.OrderLine;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.HzInventory.HoldRef;
import io.guichet.inventory.LivePerformance;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an order's state means for the grid: its lines grouped by performance and hold, and the grid
 * operations on them (extend while the payment is in flight, sell after the commit, release when it
 * expires, reopen when a reserved order is cancelled).
 */
final class OrderGrid {
  private static final Logger LOG = LoggerFactory.getLogger(OrderGrid.class);

  private final HzInventory inventory;

  OrderGrid(HzInventory inventory) {
    this.inventory = inventory;
  }

  /** One hold of one performance, with the lines it covers. */
  record Hold(UUID performanceId, long holdId, List<String> seats, Integer area, int places) {}

  static List<Hold> holds(List<OrderLine> lines) {
    Map<List<Object>, List<OrderLine>> groups = new LinkedHashMap<>();
    for (OrderLine l : lines) {
      groups
          .computeIfAbsent(
              List.of(l.performanceId(), l.holdId(), l.gaArea() == null ? -1 : l.gaArea()),
              k -> new ArrayList<>())
          .add(l);
    }
    List<Hold> holds = new ArrayList<>();
    groups.forEach(
        (key, group) -> {
          OrderLine first = group.get(0);
          List<String> seats = new ArrayList<>();
          group.forEach(
              l -> {
                if (l.seatId() != null) {
                  seats.add(l.seatId());
                }
              });
          holds.add(
              new Hold(
                  first.performanceId(),
                  first.holdId(),
                  seats,
                  first.gaArea(),
                  first.gaArea() == null ? 0 : group.size()));
        });
    return holds;
  }

  /** The holds of a cart's items. */
  static List<Hold> holds(Cart cart) {
    List<Hold> holds = new ArrayList<>();
    for (CartItem item : cart.items()) {
      holds.add(
          new Hold(
              item.performanceId(),
              item.holdId(),
              item.area() == null ? item.seatIds() : List.of(),
              item.area(),
              item.area() == null ? 0 : item.quantity()));
    }
    return holds;
  }

  /** Moves every hold's deadline; true when all were still held. */
  Future<Boolean> extend(List<Hold> holds, long until) {
    return each(holds, (live, ref) -> inventory.extend(live, ref, until))
        .map(all -> all.stream().allMatch(Boolean.TRUE::equals));
  }

  /** Marks the seats sold. Failures are logged: PostgreSQL already has them sold. */
  Future<Void> sell(List<Hold> holds) {
    return quietly("sell", each(holds, (live, ref) -> inventory.sell(live, ref).map(true)));
  }

  /** Gives the seats of an order that will not be paid back to the sale. */
  Future<Void> release(List<Hold> holds) {
    return quietly(
        "release",
        each(
            holds,
            (live, ref) ->
                inventory
                    .release(live, ref.holdId(), ref.seatsByBlock().keySet(), ref.area())
                    .map(true)));
  }

  /** Puts the sold seats of a cancelled reserved order back on sale. */
  Future<Void> reopen(List<Hold> holds) {
    return quietly("reopen", each(holds, (live, ref) -> inventory.reopen(live, ref).map(true)));
  }

  private Future<List<Boolean>> each(
      List<Hold> holds, BiFunction<LivePerformance, HoldRef, Future<Boolean>> op) {
    List<Future<Boolean>> all = new ArrayList<>();
    for (Hold hold : holds) {
      all.add(
          inventory
              .open(hold.performanceId())
              .compose(
                  live ->
                      op.apply(
                          live,
                          HzInventory.ref(
                              live, hold.holdId(), hold.seats(), hold.area(), hold.places()))));
    }
    return Future.all(all).map(done -> all.stream().map(Future::result).toList());
  }

  private static Future<Void> quietly(String what, Future<?> op) {
    return op.<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warn("grid {} after an order write failed; PostgreSQL stays the truth", what, e);
              return Future.succeededFuture();
            });
  }
}
