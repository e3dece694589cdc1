package io.guichet.http;

import static io.guichet.http.Json.body;
import static io.guichet.http.Json.pathId;

import io.guichet.b2b.ProducerAccounts;
import io.guichet.domain.DomainException;
import io.guichet.ops.Services;
import io.guichet.store.ProducerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;

/**
 * Producers: the organizer's side in the back office (producers, their users, which producer an
 * event belongs to), and the producer's own login and list of events. Their reports are mounted by
 * {@link ReportHandlers}.
 */
final class ProducerHandlers {
  private final Services services;
  private final ProducerAccounts producers;
  private final ProducerStore store;

  ProducerHandlers(Services services) {
    this.services = services;
    this.producers = services.producers();
    this.store = producers.store();
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createProducer").addHandler(this::create);
    builder.getRoute("listProducers").addHandler(this::list);
    builder.getRoute("getProducer").addHandler(this::get);
    builder.getRoute("renameProducer").addHandler(this::rename);
    builder.getRoute("createProducerUser").addHandler(this::addUser);
    builder.getRoute("listProducerUsers").addHandler(this::users);
    builder.getRoute("setEventProducer").addHandler(this::assign);
    builder.getRoute("loginProducer").addHandler(this::login);
    builder.getRoute("listProducerEvents").addHandler(this::events);
  }

  private void create(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> producers.create(organizerId, body(rc).getString("name")))
        .onSuccess(p -> Json.created(rc, "/admin/v1/producers/" + p.id(), producer(p)))
        .onFailure(rc::fail);
  }

  private void list(RoutingContext rc) {
    UUID organizerId = pathId(rc, "organizerId");
    Pages.Request asked = Pages.request(rc);
    services
        .catalogue()
        .organizer(organizerId)
        .compose(o -> store.producers(organizerId, asked.size(), asked.offset()))
        .onSuccess(
            p -> {
              JsonArray items = new JsonArray();
              p.items().forEach(x -> items.add(producer(x)));
              Json.ok(rc, Pages.page(items, asked, p.total()));
            })
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    store
        .producer(pathId(rc, "producerId"))
        .onSuccess(p -> Json.ok(rc, producer(p)))
        .onFailure(rc::fail);
  }

  private void rename(RoutingContext rc) {
    producers
        .rename(pathId(rc, "producerId"), body(rc).getString("name"))
        .onSuccess(p -> Json.ok(rc, producer(p)))
        .onFailure(rc::fail);
  }

  private void addUser(RoutingContext rc) {
    JsonObject b = body(rc);
    UUID producerId = pathId(rc, "producerId");
    producers
        .addUser(producerId, b.getString("email"), b.getString("password"))
        .onSuccess(u -> Json.created(rc, "/admin/v1/producers/" + producerId + "/users", user(u)))
        .onFailure(rc::fail);
  }

  private void users(RoutingContext rc) {
    UUID producerId = pathId(rc, "producerId");
    Pages.Request asked = Pages.request(rc);
    store
        .producer(producerId)
        .compose(p -> store.users(producerId, asked.size(), asked.offset()))
        .onSuccess(
            p -> {
              JsonArray items = new JsonArray();
              p.items().forEach(u -> items.add(user(u)));
              Json.ok(rc, Pages.page(items, asked, p.total()));
            })
        .onFailure(rc::fail);
  }

  private void assign(RoutingContext rc) {
    UUID eventId = pathId(rc, "eventId");
    String given = body(rc).getString("producerId");
    UUID producerId = given == null ? null : Json.uuid(given, "producerId");
    store
        .assign(eventId, producerId)
        .compose(
            done ->
                done
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        DomainException.notFound(
                            "event (or producer of the event's organizer)", eventId)))
        .onSuccess(
            v ->
                Json.ok(
                    rc,
                    new JsonObject()
                        .put("eventId", eventId.toString())
                        .put("producerId", producerId == null ? null : producerId.toString())))
        .onFailure(rc::fail);
  }

  private void login(RoutingContext rc) {
    JsonObject b = body(rc);
    producers
        .login(b.getString("email"), b.getString("password"))
        .onSuccess(
            l ->
                Json.created(
                    rc,
                    "/producer/v1/events",
                    new JsonObject()
                        .put("token", l.token())
                        .put("expiresAt", l.session().expiresAt().toString())
                        .put("producer", producer(l.producer()))))
        .onFailure(rc::fail);
  }

  private void events(RoutingContext rc) {
    Pages.Request asked = Pages.request(rc);
    store
        .events(ProducerSessionHandler.session(rc).producerId(), asked.size(), asked.offset())
        .onSuccess(
            p -> {
              JsonArray items = new JsonArray();
              p.items()
                  .forEach(
                      e -> {
                        JsonArray performances = new JsonArray();
                        e.performanceIds().forEach(id -> performances.add(id.toString()));
                        items.add(
                            new JsonObject()
                                .put("id", e.id().toString())
                                .put("name", e.name())
                                .put("season", e.season())
                                .put("performanceIds", performances)
                                .put("createdAt", e.createdAt().toString()));
                      });
              Json.ok(rc, Pages.page(items, asked, p.total()));
            })
        .onFailure(rc::fail);
  }

  private static JsonObject producer(ProducerStore.Producer p) {
    return new JsonObject()
        .put("id", p.id().toString())
        .put("organizerId", p.organizerId().toString())
        .put("name", p.name())
        .put("createdAt", p.createdAt().toString());
  }

  private static JsonObject user(ProducerStore.User u) {
    return new JsonObject()
        .put("id", u.id().toString())
        .put("producerId", u.producerId().toString())
        .put("email", u.email())
        .put("createdAt", u.createdAt().toString());
  }
}
