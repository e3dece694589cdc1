package io.guichet.waitlist;

import io.guichet.accounts.AccountService;
import io.guichet.checkout.PointsOfSale;
import io.guichet.checkout.ShopContext;
import io.guichet.checkout.TtlCache;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Ids;
import io.guichet.domain.account.Session;
import io.guichet.domain.order.Buyer;
import io.guichet.domain.waitlist.EntryStatus;
import io.guichet.domain.waitlist.RankIndex;
import io.guichet.domain.waitlist.WaitlistEntry;
import io.guichet.domain.waitlist.WaitlistOffer;
import io.guichet.domain.waitlist.WaitlistSettings;
import io.guichet.inventory.HzInventory;
import io.guichet.inventory.LivePerformance;
import io.guichet.inventory.WaitlistGrid;
import io.guichet.store.ShopCatalogueStore;
import io.guichet.store.ShopCatalogueStore.ShopPerformance;
import io.guichet.store.ShopCatalogueStore.ShopPrice;
import io.guichet.store.WaitlistStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The buyer's side of the waiting list: signing up on a sold-out performance (or sold-out
 * categories of it), reading one's entry and its rank, changing it, leaving, and a guest confirming
 * the address. A sign-up is checked against cached reads only (the point of sale, the performance's
 * on-sale window and prices, the list's settings, what is still on sale for the channel, each kept
 * a second or a few on this node), then written in the node's group commit of sign-ups and answered
 * once durable, with its categories listed in the grid.
 */
public final class WaitlistService {
  private static final long CACHE_MILLIS = 5_000;
  private static final long SOLD_OUT_MILLIS = 1_000;
  private static final long SETTINGS_MILLIS = 2_000;

  /** How old the count of a line behind an entry's rank may be (see {@link RankIndex}). */
  public static final long RANK_MILLIS = 5_000;

  private final PointsOfSale pointsOfSale;
  private final ShopCatalogueStore shop;
  private final HzInventory inventory;
  private final WaitlistGrid lists;
  private final WaitlistStore store;
  private final SignUpWriterVerticle writer;
  private final AccountService accounts;
  private final WaitlistLinks links;
  private final Listing listing;
  private final Clock clock;
  private final TtlCache<List<UUID>, ShopPerformance> performances;
  private final TtlCache<List<UUID>, List<ShopPrice>> prices;
  private final TtlCache<UUID, WaitlistSettings> settings;
  private final TtlCache<List<Object>, int[]> onSale;
  private final TtlCache<UUID, RankIndex> ranks;

  public WaitlistService(
      PointsOfSale pointsOfSale,
      ShopCatalogueStore shop,
      HzInventory inventory,
      WaitlistGrid lists,
      WaitlistStore store,
      SignUpWriterVerticle writer,
      AccountService accounts,
      WaitlistLinks links,
      Listing listing,
      Clock clock) {
    this.pointsOfSale = pointsOfSale;
    this.shop = shop;
    this.inventory = inventory;
    this.lists = lists;
    this.store = store;
    this.writer = writer;
    this.accounts = accounts;
    this.links = links;
    this.listing = listing;
    this.clock = clock;
    this.performances = new TtlCache<>(CACHE_MILLIS, clock, 10_000);
    this.prices = new TtlCache<>(CACHE_MILLIS, clock, 10_000);
    this.settings = new TtlCache<>(SETTINGS_MILLIS, clock, 10_000);
    this.onSale = new TtlCache<>(SOLD_OUT_MILLIS, clock, 10_000);
    this.ranks = new TtlCache<>(RANK_MILLIS, clock, 10_000);
  }

  public WaitlistLinks links() {
    return links;
  }

  /**
   * What a buyer asks: how many seats, which categories (null or empty: every category this point
   * of sale sells), side by side or not, and who they are when they have no session (a guest).
   */
  public record SignUpRequest(
      int quantity, List<String> categories, boolean together, GuestBuyer guest) {}

