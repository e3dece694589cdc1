package io.guichet.http;

import io.guichet.ops.Services;
import io.guichet.store.ShopCatalogueStore.ShopSeat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The JSON API. One instance per core; every instance builds its router from the OpenAPI contract,
 * which validates requests before the business handlers run.
 */
public final class HttpVerticle extends VerticleBase {
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final Services services;
  private final Map<UUID, Future<List<ShopSeat>>> seatCache;
  private final ContractDocument contract;
  private final ApiReference reference;
  private final WebAssets webAssets;
  private HttpServer server;

  private HttpVerticle(
      Services services,
      Map<UUID, Future<List<ShopSeat>>> seatCache,
      ContractDocument contract,
      ApiReference reference,
      WebAssets webAssets) {
    this.services = services;
    this.seatCache = seatCache;
    this.contract = contract;
    this.reference = reference;
    this.webAssets = webAssets;
  }

  /**
   * A factory for the instances of one node; they share the (immutable) seat map cache, the
   * contract, the API reference's files and the shop's files, read once.
   */
  public static java.util.function.Supplier<HttpVerticle> factory(Services services) {
    Map<UUID, Future<List<ShopSeat>>> cache = ShopHandlers.newSeatCache();
    ContractDocument contract = ContractDocument.load();
    ApiReference reference = ApiReference.load();
    WebAssets webAssets = WebAssets.load();
    return () -> new HttpVerticle(services, cache, contract, reference, webAssets);
  }

  @Override
  public Future<?> start() {
    return OpenAPIContract.from(vertx, contract.forRouter())
        .map(this::router)
        .compose(
            router ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setPort(services.config().httpPort())
                            .setCompressionSupported(true)
                            .setMaxHeaderSize(16 * 1024))
                    .requestHandler(router)
                    .invalidRequestHandler(Problems::invalidRequest)
                    .listen())
        .onSuccess(s -> server = s);
  }

  /** Stops accepting connections and lets in-flight requests finish (up to a grace period). */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  private Handler<HttpServerRequest> router(OpenAPIContract contract) {
    RouteFamilies builder = new RouteFamilies(vertx, contract);
    builder.rootHandler(new RequestLogHandler());
    builder.rootHandler(new CorsHandler(services.pointsOfSale()));
    builder.rootHandler(new AdminKeyHandler(services.config().adminKey()));
    builder.rootHandler(new SessionHandler(services.accounts(), services.pointsOfSale()));
    builder.rootHandler(new ProducerSessionHandler(services.producers()));
    builder.rootHandler(
        new BodyLimitHandler(
            services.config().maxBodyBytes(), services.config().maxSeatMapBytes()));
    builder.getRoutes().forEach(r -> r.setDoSecurity(false)); // AdminKeyHandler guards /admin
    new OpsHandlers(services, this.contract).mount(builder);
    reference.mount(builder);
    new AdminHandlers(vertx, services).mount(builder);
    new ShopHandlers(services, seatCache).mount(builder);
    new CartHandlers(services).mount(builder);
    new OrderHandlers(services).mount(builder);
    new AccountHandlers(services).mount(builder);
    new VoucherHandlers(services).mount(builder);
    new QueueHandlers(services).mount(builder);
    new TicketHandlers(services).mount(builder);
    new WaitlistHandlers(services).mount(builder);
    new WaitlistAdminHandlers(services).mount(builder);
    new OfferHandlers(services).mount(builder);
    new CartOfferHandlers(services).mount(builder);
    new CancellationHandlers(services).mount(builder);
    new ContactHandlers(vertx, services).mount(builder);
    new ProducerHandlers(services).mount(builder);
    new ReportHandlers(vertx, services).mount(builder);
    new ContractValidator(vertx, contract).mount(builder);
    return builder.createHandler(
        router -> {
          new ShopPages(webAssets).mount(router);
          if (services.pspSimulator() != null) {
            services.pspSimulator().mount(router);
          }
        },
        router -> {
          router.route().failureHandler(Problems.failureHandler());
          router.errorHandler(
              404, rc -> Problems.send(rc, ProblemType.NOT_FOUND, "no such resource"));
          router.errorHandler(405, rc -> Problems.send(rc, ProblemType.METHOD_NOT_ALLOWED, null));
          // failures the router meets outside any route (while matching a request)
          router.errorHandler(
              400, rc -> Problems.send(rc, ProblemType.BAD_REQUEST, "the request is not valid"));
          router.errorHandler(500, Problems.unhandled());
        });
  }
}
