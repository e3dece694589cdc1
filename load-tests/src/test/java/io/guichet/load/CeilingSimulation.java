package io.guichet.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * One step of the ceiling ladder measured by the same generator as the hold ladder: arrivals at a
 * constant rate, each one {@code GET /health/live} (the cheapest endpoint). wrk measures the
 * server's raw ceiling with a far cheaper client; this measures what the holds are compared with
 * on equal terms — same generator, same open workload, same p99 limit.
 *
 * <p>System properties: {@code base}, {@code rate} (requests/s), {@code duration} (s).
 */
public class CeilingSimulation extends Simulation {
  private final String base = System.getProperty("base", "http://127.0.0.1:8080");
  private final double rate = Double.parseDouble(System.getProperty("rate", "1000"));
  private final int duration = Integer.parseInt(System.getProperty("duration", "10"));

  private final HttpProtocolBuilder protocol =
      http.baseUrl(base).acceptHeader("application/json").shareConnections();

  private final ScenarioBuilder live =
      scenario("ceiling").exec(http("live").get("/health/live").check(status().is(200)));

  {
    setUp(live.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(duration * 3L + 30));
  }
}