  /** A guest's name and e-mail address (confirmed by a link before offers come). */
  public record GuestBuyer(String email, String firstName, String lastName) {}

  /** A new entry, and the secret a guest manages it with (null for an account's). */
  public record SignedUp(WaitlistEntry entry, String secret) {}

  public Future<SignedUp> signUp(
      String posCode, UUID performanceId, SignUpRequest request, Session session) {
    return pointsOfSale
        .context(posCode)
        .compose(shopContext -> signUp(shopContext, performanceId, request, session));
  }

  private Future<SignedUp> signUp(
      ShopContext ctx, UUID performanceId, SignUpRequest request, Session session) {
    if (ctx.pos().settings().hideWaitlist()) {
      return Future.failedFuture(
          new DomainException(
              Failure.NOT_ALLOWED_HERE, "this point of sale does not offer the waiting list"));
    }
    checkQuantity(request.quantity(), ctx.channel().maxPerPerformance());
    return buyer(ctx, request.guest(), session)
        .compose(
            buyer ->
                openFor(ctx, performanceId)
                    .compose(
                        live ->
                            acceptable(ctx, live, request.categories())
                                .compose(
                                    cats ->
                                        soldOut(
                                            ctx,
                                            live,
                                            cats,
                                            request.categories() == null
                                                || request.categories().isEmpty()))
                                .compose(cats -> write(ctx, live, request, cats, buyer, session))));
  }

  private Future<SignedUp> write(
      ShopContext ctx,
      LivePerformance live,
      SignUpRequest request,
      List<String> categories,
      Buyer buyer,
      Session session) {
    Instant now = now();
    boolean guest = session == null;
    SignUpWriterVerticle.SignUp signUp =
        new SignUpWriterVerticle.SignUp(
            Ids.timeOrdered(now),
            live.plan().performanceId(),
            ctx.pos().id(),
            ctx.channel().id(),
            guest ? null : session.customerId(),
            WaitlistEntry.buyerKey(guest ? null : session.customerId(), buyer.email()),
            buyer.email(),
            buyer.firstName(),
            buyer.lastName(),
            language(ctx),
            request.quantity(),
            categories,
            request.together(),
            guest ? EntryStatus.UNCONFIRMED.name() : EntryStatus.WAITING.name());
    return writer
        .write(signUp)
        .compose(
            written -> {
              if (!written.created()) {
                return Future.failedFuture(
                    DomainException.of(
                        Failure.ALREADY_ON_WAITLIST,
                        "this buyer is on the waiting list of this performance already",
                        Map.of("entryId", written.entryId().toString())));
              }
              WaitlistEntry entry =
                  new WaitlistEntry(
                      written.entryId(),
                      0,
                      signUp.performanceId(),
                      signUp.posId(),
                      signUp.channelId(),
                      signUp.customerId(),
                      signUp.email(),
                      signUp.firstName(),
                      signUp.lastName(),
                      signUp.language(),
                      signUp.quantity(),
                      categories,
                      signUp.together(),
                      EntryStatus.valueOf(signUp.status()),
                      0,
                      now,
                      now);
              Future<Void> listed =
                  guest ? Future.succeededFuture() : listing.ensure(live, categories);
              return listed.map(
                  v -> new SignedUp(entry, guest ? links.entrySecret(entry.id()) : null));
            });
  }

  // --- an entry ---

  /** An entry with its place in the line (null unless waiting) and its current offer. */
  public record EntryView(WaitlistEntry entry, Long rank, WaitlistOffer offer) {}

  /** How a caller proves an entry is theirs: its secret (guests), or the account's session. */
  public record Access(String posCode, String secret, Session session) {}

  public Future<EntryView> view(UUID entryId, Access access) {
    return owned(entryId, access).compose(this::view);
  }

