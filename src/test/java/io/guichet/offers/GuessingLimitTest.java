package io.guichet.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.Shop.Cart;
import io.guichet.TestServer;
import io.guichet.domain.offer.GuessPolicy;
import io.guichet.domain.offer.SingleUseCode;
import io.guichet.queue.CodeGuessLimiter;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wrong codes are counted in Redis per cart (and account, and address) and then refused. */
class GuessingLimitTest extends ServerTest {
  private Fixtures f;

  @BeforeEach
  void catalogue() {
    f = Fixtures.create();
    OfferFixtures.forgetGuesses();
  }

  @AfterEach
  void forget() {
    OfferFixtures.forgetGuesses();
  }

  @Test
  void
      a_cart_that_tried_too_many_wrong_codes_is_refused_with_429_and_retry_after_even_for_a_right_one() {
    String access = OfferFixtures.code("PART");
    OfferFixtures.advantage(f, "PARTNER", "A", 3500, new JsonObject().put("accessCode", access));
    Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    SecureRandom random = new SecureRandom();
    int limit = GuessPolicy.DEFAULT.cartLimit();
    for (int i = 0; i < limit; i++) {
      String guess = SingleUseCode.generate(random);
      OfferFixtures.applyCode(cart, guess).problem(422, "offer-refused");
    }
    Reply refused = OfferFixtures.applyCode(cart, access);
    refused.problem(429, "too-many-guesses");
    assertThat(Long.parseLong(refused.headers().get("Retry-After"))).isBetween(1L, 3600L);
    OfferFixtures.applyPromo(cart, "ANYTHING").problem(429, "too-many-guesses");
    // another cart from the same address is still under the address's limit
    Cart other = Shop.cart(f.posCode);
    Shop.hold(other, f.performanceId(), "A", f.fullTariff(), 1);
    assertThat(OfferFixtures.applyCode(other, access).status()).isEqualTo(200);
  }

  @Test
  void the_wrong_codes_one_node_counted_stop_the_same_cart_on_another_node() {
    Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "A", f.fullTariff(), 1);
    SecureRandom random = new SecureRandom();
    GuessPolicy policy = GuessPolicy.DEFAULT;
    // another node: its own Redis client and limiter, nothing shared with this one but Redis
    Redis otherNode = Redis.createClient(TestServer.get().vertx(), TestServer.redisUrl());
    try {
      CodeGuessLimiter elsewhere = new CodeGuessLimiter(otherNode, Duration.ofSeconds(2), policy);
      CodeGuessLimiter.Scope scope = new CodeGuessLimiter.Scope(cart.id(), null, null);
      assertThat(elsewhere.wait(scope).await()).isZero();
      for (int i = 0; i < policy.cartLimit() - 1; i++) {
        OfferFixtures.applyCode(cart, SingleUseCode.generate(random)).problem(422, "offer-refused");
      }
      assertThat(elsewhere.wait(scope).await()).isZero();
      // the last wrong code allowed is counted by the other node
      elsewhere.failed(scope).await();
      assertThat(elsewhere.wait(scope).await()).isPositive();
      // and this node refuses the cart from then on
      OfferFixtures.applyCode(cart, SingleUseCode.generate(random))
          .problem(429, "too-many-guesses");
    } finally {
      otherNode.close();
    }
  }

  @Test
  void a_mistyped_code_is_answered_at_once_and_not_counted_as_a_guess() {
    Cart cart = Shop.cart(f.posCode);
    String code = SingleUseCode.generate(new SecureRandom());
    String typo = code.substring(0, 15) + (code.charAt(15) == '0' ? '1' : '0');
    for (int i = 0; i < GuessPolicy.DEFAULT.cartLimit() + 2; i++) {
      OfferFixtures.applyCode(cart, typo).problem(400, "invalid-code");
    }
  }

  @Test
  void wrong_answers_are_slowed_after_the_free_ones_up_to_a_bound() {
    GuessPolicy p = GuessPolicy.DEFAULT;
    assertThat(p.delayAfter(p.freeFailures())).isZero();
    assertThat(p.delayAfter(p.freeFailures() + 1)).isEqualTo(Duration.ofMillis(250));
    assertThat(p.delayAfter(p.freeFailures() + 2)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.delayAfter(1_000)).isEqualTo(p.maxDelay());
    assertThat(p.guessesPerHourPerAddress()).isEqualTo(30);
  }
}
