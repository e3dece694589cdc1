package io.guichet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that talk to the real server over HTTP. Calls block the JUnit thread (never an
 * event loop) so each test reads as a sequence of requests and assertions.
 */
public abstract class ServerTest {
  public static WebClient client;

  @BeforeAll
  static void connect() {
    TestServer.get();
    if (client == null) {
      client =
          WebClient.create(
              TestServer.get().vertx(),
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(TestServer.port()));
    }
  }

  @AfterAll
  static void eventLoopsWereNeverBlocked() {
    assertThat(BlockedThreadWatch.warnings())
        .as("blocked-thread checker warnings (last: %s)", BlockedThreadWatch.last())
        .isZero();
  }

  /** A response, read whole. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body.toJsonObject();
    }

    public JsonArray jsonArray() {
      return body.toJsonArray();
    }

    /** The items of a list answer (every list is {items, page, size, total}). */
    public JsonArray items() {
      return json().getJsonArray("items");
    }

    public String contentType() {
      return headers.get("content-type");
    }

    /** Asserts an RFC 9457 problem of this status and type slug; returns its body. */
    public JsonObject problem(int expectedStatus, String typeSlug) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(contentType()).isEqualTo("application/problem+json");
      JsonObject problem = json();
      assertThat(problem.getString("type")).isEqualTo("https://guichet.dev/problems/" + typeSlug);
      assertThat(problem.getInteger("status")).isEqualTo(expectedStatus);
      assertThat(problem.getString("title")).isNotBlank();
      return problem;
    }
  }

  public static Reply get(String path) {
    return send(client.get(path), null);
  }

  public static Reply admin(HttpMethod method, String path, Object body) {
    return send(
        client.request(method, path).putHeader("Authorization", "Bearer " + TestServer.ADMIN_KEY),
        body);
  }

  public static Reply adminGet(String path) {
    return admin(HttpMethod.GET, path, null);
  }

  public static Reply adminPost(String path, Object body) {
    return admin(HttpMethod.POST, path, body);
  }

  /** POSTs and expects 201; returns the created resource. */
  public static JsonObject create(String path, JsonObject body) {
    Reply reply = adminPost(path, body);
    assertThat(reply.status()).as("create %s: %s", path, reply.body()).isEqualTo(201);
    return reply.json();
  }

  public static Reply send(HttpRequest<Buffer> request, Object body) {
    HttpResponse<Buffer> response;
    if (body == null) {
      response = request.send().await();
    } else if (body instanceof JsonObject json) {
      response = request.sendJsonObject(json).await();
    } else if (body instanceof Buffer buffer) {
      if (!request.headers().contains("content-type")) {
        request.putHeader("content-type", "application/json");
      }
      response = request.sendBuffer(buffer).await();
    } else {
      response =
          request
              .putHeader("content-type", "application/json")
              .sendBuffer(Buffer.buffer(body.toString()))
              .await();
    }
    return checked(request.method().name(), request.uri(), response);
  }

  /**
   * The reply to a request, checked against the contract (its status, headers and body must be
   * those the contract declares for the operation; see {@link ContractAnswers}).
   */
  public static Reply checked(String method, String target, HttpResponse<Buffer> response) {
    Buffer content = response.body() == null ? Buffer.buffer() : response.body();
    ContractAnswers.get()
        .check(method, target, response.statusCode(), response::getHeader, content.getBytes());
    return new Reply(response.statusCode(), response.headers(), content);
  }

  /** Runs one SQL query on the server's own pool and returns the first column of the first row. */
  public static long count(String sql, Object... params) {
    Row row =
        TestServer.get()
            .services()
            .pool()
            .preparedQuery(sql)
            .execute(Tuple.wrap(params))
            .await()
            .iterator()
            .next();
    return row.getLong(0);
  }
}
