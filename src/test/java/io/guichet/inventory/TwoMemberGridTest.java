package io.guichet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.guichet.Fixtures;
import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.guichet.ops.GuichetConfig;
import io.guichet.ops.HazelcastMember;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The grid with a second member on loopback: blocks, carts and entry processors then cross the
 * network (serialization and backups for real), and the loss of a member keeps every hold.
 */
class TwoMemberGridTest extends ServerTest {

  @Test
  void holds_work_across_two_members_and_survive_the_loss_of_one() throws Exception {
    HazelcastInstance server = TestServer.get().services().hazelcast();
    HazelcastInstance second =
        HazelcastMember.start(
            new GuichetConfig(
                0,
                1,
                Path.of("."),
                null,
                1,
                null,
                "x",
                false,
                TestServer.CLUSTER,
                GuichetConfig.DEFAULT_HZ_PORT,
                List.of(),
                null,
                1,
                1,
                Clock.systemUTC(),
                GuichetConfig.Checkout.defaults(),
                GuichetConfig.Mail.none()));
    try {
      assertThat(server.getCluster().getMembers()).hasSize(2);
      Fixtures f = Fixtures.create();
      String editable = f.sellingChannel("BEST_AVAILABLE_EDITABLE", 5, false);
      JsonObject cart = send(client.post("/api/v1/carts?pos=" + editable), null).json();
      String secret = cart.getString("secret");
      String items = "/api/v1/carts/" + cart.getString("id") + "/items?pos=" + editable;
      JsonObject body =
          new JsonObject()
              .put("performanceId", f.performanceId())
              .put(
                  "quantities",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("category", "B")
                              .put("tariffId", f.full.getString("id"))
                              .put("quantity", 2)));
      Reply held = send(client.post(items).putHeader("X-Cart-Secret", secret), body);
      assertThat(held.status()).as("%s", held.body()).isEqualTo(201);
      String itemPath =
          "/api/v1/carts/"
              + cart.getString("id")
              + "/items/"
              + held.json().getString("id")
              + "?pos="
              + editable;
      JsonObject swap =
          new JsonObject()
              .put(
                  "swap",
                  new JsonArray().add(new JsonObject().put("from", "R2-4").put("to", "R2-7")));
      Reply swapped =
          send(client.request(HttpMethod.PATCH, itemPath).putHeader("X-Cart-Secret", secret), swap);
      assertThat(swapped.status()).as("%s", swapped.body()).isEqualTo(200);
      assertThat(rowStates(f, editable)).isEqualTo("FFFFHHFFFF");

      second.getLifecycleService().terminate(); // a crash, not a graceful leave

      Instant deadline = Instant.now().plusSeconds(30);
      while (server.getCluster().getMembers().size() > 1 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100); // waiting for the survivor to notice the loss
      }
      assertThat(server.getCluster().getMembers()).hasSize(1);
      assertThat(rowStates(f, editable)).as("holds kept by the backups").isEqualTo("FFFFHHFFFF");
      Reply cartAfter =
          send(
              client
                  .get("/api/v1/carts/" + cart.getString("id") + "?pos=" + editable)
                  .putHeader("X-Cart-Secret", secret),
              null);
      assertThat(cartAfter.json().getJsonArray("items")).hasSize(1);
    } finally {
      second.getLifecycleService().terminate();
    }
  }

  private static String rowStates(Fixtures f, String pos) {
    return get("/api/v1/performances/" + f.performanceId() + "/seatmap?pos=" + pos)
        .json()
        .getJsonArray("rows")
        .getJsonObject(1)
        .getString("states");
  }
}
