package io.guichet.http;

import com.hazelcast.cluster.ClusterState;
import io.guichet.ops.ClusterHealth;
import io.guichet.ops.Services;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Liveness, readiness, Prometheus metrics and the OpenAPI document. */
final class OpsHandlers {
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Services services;
  private final ContractDocument contract;

  OpsHandlers(Services services, ContractDocument contract) {
    this.services = services;
    this.contract = contract;
  }

  void mount(RouterBuilder builder) {
    builder
        .getRoute("checkLiveness")
        .addHandler(rc -> Json.ok(rc, new JsonObject().put("status", "UP")));
    builder.getRoute("checkReadiness").addHandler(this::ready);
    builder
        .getRoute("getMetrics")
        .addHandler(PrometheusScrapingHandler.create(services.registry()));
    // the document as written: every reference points inside it
    builder
        .getRoute("getOpenApiJson")
        .addHandler(
            rc -> rc.response().putHeader("content-type", "application/json").end(contract.json()));
    builder
        .getRoute("getOpenApiYaml")
        .addHandler(
            rc ->
                rc.response()
                    .putHeader("content-type", "application/yaml; charset=utf-8")
                    .end(contract.yaml()));
  }

  /** Ready only when PostgreSQL, Redis and Hazelcast all answer; else 503 naming the failures. */
  private void ready(RoutingContext rc) {
    List<Check> checks =
        List.of(
            new Check("postgres", postgres()),
            new Check("redis", redis()),
            new Check("hazelcast", hazelcast()));
    Future.join(checks.stream().map(Check::result).toList())
        .onComplete(
            done -> {
              JsonObject status = new JsonObject();
              StringBuilder failing = new StringBuilder();
              for (Check c : checks) {
                boolean up = c.result().succeeded();
                status.put(c.name(), up ? "UP" : "DOWN");
                if (!up) {
                  failing
                      .append(failing.length() == 0 ? "" : ", ")
                      .append(c.name())
                      .append(": ")
                      .append(c.result().cause().getMessage());
                }
              }
              if (failing.length() == 0) {
                Json.ok(rc, new JsonObject().put("status", "UP").put("checks", status));
              } else {
                Problems.send(rc, ProblemType.NOT_READY, failing.toString());
              }
            });
  }

  private record Check(String name, Future<?> result) {}

  private Future<?> postgres() {
    return services
        .pool()
        .query("select 1")
        .execute()
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private Future<?> redis() {
    return services
        .redis()
        .send(Request.cmd(Command.PING))
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** A full member of the cluster it was told to form (see ClusterHealth): no remote call. */
  private Future<?> hazelcast() {
    var hz = services.hazelcast();
    ClusterHealth health = ClusterHealth.of(hz);
    if (health != null) {
      List<String> problems = health.problems();
      return problems.isEmpty()
          ? Future.succeededFuture()
          : Future.failedFuture(String.join("; ", problems));
    }
    if (!hz.getLifecycleService().isRunning()) {
      return Future.failedFuture("member is not running");
    }
    ClusterState state = hz.getCluster().getClusterState();
    return state == ClusterState.ACTIVE
        ? Future.succeededFuture()
        : Future.failedFuture("cluster state is " + state);
  }
}
