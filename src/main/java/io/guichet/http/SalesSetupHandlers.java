package io.guichet.http;

import static io.guichet.http.AdminHandlers.route;
import static io.guichet.http.Json.body;
import static io.guichet.http.Json.pathId;

import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.ops.Services;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Sales channels and points of sale under {@code /admin/v1}: created, read, and changed live (a
 * change reaches this node at once, every other within PointsOfSale.CACHE_MILLIS; what is held or
 * ordered already keeps what it was given: see docs/operator.md, "Live changes").
 */
final class SalesSetupHandlers {
  private final Services services;
  private final Supplier<Instant> now;

  SalesSetupHandlers(Services services, Supplier<Instant> now) {
    this.services = services;
    this.now = now;
  }

  void mount(RouterBuilder builder) {
    route(builder, "createChannel", this::createChannel);
    route(builder, "getChannel", rc -> services.salesSetup().channel(pathId(rc, "channelId")));
    route(builder, "changeChannel", this::changeChannel);
    route(builder, "createPointOfSale", this::createPointOfSale);
    route(builder, "getPointOfSale", rc -> services.salesSetup().pointOfSale(pathId(rc, "posId")));
    route(builder, "changePointOfSale", this::changePointOfSale);
  }

  private Future<?> createChannel(RoutingContext rc) {
    SalesChannel c = SalesSetupBodies.channel(body(rc), UUID.randomUUID(), now.get());
    return services
        .salesSetup()
        .createChannel(c)
        .map(s -> new AdminHandlers.Created("/admin/v1/channels/" + s.id(), s));
  }

  private Future<?> changeChannel(RoutingContext rc) {
    UUID id = pathId(rc, "channelId");
    return services
        .salesSetup()
        .channel(id)
        .map(current -> SalesSetupBodies.changed(current, body(rc)))
        .compose(services.salesSetup()::updateChannel)
        .onSuccess(changed -> services.pointsOfSale().changed(id));
  }

  private Future<?> createPointOfSale(RoutingContext rc) {
    PointOfSale p = SalesSetupBodies.pointOfSale(body(rc), UUID.randomUUID(), now.get());
    return services
        .salesSetup()
        .channel(p.channelId())
        .compose(channel -> services.salesSetup().createPointOfSale(p))
        .map(s -> new AdminHandlers.Created("/admin/v1/points-of-sale/" + s.id(), s));
  }

  private Future<?> changePointOfSale(RoutingContext rc) {
    UUID id = pathId(rc, "posId");
    return services
        .salesSetup()
        .pointOfSale(id)
        .compose(
            current -> {
              PointOfSale changed = SalesSetupBodies.changed(current, body(rc));
              return services
                  .salesSetup()
                  .updatePointOfSale(changed)
                  .onSuccess(
                      p -> services.pointsOfSale().changed(null, current.code(), changed.code()));
            });
  }
}
