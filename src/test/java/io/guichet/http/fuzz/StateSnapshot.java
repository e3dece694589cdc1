package io.guichet.http.fuzz;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bad requests must not change, read the same way before and after them: every table of
 * PostgreSQL (row count and a digest of all rows), and what lives in the grid and Redis for the
 * world's resources (the performance's audit counts, the cart and its held seat, the on-sale's
 * queue figures).
 */
final class StateSnapshot {
  /**
   * The tables, but the mail outbox: the mail verticle updates it on its own (it sends the world's
   * confirmation e-mails some time after they are queued); of the waiting list's settings, all but
   * the offer engine's lease.
   */
  private static final List<String> TABLES =
      List.of(
          "organizer",
          "tariff",
          "venue",
          "seat_map",
          "seat",
          "event",
          "performance",
          "performance_price",
          "sales_channel",
          "point_of_sale",
          "quota",
          "on_sale_window",
          "showcase_item",
          "customer",
          "credit_movement",
          "gift_voucher",
          "orders",
          "order_line",
          "ticket",
          "ga_sales",
          "voucher_use",
          "payment",
          "onsale",
          "onsale_performance",
          "ticket_signing_key",
          "scanner_device",
          "checkin_scan",
          "contact",
          "indicator",
          "contact_indicator",
          "advantage",
          "advantage_price",
          "advantage_contact",
          "promo_code",
          "code_batch",
          "single_use_code",
          "order_discount",
          "order_advantage",
          "waitlist_entry",
          "waitlist_offer",
          "waitlist_offer_seat",
          "waitlist_release",
          "order_cancellation",
          // the sweeper sends unanswered refunds again: their rows, not their progress
          "(select id, cancellation_id, order_id, payment_id, amount from refund)",
          // the engine renews its lease every second: the rest of the row must not change
          "(select performance_id, enabled, paused, offer_seconds, max_passes, patience_seconds,"
              + " priority_entry, priority_until, offers_since_priority from waitlist_settings)");

  private StateSnapshot() {}

  static Map<String, String> read(World w) {
    Map<String, String> state = new LinkedHashMap<>();
    for (String table : TABLES) {
      Row row =
          TestServer.get()
              .services()
              .pool()
              .query(
                  "select count(*), coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                      + " from "
                      + table
                      + " t")
              .execute()
              .await()
              .iterator()
              .next();
      state.put("table " + table, row.getLong(0) + " rows, " + row.getString(1));
    }
    JsonObject audit =
        ServerTest.adminGet("/admin/v1/performances/" + w.f.performanceId() + "/audit").json();
    state.put("grid audit", audit.encode());
    ServerTest.Reply cart =
        ServerTest.send(
            ServerTest.client
                .get(w.cart.path() + "?pos=" + w.f.posCode)
                .putHeader("X-Cart-Secret", w.cart.secret()),
            null);
    state.put("grid cart", cart.status() + " " + cart.body());
    JsonObject onSale = ServerTest.adminGet("/admin/v1/onsales/" + w.onSaleId).json();
    state.put("redis on-sale", onSale.encode());
    return state;
  }
}
