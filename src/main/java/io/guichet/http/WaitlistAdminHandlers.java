package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistSettings;
import io.guichet.ops.Services;
import io.guichet.store.WaitlistReports;
import io.guichet.waitlist.WaitlistAdmin;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The organizer's waiting list of a performance: settings and figures, pause and resume offers,
 * entries (a page, or all as CSV), and seats sent to the list.
 */
final class WaitlistAdminHandlers {
  private static final int EXPORT_CHUNK = 5_000;

  private final WaitlistAdmin admin;

  WaitlistAdminHandlers(Services services) {
    this.admin = services.waitlist().admin();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("getWaitlist").addHandler(this::overview);
    builder.getRoute("changeWaitlist").addHandler(this::change);
    builder.getRoute("listWaitlistEntries").addHandler(this::entries);
    builder.getRoute("exportWaitlist").addHandler(this::export);
    builder.getRoute("releaseToWaitlist").addHandler(this::release);
  }

  private void overview(RoutingContext rc) {
    admin
        .overview(pathId(rc, "performanceId"))
        .onSuccess(o -> Json.ok(rc, overviewJson(o)))
        .onFailure(rc::fail);
  }

  private void change(RoutingContext rc) {
    JsonObject b = Json.body(rc);
    admin
        .change(
            pathId(rc, "performanceId"),
            new WaitlistAdmin.SettingsChange(
                b.getBoolean("enabled"),
                b.getBoolean("paused"),
                b.getInteger("offerSeconds"),
                b.getInteger("maxPasses"),
                b.getInteger("patienceSeconds")))
        .onSuccess(o -> Json.ok(rc, overviewJson(o)))
        .onFailure(rc::fail);
  }

  private void entries(RoutingContext rc) {
    Pages.Request asked = Pages.request(rc);
    int page = asked.page();
    int size = asked.size();
    admin
        .entries(pathId(rc, "performanceId"), rc.queryParams().get("status"), page, size)
        .onSuccess(
            p -> {
              JsonArray items = new JsonArray();
              p.items().forEach(e -> items.add(entryJson(e)));
              Json.ok(
                  rc,
                  new JsonObject()
                      .put("items", items)
                      .put("page", p.page())
                      .put("size", p.size())
                      .put("total", p.total()));
            })
        .onFailure(rc::fail);
  }

  /** Every entry in sign-up order, as CSV, written chunk by chunk. */
  private void export(RoutingContext rc) {
    UUID performanceId = pathId(rc, "performanceId");
    admin
        .known(performanceId)
        .onSuccess(
            v -> {
              HttpServerResponse response = rc.response();
              response
                  .setChunked(true)
                  .putHeader("content-type", "text/csv; charset=utf-8")
                  .putHeader(
                      "content-disposition",
                      "attachment; filename=\"waitlist-" + performanceId + ".csv\"");
              response.write(
                  "position,entry_id,status,signed_up_at,email,first_name,last_name,quantity,"
                      + "categories,together,passes,customer_id\r\n");
              writeFrom(rc, performanceId, 0, 0)
                  .onComplete(
                      done -> {
                        if (done.failed()) {
                          // the status line is gone: cut the answer short, a CSV reader sees it
                          rc.request().connection().close();
                        } else {
                          response.end();
                        }
                      });
            })
        .onFailure(rc::fail);
  }

  private Future<Void> writeFrom(RoutingContext rc, UUID performanceId, long afterSeq, long n) {
    return admin
        .chunk(performanceId, afterSeq, EXPORT_CHUNK)
        .compose(
            rows -> {
              if (rows.isEmpty()) {
                return Future.succeededFuture();
              }
              StringBuilder out = new StringBuilder(rows.size() * 160);
              long position = n;
              for (WaitlistEntry e : rows) {
                position++;
                csvRow(out, position, e);
              }
              long last = rows.get(rows.size() - 1).seq();
              long written = position;
              return rc.response()
                  .write(out.toString())
                  .compose(
                      v ->
                          rows.size() < EXPORT_CHUNK
                              ? Future.succeededFuture()
                              : writeFrom(rc, performanceId, last, written));
            });
  }

