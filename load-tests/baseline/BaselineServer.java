import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load test's baseline: the way the open-source ticketing systems hold seats (alf.io's pattern),
 * behind the same three shop calls the hold ladder makes on Guichet, so one Gatling simulation
 * drives both the same way. One row per seat or standing place (load-tests/baseline/schema.sql, in
 * the same PostgreSQL as the server); a hold is one PostgreSQL transaction that takes the
 * best-ranked free rows of the category with SELECT ... FOR UPDATE SKIP LOCKED and marks them held;
 * a release is one UPDATE.
 *
 * <p>Built on Guichet's own stack and generous to the baseline: Vert.x event loops (one per core),
 * the reactive PostgreSQL client with a pool of 16 connections, prepared statements, an index made
 * for the search, and carts that cost nothing (no row, no check). Run with the server's jar on the
 * class path: {@code java -cp target/guichet.jar load-tests/baseline/BaselineServer.java PORT
 * POSTGRES_URI}.
 *
 * <ul>
 *   <li>{@code POST /baseline/performances} copies the demo stadium (seats of the demo's seat map
 *       and 5,000 standing places) as a fresh performance: {@code {"performanceId": "n"}};
 *   <li>{@code POST /api/v1/carts} → 201 {@code {"id", "secret"}};
 *   <li>{@code POST /api/v1/carts/{id}/items} with Guichet's body ({@code performanceId},
 *       {@code quantities: [{category, quantity}]}) → 201 {@code {"id"}}, or 409 when the category
 *       has fewer free places;
 *   <li>{@code DELETE /api/v1/carts/{id}/items/{itemId}} → 204.
 * </ul>
 */
public final class BaselineServer extends VerticleBase {
  private static final String PICK =
      "SELECT id FROM baseline.seat WHERE perf = $1 AND category = $2 AND status = 'F'"
          + " ORDER BY rank LIMIT $3 FOR UPDATE SKIP LOCKED";
  private static final String HOLD =
      "UPDATE baseline.seat SET status = 'H', hold_id = $3, held_until = now() + interval '10"
          + " minutes' WHERE perf = $1 AND id = ANY($2)";
  private static final String RELEASE =
      "UPDATE baseline.seat SET status = 'F', hold_id = NULL, held_until = NULL"
          + " WHERE perf = $1 AND hold_id = $2 AND status = 'H'";
  private static final AtomicLong HOLDS = new AtomicLong();
  private static final AtomicInteger PERFORMANCES = new AtomicInteger();

  private final Pool pool;
  private final int port;

  BaselineServer(Pool pool, int port) {
    this.pool = pool;
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String uri = args[1];
    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(16))
            .connectingTo(PgConnectOptions.fromUri(uri).setCachePreparedStatements(true))
            .using(vertx)
            .build();
    String schema = Files.readString(Path.of(args.length > 2 ? args[2] : "load-tests/baseline/schema.sql"));
    pool.query(schema).execute().toCompletionStage().toCompletableFuture().get();
    int cores = Runtime.getRuntime().availableProcessors();
    vertx
        .deployVerticle(() -> new BaselineServer(pool, port), new DeploymentOptions().setInstances(cores))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    System.out.println("baseline listening on " + port);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(65_536));
    router.post("/baseline/performances").handler(this::performance);
    router.post("/api/v1/carts").handler(this::cart);
    router.post("/api/v1/carts/:cartId/items").handler(this::hold);
    router.delete("/api/v1/carts/:cartId/items/:itemId").handler(this::release);
    return vertx.createHttpServer().requestHandler(router).listen(port);
  }

  private void performance(RoutingContext rc) {
    int perf = PERFORMANCES.incrementAndGet();
    pool.withTransaction(
            c ->
                c.query(
                        "INSERT INTO baseline.seat (perf, id, category, rank) SELECT "
                            + perf
                            + ", s.id, s.category, s.rank FROM seat s WHERE s.seat_map_id ="
                            + " (SELECT p.seat_map_id FROM performance p JOIN onsale_performance o"
                            + " ON o.performance_id = p.id WHERE o.onsale_id ="
                            + " '5ad1a0e5-0000-4000-8000-000000000001' LIMIT 1) AND NOT s.blocked"
                            + " UNION ALL SELECT "
                            + perf
                            + ", 'PITCH-' || g, 'PIT', 0 FROM generate_series(1, 5000) g")
                    .execute())
        .compose(r -> pool.query("ANALYZE baseline.seat").execute().map(r))
        .onSuccess(
            r ->
                json(
                    rc,
                    201,
                    new JsonObject()
                        .put("performanceId", String.valueOf(perf))
                        .put("places", r.rowCount())))
        .onFailure(rc::fail);
  }

  private void cart(RoutingContext rc) {
    json(rc, 201, new JsonObject().put("id", UUID.randomUUID().toString()).put("secret", "-"));
  }

  private void hold(RoutingContext rc) {
    JsonObject body = rc.body().asJsonObject();
    int perf = Integer.parseInt(body.getString("performanceId"));
    JsonObject q = body.getJsonArray("quantities").getJsonObject(0);
    String category = q.getString("category");
    int quantity = q.getInteger("quantity");
    long holdId = HOLDS.incrementAndGet();
    pool.withTransaction(
            c ->
                c.preparedQuery(PICK)
                    .execute(Tuple.of(perf, category, quantity))
                    .compose(
                        rows -> {
                          List<String> ids = new ArrayList<>();
                          for (Row row : rows) {
                            ids.add(row.getString(0));
                          }
                          if (ids.size() < quantity) {
                            return Future.succeededFuture(false); // commits nothing held
                          }
                          return c.preparedQuery(HOLD)
                              .execute(Tuple.of(perf, ids.toArray(new String[0]), holdId))
                              .map(true);
                        }))
        .onSuccess(
            held -> {
              if (held) {
                json(rc, 201, new JsonObject().put("id", perf + "-" + holdId));
              } else {
                json(rc, 409, new JsonObject().put("title", "not enough free places"));
              }
            })
        .onFailure(rc::fail);
  }

  private void release(RoutingContext rc) {
    String[] item = rc.pathParam("itemId").split("-");
    pool.preparedQuery(RELEASE)
        .execute(Tuple.of(Integer.parseInt(item[0]), Long.parseLong(item[1])))
        .onSuccess(r -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }
}
