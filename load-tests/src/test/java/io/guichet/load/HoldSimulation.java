package io.guichet.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One step of the hold ladder: buyers arrive at a constant rate (open workload), open a cart, hold
 * best-available places (the on-sale scenario's parties: 1–8, mostly 2 and 4, mostly in the best
 * categories), keep them a second and release them. The same simulation drives Guichet (a fresh
 * performance of the demo stadium, no waiting room) and the baseline server
 * (load-tests/baseline/BaselineServer.java: the same calls answered with one PostgreSQL transaction
 * per hold, FOR UPDATE SKIP LOCKED), so the two are measured the same way, by the same generator,
 * at the same rates, in the same run.
 *
 * <p>System properties: {@code target} (guichet or baseline), {@code base}, {@code admin}, {@code
 * rate} (holds asked per second), {@code duration} (s), {@code out} (file for the step's facts).
 */
public class HoldSimulation extends Simulation {
  // Read per instance, not per class: the generator (Generator.java) runs step after step in one
  // warm JVM, a new instance of the simulation each time.
  private final String target = System.getProperty("target", "guichet");
  private final String base = System.getProperty("base", "http://127.0.0.1:8080");
  private final String admin = System.getProperty("admin", "");
  private final double rate = Double.parseDouble(System.getProperty("rate", "100"));
  private final int duration = Integer.parseInt(System.getProperty("duration", "10"));
  private final Path out = Path.of(System.getProperty("out", "target/holds.json"));

  private final Setup.Step step =
      "baseline".equals(target)
          ? Setup.baselinePerformance(base)
          : Setup.freshPerformance(base, admin, 0, false);

  private final AtomicLong held = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private final String holdBody = Parties.holdBody(step.performanceId());

  private final HttpProtocolBuilder protocol =
      http.baseUrl(base)
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .disableFollowRedirect()
          .shareConnections();


  private final ScenarioBuilder holds =
      scenario("holds")
          .exec(
              http("cart")
                  .post("/api/v1/carts?pos=web")
                  .check(status().is(201))
                  .check(jsonPath("$.id").saveAs("cartId"))
                  .check(jsonPath("$.secret").saveAs("cartSecret")))
          .exec(s -> Parties.pick(s, step.tariffs()))
          .exec(
              http("hold")
                  .post("/api/v1/carts/#{cartId}/items?pos=web")
                  .header("X-Cart-Secret", "#{cartSecret}")
                  .body(StringBody(holdBody))
                  // 409: no such places left (a business answer, not a failure)
                  .check(status().in(201, 409).saveAs("holdStatus"))
                  .check(jsonPath("$.id").optional().saveAs("itemId")))
          .doIfOrElse(s -> s.getInt("holdStatus") == 201)
          .then(
              exec(s -> {
                    held.incrementAndGet();
                    return s;
                  })
                  .exec(pause(Duration.ofSeconds(1)))
                  .exec(
                      http("release")
                          .delete("/api/v1/carts/#{cartId}/items/#{itemId}?pos=web")
                          .header("X-Cart-Secret", "#{cartSecret}")
                          .check(status().is(204))))
          .orElse(
              exec(
                  s -> {
                    refused.incrementAndGet();
                    return s;
                  }));

  {
    setUp(holds.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(duration * 3L + 30));
  }

  @Override
  public void after() {
    Setup.afterHolds(
        base, admin, target, step, out, rate, duration, held.get(), refused.get());
  }
}
