package io.guichet.mail;

import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.TtlCache;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.order.Order;
import io.guichet.domain.order.OrderLine;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.ops.GuichetConfig;
import io.guichet.orders.OrderService;
import io.guichet.store.MailStore;
import io.guichet.store.OrderStore;
import io.guichet.store.WaitlistStore;
import io.guichet.waitlist.WaitlistLinks;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the e-mails of the outbox, off the request path: order confirmations (from the channel's
 * sender address), guests' address confirmations, the waiting list's (a guest's sign-up to confirm,
 * an offer of seats), batches of codes and password reset links. Rows are claimed with a lease, so
 * several nodes never send one twice at once; a failed send is retried with a growing delay.
 * Without an SMTP server configured, e-mails are written to the log (development).
 */
public final class MailVerticle extends VerticleBase {
  /** Event-bus address: something was written to the outbox, look now. */
  public static final String NUDGE = "guichet.mail.nudge";

  static final long PERIOD_MS = 1_000;

  /** E-mails claimed at once; a full batch is followed by the next at once. */
  static final int BATCH = 50;

  /** How long a point of sale or a performance's title is reused for the e-mails that name it. */
  static final long CACHE_MILLIS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(MailVerticle.class);

  private final GuichetConfig.Mail settings;
  private final String publicUrl;
  private final MailStore outbox;
  private final OrderStore orders;
  private final OrderService orderService;
  private final PointsOfSale pointsOfSale;
  private final WaitlistStore waitlist;
  private final WaitlistLinks links;
  private final Clock clock;
  // What a wave of waiting-list e-mails (a crowd's confirmations) asks of every one of them again
  private final TtlCache<UUID, PointOfSale> posById;
  private final TtlCache<UUID, Map<UUID, MailStore.PerformanceTitle>> titles;
  private MailClient client;
  private long timer = -1;
  private boolean running;

  /** The e-mail of a batch of codes (its list), made by the offers' side. */
  private final java.util.function.Function<UUID, Future<MailMessage>> batchMail;

  /** The e-mail of a password reset link, made by the accounts' side. */
  private final java.util.function.Function<UUID, Future<MailMessage>> resetMail;

  /** The e-mail of a cancellation of tickets, made by the orders' side. */
  private final java.util.function.Function<UUID, Future<MailMessage>> cancellationMail;

  public MailVerticle(
      GuichetConfig.Mail settings,
      String publicUrl,
      MailStore outbox,
      OrderStore orders,
      OrderService orderService,
      PointsOfSale pointsOfSale,
      WaitlistStore waitlist,
      WaitlistLinks links,
      java.util.function.Function<UUID, Future<MailMessage>> batchMail,
      java.util.function.Function<UUID, Future<MailMessage>> resetMail,
      java.util.function.Function<UUID, Future<MailMessage>> cancellationMail,
      Clock clock) {
    this.cancellationMail = cancellationMail;
    this.waitlist = waitlist;
    this.links = links;
    this.batchMail = batchMail;
    this.resetMail = resetMail;
    this.settings = settings;
    this.publicUrl = publicUrl;
    this.outbox = outbox;
    this.orders = orders;
    this.orderService = orderService;
    this.pointsOfSale = pointsOfSale;
    this.clock = clock;
    this.posById = new TtlCache<>(CACHE_MILLIS, clock, 1_000);
    this.titles = new TtlCache<>(CACHE_MILLIS, clock, 1_000);
  }

