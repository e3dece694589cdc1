package io.guichet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.guichet.ContractAnswers;
import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.Shop;
import io.guichet.TestServer;
import io.guichet.http.fuzz.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ordinary bad input that used to get a 500, a plain-text answer or a hanging connection: each kind
 * now gets a 4xx problem and changes nothing. (ContractFuzzTest sends thousands more.)
 */
class BadInputApiTest extends ServerTest {
  private static final String JSON = "Content-Type: application/json\r\n";
  private static Fixtures f;
  private static String admin;

  @BeforeAll
  static void catalogue() {
    f = Fixtures.create();
    admin = "Authorization: Bearer " + TestServer.ADMIN_KEY + "\r\n";
  }

  private static String request(String method, String target, String headers, String body) {
    int length = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + headers
        + (body == null ? "" : "Content-Length: " + length + "\r\n")
        + "\r\n"
        + (body == null ? "" : body);
  }

  /** Sends one request, checks its problem, and that the connection answers the next one. */
  private static JsonObject problem(String raw, int status, String slug) throws IOException {
    try (RawHttp connection = new RawHttp(TestServer.port(), 5000)) {
      RawHttp.Answer answer = connection.exchange(raw.getBytes(StandardCharsets.UTF_8));
      assertThat(answer.status()).as(answer.text()).isEqualTo(status);
      String[] requestLine = raw.substring(0, raw.indexOf("\r\n")).split(" ");
      ContractAnswers.get()
          .check(requestLine[0], requestLine[1], answer.status(), answer::header, answer.body());
      assertThat(answer.header("content-type")).isEqualTo(Problems.CONTENT_TYPE);
      JsonObject problem = new JsonObject(answer.text());
      assertThat(problem.getString("type")).isEqualTo(ProblemType.BASE_URI + slug);
      if (answer.closes()) {
        assertThat(connection.closedByServer()).as("closed after Connection: close").isTrue();
      } else {
        RawHttp.Answer next =
            connection.exchange(
                request("GET", "/health/live", "", null).getBytes(StandardCharsets.UTF_8));
        assertThat(next.status()).as("the next request on the connection").isEqualTo(200);
      }
      return problem;
    }
  }

  @Test
  void a_broken_percent_escape_anywhere_in_the_target_is_a_400_problem() throws IOException {
    for (String target :
        new String[] {
          "/api/v1/events/%zz?pos=" + f.posCode,
          "/api/v1/events?pos=%zz",
          "/api/v1/showcase?pos=a%",
          "/api/v1/carts/%/s",
          "/admin/v1/organizers/%C3%28",
          "/api/v1/events?pos=%FF"
        }) {
      problem(
          request("GET", target, target.startsWith("/admin/") ? admin : "", null),
          400,
          "bad-request");
    }
  }

  @Test
  void text_with_nul_is_refused_before_it_reaches_postgresql() throws IOException {
    long organizers = count("select count(*) from organizer");
    problem(
        request(
            "POST",
            "/admin/v1/organizers",
            admin + JSON,
            "{\"name\":\"a\\u0000b\",\"currency\":\"EUR\"}"),
        400,
        "bad-request");
    problem(
        request(
            "POST",
            "/admin/v1/organizers",
            admin + JSON,
            "{\"name\":\"a\\ud800b\",\"currency\":\"EUR\"}"),
        400,
        "bad-request");
    problem(
        request("GET", "/api/v1/tickets/" + UUID.randomUUID() + "?pos=%00", "", null),
        400,
        "bad-request");
    problem(
        request(
            "POST",
            "/api/v1/sessions?pos=" + f.posCode,
            JSON,
            "{\"email\":\"a\\u0000@b.c\",\"password\":\"x\"}"),
        400,
        "bad-request");
    assertThat(count("select count(*) from organizer")).isEqualTo(organizers);
  }

  @Test
  void a_buyer_name_with_nul_at_checkout_is_a_400_not_a_503_to_retry() throws IOException {
    Shop.Cart cart = Shop.cart(f.posCode);
    Shop.hold(cart, f.performanceId(), "B", f.fullTariff(), 1);
    long orders = count("select count(*) from orders");
    problem(
        request(
            "POST",
            cart.path() + "/checkout?pos=" + f.posCode,
            JSON + "X-Cart-Secret: " + cart.secret() + "\r\nIdempotency-Key: nul-12345678\r\n",
            "{\"deliveryMode\":\"E_TICKET\",\"buyer\":{\"email\":\"a@b.c\",\"firstName\":\"A\\u0000\","
                + "\"lastName\":\"B\"}}"),
        400,
        "bad-request");
    assertThat(count("select count(*) from orders")).isEqualTo(orders);
  }

