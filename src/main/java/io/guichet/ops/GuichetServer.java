package io.guichet.ops;

import com.hazelcast.core.HazelcastInstance;
import io.guichet.checkout.CartService;
import io.guichet.checkout.HzCarts;
import io.guichet.checkout.PointsOfSale;
import io.guichet.http.HttpVerticle;
import io.guichet.http.RequestIds;
import io.guichet.inventory.HoldReaperVerticle;
import io.guichet.inventory.HzInventory;
import io.guichet.store.CatalogueStore;
import io.guichet.store.InventoryStore;
import io.guichet.store.SalesSetupStore;
import io.guichet.store.ShopCatalogueStore;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Guichet node: its embedded (or external) services, its Vert.x instance and verticles. {@link
 * #start} blocks until the node serves requests; {@link #close} undoes everything in reverse order.
 * Used by {@link Main} and, once per test JVM, by the tests.
 */
public final class GuichetServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GuichetServer.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Deque<AutoCloseable> stack = new ArrayDeque<>();
  private Services services;
  private Vertx vertx;
  private String adminKey;
  private boolean adminKeyGenerated;

  private GuichetServer() {}

  /** Starts a node. Blocking: call from a launcher or test thread, never an event loop. */
  public static GuichetServer start(GuichetConfig config) throws Exception {
    GuichetServer server = new GuichetServer();
    try {
      server.doStart(config);
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  private void doStart(GuichetConfig config) throws Exception {
    RequestIds.register();
    adminKeyGenerated = config.adminKey() == null;
    adminKey = adminKeyGenerated ? randomKey() : config.adminKey();
    GuichetConfig effective = config.withAdminKey(adminKey);

    // The three services start in parallel: each takes a few seconds.
    CompletableFuture<String> pgUrl = CompletableFuture.supplyAsync(() -> startPostgres(effective));
    CompletableFuture<String> redisUrl = CompletableFuture.supplyAsync(() -> startRedis(effective));
    CompletableFuture<HazelcastInstance> hazelcast =
        CompletableFuture.supplyAsync(() -> HazelcastMember.start(effective));
    CompletableFuture.allOf(pgUrl, redisUrl, hazelcast)
        .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    HazelcastInstance hz = hazelcast.get();
    stack.push(hz::shutdown);

    PgConnectOptions pgOptions = PgConnectOptions.fromUri(pgUrl.get());
    Migrations.migrate(pgOptions);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                            .addLabels(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    Vertx v = vertx;
    stack.push(() -> v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));

    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(effective.pgPoolSize()))
            .connectingTo(pgOptions.setPipeliningLimit(256))
            .using(vertx)
            .build();
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl.get()));
    SalesSetupStore salesSetup = new SalesSetupStore(pool);
    ShopCatalogueStore shop = new ShopCatalogueStore(pool);
    PointsOfSale pointsOfSale = new PointsOfSale(salesSetup, effective.clock());
    HzInventory inventory = new HzInventory(vertx, hz, new InventoryStore(pool), effective.clock());
    services =
        new Services(
            effective,
            effective.clock(),
            pool,
            redis,
            hz,
            registry,
            new CatalogueStore(pool),
            salesSetup,
            shop,
            inventory,
            pointsOfSale,
            new CartService(
                pointsOfSale, salesSetup, shop, inventory, new HzCarts(hz), effective.clock()));

    Future<?> ready =
        (effective.demo() ? DemoData.loadIfEmpty(vertx, services) : Future.succeededFuture())
            .compose(d -> vertx.deployVerticle(new HoldReaperVerticle(inventory)))
            .compose(
                d ->
                    vertx.deployVerticle(
                        HttpVerticle.factory(services),
                        new DeploymentOptions().setInstances(effective.httpInstances())));
    ready
        .toCompletionStage()
        .toCompletableFuture()
        .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    LOG.info("Guichet serves HTTP on port {}", effective.httpPort());
    if (adminKeyGenerated) {
      // Printed once, to the console only: there is no default key.
      System.out.println("GUICHET_ADMIN_KEY was not set; this run's admin key: " + adminKey);
    }
  }

  private String startPostgres(GuichetConfig config) {
    if (config.pgUrl() != null) {
      return config.pgUrl();
    }
    try {
      EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(config.dataDir());
      synchronized (stack) {
        stack.addLast(pg); // closed last: after Vert.x has let go of its connections
      }
      return pg.url();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  private String startRedis(GuichetConfig config) {
    if (config.redisUrl() != null) {
      return config.redisUrl();
    }
    try {
      EmbeddedRedisServer redis = EmbeddedRedisServer.start(config.dataDir());
      synchronized (stack) {
        stack.addLast(redis);
      }
      return redis.url();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("embedded Redis did not start", e);
    }
  }

  public Services services() {
    return services;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String adminKey() {
    return adminKey;
  }

  /**
   * Stops in reverse order: HTTP (in-flight requests finish), Vert.x, Hazelcast, Redis, PostgreSQL.
   */
  @Override
  public void close() {
    synchronized (stack) {
      while (!stack.isEmpty()) {
        AutoCloseable next = stack.pop();
        try {
          next.close();
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          LOG.warn("error while stopping {}", next, e);
        }
      }
    }
  }

  private static String randomKey() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
