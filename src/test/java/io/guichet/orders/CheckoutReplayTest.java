package io.guichet.orders;

import static io.guichet.Shop.checkout;
import static io.guichet.Shop.guestCheckout;
import static io.guichet.Shop.hold;
import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.guichet.TestServer;
import io.guichet.checkout.HzCarts;
import io.guichet.domain.cart.CheckoutClaim;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A checkout retried with its idempotency key finds its order whatever became of the cart in the
 * grid: gone (a restart, the loss of the node that held it), or claimed by a checkout that can no
 * longer be running. PostgreSQL decides, and keeps it to one order per cart.
 */
class CheckoutReplayTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
  }

  private Cart heldCart(int seats) {
    Cart cart = Shop.cart(f.posCode);
    hold(cart, f.performanceId(), "B", f.fullTariff(), seats);
    return cart;
  }

  private static void forgetInGrid(Cart cart) {
    TestServer.get().services().hazelcast().getMap(HzCarts.CARTS).delete(cart.id());
  }

  private static long ordersOfCart(String cartId) {
    return TestServer.get()
        .services()
        .pool()
        .preparedQuery("select count(*) from orders where cart_id = $1")
        .execute(Tuple.of(UUID.fromString(cartId)))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void a_checkout_replayed_after_its_cart_left_the_grid_returns_the_same_order() {
    Cart cart = heldCart(2);
    JsonObject body = guestCheckout("E_TICKET");
    String key = UUID.randomUUID().toString();
    Reply first = checkout(cart, body, key);
    assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
    forgetInGrid(cart);

    Reply again = checkout(cart, body, key);
    assertThat(again.status()).as("%s", again.body()).isEqualTo(200);
    assertThat(again.json().getBoolean("replayed")).isTrue();
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(again.json().getString("secret")).isEqualTo(first.json().getString("secret"));
    assertThat(again.json().getJsonObject("payment"))
        .as("the payment page is offered again while the order waits for its payment")
        .isNotNull();
    assertThat(ordersOfCart(cart.id())).isEqualTo(1);
  }

  @Test
  void after_the_cart_left_the_grid_another_body_another_key_or_another_secret_is_refused() {
    Cart cart = heldCart(1);
    JsonObject body = guestCheckout("E_TICKET");
    String key = UUID.randomUUID().toString();
    assertThat(checkout(cart, body, key).status()).isEqualTo(201);
    forgetInGrid(cart);

    checkout(cart, guestCheckout("E_TICKET"), key).problem(422, "idempotency-key-reused");
    checkout(cart, body, UUID.randomUUID().toString()).problem(409, "cart-checked-out");
    Cart forged = new Cart(cart.id(), "not-the-secret", cart.pos(), null);
    checkout(forged, body, key).problem(404, "not-found");
    Cart otherShop =
        new Cart(cart.id(), cart.secret(), f.sellingChannel("BEST_AVAILABLE_VIEW", 0, true), null);
    checkout(otherShop, body, key).problem(404, "not-found");
    assertThat(ordersOfCart(cart.id())).isEqualTo(1);
  }

  @Test
  void a_key_never_seen_with_a_cart_that_no_longer_exists_is_not_found() {
    Cart cart = heldCart(1);
    forgetInGrid(cart);
    checkout(cart, guestCheckout("E_TICKET"), UUID.randomUUID().toString())
        .problem(404, "not-found");
    assertThat(ordersOfCart(cart.id())).isZero();
  }

  /** A claim left by a checkout whose node is gone: not a member of the cluster. */
  private static CheckoutClaim claimOfALostNode(String key, JsonObject body, Instant at) {
    return new CheckoutClaim(key, sha256(body), UUID.randomUUID(), at, UUID.randomUUID(), false);
  }

  private static byte[] sha256(JsonObject body) {
    return io.guichet.http.RequestHash.of(body);
  }

  private static HzCarts carts() {
    return new HzCarts(
        TestServer.get().services().hazelcast(),
        new io.guichet.inventory.Grid(io.guichet.inventory.Grid.DEFAULT_DEADLINE),
        java.time.Duration.ofSeconds(30));
  }

  private static HzCarts.ClaimResult claim(Cart cart, CheckoutClaim claim) {
    HzCarts carts = carts();
    return carts.claim(UUID.fromString(cart.id()), claim, Instant.now()).await();
  }

  @Test
  void a_claim_left_by_a_lost_node_without_an_order_is_taken_over_and_written_exactly_once()
      throws Exception {
    Cart cart = heldCart(2);
    JsonObject body = guestCheckout("E_TICKET");
    String key = UUID.randomUUID().toString();
    assertThat(claim(cart, claimOfALostNode(key, body, Instant.now())).code())
        .isEqualTo(HzCarts.ClaimCode.NEW);

    // many retries at once, on every event loop: one order, and every answer is that order
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Callable<Reply> retry = () -> checkout(cart, body, key);
        replies.add(clients.submit(retry));
      }
      String orderId = null;
      int written = 0;
      for (Future<Reply> r : replies) {
        Reply reply = r.get();
        if (reply.status() == 409) {
          reply.problem(409, "checkout-in-progress"); // another retry is writing it right now
          continue;
        }
        assertThat(reply.status()).as("%s", reply.body()).isIn(200, 201);
        written += reply.status() == 201 ? 1 : 0;
        if (orderId == null) {
          orderId = reply.json().getString("id");
        }
        assertThat(reply.json().getString("id")).isEqualTo(orderId);
      }
      assertThat(written).as("answers that wrote the order").isEqualTo(1);
    } finally {
      clients.shutdown();
    }
    assertThat(ordersOfCart(cart.id())).isEqualTo(1);
    Reply settled = checkout(cart, body, key);
    assertThat(settled.status()).isEqualTo(200);
    assertThat(settled.json().getBoolean("replayed")).isTrue();
  }

  @Test
  void a_claim_of_another_key_left_by_a_lost_node_lets_a_new_checkout_through() {
    Cart cart = heldCart(1);
    JsonObject lost = guestCheckout("E_TICKET");
    assertThat(
            claim(cart, claimOfALostNode(UUID.randomUUID().toString(), lost, Instant.now())).code())
        .isEqualTo(HzCarts.ClaimCode.NEW);
    Reply made = checkout(cart, guestCheckout("E_TICKET"), UUID.randomUUID().toString());
    assertThat(made.status()).as("%s", made.body()).isEqualTo(201);
    assertThat(ordersOfCart(cart.id())).isEqualTo(1);
  }

  @Test
  void a_claim_of_a_running_checkout_is_left_alone() {
    Cart cart = heldCart(1);
    JsonObject body = guestCheckout("E_TICKET");
    String key = UUID.randomUUID().toString();
    HzCarts carts = carts();
    // held by this node, just now: a checkout that may still be running
    CheckoutClaim running =
        new CheckoutClaim(
            key, sha256(body), UUID.randomUUID(), Instant.now(), carts.localMember(), false);
    assertThat(claim(cart, running).code()).isEqualTo(HzCarts.ClaimCode.NEW);
    checkout(cart, body, key).problem(409, "checkout-in-progress");
    checkout(cart, guestCheckout("E_TICKET"), UUID.randomUUID().toString())
        .problem(409, "cart-checked-out");
    assertThat(ordersOfCart(cart.id())).isZero();
  }

  @Test
  void a_claim_older_than_any_checkout_can_last_is_settled_from_postgresql() {
    Cart cart = heldCart(1);
    JsonObject body = guestCheckout("E_TICKET");
    String key = UUID.randomUUID().toString();
    HzCarts carts = carts();
    CheckoutClaim old =
        new CheckoutClaim(
            key,
            sha256(body),
            UUID.randomUUID(),
            Instant.now().minusSeconds(3600),
            carts.localMember(),
            false);
    assertThat(claim(cart, old).code()).isEqualTo(HzCarts.ClaimCode.NEW);
    Reply made = checkout(cart, body, key);
    assertThat(made.status()).as("%s", made.body()).isEqualTo(201);
    assertThat(ordersOfCart(cart.id())).isEqualTo(1);
  }
}
