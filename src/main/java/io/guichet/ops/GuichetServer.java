package io.guichet.ops;

import com.hazelcast.core.HazelcastInstance;
import io.guichet.accounts.AccountService;
import io.guichet.b2b.ProducerAccounts;
import io.guichet.b2b.Reports;
import io.guichet.checkout.CartService;
import io.guichet.checkout.HzCarts;
import io.guichet.checkout.PointsOfSale;
import io.guichet.domain.offer.GuessPolicy;
import io.guichet.http.HttpVerticle;
import io.guichet.http.RequestIds;
import io.guichet.inventory.Grid;
import io.guichet.inventory.HoldReaperVerticle;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.WaitlistGrid;
import io.guichet.mail.MailVerticle;
import io.guichet.offers.CartOffersService;
import io.guichet.offers.CodeBatchVerticle;
import io.guichet.offers.CodeCrypto;
import io.guichet.offers.OfferPricing;
import io.guichet.offers.Offers;
import io.guichet.orders.CartQuotes;
import io.guichet.orders.CheckoutService;
import io.guichet.orders.DirectOrderWriter;
import io.guichet.orders.OrderService;
import io.guichet.orders.OrderSweeperVerticle;
import io.guichet.orders.OrderWriter;
import io.guichet.orders.OrderWriterVerticle;
import io.guichet.orders.Payments;
import io.guichet.payment.OgoneGateway;
import io.guichet.payment.OgoneSignature;
import io.guichet.payment.PaymentConfig;
import io.guichet.payment.PspSimulator;
import io.guichet.queue.AccessTokens;
import io.guichet.queue.Admissions;
import io.guichet.queue.CodeGuessLimiter;
import io.guichet.queue.RedisQueue;
import io.guichet.queue.WaitingRoom;
import io.guichet.queue.WaitingRoomVerticle;
import io.guichet.security.Hmac;
import io.guichet.security.PasswordHasher;
import io.guichet.store.AccountStore;
import io.guichet.store.AdmissionStore;
import io.guichet.store.AdvantageStore;
import io.guichet.store.CatalogueStore;
import io.guichet.store.CodeStore;
import io.guichet.store.DeadlinePool;
import io.guichet.store.InventoryStore;
import io.guichet.store.MailStore;
import io.guichet.store.OnSaleStore;
import io.guichet.store.OrderStore;
import io.guichet.store.ProducerStore;
import io.guichet.store.SalesReports;
import io.guichet.store.SalesSetupStore;
import io.guichet.store.ShopCatalogueStore;
import io.guichet.store.TicketStore;
import io.guichet.store.WaitlistReports;
import io.guichet.store.WaitlistStore;
import io.guichet.tickets.CheckinService;
import io.guichet.tickets.TicketKeys;
import io.guichet.tickets.TicketService;
import io.guichet.waitlist.Listing;
import io.guichet.waitlist.OfferEngineVerticle;
import io.guichet.waitlist.OfferTaking;
import io.guichet.waitlist.SignUpWriterVerticle;
import io.guichet.waitlist.Waitlist;
import io.guichet.waitlist.WaitlistAdmin;
import io.guichet.waitlist.WaitlistLinks;
import io.guichet.waitlist.WaitlistService;
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
import io.vertx.ext.web.client.WebClient;
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

  private String pgUrl;
  private String redisUrl;

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
    this.pgUrl = pgUrl.get();
    this.redisUrl = redisUrl.get();
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

    GuichetConfig.Deadlines deadlines = effective.deadlines();
    Pool pool =
        new DeadlinePool(
            PgBuilder.pool()
                // The deadline of DeadlinePool bounds each caller's wait for a connection; the
                // pool's own wait timer is off: it raced with connections handed out at the same
                // moment and failed promises already completed (an ERROR thirty seconds later).
                .with(new PoolOptions().setMaxSize(effective.pgPoolSize()).setConnectionTimeout(0))
                // Each connection keeps its prepared statements: PostgreSQL parses and plans a
                // query once per connection instead of at every execution (a ticket's view joins 8
                // tables). PostgreSQL cuts statements whose caller has long given up.
                .connectingTo(
                    pgOptions
                        .setPipeliningLimit(256)
                        .setCachePreparedStatements(true)
                        .addProperty("statement_timeout", String.valueOf(2 * deadlines.pgMillis())))
                .using(vertx)
                .build(),
            Duration.ofMillis(deadlines.pgMillis()));
    Grid grid = new Grid(Duration.ofMillis(deadlines.gridMillis()));
    // a hold is a few grid calls: a pending cart item older than six of them was abandoned
    HzCarts cartGrid = new HzCarts(hz, grid, Duration.ofMillis(6L * deadlines.gridMillis()));
    // Each request borrows a pooled connection for its round trip: enough connections for the
    // queue's status polls of a peak, and a deep wait list rather than refusals.
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(redisUrl.get())
                .setMaxPoolSize(32)
                .setMaxPoolWaiting(8192)
                .setMaxWaitingHandlers(8192));
    byte[] secret = ServerSecret.resolve(effective, pgOptions);
    ClusterHealth.watch(hz, effective, secret, registry);
    Hmac hmac = new Hmac(secret);
    OnSaleStore onSales = new OnSaleStore(pool);
    RedisQueue redisQueue = new RedisQueue(redis, Duration.ofMillis(deadlines.redisMillis()));
    WaitingRoom waitingRoom =
        new WaitingRoom(
            onSales,
            redisQueue,
            new Admissions(new AdmissionStore(pool), redisQueue, effective.clock()),
            accessTokens(effective, hmac),
            cartGrid::exists,
            effective.clock());
    SalesSetupStore salesSetup = new SalesSetupStore(pool);
    ShopCatalogueStore shop = new ShopCatalogueStore(pool);
    PointsOfSale pointsOfSale = new PointsOfSale(salesSetup, effective.clock());
    HzInventory inventory =
        new HzInventory(vertx, hz, new InventoryStore(pool), effective.clock(), grid);
    CartService carts =
        new CartService(pointsOfSale, shop, inventory, cartGrid, waitingRoom, effective.clock());
    OrderStore orderStore = new OrderStore(pool);
    AccountStore accountStore = new AccountStore(pool);
    OrderWriterVerticle batching =
        new OrderWriterVerticle(
            pool,
            effective.checkout().writerInFlight(),
            OrderWriterVerticle.MAX_BATCH,
            Duration.ofMillis(deadlines.orderWriteMillis()),
            registry);
    OrderWriter writer =
        "direct".equals(effective.checkout().orderWriter())
            ? new DirectOrderWriter(pool)
            : batching;
    AdvantageStore advantageStore = new AdvantageStore(pool);
    CodeStore codeStore = new CodeStore(pool);
    CodeCrypto codeCrypto = new CodeCrypto(hmac);
    OfferPricing offerPricing = new OfferPricing(advantageStore, codeStore);
    CartQuotes cartQuotes = new CartQuotes(carts, inventory, orderStore, offerPricing);
    CodeBatchVerticle codeBatches = new CodeBatchVerticle(codeStore, codeCrypto, effective.clock());
    Offers offers =
        new Offers(
            advantageStore,
            codeStore,
            codeCrypto,
            new CartOffersService(
                vertx,
                pointsOfSale,
                carts,
                cartGrid,
                advantageStore,
                codeStore,
                codeCrypto,
                new CodeGuessLimiter(
                    redis, Duration.ofMillis(deadlines.redisMillis()), GuessPolicy.DEFAULT),
                offerPricing,
                cartQuotes,
                effective.clock()),
            cartQuotes,
            codeBatches);
    PaymentConfig paymentConfig = paymentConfig(effective, hmac);
    // the provider's calls and the simulator's notifications: more than the default five at once
    WebClient webClient =
        WebClient.create(
            vertx,
            new io.vertx.ext.web.client.WebClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    Payments payments = new Payments(new OgoneGateway(paymentConfig, webClient));
    OrderService orders =
        new OrderService(
            pointsOfSale, orderStore, writer, inventory, payments, hmac, effective.clock());
    TicketStore ticketStore = new TicketStore(pool);
    TicketKeys ticketKeys = new TicketKeys(vertx, ticketStore, secret, effective.clock());
    ticketKeys.start().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    TicketService tickets =
        new TicketService(
            vertx,
            ticketStore,
            ticketKeys,
            pointsOfSale,
            orders,
            inventory,
            hz,
            effective.tickets(),
            effective.clock());
    AccountService accounts =
        new AccountService(
            vertx,
            accountStore,
            new PasswordHasher(),
            hmac,
            effective.clock(),
            Duration.ofHours(effective.checkout().sessionHours()));
    WaitlistStore waitlistStore = new WaitlistStore(pool);
    WaitlistLinks waitlistLinks = new WaitlistLinks(hmac);
    WaitlistGrid waitlistGrid = new WaitlistGrid(inventory, hz, grid, effective.clock());
    Listing listing = new Listing(waitlistGrid, effective.clock());
    SignUpWriterVerticle signUps =
        new SignUpWriterVerticle(
            pool,
            effective.clock(),
            SignUpWriterVerticle.DEFAULT_IN_FLIGHT,
            Duration.ofMillis(deadlines.orderWriteMillis()),
            registry);
    WaitlistService waitlistService =
        new WaitlistService(
            pointsOfSale,
            shop,
            inventory,
            waitlistGrid,
            waitlistStore,
            signUps,
            accounts,
            waitlistLinks,
            listing,
            effective.clock());
    Waitlist waitlist =
        new Waitlist(
            waitlistService,
            new OfferTaking(
                pointsOfSale,
                waitlistStore,
                inventory,
                cartGrid,
                carts,
                waitlistLinks,
                effective.clock()),
            new WaitlistAdmin(
                waitlistStore,
                new WaitlistReports(pool),
                salesSetup,
                inventory,
                waitlistGrid,
                waitlistService,
                effective.clock()),
            listing,
            waitlistStore,
            waitlistGrid);
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
            carts,
            orderStore,
            writer,
            accounts,
            new CheckoutService(
                pointsOfSale,
                carts,
                cartGrid,
                inventory,
                orderStore,
                accountStore,
                writer,
                payments,
                waitingRoom,
                offerPricing,
                effective.clock(),
                Duration.ofSeconds(effective.checkout().paymentGraceSeconds()),
                longestCheckout(deadlines)),
            orders,
            payments,
            paymentConfig.simulated() ? new PspSimulator(paymentConfig, webClient) : null,
            waitingRoom,
            ticketKeys,
            tickets,
            new CheckinService(ticketStore, ticketKeys, tickets::changed, effective.clock()),
            waitlist,
            offers,
            new io.guichet.orders.CancellationService(
                orderStore,
                new io.guichet.store.CancellationStore(pool),
                inventory,
                payments,
                tickets::cancelled,
                effective.clock()),
            new Reports(new SalesReports(pool), inventory, effective.clock()),
            new ProducerAccounts(
                vertx,
                new ProducerStore(pool),
                new PasswordHasher(),
                hmac,
                effective.clock(),
                Duration.ofHours(effective.checkout().sessionHours())));

    OrderSweeperVerticle sweeper = new OrderSweeperVerticle(orders, services.cancellations());
    WaitingRoomVerticle ticker =
        new WaitingRoomVerticle(
            onSales,
            waitingRoom.queue(),
            waitingRoom.admissions(),
            inventory,
            registry,
            effective.clock(),
            effective.queue().tickMillis());
    waitingRoom.onChange(ticker::reloadSoon);
    Future<?> ready =
        (effective.demo() ? DemoData.loadIfEmpty(vertx, services) : Future.succeededFuture())
            .compose(d -> vertx.deployVerticle(new HoldReaperVerticle(inventory)))
            .compose(d -> vertx.deployVerticle(batching))
            .compose(d -> vertx.deployVerticle(signUps))
            .compose(
                d ->
                    vertx.deployVerticle(
                        new OfferEngineVerticle(
                            waitlistStore,
                            waitlistGrid,
                            pointsOfSale,
                            listing,
                            hz.getCluster().getLocalMember().getUuid(),
                            effective.clock(),
                            registry)))
            .compose(d -> vertx.deployVerticle(sweeper))
            .compose(d -> vertx.deployVerticle(ticker))
            .compose(d -> vertx.deployVerticle(codeBatches))
            .onSuccess(
                d ->
                    hz.getCluster()
                        .addMembershipListener(
                            new com.hazelcast.cluster.MembershipListener() {
                              @Override
                              public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {}

                              @Override
                              public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
                                sweeper.memberLost();
                              }
                            }))
            .compose(
                d ->
                    vertx.deployVerticle(
                        new MailVerticle(
                            effective.mail(),
                            effective.publicUrl(),
                            new MailStore(pool),
                            orderStore,
                            orders,
                            pointsOfSale,
                            waitlistStore,
                            waitlistLinks,
                            new io.guichet.mail.CodeBatchMails(
                                    codeStore, codeCrypto, effective.mail().from())
                                ::mail,
                            new io.guichet.mail.AccountMails(
                                    accountStore,
                                    services.accounts(),
                                    pointsOfSale,
                                    effective.mail().from(),
                                    effective.publicUrl())
                                ::resetMail,
                            new io.guichet.mail.CancellationMails(
                                    services.cancellations().cancellations(),
                                    orderStore,
                                    pointsOfSale,
                                    effective.mail().from())
                                ::mail,
                            effective.clock())))
            .compose(
                d ->
                    vertx.deployVerticle(
                        HttpVerticle.factory(services),
                        new DeploymentOptions().setInstances(effective.httpInstances())))
            .onSuccess(this::stopHttpFirst);
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

  /**
   * On close, HTTP stops first: no new request is taken and those in flight are answered while the
   * pools, Redis and PostgreSQL are still there (Vert.x's own close stops all at once).
   */
  private void stopHttpFirst(String deployment) {
    Vertx v = vertx;
    synchronized (stack) {
      stack.push(
          () ->
              v.undeploy(deployment)
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get(30, TimeUnit.SECONDS));
    }
  }

  /**
   * How long a checkout can run at most: the writer's deadline, and a few grid and PostgreSQL calls
   * before it. A checkout claim older than this (and not done) cannot be in progress any more.
   */
  private static Duration longestCheckout(GuichetConfig.Deadlines d) {
    return Duration.ofMillis(d.orderWriteMillis() + 4L * d.gridMillis() + 4L * d.pgMillis());
  }

  /**
   * Ogone when GUICHET_OGONE_URL is set; otherwise the built-in simulated provider, whose pass
   * phrases are derived from the server secret.
   */
  private static PaymentConfig paymentConfig(GuichetConfig config, Hmac hmac) {
    GuichetConfig.Checkout c = config.checkout();
    String notify = "http://127.0.0.1:" + config.httpPort() + OgoneGateway.NOTIFY_PATH;
    if (c.pspUrl() == null) {
      return new PaymentConfig(
          true,
          config.publicUrl() + PspSimulator.BASE,
          "GUICHETSIM",
          hmac.sign("psp", "sha-in"),
          hmac.sign("psp", "sha-out"),
          OgoneSignature.Algorithm.parse(c.shaAlgorithm()),
          "guichet-api",
          hmac.sign("psp", "api-password"),
          config.publicUrl(),
          notify);
    }
    if (c.pspId() == null || c.shaIn() == null || c.shaOut() == null) {
      throw new IllegalArgumentException(
          "GUICHET_OGONE_URL needs GUICHET_OGONE_PSPID, GUICHET_OGONE_SHA_IN and"
              + " GUICHET_OGONE_SHA_OUT");
    }
    return new PaymentConfig(
        false,
        c.pspUrl().replaceAll("/+$", ""),
        c.pspId(),
        c.shaIn(),
        c.shaOut(),
        OgoneSignature.Algorithm.parse(c.shaAlgorithm()),
        c.pspApiUser(),
        c.pspApiPassword(),
        config.publicUrl(),
        notify);
  }

  /**
   * The keys of the waiting room's tokens: GUICHET_QUEUE_TOKEN_KEY (and the previous one while a
   * rotation ends), else one derived from the server secret.
   */
  private static AccessTokens accessTokens(GuichetConfig config, Hmac hmac) {
    GuichetConfig.Queue q = config.queue();
    for (String key : new String[] {q.tokenKey(), q.previousTokenKey()}) {
      if (key != null && key.length() < 16) {
        throw new IllegalArgumentException(
            "GUICHET_QUEUE_TOKEN_KEY and GUICHET_QUEUE_TOKEN_PREVIOUS_KEY need 16 characters at"
                + " least");
      }
    }
    String current = q.tokenKey() != null ? q.tokenKey() : hmac.sign("queue", "token-key");
    return new AccessTokens(
        current.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        q.previousTokenKey() == null
            ? null
            : q.previousTokenKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
      EmbeddedRedisServer redis =
          EmbeddedRedisServer.start(config.dataDir(), config.queue().redisFsync());
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

  /** The PostgreSQL this node uses (the embedded one's URL when it runs one). */
  public String pgUrl() {
    return pgUrl;
  }

  /** The Redis this node uses (the embedded one's URL when it runs one). */
  public String redisUrl() {
    return redisUrl;
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
