package io.guichet.offers;

import static io.guichet.offers.OfferFixtures.advantage;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.guichet.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of buyers at once against the real server, PostgreSQL and grid: a single-use code
 * redeemed at most once, an advantage's quota and a promo code's budget never exceeded, a code held
 * by a lapsed cart free again, and a cancelled order giving uses and budget back.
 */
class ConcurrentOffersTest extends ServerTest {
  private static final int BUYERS = 200;

  /** A client with a connection per buyer: the requests are in flight together, not queued. */
  private static WebClient crowd;

  private Fixtures f;

  @BeforeAll
  static void crowd() {
    crowd =
        WebClient.create(
            TestServer.get().vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(TestServer.port()),
            new PoolOptions().setHttp1MaxSize(BUYERS + 50));
  }

  @AfterAll
  static void disperse() {
    crowd.close();
  }

  @BeforeEach
  void catalogue() {
    TestServer.CLOCK.reset();
    f = Fixtures.create(standingMap());
    OfferFixtures.forgetGuesses();
  }

  @AfterEach
  void clock() {
    TestServer.CLOCK.reset();
  }

  /** The fixtures' small hall with a standing area of 1,000 (category C). */
  private static JsonObject standingMap() {
    JsonObject map = Fixtures.smallSeatMap();
    map.getJsonArray("sections")
        .getJsonObject(1)
        .getJsonObject("generalAdmission")
        .put("capacity", 1000);
    return map;
  }