  private Future<EntryView> view(WaitlistEntry entry) {
    Future<Long> rank =
        entry.status() == EntryStatus.WAITING ? rank(entry) : Future.succeededFuture(null);
    Future<WaitlistOffer> offer =
        entry.status() == EntryStatus.OFFERED
                || entry.status() == EntryStatus.TAKEN
                || entry.status() == EntryStatus.LAPSED
            ? store.lastOffer(entry.id())
            : Future.succeededFuture(null);
    return Future.all(rank, offer).map(v -> new EntryView(entry, rank.result(), offer.result()));
  }

  /**
   * 1 + the waiting entries signed up before it: the performance's {@link RankIndex} (counted at
   * most {@link #RANK_MILLIS} ago, once per node for every poll meanwhile) and an exact count from
   * the entry's bucket on. A crowd polling its places at the back of a long line costs PostgreSQL
   * one scan of the line every few seconds, not one per poll.
   */
  private Future<Long> rank(WaitlistEntry entry) {
    return ranks
        .get(entry.performanceId(), store::rankIndex)
        .compose(
            index ->
                store
                    .waitingBetween(
                        entry.performanceId(), index.countFrom(entry.seq()), entry.seq())
                    .map(exact -> index.countedBefore(entry.seq()) + exact + 1));
  }

  /** What a buyer changes: each null member stays as it is. */
  public record Change(Integer quantity, List<String> categories, Boolean together) {}

  public Future<EntryView> change(UUID entryId, Access access, Change change) {
    return owned(entryId, access)
        .compose(
            entry -> {
              if (!entry.status().changeable()) {
                return Future.failedFuture(state(entry, "changed"));
              }
              return pointsOfSale
                  .context(access.posCode())
                  .compose(ctx -> change(ctx, entry, change));
            });
  }

  private Future<EntryView> change(ShopContext ctx, WaitlistEntry entry, Change change) {
    int quantity = change.quantity() != null ? change.quantity() : entry.quantity();
    checkQuantity(quantity, ctx.channel().maxPerPerformance());
    boolean together = change.together() != null ? change.together() : entry.together();
    return inventory
        .open(entry.performanceId())
        .compose(
            live -> {
              Future<List<String>> categories =
                  change.categories() == null
                      ? Future.succeededFuture(entry.categories())
                      : acceptable(ctx, live, change.categories())
                          .compose(
                              cats -> soldOut(ctx, live, newOnes(cats, entry), false).map(cats));
              return categories.compose(
                  cats ->
                      store
                          .change(entry.id(), quantity, cats, together, now())
                          .compose(
                              changed -> {
                                if (changed == null) {
                                  return Future.failedFuture(state(entry, "changed"));
                                }
                                Future<Void> listed =
                                    changed.status() == EntryStatus.WAITING
                                        ? listing.ensure(live, cats)
                                        : Future.succeededFuture();
                                return listed.compose(v -> view(changed));
                              }));
            });
  }

  private static List<String> newOnes(List<String> categories, WaitlistEntry entry) {
    return categories.stream().filter(c -> !entry.categories().contains(c)).toList();
  }

  /** The buyer leaves: an offer running for the entry is withdrawn, its seats go to the next. */
  public Future<Void> leave(UUID entryId, Access access) {
    return owned(entryId, access)
        .compose(
            entry ->
                store
                    .leave(entry, now())
                    .compose(
                        left -> {
                          if (left == null || !left.before().live()) {
                            return Future.failedFuture(state(entry, "left"));
                          }
                          if (left.withdrawn() == null) {
                            return Future.succeededFuture();
                          }
                          return giveBack(left.withdrawn());
                        }));
  }

  private Future<Void> giveBack(WaitlistOffer withdrawn) {
    return inventory
        .open(withdrawn.performanceId())
        .compose(
            live -> {
              java.util.Set<Integer> blocks = new java.util.HashSet<>();
              for (String seat : withdrawn.seatIds()) {
                var address = live.plan().seats().get(seat);
                if (address != null) {
                  blocks.add(address.block());
                }
              }
              return inventory.releaseUntilDone(
                  live, withdrawn.holdId(), blocks, withdrawn.gaArea(), withdrawn.expiresAt());
            });
  }