  @Override
  public Future<?> start() {
    if (settings.host() != null) {
      MailConfig config =
          new MailConfig()
              .setHostname(settings.host())
              .setPort(settings.port())
              .setStarttls(StartTLSOptions.valueOf(settings.startTls()))
              .setKeepAlive(true);
      if (settings.user() != null) {
        config.setUsername(settings.user()).setPassword(settings.password());
      }
      client = MailClient.create(vertx, config);
    } else {
      LOG.info("no SMTP server configured (GUICHET_SMTP_HOST): e-mails go to the log");
    }
    timer = vertx.setPeriodic(PERIOD_MS, id -> tick());
    vertx.eventBus().localConsumer(NUDGE, m -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return client == null ? Future.succeededFuture() : client.close();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    Instant now = clock.instant();
    outbox
        .claim(now, now.plusSeconds(120), BATCH)
        .compose(
            due ->
                entriesOf(due)
                    .compose(
                        entries -> {
                          List<Future<Long>> all = new ArrayList<>();
                          due.forEach(d -> all.add(send(d, entries)));
                          return Future.join(all)
                              .transform(v -> outbox.sent(sentOf(all), clock.instant()));
                        })
                    .map(due.size()))
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("sending e-mails failed", done.cause());
              } else if (done.result() == BATCH) {
                // more are due (a wave of waiting-list offers): go on now, not in a second
                vertx.runOnContext(v -> tick());
              }
            });
  }

  /** The waiting-list entries a batch's e-mails are about, read in one statement. */
  private Future<Map<UUID, WaitlistEntry>> entriesOf(List<MailStore.Due> due) {
    List<UUID> ids = new ArrayList<>();
    due.forEach(
        d -> {
          if (d.entryId() != null) {
            ids.add(d.entryId());
          }
        });
    return waitlist.entries(ids);
  }

  /** The ids of the e-mails delivered (marked sent together, one statement a batch). */
  private static List<Long> sentOf(List<Future<Long>> all) {
    List<Long> ids = new ArrayList<>();
    all.forEach(
        f -> {
          if (f.succeeded() && f.result() != null) {
            ids.add(f.result());
          }
        });
    return ids;
  }

  /** Delivers one e-mail: its id once the SMTP server took it, null once its failure is noted. */
  private Future<Long> send(MailStore.Due due, Map<UUID, WaitlistEntry> entries) {
    Future<MailMessage> message =
        due.batchId() != null
            ? batchMail.apply(due.batchId())
            : due.resetId() != null
                ? resetMail.apply(due.resetId())
                : due.cancellationId() != null
                    ? cancellationMail.apply(due.cancellationId())
                    : due.waitlist()
                        ? waitlistMessage(due, entries)
                        : orders.order(due.orderId()).compose(order -> render(due, order));
    return message
        .compose(this::deliver)
        .map(due.id())
        .recover(
            e -> {
              long delay = Math.min(3600, 30L << Math.min(due.attempts(), 7));
              LOG.warn(
                  "e-mail {} about {} not sent; retry in {} s",
                  due.kind(),
                  due.orderId() != null
                      ? "order " + due.orderId()
                      : due.batchId() != null
                          ? "batch " + due.batchId()
                          : due.resetId() != null
                              ? "password reset " + due.resetId()
                              : due.cancellationId() != null
                                  ? "cancellation " + due.cancellationId()
                                  : due.entryId() != null
                                      ? "entry " + due.entryId()
                                      : "offer " + due.offerId(),
                  delay,
                  e);
              return outbox
                  .failed(
                      due.id(), String.valueOf(e.getMessage()), clock.instant().plusSeconds(delay))
                  .map((Long) null);
            });
  }

  /** A waiting list's e-mail: to the entry's buyer, in its point of sale's language. */
  private Future<MailMessage> waitlistMessage(MailStore.Due due, Map<UUID, WaitlistEntry> entries) {
    Future<io.guichet.domain.waitlist.WaitlistOffer> offer =
        due.offerId() == null ? Future.succeededFuture(null) : waitlist.offer(due.offerId());
    return offer.compose(
        o ->
            (o == null && entries.containsKey(due.entryId())
                    ? Future.succeededFuture(entries.get(due.entryId()))
                    : waitlist.entry(o != null ? o.entryId() : due.entryId()))
                .compose(
                    entry ->
                        posById
                            .get(entry.posId(), pointsOfSale::byId)
                            .compose(
                                pos ->
                                    pointsOfSale
                                        .channel(entry.channelId())
                                        .compose(
                                            channel ->
                                                titles
                                                    .get(
                                                        entry.performanceId(),
                                                        id -> outbox.performances(List.of(id)))
                                                    .map(
                                                        titles ->
                                                            waitlistMessage(
                                                                entry,
                                                                o,
                                                                pos,
                                                                channel,
                                                                titles.get(
                                                                    entry.performanceId())))))));
  }

  private MailMessage waitlistMessage(
      io.guichet.domain.waitlist.WaitlistEntry entry,
      io.guichet.domain.waitlist.WaitlistOffer offer,
      PointOfSale pos,
      SalesChannel channel,
      MailStore.PerformanceTitle title) {
    OrderMails.Mail mail =
        offer == null
            ? WaitlistMails.confirm(
                entry,
                title,
                WaitlistMails.confirmLink(publicUrl, pos, entry, links.confirmToken(entry.id())))
            : WaitlistMails.offer(
                entry,
                offer,
                title,
                WaitlistMails.offerLink(
                    publicUrl, pos, offer, links.offerToken(offer.id(), entry.id())));
    return new MailMessage()
        .setFrom(channel.senderEmail() != null ? channel.senderEmail() : settings.from())
        .setTo(entry.email())
        .setSubject(mail.subject())
        .setText(mail.text());
  }

  private Future<MailMessage> render(MailStore.Due due, Order order) {
    return pointsOfSale
        .byId(order.posId())
        .compose(
            pos ->
                pointsOfSale
                    .channel(order.channelId())
                    .compose(channel -> message(due, order, pos, channel)));
  }

  private Future<MailMessage> message(
      MailStore.Due due, Order order, PointOfSale pos, SalesChannel channel) {
    String from = channel.senderEmail() != null ? channel.senderEmail() : settings.from();
    if (due.kind().equals("CONFIRM_EMAIL")) {
      OrderMails.Mail mail = OrderMails.confirmEmail(order, link(order, pos));
      return Future.succeededFuture(message(from, order, mail));
    }
    Set<UUID> performances = new LinkedHashSet<>();
    order.lines().stream().map(OrderLine::performanceId).forEach(performances::add);
    return outbox
        .performances(new ArrayList<>(performances))
        .map(titles -> message(from, order, OrderMails.confirmed(order, titles)));
  }

  private static MailMessage message(String from, Order order, OrderMails.Mail mail) {
    return new MailMessage()
        .setFrom(from)
        .setTo(order.buyer().email())
        .setSubject(mail.subject())
        .setText(mail.text());
  }

  /**
   * The link of the confirmation e-mail: the shop's own page when the point of sale has a site (it
   * posts the token to the API and goes on to the payment), else the API's page for browsers
   * ({@code GET /api/v1/orders/{id}/email-confirmation}), which confirms and offers the payment.
   */
  private String link(Order order, PointOfSale pos) {
    String token = URLEncoder.encode(orderService.emailToken(order.id()), StandardCharsets.UTF_8);
    String code = URLEncoder.encode(pos.code(), StandardCharsets.UTF_8);
    if (pos.url() != null) {
      return pos.url().replaceAll("/+$", "")
          + "/confirm-email?pos="
          + code
          + "&order="
          + order.id()
          + "&token="
          + token;
    }
    return publicUrl
        + "/api/v1/orders/"
        + order.id()
        + "/email-confirmation?pos="
        + code
        + "&token="
        + token;
  }

  private Future<Void> deliver(MailMessage message) {
    if (client == null) {
      LOG.info(
          "e-mail (no SMTP server) from {} to {}: {}\n{}",
          message.getFrom(),
          message.getTo(),
          message.getSubject(),
          message.getText());
      return Future.succeededFuture();
    }
    return client.sendMail(message).mapEmpty();
  }
}
