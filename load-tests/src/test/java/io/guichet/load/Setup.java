package io.guichet.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * What a step needs around the scenario, through the admin API: before it, a fresh performance of
 * the demo stadium (same seat map, prices, sales windows and quota as the demo's) behind its own
 * waiting room; after it, the invariant check — the server's audit of that performance (PostgreSQL
 * against the grid) and every order a buyer saw paid looked up in PostgreSQL.
 */
final class Setup {
  static final String DEMO_ON_SALE = "5ad1a0e5-0000-4000-8000-000000000001";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Setup() {}

  record Step(String performanceId, String onSaleId, Map<String, String> tariffs) {}

  static Step freshPerformance(String base, String admin, int admissionPerMinute) {
    return freshPerformance(base, admin, admissionPerMinute, true);
  }

  /**
   * A fresh copy of the demo stadium's performance (same prices, windows and quotas), behind its
   * own waiting room or, for the hold ladder, none.
   */
  static Step freshPerformance(
      String base, String admin, int admissionPerMinute, boolean waitingRoom) {
    try {
      JsonNode demo = call(base, admin, "GET", "/admin/v1/onsales/" + DEMO_ON_SALE, null);
      String organizer = demo.get("organizerId").asText();
      String demoPerf = demo.get("performanceIds").get(0).asText();
      JsonNode perf = call(base, admin, "GET", "/admin/v1/performances/" + demoPerf, null);
      Instant startsAt = Instant.parse(perf.get("startsAt").asText());
      ObjectNode created = JSON.createObjectNode();
      created.put("eventId", perf.get("eventId").asText());
      created.put("seatMapId", perf.get("seatMapId").asText());
      created.put("startsAt", startsAt.toString());
      ArrayNode prices = created.putArray("prices");
      Map<String, String> tariffs = new HashMap<>();
      for (JsonNode p : perf.get("prices")) {
        ObjectNode price = prices.addObject();
        price.put("category", p.get("category").asText());
        price.put("tariffId", p.get("tariffId").asText());
        price.put("amount", p.get("amount").asLong());
        tariffs.putIfAbsent(p.get("category").asText(), p.get("tariffId").asText());
      }
      String id = call(base, admin, "POST", "/admin/v1/performances", created).get("id").asText();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      for (JsonNode w :
          call(base, admin, "GET", "/admin/v1/performances/" + demoPerf + "/onsale-windows", null)
              .get("items")) {
        ObjectNode window = JSON.createObjectNode();
        window.put("channelId", w.get("channelId").asText());
        window.put("opensAt", now.minusSeconds(3600).toString());
        window.put("closesAt", startsAt.toString());
        call(base, admin, "POST", "/admin/v1/performances/" + id + "/onsale-windows", window);
      }
      for (JsonNode q :
          call(base, admin, "GET", "/admin/v1/performances/" + demoPerf + "/quotas", null)
              .get("items")) {
        ObjectNode quota = JSON.createObjectNode();
        quota.put("name", q.get("name").asText());
        quota.set("channelIds", q.get("channelIds"));
        if (q.hasNonNull("seatIds")) {
          quota.set("seatIds", q.get("seatIds"));
        } else {
          quota.put("category", q.get("category").asText());
          quota.put("count", q.get("count").asInt());
        }
        call(base, admin, "POST", "/admin/v1/performances/" + id + "/quotas", quota);
      }
      String onSaleId = null;
      if (waitingRoom) {
      ObjectNode onSale = JSON.createObjectNode();
      onSale.put("name", "load test " + now);
      onSale.putArray("performanceIds").add(id);
      onSale.put("queueOpensAt", now.minusSeconds(60).toString());
      onSale.put("saleStartsAt", now.minusSeconds(1).toString());
      onSale.put("admissionPerMinute", admissionPerMinute);
      onSale.put("maxActiveShoppers", 10_000_000);
      onSale.put("accessTokenSeconds", 900);
      onSale.put("enabled", true);
      onSaleId =
          call(base, admin, "POST", "/admin/v1/organizers/" + organizer + "/onsales", onSale)
              .get("id")
              .asText();
      }
      // Browsers load the seat map before the sale starts: that opens the performance in the grid,
      // so the first holds of the step do not pay for building it.
      HttpResponse<String> map =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/api/v1/performances/" + id + "/seatmap?pos=web"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (map.statusCode() != 200) {
        throw new IOException("seat map of " + id + " -> " + map.statusCode());
      }
      return new Step(id, onSaleId, tariffs);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot set the step up: " + e.getMessage(), e);
    }
  }

  /** A fresh copy of the stadium in the baseline server (load-tests/baseline/BaselineServer). */
  static Step baselinePerformance(String base) {
    try {
      JsonNode created = call(base, "", "POST", "/baseline/performances", null);
      Map<String, String> tariffs = new HashMap<>();
      for (String c : new String[] {"CAT1", "CAT2", "CAT3", "PIT"}) {
        tariffs.put(c, "-");
      }
      return new Step(created.get("performanceId").asText(), null, tariffs);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot set the baseline up: " + e.getMessage(), e);
    }
  }

  /**
   * The facts of a hold-ladder step, written as JSON to {@code out}: holds taken and refused, and
   * for Guichet the invariant check (the server's audit of the performance).
   */
  static void afterHolds(
      String base,
      String admin,
      String target,
      Step step,
      Path out,
      double rate,
      int duration,
      long held,
      long refused) {
    try {
      ObjectNode facts = JSON.createObjectNode();
      facts.put("target", target);
      facts.put("rate", rate);
      facts.put("duration", duration);
      facts.put("performanceId", step.performanceId());
      facts.put("held", held);
      facts.put("refused", refused);
      boolean ok = true;
      if ("guichet".equals(target)) {
        JsonNode audit =
            call(
                base, admin, "GET", "/admin/v1/performances/" + step.performanceId() + "/audit",
                null);
        facts.set("audit", audit);
        ok = audit.path("ok").asBoolean(false);
      }
      facts.put("invariantsHold", ok);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(facts));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("the step's check could not run: " + e.getMessage(), e);
    }
  }

  /** The invariant check of a step, written as JSON to {@code out} for run.sh to judge. */
  static void afterStep(
      String base,
      String admin,
      Step step,
      Path out,
      double rate,
      int duration,
      List<String> confirmed,
      long confirmedInTime,
      long gaveUpInQueue,
      long noSeats) {
    try {
      JsonNode audit =
          call(base, admin, "GET", "/admin/v1/performances/" + step.performanceId() + "/audit", null);
      List<String> missing = java.util.Collections.synchronizedList(new ArrayList<>());
      Semaphore inFlight = new Semaphore(16);
      List<CompletableFuture<Void>> lookups = new ArrayList<>();
      for (String order : confirmed) {
        inFlight.acquire();
        lookups.add(
            HTTP.sendAsync(
                    request(base, admin, "GET", "/admin/v1/orders/" + order, null),
                    HttpResponse.BodyHandlers.ofString())
                .thenAccept(
                    r -> {
                      try {
                        JsonNode o = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
                        if (o == null
                            || !"PAID".equals(o.get("status").asText())
                            || o.get("lines").isEmpty()) {
                          missing.add(order + " (" + r.statusCode() + ")");
                        }
                      } catch (IOException e) {
                        missing.add(order + " (" + e.getMessage() + ")");
                      }
                    })
                .whenComplete((v, e) -> inFlight.release()));
      }
      CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
      ObjectNode facts = JSON.createObjectNode();
      facts.put("rate", rate);
      facts.put("duration", duration);
      facts.put("performanceId", step.performanceId());
      facts.put("onSaleId", step.onSaleId());
      facts.put("confirmedOrders", confirmed.size());
      facts.put("confirmedWithinStep", confirmedInTime);
      facts.put("gaveUpInQueue", gaveUpInQueue);
      facts.put("noSeats", noSeats);
      ArrayNode missingNode = facts.putArray("confirmedButNotPaidInPostgres");
      missing.forEach(missingNode::add);
      facts.set("audit", audit);
      facts.put(
          "invariantsHold", audit.path("ok").asBoolean(false) && missing.isEmpty());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(facts));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("the invariant check could not run: " + e.getMessage(), e);
    }
  }

  /** A JSON object of scalar fields as strings (the payment form's fields). */
  static Map<String, String> flatObject(String json) {
    try {
      Map<String, String> fields = new LinkedHashMap<>();
      JSON.readTree(json).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
      return fields;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON object: " + json, e);
    }
  }

  private static JsonNode call(String base, String admin, String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(request(base, admin, method, path, body), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static HttpRequest request(
      String base, String admin, String method, String path, JsonNode body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + admin)
            .header("Accept", "application/json");
    if (body == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return b.header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }
}