  /** The guest followed the link of the confirmation e-mail: the entry waits for offers. */
  public Future<EntryView> confirm(UUID entryId, String posCode, String token) {
    if (!links.confirmTokenMatches(entryId, token)) {
      return Future.failedFuture(DomainException.notFound("waiting-list entry", entryId));
    }
    return pointsOfSale
        .context(posCode)
        .compose(ctx -> entryOf(entryId, ctx))
        .compose(
            entry -> {
              if (entry.status() != EntryStatus.UNCONFIRMED) {
                return entry.status().live()
                    ? view(entry) // confirmed already: the same answer again
                    : Future.failedFuture(state(entry, "confirmed"));
              }
              return store
                  .confirm(entryId, now())
                  .compose(v -> store.entry(entryId))
                  .compose(
                      confirmed ->
                          inventory
                              .open(confirmed.performanceId())
                              .compose(live -> listing.ensure(live, confirmed.categories()))
                              .compose(v -> view(confirmed)));
            });
  }

  // --- rules ---

  private static void checkQuantity(int quantity, int max) {
    if (quantity < 1) {
      throw DomainException.invalid("quantity must be at least 1");
    }
    if (quantity > max) {
      throw DomainException.of(
          Failure.MAX_PER_PERFORMANCE,
          "at most " + max + " seats of one performance on this point of sale",
          Map.of("max", max));
    }
  }

  private Future<Buyer> buyer(ShopContext ctx, GuestBuyer guest, Session session) {
    if (session != null) {
      if (!session.organizerId().equals(ctx.organizerId())) {
        return Future.failedFuture(
            new DomainException(
                Failure.LOGIN_REQUIRED, "this session is of another organizer's shop"));
      }
      return accounts
          .customer(session)
          .map(c -> new Buyer(c.id(), c.email(), c.firstName(), c.lastName()));
    }
    if (!ctx.pos().settings().guestCheckout()) {
      return Future.failedFuture(
          new DomainException(
              Failure.LOGIN_REQUIRED, "log in to sign up to the waiting list on this shop"));
    }
    if (guest == null) {
      return Future.failedFuture(
          DomainException.invalid("a guest gives a buyer: e-mail, first and last name"));
    }
    return Future.succeededFuture(
        new Buyer(null, guest.email(), guest.firstName(), guest.lastName()));
  }

  /** The performance, on sale on this channel now and with its list open. */
  private Future<LivePerformance> openFor(ShopContext ctx, UUID performanceId) {
    Instant now = now();
    return performances
        .get(
            List.of(ctx.channel().id(), performanceId),
            k -> shop.performance(ctx.channel().id(), performanceId, now))
        .compose(
            perf -> {
              if (!perf.window().openAt(now)) {
                return Future.failedFuture(
                    new DomainException(
                        Failure.NOT_ON_SALE,
                        "performance " + performanceId + " is not on sale on this channel now"));
              }
              return settings.get(performanceId, store::settings);
            })
        .compose(
            s ->
                s.enabled()
                    ? inventory.open(performanceId)
                    : Future.failedFuture(
                        new DomainException(
                            Failure.WAITLIST_CLOSED,
                            "the waiting list of performance " + performanceId + " is closed")));
  }

