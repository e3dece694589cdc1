package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RouteFamiliesTest extends ServerTest {
  @Test
  void a_family_is_the_resource_and_the_number_of_segments() {
    assertThat(RouteFamilies.family("/api/v1/onsales/{onSaleId}/queue/{visitorId}"))
        .isEqualTo(RouteFamilies.family("/api/v1/onsales/0b7e/queue/AbC"))
        .isEqualTo("/api/v1/onsales#6");
    assertThat(RouteFamilies.family("/api/v1/onsales/{onSaleId}")).isEqualTo("/api/v1/onsales#4");
    assertThat(RouteFamilies.family("/api/v1/onsales//x/queue/y/"))
        .as("empty segments count as the router's normalized path does")
        .isEqualTo("/api/v1/onsales#6");
    assertThat(RouteFamilies.family("/admin/v1/performances/{id}/audit")).isEqualTo("/admin/#5");
    assertThat(RouteFamilies.family("/health/live")).isEmpty();
    assertThat(RouteFamilies.family("/api/v1/carts")).isEqualTo("/api/v1/carts#3");
  }

  @Test
  void paths_of_no_family_or_another_length_are_404_and_a_wrong_method_is_405() {
    String onSale = UUID.randomUUID().toString();
    get("/api/v1/onsales/" + onSale + "/queue/AbCdEfGhIjKlMnOpQrStUv/more")
        .problem(404, "not-found");
    get("/api/v1/nothing/here").problem(404, "not-found");
    send(client.put("/api/v1/onsales/" + onSale + "/queue/AbCdEfGhIjKlMnOpQrStUv"), null)
        .problem(405, "method-not-allowed");
    get("/api/v1/onsales/not-a-uuid/queue/AbCdEfGhIjKlMnOpQrStUv").problem(400, "bad-request");
  }
}
