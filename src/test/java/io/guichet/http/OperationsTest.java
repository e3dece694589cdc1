package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class OperationsTest extends ServerTest {

  @Test
  void liveness_answers_up() {
    Reply reply = get("/health/live");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("status")).isEqualTo("UP");
  }

  @Test
  void readiness_checks_postgres_redis_and_hazelcast() {
    Reply reply = get("/health/ready");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getJsonObject("checks"))
        .isEqualTo(
            new JsonObject().put("postgres", "UP").put("redis", "UP").put("hazelcast", "UP"));
  }

  @Test
  void metrics_are_prometheus_text_with_http_and_jvm_series() {
    get("/health/live");
    Reply reply = get("/metrics");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/plain");
    String text = reply.body().toString();
    assertThat(text).contains("jvm_memory_used_bytes").contains("vertx_http_server_requests_total");
  }

  @Test
  void openapi_document_is_served_as_json_version_3_1_with_every_path() {
    Reply reply = get("/openapi.json");
    assertThat(reply.status()).isEqualTo(200);
    JsonObject doc = reply.json();
    assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
    assertThat(doc.getJsonObject("paths").fieldNames())
        .contains(
            "/admin/v1/venues/{venueId}/seatmaps",
            "/api/v1/events",
            "/api/v1/performances/{performanceId}/seatmap",
            "/health/ready");
  }

  @Test
  void a_sane_request_id_is_echoed_and_a_bad_one_replaced() {
    Reply kept = send(client.get("/health/live").putHeader("X-Request-Id", "abc-123"), null);
    assertThat(kept.headers().get("X-Request-Id")).isEqualTo("abc-123");
    Reply replaced =
        send(client.get("/health/live").putHeader("X-Request-Id", "bad id with spaces"), null);
    assertThat(replaced.headers().get("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void an_unknown_path_is_a_404_problem() {
    get("/no/such/thing").problem(404, "not-found");
  }

  @Test
  void a_wrong_method_is_a_405_problem() {
    send(client.request(HttpMethod.DELETE, "/health/live"), null)
        .problem(405, "method-not-allowed");
  }

  @Test
  void the_embedded_postgres_runs_with_durable_settings() {
    if (System.getenv("GUICHET_PG_URL") != null) {
      return; // an external server's settings are its operator's
    }
    var pool = TestServer.get().services().pool();
    for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
      String value = pool.query("show " + setting).execute().await().iterator().next().getString(0);
      assertThat(value).as(setting).isEqualTo("on");
    }
  }
}
