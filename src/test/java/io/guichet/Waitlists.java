package io.guichet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guichet.ServerTest.Reply;
import io.guichet.waitlist.WaitlistLinks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A buyer's and an organizer's path through the waiting list API, for the tests. */
public final class Waitlists {
  private Waitlists() {}

  /** An entry: its id, its guest secret (or an account's session token), its point of sale. */
  public record Entry(String id, String secret, String token, String pos) {
    public String path() {
      return "/api/v1/waitlist/entries/" + id + "?pos=" + pos;
    }
  }

  public static WaitlistLinks links() {
    return TestServer.get().services().waitlist().service().links();
  }

  /** The body of a guest's sign-up. */
  public static JsonObject guest(int quantity, boolean together, String... categories) {
    return new JsonObject()
        .put("quantity", quantity)
        .put("together", together)
        .put("categories", new JsonArray(List.of((Object[]) categories)))
        .put(
            "buyer",
            new JsonObject()
                .put("email", "wl+" + UUID.randomUUID().toString().substring(0, 8) + "@example.org")
                .put("firstName", "Grace")
                .put("lastName", "Hopper"));
  }

  public static Reply signUp(String pos, String performanceId, JsonObject body, String token) {
    var request =
        ServerTest.client.post("/api/v1/performances/" + performanceId + "/waitlist?pos=" + pos);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return ServerTest.send(request, body);
  }

  /** A guest signs up and follows the confirmation link: a WAITING entry. */
  public static Entry waiting(String pos, String performanceId, JsonObject body) {
    Reply reply = signUp(pos, performanceId, body, null);
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    String id = reply.json().getString("id");
    Reply confirmed = confirm(pos, id, links().confirmToken(UUID.fromString(id)));
    assertThat(confirmed.status()).as("%s", confirmed.body()).isEqualTo(200);
    assertThat(confirmed.json().getString("status")).isEqualTo("WAITING");
    return new Entry(id, reply.json().getString("secret"), null, pos);
  }

  public static Reply confirm(String pos, String entryId, String token) {
    return ServerTest.send(
        ServerTest.client.post("/api/v1/waitlist/entries/" + entryId + "/confirmation?pos=" + pos),
        new JsonObject().put("token", token));
  }

  public static Reply entry(Entry e) {
    var request = ServerTest.client.get(e.path());
    if (e.secret() != null) {
      request.putHeader("X-Waitlist-Secret", e.secret());
    }
    if (e.token() != null) {
      request.putHeader("Authorization", "Bearer " + e.token());
    }
    return ServerTest.send(request, null);
  }

  public static Reply leave(Entry e) {
    var request = ServerTest.client.delete(e.path());
    if (e.secret() != null) {
      request.putHeader("X-Waitlist-Secret", e.secret());
    }
    if (e.token() != null) {
      request.putHeader("Authorization", "Bearer " + e.token());
    }
    return ServerTest.send(request, null);
  }

  /** Waits for the entry's offer; answers the entry (with its offer). */
  public static JsonObject offered(Entry e) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> entry(e).json(), json -> "OFFERED".equals(json.getString("status")));
  }

  /** The token of an offer's link. */
  public static String offerToken(JsonObject offer, Entry e) {
    return links().offerToken(UUID.fromString(offer.getString("id")), UUID.fromString(e.id()));
  }

  public static Reply take(String pos, String offerId, JsonObject body) {
    return ServerTest.send(
        ServerTest.client.post("/api/v1/waitlist/offers/" + offerId + "/cart?pos=" + pos), body);
  }

  /** The seat ids of an offer. */
  public static List<String> seats(JsonObject offer) {
    List<String> seats = new ArrayList<>();
    offer.getJsonArray("seats").forEach(s -> seats.add(((JsonObject) s).getString("id")));
    return seats;
  }

  public static Reply settings(String performanceId, JsonObject change) {
    return ServerTest.admin(
        io.vertx.core.http.HttpMethod.PATCH,
        "/admin/v1/performances/" + performanceId + "/waitlist",
        change);
  }

  public static JsonObject overview(String performanceId) {
    Reply reply = ServerTest.adminGet("/admin/v1/performances/" + performanceId + "/waitlist");
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
    return reply.json();
  }
}
