package io.guichet.ops;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Visitors of an on-sale's waiting room, as a shop's browsers are, against node processes. */
final class QueueVisitors {
  private QueueVisitors() {}

  /** A visitor as the shop keeps them; the place is read from the ticket (as a test may). */
  record Visitor(String id, String ticket, long place) {}

  /** What polling everyone showed. */
  record Snapshot(Map<String, JsonObject> places, JsonObject figures) {
    /** The waiting visitors, by position. */
    List<String> line() {
      return places.entrySet().stream()
          .filter(e -> "WAITING".equals(e.getValue().getString("state")))
          .sorted(Comparator.comparingLong(e -> e.getValue().getLong("position")))
          .map(Map.Entry::getKey)
          .toList();
    }

    /** The access tokens of the admitted visitors, by visitor. */
    Map<String, String> accesses() {
      Map<String, String> tokens = new HashMap<>();
      places.forEach(
          (v, p) -> {
            if ("ADMITTED".equals(p.getString("state"))) {
              tokens.put(v, p.getString("accessToken"));
            }
          });
      return tokens;
    }
  }

  static Visitor join(NodeProcess node, String onSale) throws Exception {
    JsonObject j =
        node.json(
            node.send(
                HttpRequest.newBuilder(node.uri("/api/v1/onsales/" + onSale + "/queue"))
                    .POST(HttpRequest.BodyPublishers.noBody())),
            201);
    String ticket = j.getString("queueTicket");
    String payload =
        new String(
            Base64.getUrlDecoder()
                .decode(ticket.substring(ticket.indexOf('~') + 1, ticket.indexOf('.'))),
            StandardCharsets.UTF_8);
    long place = Long.parseLong(payload.substring(payload.lastIndexOf('|') + 1));
    return new Visitor(j.getString("visitorId"), ticket, place);
  }

  /** Everyone's place, asked in parallel, and the operator's figures. */
  static Snapshot poll(NodeProcess node, String onSale, List<Visitor> visitors) throws Exception {
    Map<String, CompletableFuture<HttpResponse<String>>> asked = new HashMap<>();
    for (Visitor v : visitors) {
      asked.put(
          v.id(),
          node.http()
              .sendAsync(
                  HttpRequest.newBuilder(node.uri("/api/v1/onsales/" + onSale + "/queue/" + v.id()))
                      .header("X-Queue-Ticket", v.ticket())
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
    }
    Map<String, JsonObject> places = new HashMap<>();
    for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> e : asked.entrySet()) {
      places.put(e.getKey(), node.json(e.getValue().join(), 200));
    }
    return new Snapshot(places, figures(node, onSale));
  }

  static JsonObject figures(NodeProcess node, String onSale) throws Exception {
    return node.json(node.admin("GET", "/admin/v1/onsales/" + onSale, null), 200)
        .getJsonObject("figures");
  }

  /** The times (ms) at which the admitted visitors were admitted, from the ends of their access. */
  static List<Long> admissionTimes(Snapshot s, int tokenSeconds) {
    return s.places().values().stream()
        .filter(p -> "ADMITTED".equals(p.getString("state")))
        .map(
            p ->
                java.time.Instant.parse(p.getString("accessExpiresAt")).toEpochMilli()
                    - tokenSeconds * 1000L)
        .sorted()
        .toList();
  }
}