  private static void csvRow(StringBuilder out, long position, WaitlistEntry e) {
    out.append(position).append(',');
    out.append(e.id()).append(',');
    out.append(e.status()).append(',');
    out.append(e.createdAt()).append(',');
    csv(out, e.email()).append(',');
    csv(out, e.firstName()).append(',');
    csv(out, e.lastName()).append(',');
    out.append(e.quantity()).append(',');
    csv(out, String.join("|", e.categories())).append(',');
    out.append(e.together()).append(',');
    out.append(e.passes()).append(',');
    out.append(e.customerId() == null ? "" : e.customerId().toString()).append("\r\n");
  }

  /**
   * A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a text a spreadsheet
   * would read as a formula (=, +, -, @ first) gets a leading apostrophe.
   */
  static StringBuilder csv(StringBuilder out, String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return out.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
    return out.append(v);
  }

  private void release(RoutingContext rc) {
    JsonObject b = Json.body(rc);
    String quota = b.getString("quotaId");
    List<String> seats = b.containsKey("seatIds") ? Json.strings(b.getJsonArray("seatIds")) : null;
    admin
        .release(
            pathId(rc, "performanceId"), quota == null ? null : Json.uuid(quota, "quotaId"), seats)
        .onSuccess(
            r ->
                Json.ok(
                    rc,
                    new JsonObject()
                        .put("seatIds", new JsonArray(List.copyOf(r.seatIds())))
                        .put("changed", r.changed())))
        .onFailure(rc::fail);
  }

  // --- JSON ---

  private static JsonObject overviewJson(WaitlistAdmin.Overview o) {
    WaitlistSettings s = o.settings();
    WaitlistReports.Figures f = o.figures();
    long made = f.offers().values().stream().mapToLong(WaitlistReports.Count::count).sum();
    long taken = count(f.offers(), "TAKEN");
    long decided = taken + count(f.offers(), "LAPSED") + count(f.offers(), "WITHDRAWN");
    JsonObject figures =
        new JsonObject()
            .put("entries", counts(f.entries(), "entries"))
            .put("wantedByCategory", counts(f.wanted(), "entries"))
            .put("offers", counts(f.offers(), "offers"))
            .put("offersMade", made)
            .put("offersOpen", count(f.offers(), "OPEN"))
            .put("offersTaken", taken)
            .put("offersLapsed", count(f.offers(), "LAPSED"))
            .put("offersWithdrawn", count(f.offers(), "WITHDRAWN"))
            .put("ordersFromOffers", f.bought())
            .put("revenueFromOffers", f.revenue())
            .put("currency", f.currency())
            .put("conversion", decided == 0 ? null : (double) taken / decided)
            .put("purchaseConversion", made == 0 ? null : (double) f.bought() / made)
            .put("offerLagP50Seconds", f.lagP50Seconds())
            .put("offerLagP99Seconds", f.lagP99Seconds());
    return new JsonObject()
        .put("performanceId", s.performanceId().toString())
        .put("enabled", s.enabled())
        .put("paused", s.paused())
        .put("offerSeconds", s.offerSeconds())
        .put("maxPasses", s.maxPasses())
        .put("patienceSeconds", s.patienceSeconds())
        .put("figures", figures);
  }

  private static long count(Map<String, WaitlistReports.Count> counts, String key) {
    WaitlistReports.Count c = counts.get(key);
    return c == null ? 0 : c.count();
  }

  private static JsonObject counts(Map<String, WaitlistReports.Count> counts, String what) {
    JsonObject json = new JsonObject();
    counts.forEach(
        (k, c) -> json.put(k, new JsonObject().put(what, c.count()).put("seats", c.seats())));
    return json;
  }

  private static JsonObject entryJson(WaitlistEntry e) {
    return new JsonObject()
        .put("id", e.id().toString())
        .put("status", e.status().name())
        .put("email", e.email())
        .put("firstName", e.firstName())
        .put("lastName", e.lastName())
        .put("customerId", e.customerId() == null ? null : e.customerId().toString())
        .put("quantity", e.quantity())
        .put("categories", new JsonArray(List.copyOf(e.categories())))
        .put("together", e.together())
        .put("passes", e.passes())
        .put("createdAt", e.createdAt().toString());
  }
}
