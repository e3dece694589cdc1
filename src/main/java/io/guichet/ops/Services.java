package io.guichet.ops;

import com.hazelcast.core.HazelcastInstance;
import io.guichet.accounts.AccountService;
import io.guichet.b2b.ProducerAccounts;
import io.guichet.b2b.Reports;
import io.guichet.checkout.CartService;
import io.guichet.checkout.PointsOfSale;
import io.guichet.inventory.HzInventory;
import io.guichet.offers.Offers;
import io.guichet.orders.CheckoutService;
import io.guichet.orders.OrderService;
import io.guichet.orders.OrderWriter;
import io.guichet.orders.Payments;
import io.guichet.payment.PspSimulator;
import io.guichet.queue.WaitingRoom;
import io.guichet.store.CatalogueStore;
import io.guichet.store.OrderStore;
import io.guichet.store.SalesSetupStore;
import io.guichet.store.ShopCatalogueStore;
import io.guichet.tickets.CheckinService;
import io.guichet.tickets.TicketKeys;
import io.guichet.tickets.TicketService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * What the verticles share: thread-safe clients and stores, built once per node. Nothing here is
 * mutable per request.
 *
 * @param pspSimulator the built-in payment provider, or null when a real one is configured
 */
public record Services(
    GuichetConfig config,
    Clock clock,
    Pool pool,
    Redis redis,
    HazelcastInstance hazelcast,
    PrometheusMeterRegistry registry,
    CatalogueStore catalogue,
    SalesSetupStore salesSetup,
    ShopCatalogueStore shop,
    HzInventory inventory,
    PointsOfSale pointsOfSale,
    CartService carts,
    OrderStore orderStore,
    OrderWriter orderWriter,
    AccountService accounts,
    CheckoutService checkout,
    OrderService orders,
    Payments payments,
    PspSimulator pspSimulator,
    WaitingRoom waitingRoom,
    TicketKeys ticketKeys,
    TicketService tickets,
    CheckinService checkins,
    io.guichet.waitlist.Waitlist waitlist,
    Offers offers,
    io.guichet.orders.CancellationService cancellations,
    Reports reports,
    ProducerAccounts producers) {}