  /** The categories asked for (all priced here when none), each priced on this channel, once. */
  private Future<List<String>> acceptable(
      ShopContext ctx, LivePerformance live, List<String> asked) {
    UUID performanceId = live.plan().performanceId();
    return prices
        .get(
            List.of(performanceId, ctx.channel().id()),
            k -> shop.prices(performanceId, ctx.channel().id()))
        .map(
            offered -> {
              Set<String> priced = new LinkedHashSet<>();
              offered.forEach(p -> priced.add(p.category()));
              if (asked == null || asked.isEmpty()) {
                if (priced.isEmpty()) {
                  throw DomainException.invalid("this point of sale sells no seat of it");
                }
                return List.copyOf(priced);
              }
              Set<String> distinct = new LinkedHashSet<>();
              for (String c : asked) {
                if (!distinct.add(c)) {
                  throw DomainException.invalid("category " + c + " is listed twice");
                }
                if (!priced.contains(c) || live.plan().categoryIndex(c) < 0) {
                  throw DomainException.invalid(
                      "category " + c + " is not sold for this performance on this point of sale");
                }
              }
              return List.copyOf(distinct);
            });
  }

  /**
   * The categories, when none still has seats (or places) on sale this channel may take: those are
   * bought, not waited for (NOT_SOLD_OUT). With {@code onlySoldOut} (the buyer named none), the
   * sold-out ones among them, failing only when there are none. Read from the grid at most once a
   * second per node.
   */
  private Future<List<String>> soldOut(
      ShopContext ctx, LivePerformance live, List<String> categories, boolean onlySoldOut) {
    if (categories.isEmpty()) {
      return Future.succeededFuture(categories);
    }
    long access = live.plan().quotaAccess(ctx.channel().id());
    return onSale
        .get(
            List.of(live.plan().performanceId(), ctx.channel().id()),
            k -> lists.onSaleFor(live, access))
        .compose(
            counts -> {
              Map<String, Object> available = new LinkedHashMap<>();
              List<String> soldOut = new ArrayList<>();
              for (String c : categories) {
                int n = counts[live.plan().categoryIndex(c)];
                if (n > 0) {
                  available.put(c, n);
                } else {
                  soldOut.add(c);
                }
              }
              if (available.isEmpty() || (onlySoldOut && !soldOut.isEmpty())) {
                return Future.succeededFuture(List.copyOf(soldOut));
              }
              return Future.failedFuture(
                  DomainException.of(
                      Failure.NOT_SOLD_OUT,
                      "seats of " + String.join(", ", available.keySet()) + " are still on sale",
                      Map.of("availableByCategory", available)));
            });
  }

  /** The entry, if the caller proves it is theirs (else answered as unknown). */
  private Future<WaitlistEntry> owned(UUID entryId, Access access) {
    return pointsOfSale
        .context(access.posCode())
        .compose(ctx -> entryOf(entryId, ctx))
        .compose(
            entry -> {
              boolean bySecret = links.entrySecretMatches(entry.id(), access.secret());
              boolean bySession =
                  access.session() != null
                      && entry.customerId() != null
                      && entry.customerId().equals(access.session().customerId());
              return bySecret || bySession
                  ? Future.succeededFuture(entry)
                  : Future.failedFuture(DomainException.notFound("waiting-list entry", entryId));
            });
  }

  /** The entry, when it was made on this point of sale. */
  private Future<WaitlistEntry> entryOf(UUID entryId, ShopContext ctx) {
    return store
        .entry(entryId)
        .compose(
            entry ->
                entry != null && entry.posId().equals(ctx.pos().id())
                    ? Future.succeededFuture(entry)
                    : Future.failedFuture(DomainException.notFound("waiting-list entry", entryId)));
  }

  private static DomainException state(WaitlistEntry entry, String what) {
    return DomainException.of(
        Failure.WAITLIST_ENTRY_STATE,
        "a "
            + entry.status().name().toLowerCase(java.util.Locale.ROOT)
            + " entry cannot be "
            + what,
        Map.of("entryStatus", entry.status().name()));
  }

  private static String language(ShopContext ctx) {
    List<String> languages = ctx.pos().languages();
    return languages == null || languages.isEmpty() ? "fr" : languages.get(0);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** For the organizer: the cached settings of a performance are stale. */
  public void settingsChanged(UUID performanceId) {
    settings.invalidate(performanceId);
  }
}
