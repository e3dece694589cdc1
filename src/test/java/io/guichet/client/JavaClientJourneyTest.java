package io.guichet.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.client.api.ShopApi;
import org.junit.jupiter.api.Test;

/** The buyer's journey through the Java client generated from the contract, against the server. */
class JavaClientJourneyTest extends ServerTest {
  private static ShopApi shop() {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + TestServer.port());
    return new ShopApi(client);
  }

  @Test
  void a_buyer_goes_through_the_shop_with_the_generated_java_client() throws Exception {
    ShopApi shop = shop();
    shop.shopListEvents("web", null, null, null, null);
    assertThat(shop).isNotNull();
  }
}
