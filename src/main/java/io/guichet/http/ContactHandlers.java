package io.guichet.http;

import static io.guichet.http.Json.body;
import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.offers.ContactFiles;
import io.guichet.ops.Services;
import io.guichet.store.ContactSearch;
import io.guichet.store.ContactStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Contacts of an organizer and their indicators, as targeting needs them. */
final class ContactHandlers {
  private final io.vertx.core.Vertx vertx;
  private final Services services;
  private final ContactStore contacts;

  ContactHandlers(io.vertx.core.Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
    this.contacts = new ContactStore(services.pool());
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createContact").addHandler(this::create);
    builder.getRoute("getContact").addHandler(this::get);
    builder.getRoute("createIndicator").addHandler(this::createIndicator);
    builder.getRoute("setContactIndicator").addHandler(this::setLevel);
    builder.getRoute("searchContacts").addHandler(this::search);
    builder.getRoute("exportContacts").addHandler(this::export);
    builder.getRoute("linkSearchToAdvantage").addHandler(this::linkSearch);
    // a CSV body: read and checked by its own parser, on a worker thread
    builder.getRoute("importContacts").setDoValidation(false);
    builder.getRoute("importContacts").addHandler(this::importCsv);
  }

  private static final int EXPORT_MAX = 200_000;

  private void search(RoutingContext rc) {
    try {
      int page = OfferHandlers.intParam(rc, "page", 0);
      int size = OfferHandlers.intParam(rc, "size", Pages.DEFAULT_SIZE);
      UUID organizerId = pathId(rc, "organizerId");
      ContactSearch criteria = ContactSearch.of(organizerId, body(rc));
      services
          .catalogue()
          .organizer(organizerId)
          .compose(o -> contacts.search(criteria, page, size))
          .onSuccess(p -> Json.ok(rc, OfferJson.page(p.items(), page, size, p.total())))
          .onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  /** The whole result of a search as a CSV or XLSX file. */
  private void export(RoutingContext rc) {
    try {
      UUID organizerId = pathId(rc, "organizerId");
      String format = ContactFiles.format(rc.queryParams().get("format"));
      ContactSearch criteria = ContactSearch.of(organizerId, body(rc));
      List<JsonObject> all = new ArrayList<>();
      Future<Map<String, List<String>>> indicators =
          services
              .catalogue()
              .organizer(organizerId)
              .compose(o -> contacts.indicators(organizerId));
      indicators
          .compose(i -> collect(criteria, 0, all))
          .compose(
              v -> {
                List<String> codes = new ArrayList<>(indicators.result().keySet());
                java.util.Collections.sort(codes);
                return vertx.executeBlocking(
                    () ->
                        format.equals("csv")
                            ? Buffer.buffer(ContactFiles.csv(all, codes))
                            : Buffer.buffer(ContactFiles.xlsx(all, codes)),
                    false);
              })
          .onSuccess(
              file ->
                  rc.response()
                      .putHeader(
                          "content-type",
                          format.equals("csv")
                              ? "text/csv; charset=utf-8"
                              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                      .putHeader(
                          "Content-Disposition", "attachment; filename=\"contacts." + format + "\"")
                      .end(file))
          .onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  private Future<Void> collect(ContactSearch criteria, long after, List<JsonObject> into) {
    return contacts
        .after(criteria, after, 5_000)
        .compose(
            page -> {
              into.addAll(page);
              if (page.isEmpty()) {
                return Future.succeededFuture();
              }
              if (into.size() > EXPORT_MAX) {
                return Future.failedFuture(
                    DomainException.invalid(
                        "the search finds more than " + EXPORT_MAX + " contacts: narrow it"));
              }
              return collect(criteria, page.get(page.size() - 1).getLong("contactNumber"), into);
            });
  }

  /** Links every contact a search finds to an advantage (seed: lier à l'avantage). */
  private void linkSearch(RoutingContext rc) {
    try {
      UUID organizerId = pathId(rc, "organizerId");
      JsonObject b = body(rc);
      UUID advantageId = Json.uuid(b.getString("advantageId"), "advantageId");
      ContactSearch criteria = ContactSearch.of(organizerId, b.getJsonObject("criteria"));
      services
          .offers()
          .advantages()
          .advantage(advantageId)
          .compose(
              a ->
                  a.organizerId().equals(organizerId)
                      ? contacts.link(
                          criteria,
                          advantageId,
                          services.clock().instant().truncatedTo(ChronoUnit.MICROS))
                      : Future.failedFuture(DomainException.notFound("advantage", advantageId)))
          .onSuccess(n -> Json.ok(rc, new JsonObject().put("linked", n)))
          .onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  /** A CSV file of contacts: good lines are written (one transaction), refused ones listed. */
  private void importCsv(RoutingContext rc) {
    try {
      UUID organizerId = pathId(rc, "organizerId");
      // an unknown organizer is 404 whatever the body, as under every parent
      services
          .catalogue()
          .organizer(organizerId)
          .compose(o -> Future.succeededFuture(csvText(rc)))
          .compose(
              text ->
                  contacts.indicators(organizerId).map(indicators -> Map.entry(text, indicators)))
          .compose(
              input ->
                  vertx.executeBlocking(
                      () -> ContactFiles.parse(input.getKey(), input.getValue()), false))
          .compose(
              parsed ->
                  contacts
                      .importContacts(
                          organizerId,
                          parsed.rows(),
                          services.clock().instant().truncatedTo(ChronoUnit.MICROS))
                      .map(
                          counts -> {
                            JsonArray errors = new JsonArray();
                            parsed
                                .errors()
                                .forEach(
                                    e ->
                                        errors.add(
                                            new JsonObject()
                                                .put("line", e.line())
                                                .put("message", e.message())));
                            return new JsonObject()
                                .put("created", counts[0])
                                .put("updated", counts[1])
                                .put("refused", errors);
                          }))
          .onSuccess(json -> Json.ok(rc, json))
          .onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  /** The body of an import: UTF-8 text/csv without U+0000. */
  private static String csvText(RoutingContext rc) {
    String type = rc.request().getHeader("content-type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")) {
      throw new io.vertx.ext.web.handler.HttpException(415, "the body must be text/csv");
    }
    Buffer raw = rc.body() == null ? null : rc.body().buffer();
    if (raw == null || raw.length() == 0) {
      throw DomainException.invalid("a CSV file is required");
    }
    String text = utf8(raw.getBytes());
    if (text == null || TextInput.unstorable(text) != null) {
      throw DomainException.invalid("the file is not UTF-8 text without U+0000");
    }
    return text;
  }

  private void create(RoutingContext rc) {
    UUID organizerId;
    JsonObject b;
    try {
      organizerId = pathId(rc, "organizerId");
      b = body(rc);
    } catch (RuntimeException e) {
      rc.fail(e);
      return;
    }
    UUID id = UUID.randomUUID();
    services
        .catalogue()
        .organizer(organizerId)
        .compose(
            o ->
                contacts.create(
                    id, organizerId, b, services.clock().instant().truncatedTo(ChronoUnit.MICROS)))
        .onSuccess(c -> Json.created(rc, "/admin/v1/contacts/" + id, c))
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    try {
      contacts.contact(pathId(rc, "contactId")).onSuccess(c -> Json.ok(rc, c)).onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  private void createIndicator(RoutingContext rc) {
    try {
      UUID organizerId = pathId(rc, "organizerId");
      JsonObject b = body(rc);
      services
          .catalogue()
          .organizer(organizerId)
          .compose(
              o ->
                  contacts.createIndicator(
                      organizerId,
                      b.getString("code"),
                      b.getString("name"),
                      Json.strings(b.getJsonArray("levels"))))
          .onSuccess(
              v ->
                  Json.created(
                      rc,
                      "/admin/v1/organizers/" + organizerId + "/indicators/" + b.getString("code"),
                      b))
          .onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  private void setLevel(RoutingContext rc) {
    try {
      contacts
          .setLevel(
              pathId(rc, "contactId"), rc.pathParam("indicatorCode"), body(rc).getString("level"))
          .onSuccess(c -> Json.ok(rc, c))
          .onFailure(rc::fail);
    } catch (RuntimeException e) {
      rc.fail(e);
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
