package io.guichet.orders;

import io.guichet.domain.cart.Cart;
import io.guichet.domain.cart.CartItem;
import io.guichet.domain.order.OrderLine;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.HzInventory.HoldRef;
import io.guichet.inventory.LivePerformance;
import io.vertx.core.Future;
import java.time.Instant;
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

  /**
   * Marks the seats sold: PostgreSQL has sold them. Should the grid fail, the sale is retried until
   * done (its seats stay held for the order meanwhile: they never show free).
   */
  Future<Void> sell(List<Hold> holds) {
    return each(holds, (live, ref) -> inventory.sellUntilDone(live, ref).map(true)).mapEmpty();
  }

  /**
   * Gives the seats of an order that will not be paid back to the sale; should the grid fail, the
   * release is retried until done or until {@code heldUntil}, when the holds lapse anyway.
   */
  Future<Void> release(List<Hold> holds, Instant heldUntil) {
    return each(
            holds,
            (live, ref) ->
                inventory
                    .releaseUntilDone(
                        live, ref.holdId(), ref.seatsByBlock().keySet(), ref.area(), heldUntil)
                    .map(true))
        .mapEmpty();
  }

  /**
   * Puts the sold seats of a cancelled reserved order back on sale. Not retried when the grid
   * fails: a late retry could free a seat sold again since; the seats stay sold in the grid, so
   * nothing is sold twice, until the grid is next rebuilt from PostgreSQL. The failure is logged as
   * the lost sale it is.
   */
  Future<Void> reopen(List<Hold> holds) {
    return each(holds, (live, ref) -> inventory.reopen(live, ref).map(true))
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warn(
                  "seats of a cancelled order stay sold in the grid until it is rebuilt: {}",
                  e.toString());
              return Future.succeededFuture();
            });
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
}
