package io.guichet.http;

import static io.guichet.http.Json.pathId;

import io.guichet.domain.DomainException;
import io.guichet.domain.ticket.Beneficiary;
import io.guichet.domain.ticket.CodeKeyRing;
import io.guichet.ops.Services;
import io.guichet.orders.OrderService;
import io.guichet.store.TicketStore;
import io.guichet.tickets.CheckinService;
import io.guichet.tickets.TicketKeys;
import io.guichet.tickets.TicketService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Base64;

/** Tickets for buyers (mobile, PDF, wallet pass, beneficiary), scanners and their keys. */
final class TicketHandlers {
  /** The contract's Code. */
  private static final java.util.regex.Pattern POS_CODE =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

  private final TicketService tickets;
  private final CheckinService checkins;
  private final TicketKeys keys;
  private final io.guichet.store.CatalogueStore catalogue;

  TicketHandlers(Services services) {
    this.catalogue = services.catalogue();
    this.tickets = services.tickets();
    this.checkins = services.checkins();
    this.keys = services.ticketKeys();
  }

  void mount(RouterBuilder builder) {
    // The downloads of a peak skip the contract's validator (it rebuilds the schema validators of
    // each parameter on every request, which costs more than the download of a cached ticket);
    // their inputs are checked here as strictly: ids must be UUIDs, the secret is bounded.
    for (String op :
        new String[] {"getTicket", "getTicketPdf", "getTicketWalletPass", "getOrderTicketsPdf"}) {
      builder.getRoute(op).setDoValidation(false);
    }
    builder.getRoute("getTicket").addHandler(this::ticket);
    builder.getRoute("getTicketPdf").addHandler(this::pdf);
    builder.getRoute("getTicketWalletPass").addHandler(this::pass);
    builder.getRoute("changeTicketBeneficiary").addHandler(this::beneficiary);
    builder.getRoute("getOrderTicketsPdf").addHandler(this::orderPdf);
    builder
        .getRoute("listTicketKeys")
        .addHandler(
            rc -> Json.ok(rc, Pages.of(rc, keys.ring().keys(), k -> keyJson(keys.ring(), k))));
    builder.getRoute("checkInTicket").addHandler(this::checkin);
    builder.getRoute("createScanner").addHandler(this::createScanner);
    builder.getRoute("listScanners").addHandler(this::scanners);
    builder.getRoute("revokeScanner").addHandler(this::revokeScanner);
    builder.getRoute("getCheckinReport").addHandler(this::checkinReport);
    builder
        .getRoute("rotateTicketKey")
        .addHandler(
            rc ->
                keys.rotate()
                    .onSuccess(
                        ring ->
                            Json.created(rc, "/api/v1/scanner/keys", keyJson(ring, ring.current())))
                    .onFailure(rc::fail));
    builder.getRoute("retireTicketKey").addHandler(this::retire);
  }

  private static OrderService.Access access(RoutingContext rc) {
    String pos = rc.queryParams().get("pos");
    if (pos == null || !POS_CODE.matcher(pos).matches()) {
      throw DomainException.invalid("pos (the point of sale's code) is required");
    }
    String secret = rc.request().getHeader(OrderHandlers.ORDER_SECRET_HEADER);
    if (secret != null && secret.length() > 100) {
      throw DomainException.invalid("X-Order-Secret is at most 100 characters");
    }
    return new OrderService.Access(pos, secret, SessionHandler.session(rc));
  }

  private void ticket(RoutingContext rc) {
    tickets
        .download(pathId(rc, "ticketId"), access(rc))
        .onSuccess(
            issued ->
                rc.response()
                    .putHeader("content-type", "application/json")
                    .end(Buffer.buffer(tickets.encoded(issued))))
        .onFailure(rc::fail);
  }

  private void pdf(RoutingContext rc) {
    tickets
        .pdf(pathId(rc, "ticketId"), access(rc))
        .onSuccess(bytes -> file(rc, bytes, "application/pdf", "ticket.pdf"))
        .onFailure(rc::fail);
  }

  private void pass(RoutingContext rc) {
    tickets
        .pass(pathId(rc, "ticketId"), access(rc))
        .onSuccess(bytes -> file(rc, bytes, "application/vnd.apple.pkpass", "ticket.pkpass"))
        .onFailure(rc::fail);
  }