  @Test
  void a_queue_join_whose_body_is_json_but_not_an_object_is_a_400() throws IOException {
    // (the document null is no body: generated clients send it for a body left out)
    for (String body : new String[] {"true", "1", "\"x\"", "[]"}) {
      problem(
          request("POST", "/api/v1/onsales/" + UUID.randomUUID() + "/queue", JSON, body),
          400,
          "bad-request");
    }
  }

  @Test
  void a_payment_notification_that_cannot_be_decoded_is_a_400() throws IOException {
    String form = "Content-Type: application/x-www-form-urlencoded\r\n";
    String path = "/api/v1/payments/ogone/notify";
    problem(request("POST", path, form, "orderID=%zz&SHASIGN=%"), 400, "bad-request");
    problem(request("POST", path, form, "orderID=" + "a".repeat(100_000)), 400, "bad-request");
    problem(request("POST", path, form, "a=1" + "&f=1".repeat(1000)), 400, "bad-request");
  }

  @Test
  void a_body_over_the_limit_is_413_and_its_connection_is_closed_not_left_hanging()
      throws IOException {
    Shop.Cart cart = Shop.cart(f.posCode);
    String huge = "{\"a\":\"" + "a".repeat(300 * 1024) + "\"}";
    JsonObject problem =
        problem(
            request(
                "POST",
                cart.path() + "/items?pos=" + f.posCode,
                JSON + "X-Cart-Secret: " + cart.secret() + "\r\n",
                huge),
            413,
            "body-too-large");
    assertThat(problem.getInteger("status")).isEqualTo(413);
  }

  @Test
  void bodies_outside_the_contract_are_refused() throws IOException {
    String organizers = "/admin/v1/organizers";
    String ok = "{\"name\":\"Org\",\"currency\":\"EUR\"}";
    long before = count("select count(*) from organizer");
    problem(
        request(
            "POST", organizers, admin + JSON, "{\"name\":\"Org\" /* c */,\"currency\":\"EUR\"}"),
        400,
        "malformed-json");
    problem(request("POST", organizers, admin + JSON, "\ufeff" + ok), 400, "malformed-json");
    problem(request("POST", organizers, admin + JSON, ok + " x"), 400, "malformed-json");
    problem(request("POST", organizers, admin + JSON, ok + ok), 400, "malformed-json");
    problem(
        request("POST", organizers, admin + JSON + "Content-Encoding: gzip\r\n", ok),
        415,
        "unsupported-media-type");
    problem(
        request(
            "POST",
            organizers,
            admin + "Content-Type: application/json; charset=iso-8859-1\r\n",
            ok),
        415,
        "unsupported-media-type");
    problem(
        request(
            "POST",
            "/admin/v1/venues/" + f.venue.getString("id") + "/seatmaps",
            admin + JSON,
            Fixtures.smallSeatMap().encode() + "{}"),
        400,
        "malformed-json");
    problem(
        request(
            "POST",
            "/api/v1/onsales/" + UUID.randomUUID() + "/queue",
            "Content-Type: text/plain\r\n",
            "{}"),
        415,
        "unsupported-media-type");
    assertThat(count("select count(*) from organizer")).isEqualTo(before);
  }

  @Test
  void the_bearer_scheme_is_case_insensitive() {
    for (String scheme : new String[] {"bearer", "BEARER", "Bearer"}) {
      Reply reply =
          send(
              client
                  .get("/admin/v1/organizers/" + f.organizer.getString("id"))
                  .putHeader("Authorization", scheme + " " + TestServer.ADMIN_KEY),
              null);
      assertThat(reply.status()).as(scheme).isEqualTo(200);
    }
  }

  @Test
  void a_header_with_nul_is_a_400_problem() throws IOException {
    problem(
        request("GET", "/api/v1/showcase?pos=" + f.posCode, "X-Order-Secret: a\u0000b\r\n", null),
        400,
        "bad-request");
  }

  @Test
  void a_request_without_host_is_a_400_problem() throws IOException {
    problem("GET /health/live HTTP/1.1\r\n\r\n", 400, "bad-request");
  }
}
