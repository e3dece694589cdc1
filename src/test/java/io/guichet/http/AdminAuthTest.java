package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AdminAuthTest extends ServerTest {
  private static final JsonObject ORGANIZER =
      new JsonObject().put("name", "Auth test").put("currency", "EUR");

  @Test
  void admin_calls_without_a_key_are_refused_and_change_nothing() {
    long before = count("select count(*) from organizer where name = 'Auth test'");
    Reply reply = send(client.post("/admin/v1/organizers"), ORGANIZER);
    reply.problem(401, "unauthorized");
    assertThat(reply.headers().get("WWW-Authenticate")).startsWith("Bearer");
    assertThat(count("select count(*) from organizer where name = 'Auth test'")).isEqualTo(before);
  }

  @Test
  void admin_calls_with_a_wrong_key_are_refused() {
    send(client.post("/admin/v1/organizers").putHeader("Authorization", "Bearer nope"), ORGANIZER)
        .problem(401, "unauthorized");
    send(
            client
                .get("/admin/v1/organizers/" + java.util.UUID.randomUUID())
                .putHeader("Authorization", "Basic xyz"),
            null)
        .problem(401, "unauthorized");
  }

  @Test
  void the_shop_api_needs_no_admin_key() {
    assertThat(get("/api/v1/events?pos=web").status()).isEqualTo(200);
  }
}