  private void orderPdf(RoutingContext rc) {
    String performance = rc.queryParams().get("performance");
    tickets
        .orderPdf(
            pathId(rc, "orderId"),
            access(rc),
            performance == null ? null : Json.uuid(performance, "performance"))
        .onSuccess(bytes -> file(rc, bytes, "application/pdf", "tickets.pdf"))
        .onFailure(rc::fail);
  }

  private void beneficiary(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    Beneficiary beneficiary =
        new Beneficiary(body.getString("firstName"), body.getString("lastName"));
    tickets
        .changeBeneficiary(pathId(rc, "ticketId"), access(rc), beneficiary)
        .onSuccess(issued -> Json.ok(rc, tickets.json(issued)))
        .onFailure(rc::fail);
  }

  private void checkin(RoutingContext rc) {
    JsonObject body = Json.body(rc);
    String header = rc.request().getHeader("Authorization");
    String token = Bearer.token(header);
    checkins
        .device(token)
        .compose(
            device ->
                checkins.checkin(
                    device,
                    Json.uuid(body.getString("performanceId"), "performanceId"),
                    body.getString("code")))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void createScanner(RoutingContext rc) {
    java.util.UUID organizerId = pathId(rc, "organizerId");
    String name = Json.body(rc).getString("name");
    catalogue
        .organizer(organizerId) // an unknown organizer is 404, as for its other collections
        .compose(o -> checkins.createDevice(organizerId, name))
        .onSuccess(
            d ->
                Json.created(
                    rc,
                    "/admin/v1/scanners/" + d.device().id(),
                    device(d.device()).put("token", d.token())))
        .onFailure(rc::fail);
  }

  private void scanners(RoutingContext rc) {
    java.util.UUID organizerId = pathId(rc, "organizerId");
    catalogue
        .organizer(organizerId) // an unknown organizer is 404, as for its other collections
        .compose(o -> checkins.devices(organizerId))
        .onSuccess(all -> Json.ok(rc, Pages.of(rc, all, TicketHandlers::device)))
        .onFailure(rc::fail);
  }

  private void checkinReport(RoutingContext rc) {
    java.util.UUID performanceId = pathId(rc, "performanceId");
    catalogue
        .performance(performanceId)
        .compose(known -> checkins.report(performanceId))
        .onSuccess(json -> Json.ok(rc, json))
        .onFailure(rc::fail);
  }

  private void revokeScanner(RoutingContext rc) {
    checkins
        .revoke(pathId(rc, "scannerId"))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void retire(RoutingContext rc) {
    String kid = rc.pathParam("keyId");
    keys.retire(kid)
        .onSuccess(
            done -> {
              if (!done) {
                rc.fail(
                    keys.ring().knows(kid)
                        ? DomainException.invalid("the last ticket key cannot be retired")
                        : DomainException.notFound("ticket key", kid));
                return;
              }
              rc.response().setStatusCode(204).end();
            })
        .onFailure(rc::fail);
  }

  private static JsonObject device(TicketStore.Device d) {
    return new JsonObject()
        .put("id", d.id().toString())
        .put("organizerId", d.organizerId().toString())
        .put("name", d.name())
        .put("createdAt", d.createdAt() == null ? null : d.createdAt().toString())
        .put("revokedAt", d.revokedAt() == null ? null : d.revokedAt().toString());
  }

  /** A key that signs ticket codes, with the format of the codes it signs. */
  private static JsonObject keyJson(CodeKeyRing ring, CodeKeyRing.Key k) {
    byte[] spki = k.publicKey().getEncoded();
    // an Ed25519 SubjectPublicKeyInfo is a 12-byte header and the 32-byte raw key
    byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    return new JsonObject()
        .put("kid", k.kid())
        .put("format", "guichet-ticket-code-v1")
        .put("algorithm", "Ed25519")
        .put("publicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(raw))
        .put("spki", Base64.getEncoder().encodeToString(spki))
        .put("signing", k.kid().equals(ring.currentKeyId()))
        .put("createdAt", k.createdAt().toString());
  }

  private static void file(RoutingContext rc, byte[] bytes, String type, String name) {
    rc.response()
        .putHeader("content-type", type)
        .putHeader("content-disposition", "attachment; filename=\"" + name + "\"")
        .putHeader("cache-control", "private, no-store")
        .end(Buffer.buffer(bytes));
  }
}
