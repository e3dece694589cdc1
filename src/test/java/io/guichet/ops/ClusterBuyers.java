package io.guichet.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Buyers of the demo theatre spread over the nodes of a cluster: each round creates a cart on one
 * node, holds two seats through the next and checks out (one round in twenty) or gives the seats
 * back through the third. Every hold is timed and recorded with the node that answered it; nodes
 * marked down are left alone.
 */
final class ClusterBuyers implements AutoCloseable {
  /** One hold: when it was sent (ms since the epoch), through which node, its status and time. */
  record Hold(long sentAt, int node, int status, long millis) {}

  private final List<NodeProcess> nodes;
  private final String performance;
  private final String tariff;
  private final Set<Integer> down = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Hold> holds = new ConcurrentLinkedQueue<>();
  private final Map<String, String> confirmed = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService pool;

  ClusterBuyers(List<NodeProcess> nodes, String performance, String tariff, int buyers) {
    this.nodes = nodes;
    this.performance = performance;
    this.tariff = tariff;
    this.pool = Executors.newFixedThreadPool(buyers);
    for (int b = 0; b < buyers; b++) {
      int buyer = b;
      pool.execute(() -> buy(buyer));
    }
  }

  void down(int node) {
    down.add(node);
  }

  void up(int node) {
    down.remove(node);
  }

  List<Hold> holds() {
    return List.copyOf(holds);
  }

  /** Orders answered 201, by id, with the node that wrote them. */
  Map<String, String> confirmed() {
    return Map.copyOf(confirmed);
  }

  private void buy(int buyer) {
    int round = 0;
    while (!stop.get()) {
      round++;
      try {
        round(buyer, round);
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception refusedOrCut) {
        // a node lost or refusing: the next round goes on
      }
    }
  }

  private NodeProcess node(int i) {
    for (int k = 0; k < nodes.size(); k++) {
      int n = (i + k) % nodes.size();
      if (!down.contains(n)) {
        return nodes.get(n);
      }
    }
    throw new IllegalStateException("every node is down");
  }

  private void round(int buyer, int round) throws Exception {
    NodeProcess cartNode = node(buyer + round);
    JsonObject cart = body(cartNode.send(post(cartNode, "/api/v1/carts?pos=web", null)), 201);
    String cartPath = "/api/v1/carts/" + cart.getString("id");
    String secret = cart.getString("secret");
    int holdIndex = nodes.indexOf(node(buyer + round + 1));
    NodeProcess holdNode = nodes.get(holdIndex);
    JsonObject item =
        new JsonObject()
            .put("performanceId", performance)
            .put(
                "quantities",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("category", new String[] {"CAT1", "CAT2", "CAT3"}[round % 3])
                            .put("tariffId", tariff)
                            .put("quantity", 2)));
    long sentAt = System.currentTimeMillis();
    long start = System.nanoTime();
    HttpResponse<String> held =
        holdNode.send(
            post(holdNode, cartPath + "/items?pos=web", item.encode())
                .header("X-Cart-Secret", secret));
    holds.add(
        new Hold(
            sentAt,
            holdIndex,
            held.statusCode(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    if (held.statusCode() != 201) {
      return;
    }
    NodeProcess last = node(buyer + round + 2);
    if (round % 20 == 0) {
      String body =
          new JsonObject()
              .put("deliveryMode", "E_TICKET")
              .put(
                  "buyer",
                  new JsonObject()
                      .put("email", "b" + buyer + "r" + round + "@example.org")
                      .put("firstName", "Clu")
                      .put("lastName", "Ster"))
              .encode();
      JsonObject order =
          body(
              last.send(
                  post(last, cartPath + "/checkout?pos=web", body)
                      .header("X-Cart-Secret", secret)
                      .header("Idempotency-Key", UUID.randomUUID().toString())),
              201);
      confirmed.put(order.getString("id"), last.uri("").toString());
    } else {
      last.send(
          HttpRequest.newBuilder(
                  last.uri(
                      cartPath
                          + "/items/"
                          + new JsonObject(held.body()).getString("id")
                          + "?pos=web"))
              .header("X-Cart-Secret", secret)
              .DELETE());
    }
  }

  static HttpRequest.Builder post(NodeProcess node, String path, String json) {
    return HttpRequest.newBuilder(node.uri(path))
        .header("content-type", "application/json")
        .POST(
            json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
  }

  static JsonObject body(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    pool.shutdown();
    if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }
}
