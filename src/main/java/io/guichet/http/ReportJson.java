package io.guichet.http;

import io.guichet.b2b.Reports;
import io.guichet.domain.report.Availability;
import io.guichet.domain.report.Revenue;
import io.guichet.domain.report.RevenueLine;
import io.guichet.domain.report.Table;
import io.guichet.store.SalesReports;
import io.guichet.store.SalesReports.Subject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reports as JSON answers, and as the tables their CSV and XLSX files are written from. */
final class ReportJson {
  private ReportJson() {}

  private static JsonObject head(Subject s) {
    return new JsonObject()
        .put("performanceId", s.performanceId().toString())
        .put("eventId", s.eventId().toString())
        .put("eventName", s.eventName())
        .put("startsAt", s.startsAt().toString());
  }

  static JsonObject revenue(Subject s, Revenue r) {
    JsonArray byTariff = new JsonArray();
    r.byTariff()
        .forEach(
            t ->
                byTariff.add(
                    new JsonObject()
                        .put("tariffId", t.tariffId().toString())
                        .put("code", t.code())
                        .put("name", t.name())
                        .put("tickets", t.tickets())
                        .put("amount", t.amount())));
    JsonArray byChannel = new JsonArray();
    r.byChannel()
        .forEach(
            c ->
                byChannel.add(
                    new JsonObject()
                        .put("channelId", c.channelId().toString())
                        .put("name", c.name())
                        .put("tickets", c.tickets())
                        .put("amount", c.amount())));
    JsonArray byDay = new JsonArray();
    r.byDay()
        .forEach(
            d ->
                byDay.add(
                    new JsonObject()
                        .put("day", d.day().toString())
                        .put("tickets", d.tickets())
                        .put("amount", d.amount())));
    JsonArray lines = new JsonArray();
    r.lines()
        .forEach(
            l ->
                lines.add(
                    new JsonObject()
                        .put("day", l.day().toString())
                        .put("channelId", l.channelId().toString())
                        .put("tariffId", l.tariffId().toString())
                        .put("tickets", l.tickets())
                        .put("amount", l.amount())));
    return head(s)
        .put("currency", r.currency())
        .put("tickets", r.tickets())
        .put("amount", r.amount())
        .put("byTariff", byTariff)
        .put("byChannel", byChannel)
        .put("byDay", byDay)
        .put("lines", lines);
  }

  static JsonObject availability(Subject s, Availability a) {
    JsonArray rows = new JsonArray();
    a.rows()
        .forEach(
            r ->
                rows.add(
                    counts(r.counts())
                        .put("quotaId", r.quotaId() == null ? null : r.quotaId().toString())
                        .put("quotaName", r.quotaName())
                        .put("category", r.category())));
    return head(s).put("rows", rows).put("total", counts(a.total()));
  }

  private static JsonObject counts(Availability.Counts c) {
    return new JsonObject()
        .put("seats", c.seats())
        .put("sold", c.sold())
        .put("held", c.held())
        .put("free", c.free())
        .put("blocked", c.blocked());
  }

  static JsonObject sales(Subject s, Reports.Window w, List<SalesReports.Minute> minutes) {
    JsonArray items = new JsonArray();
    long orders = 0;
    long tickets = 0;
    long amount = 0;
    for (SalesReports.Minute m : minutes) {
      items.add(
          new JsonObject()
              .put("minute", m.minute().toString())
              .put("orders", m.orders())
              .put("tickets", m.tickets())
              .put("amount", m.amount()));
      orders += m.orders();
      tickets += m.tickets();
      amount += m.amount();
    }
    return head(s)
        .put("currency", s.currency())
        .put("from", w.from().toString())
        .put("to", w.to().toString())
        .put("orders", orders)
        .put("tickets", tickets)
        .put("amount", amount)
        .put("minutes", items);
  }

  static JsonObject contact(SalesReports.Contact c) {
    return new JsonObject()
        .put("contactId", c.id().toString())
        .put("contactNumber", c.contactNumber())
        .put("email", c.email())
        .put("firstName", c.firstName())
        .put("lastName", c.lastName())
        .put("language", c.language())
        .put("country", c.country())
        .put("postalCode", c.postalCode())
        .put("orders", c.orders())
        .put("tickets", c.tickets());
  }

  // --- tables, for the files ---

  static Table revenueTable(Revenue r) {
    List<List<Object>> rows = new ArrayList<>();
    for (RevenueLine l : r.lines()) {
      rows.add(
          Arrays.asList(
              l.day().toString(),
              l.channelName(),
              l.tariffCode(),
              l.tariffName(),
              l.tickets(),
              l.amount(),
              r.currency()));
    }
    return new Table(
        "Revenue",
        List.of("day", "channel", "tariff_code", "tariff_name", "tickets", "amount", "currency"),
        rows);
  }

  static Table availabilityTable(Availability a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Availability.Row r : a.rows()) {
      Availability.Counts c = r.counts();
      rows.add(
          Arrays.asList(
              r.quotaName(), r.category(), c.seats(), c.sold(), c.held(), c.free(), c.blocked()));
    }
    return new Table(
        "Availability",
        List.of("quota", "category", "seats", "sold", "held", "free", "blocked"),
        rows);
  }

  static Table salesTable(Subject s, List<SalesReports.Minute> minutes) {
    List<List<Object>> rows = new ArrayList<>();
    for (SalesReports.Minute m : minutes) {
      rows.add(
          Arrays.asList(m.minute().toString(), m.orders(), m.tickets(), m.amount(), s.currency()));
    }
    return new Table(
        "Sales per minute", List.of("minute", "orders", "tickets", "amount", "currency"), rows);
  }

  static Table contactsTable(List<SalesReports.Contact> contacts) {
    List<List<Object>> rows = new ArrayList<>();
    for (SalesReports.Contact c : contacts) {
      rows.add(
          Arrays.asList(
              c.contactNumber(),
              c.email(),
              c.firstName(),
              c.lastName(),
              c.language(),
              c.country(),
              c.postalCode(),
              c.orders(),
              c.tickets()));
    }
    return new Table(
        "Contacts",
        List.of(
            "contact_number",
            "email",
            "first_name",
            "last_name",
            "language",
            "country",
            "postal_code",
            "orders",
            "tickets"),
        rows);
  }
}
