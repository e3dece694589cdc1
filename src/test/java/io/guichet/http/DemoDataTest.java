package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DemoDataTest extends ServerTest {

  @Test
  void the_theatre_has_2000_seats_in_three_categories_on_sale_on_the_web() {
    String perf = ShopCatalogueTest.demoPerformance("Le Misanthrope");
    JsonObject shown = get("/api/v1/performances/" + perf + "?pos=web").json();
    assertThat(shown.getJsonArray("categories")).hasSize(3);
    long capacity =
        shown.getJsonArray("categories").stream()
            .mapToLong(c -> ((JsonObject) c).getLong("capacity"))
            .sum();
    assertThat(capacity).isEqualTo(2_000);
    assertThat(shown.getJsonObject("onSale").getBoolean("open")).isTrue();
    JsonObject map = get("/api/v1/performances/" + perf + "/seatmap?pos=web").json();
    assertThat(map.getJsonArray("sections")).hasSize(3);
  }

  @Test
  void the_stadium_has_50000_seats_in_at_least_40_sections() {
    String perf = ShopCatalogueTest.demoPerformance("Tournée des Étoiles 2027");
    JsonObject map = get("/api/v1/performances/" + perf + "/seatmap?pos=web").json();
    assertThat(map.getInteger("seatCount")).isEqualTo(50_000);
    assertThat(map.getJsonArray("sections").size()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void both_performances_are_on_sale_on_the_company_channel_too() {
    assertThat(get("/api/v1/events?pos=entreprises").json().getLong("total")).isEqualTo(2);
  }

  @Test
  void the_company_channel_has_its_quota() {
    String perf = ShopCatalogueTest.demoPerformance("Tournée des Étoiles 2027");
    assertThat(adminGet("/admin/v1/performances/" + perf + "/quotas").items()).hasSize(1);
  }
}