  /** {@code n} carts of one standing place each, made one after the other. */
  private List<Cart> carts(int n) {
    List<Cart> carts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Cart cart = Shop.cart(f.posCode);
      Shop.hold(cart, f.performanceId(), "C", f.fullTariff(), 1);
      carts.add(cart);
    }
    return carts;
  }

  private static Future<HttpResponse<Buffer>> post(Cart cart, String path, JsonObject body) {
    return crowd
        .post(cart.path() + path + "?pos=" + cart.pos())
        .putHeader("X-Cart-Secret", cart.secret())
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(body);
  }

  /** Sends one request per cart, all at once, and waits for every answer. */
  private static List<HttpResponse<Buffer>> all(
      List<Cart> carts, java.util.function.Function<Cart, Future<HttpResponse<Buffer>>> request) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    carts.forEach(c -> sent.add(request.apply(c)));
    Future.join(sent).await();
    return sent.stream().map(Future::result).toList();
  }

  private static long status(List<HttpResponse<Buffer>> answers, int status) {
    return answers.stream().filter(a -> a != null && a.statusCode() == status).count();
  }

  @Test
  void two_hundred_carts_presenting_one_code_at_once_hold_it_once_and_one_order_uses_it() {
    JsonObject adv = advantage(f, "SINGLE_USE_CODE", "C", 0, new JsonObject());
    String code =
        OfferFixtures.codes(adv, OfferFixtures.contact(f, "Partner Co"), 1).codes().get(0);
    List<Cart> carts = carts(BUYERS);
    List<HttpResponse<Buffer>> applied =
        all(carts, c -> post(c, "/advantage-codes", new JsonObject().put("code", code)));
    assertThat(status(applied, 200)).isEqualTo(1);
    assertThat(status(applied, 422)).isEqualTo(BUYERS - 1);

    List<HttpResponse<Buffer>> placed =
        all(carts, c -> post(c, "/checkout", Shop.guestCheckout("E_TICKET")));
    assertThat(status(placed, 201)).isEqualTo(BUYERS);
    assertThat(
            count(
                "select count(*) from single_use_code s join code_batch b on b.id = s.batch_id"
                    + " where b.advantage_id = $1 and s.order_id is not null",
                UUID.fromString(adv.getString("id"))))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from order_line where advantage_id = $1",
                UUID.fromString(adv.getString("id"))))
        .isEqualTo(1);
  }

  @Test
  void an_advantages_quota_is_never_exceeded_by_hundreds_of_checkouts_at_once() {
    JsonObject adv = advantage(f, "PUBLIC", "C", 500, new JsonObject().put("quota", 50));
    List<Cart> carts = carts(BUYERS);
    List<HttpResponse<Buffer>> applied =
        all(
            carts,
            c -> post(c, "/advantages", new JsonObject().put("advantageId", adv.getString("id"))));
    assertThat(status(applied, 200)).isEqualTo(BUYERS);
    List<HttpResponse<Buffer>> placed =
        all(carts, c -> post(c, "/checkout", Shop.guestCheckout("E_TICKET")));
    UUID id = UUID.fromString(adv.getString("id"));
    long uses = count("select uses from advantage where id = $1", id);
    long lines = count("select count(*) from order_line where advantage_id = $1", id);
    assertThat(uses).isEqualTo(lines).isLessThanOrEqualTo(50);
    // every buyer either got an order (at the advantage's price or, once it was used up, at the
    // list price) or was told the quota went meanwhile (409 offer-unavailable), never more
    assertThat(status(placed, 201) + status(placed, 409)).isEqualTo(BUYERS);
    assertThat(uses).isEqualTo(50);
  }

  @Test
  void
      a_promo_codes_budget_is_never_exceeded_and_a_cancelled_order_gives_its_use_and_budget_back() {
    JsonObject promo =
        OfferFixtures.promo(
            f, new JsonObject().put("kind", "AMOUNT").put("amount", 700).put("budget", 30_000));
    List<Cart> carts = carts(BUYERS);
    List<HttpResponse<Buffer>> applied =
        all(
            carts,
            c -> post(c, "/promo-codes", new JsonObject().put("code", promo.getString("code"))));
    assertThat(status(applied, 200)).isEqualTo(BUYERS);
    List<HttpResponse<Buffer>> placed =
        all(carts, c -> post(c, "/checkout", Shop.guestCheckout("E_TICKET")));
    assertThat(status(placed, 201) + status(placed, 409)).isEqualTo(BUYERS);
    UUID id = UUID.fromString(promo.getString("id"));
    long spent = count("select spent from promo_code where id = $1", id);
    long granted =
        count("select coalesce(sum(amount), 0) from order_discount where promo_code_id = $1", id);
    assertThat(spent).isEqualTo(granted).isLessThanOrEqualTo(30_000);
    long uses = count("select uses from promo_code where id = $1", id);
    assertThat(uses)
        .isEqualTo(count("select count(*) from order_discount where promo_code_id = $1", id));

    // a pending order of it is cancelled: its use and its discount go back
    JsonObject order =
        placed.stream()
            .filter(a -> a.statusCode() == 201)
            .map(a -> a.bodyAsJsonObject())
            .filter(o -> o.getLong("discountsTotal", 0L) > 0)
            .findFirst()
            .orElseThrow();
    Reply cancelled =
        send(
            client
                .post("/api/v1/orders/" + order.getString("id") + "/cancel?pos=" + f.posCode)
                .putHeader("X-Order-Secret", order.getString("secret")),
            null);
    assertThat(cancelled.status()).as("%s", cancelled.body()).isEqualTo(200);
    assertThat(count("select spent from promo_code where id = $1", id))
        .isEqualTo(spent - order.getLong("discountsTotal"));
    assertThat(count("select uses from promo_code where id = $1", id)).isEqualTo(uses - 1);
  }

  @Test
  void a_promo_codes_maximum_of_uses_is_never_exceeded_by_hundreds_of_checkouts_at_once() {
    JsonObject promo =
        OfferFixtures.promo(
            f,
            new JsonObject()
                .put("kind", "PERCENT")
                .put("percentBasisPoints", 1000)
                .put("maxUses", 25));
    List<Cart> carts = carts(BUYERS);
    List<HttpResponse<Buffer>> applied =
        all(
            carts,
            c -> post(c, "/promo-codes", new JsonObject().put("code", promo.getString("code"))));
    assertThat(status(applied, 200)).isEqualTo(BUYERS);
    List<HttpResponse<Buffer>> placed =
        all(carts, c -> post(c, "/checkout", Shop.guestCheckout("E_TICKET")));
    // every buyer got an order (with the code, or without it once it was used up) or was told
    // the code went meanwhile (409 offer-unavailable)
    assertThat(status(placed, 201) + status(placed, 409)).isEqualTo(BUYERS);
    UUID id = UUID.fromString(promo.getString("id"));
    long uses = count("select uses from promo_code where id = $1", id);
    assertThat(uses)
        .isEqualTo(count("select count(*) from order_discount where promo_code_id = $1", id))
        .isEqualTo(25);
  }

  @Test
  void a_code_held_by_a_cart_that_lapsed_is_free_for_the_next_cart() {
    JsonObject adv = advantage(f, "SINGLE_USE_CODE", "C", 0, new JsonObject());
    String code = OfferFixtures.codes(adv, OfferFixtures.contact(f, "Club"), 1).codes().get(0);
    Cart first = carts(1).get(0);
    assertThat(OfferFixtures.applyCode(first, code).status()).isEqualTo(200);
    Cart second = carts(1).get(0);
    OfferFixtures.applyCode(second, code).problem(422, "offer-refused");
    // the first cart's deadline passes (the channel's hold timeout is 10 minutes)
    TestServer.CLOCK.advance(Duration.ofMinutes(11));
    Cart third = carts(1).get(0);
    assertThat(OfferFixtures.applyCode(third, code).status()).isEqualTo(200);
    Reply late = Shop.checkout(first, Shop.guestCheckout("E_TICKET"));
    assertThat(late.status()).isEqualTo(410);
    assertThat(Shop.checkout(third, Shop.guestCheckout("E_TICKET")).status()).isEqualTo(201);
  }

  @Test
  void a_cancelled_order_gives_its_single_use_code_and_quota_back() {
    JsonObject adv = advantage(f, "SINGLE_USE_CODE", "C", 0, new JsonObject().put("quota", 10));
    String code = OfferFixtures.codes(adv, OfferFixtures.contact(f, "Assoc"), 1).codes().get(0);
    Cart cart = carts(1).get(0);
    OfferFixtures.applyCode(cart, code);
    JsonObject order = Shop.checkout(cart, Shop.guestCheckout("E_TICKET")).json();
    UUID id = UUID.fromString(adv.getString("id"));
    assertThat(count("select uses from advantage where id = $1", id)).isEqualTo(1);
    send(
        client
            .post("/api/v1/orders/" + order.getString("id") + "/cancel?pos=" + f.posCode)
            .putHeader("X-Order-Secret", order.getString("secret")),
        null);
    assertThat(count("select uses from advantage where id = $1", id)).isZero();
    assertThat(OfferFixtures.applyCode(carts(1).get(0), code).status()).isEqualTo(200);
  }
}
