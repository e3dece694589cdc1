package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.b2b.Reports;
import io.guichet.b2b.Reports.Reader;
import io.guichet.domain.report.Table;
import io.guichet.ops.Services;
import io.guichet.store.SalesReports.Subject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The reports of a performance, mounted twice: in the back office for the organizer (any
 * performance), and in the producer's space for the producer of its event (its own events only:
 * another performance is 404, as an unknown one). Each report answers JSON, and the same rows as a
 * CSV or XLSX file.
 */
final class ReportHandlers {
  private final Vertx vertx;
  private final Reports reports;

  ReportHandlers(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.reports = services.reports();
  }

  void mount(RouterBuilder builder) {
    mountFamily(builder, "", rc -> Reader.ORGANIZER);
    mountFamily(
        builder, "Producer", rc -> new Reader(ProducerSessionHandler.session(rc).producerId()));
  }

  private void mountFamily(
      RouterBuilder builder, String prefix, Function<RoutingContext, Reader> reader) {
    route(builder, "get" + prefix + "RevenueReport", reader, this::revenue);
    route(builder, "get" + prefix + "AvailabilityReport", reader, this::availability);
    route(builder, "get" + prefix + "SalesReport", reader, this::sales);
    route(builder, "list" + prefix + "ReportContacts", reader, this::contacts);
    route(builder, "export" + prefix + "Report", reader, this::export);
  }

  /** Resolves the performance for this reader (404 when not theirs), then runs the report. */
  private void route(
      RouterBuilder builder,
      String operationId,
      Function<RoutingContext, Reader> reader,
      BiFunction<RoutingContext, Subject, Future<?>> report) {
    builder
        .getRoute(operationId)
        .addHandler(
            rc -> {
              try {
                reports
                    .subject(reader.apply(rc), pathId(rc, "performanceId"))
                    .compose(s -> report.apply(rc, s))
                    .onFailure(rc::fail);
              } catch (RuntimeException e) {
                rc.fail(e);
              }
            });
  }

  private Future<?> revenue(RoutingContext rc, Subject s) {
    return reports.revenue(s).onSuccess(r -> Json.ok(rc, ReportJson.revenue(s, r)));
  }

  private Future<?> availability(RoutingContext rc, Subject s) {
    return reports.availability(s).onSuccess(a -> Json.ok(rc, ReportJson.availability(s, a)));
  }

  private Future<?> sales(RoutingContext rc, Subject s) {
    Reports.Window w = window(rc, s);
    return reports.perMinute(s, w).onSuccess(m -> Json.ok(rc, ReportJson.sales(s, w, m)));
  }

  private Reports.Window window(RoutingContext rc, Subject s) {
    String from = rc.queryParams().get("from");
    String to = rc.queryParams().get("to");
    return reports.window(
        s,
        from == null ? null : Json.instant(from, "from"),
        to == null ? null : Json.instant(to, "to"));
  }

  private Future<?> contacts(RoutingContext rc, Subject s) {
    Pages.Request asked = Pages.request(rc);
    return reports
        .contacts(s, asked.size(), asked.offset())
        .onSuccess(
            p -> {
              JsonArray items = new JsonArray();
              p.items().forEach(c -> items.add(ReportJson.contact(c)));
              Json.ok(rc, Pages.page(items, asked, p.total()));
            });
  }

  /** One report's rows as a CSV or XLSX file, written on a worker thread. */
  private Future<?> export(RoutingContext rc, Subject s) {
    String format = io.guichet.offers.ContactFiles.format(rc.queryParams().get("format"));
    String asked = rc.queryParams().get("report");
    String report = asked == null ? "revenue" : asked;
    Future<Table> table =
        switch (report) {
          case "revenue" -> reports.revenue(s).map(ReportJson::revenueTable);
          case "availability" -> reports.availability(s).map(ReportJson::availabilityTable);
          case "sales" -> reports.perMinute(s, window(rc, s)).map(m -> ReportJson.salesTable(s, m));
          default -> reports.allContacts(s).map(ReportJson::contactsTable);
        };
    return table
        .compose(
            t ->
                vertx.executeBlocking(
                    () ->
                        format.equals("csv")
                            ? Buffer.buffer(ReportFiles.csv(t))
                            : Buffer.buffer(ReportFiles.xlsx(t)),
                    false))
        .onSuccess(
            file ->
                rc.response()
                    .putHeader(
                        "content-type", format.equals("csv") ? ReportFiles.CSV : ReportFiles.XLSX)
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\""
                            + report
                            + "-"
                            + s.performanceId()
                            + "."
                            + format
                            + "\"")
                    .end(file));
  }
}
