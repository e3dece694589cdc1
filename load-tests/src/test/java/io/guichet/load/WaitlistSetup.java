package io.guichet.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The stadium sold out, for the waiting-list step: a fresh performance of the demo stadium whose
 * every seat and standing place open to the public is held in carts of two box-office channels of
 * the demo's organizer — most for an hour, some for {@link #SHORT_HOLD_SECONDS} (those lapse during
 * the step: seats that come back on their own) — and a few carts checked out into orders waiting
 * for their payment (the step cancels them: seats that come back by cancellation).
 */
final class WaitlistSetup {
  static final int SHORT_HOLD_SECONDS = 45;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String[] CATEGORIES = {"CAT1", "CAT2", "CAT3", "PIT"};

  private WaitlistSetup() {}

  /** A cart item holding seats (or a checked-out cart's order: item null, order set). */
  record Held(String pos, String cartId, String secret, String itemId, String orderId, String orderSecret) {}

  /** The sold-out performance and what holds its seats. */
  record SoldOut(Setup.Step step, List<Held> held, List<Held> pending, int shortSeats, int seats) {}

  static SoldOut soldOut(String base, String admin, int offerSeconds) {
    try {
      Setup.Step step = Setup.freshPerformance(base, admin, 0, false);
      String perf = step.performanceId();
      JsonNode p = call(base, admin, "GET", "/admin/v1/performances/" + perf, null);
      String organizer =
          call(base, admin, "GET", "/admin/v1/events/" + p.get("eventId").asText(), null)
              .get("organizerId")
              .asText();
      String longPos = boxOffice(base, admin, organizer, perf, 3600);
      String shortPos = boxOffice(base, admin, organizer, perf, SHORT_HOLD_SECONDS);
      ObjectNode settings = JSON.createObjectNode().put("offerSeconds", offerSeconds);
      call(base, admin, "PATCH", "/admin/v1/performances/" + perf + "/waitlist", settings);

      // some seats held for a short while first (they lapse during the step), then everything else
      List<Held> shortHeld = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Held h = hold(base, shortPos, perf, "CAT2", step.tariffs().get("CAT2"), 50);
        if (h != null) {
          shortHeld.add(h);
        }
      }
      List<Held> held = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> all = new ArrayList<>();
        for (String category : CATEGORIES) {
          for (int t = 0; t < 2; t++) {
            all.add(
                pool.submit(
                    () -> {
                      for (int q : new int[] {50, 10, 1}) {
                        Held h;
                        while ((h = hold(base, longPos, perf, category, step.tariffs().get(category), q))
                            != null) {
                          held.add(h);
                        }
                      }
                      return null;
                    }));
          }
        }
        for (Future<?> f : all) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      // a few carts become orders waiting for their payment (cancelled during the step)
      List<Held> longHeld = new ArrayList<>(held);
      Collections.shuffle(longHeld);
      List<Held> pending = new ArrayList<>();
      for (int i = 0; i < 20 && !longHeld.isEmpty(); i++) {
        Held h = longHeld.remove(longHeld.size() - 1);
        pending.add(checkout(base, h));
      }
      int seats = count(base, admin, perf);
      return new SoldOut(step, longHeld, pending, shortHeld.size() * 50, seats);
    } catch (Exception e) {
      throw new IllegalStateException("cannot sell the stadium out: " + e.getMessage(), e);
    }
  }

  /** Seats held in the grid (the audit's count), to report against. */
  private static int count(String base, String admin, String perf) throws Exception {
    JsonNode audit = call(base, admin, "GET", "/admin/v1/performances/" + perf + "/audit", null);
    return audit.get("seats").get("held").asInt() + audit.get("standing").get("held").asInt();
  }

  private static String boxOffice(
      String base, String admin, String organizer, String perf, int holdSeconds) throws Exception {
    ObjectNode channel =
        JSON.createObjectNode()
            .put("organizerId", organizer)
            .put("name", "Box office " + holdSeconds + " s")
            .put("type", "PUBLIC")
            .put("seatSearchMode", "BEST_AVAILABLE_VIEW")
            .put("holdTimeoutSeconds", holdSeconds)
            .put("isolatedSeatTrigger", 0)
            .put("alwaysAllowIsolatedSeats", true)
            .put("allowSplit", true)
            .put("maxPerPerformance", 100)
            .put("perTicketFee", 0);
    channel.putArray("deliveryModes").addObject().put("mode", "E_TICKET");
    String channelId = call(base, admin, "POST", "/admin/v1/channels", channel).get("id").asText();
    String code = "box-" + UUID.randomUUID().toString().substring(0, 8);
    call(
        base,
        admin,
        "POST",
        "/admin/v1/points-of-sale",
        JSON.createObjectNode().put("channelId", channelId).put("code", code).put("name", code));
    Instant now = Instant.now();
    call(
        base,
        admin,
        "POST",
        "/admin/v1/performances/" + perf + "/onsale-windows",
        JSON.createObjectNode()
            .put("channelId", channelId)
            .put("opensAt", now.minusSeconds(3600).toString())
            .put("closesAt", now.plusSeconds(30L * 86400).toString()));
    return code;
  }

  /** A new cart holding {@code quantity} of a category, or null when there are not that many. */
  private static Held hold(
      String base, String pos, String perf, String category, String tariff, int quantity)
      throws Exception {
    JsonNode cart = call(base, null, "POST", "/api/v1/carts?pos=" + pos, null);
    ObjectNode body = JSON.createObjectNode().put("performanceId", perf);
    body.putArray("quantities")
        .addObject()
        .put("category", category)
        .put("tariffId", tariff)
        .put("quantity", quantity);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base + "/api/v1/carts/" + cart.get("id").asText() + "/items?pos=" + pos))
                .header("content-type", "application/json")
                .header("X-Cart-Secret", cart.get("secret").asText())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 409) {
      return null;
    }
    if (r.statusCode() != 201) {
      throw new IOException("hold -> " + r.statusCode() + " " + r.body());
    }
    return new Held(
        pos,
        cart.get("id").asText(),
        cart.get("secret").asText(),
        JSON.readTree(r.body()).get("id").asText(),
        null,
        null);
  }

  private static Held checkout(String base, Held h) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/carts/" + h.cartId() + "/checkout?pos=" + h.pos()))
                .header("content-type", "application/json")
                .header("X-Cart-Secret", h.secret())
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"deliveryMode\":\"E_TICKET\",\"buyer\":{\"email\":"
                            + "\"box@example.org\",\"firstName\":\"Box\",\"lastName\":\"Office\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IOException("checkout -> " + r.statusCode() + " " + r.body());
    }
    JsonNode order = JSON.readTree(r.body());
    return new Held(
        h.pos(), h.cartId(), h.secret(), null, order.get("id").asText(), order.get("secret").asText());
  }

  static JsonNode call(String base, String admin, String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    if (admin != null) {
      b.header("Authorization", "Bearer " + admin);
    }
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
