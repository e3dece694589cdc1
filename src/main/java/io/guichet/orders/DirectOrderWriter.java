package io.guichet.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * One transaction per command, straight on the pool: the way most servers write orders, kept as the
 * baseline the batching writer is measured against ({@code GUICHET_ORDER_WRITER=direct}). The
 * command is the same single statement, committed on its own (autocommit), so the comparison
 * measures the group commit and nothing else.
 */
public final class DirectOrderWriter implements OrderWriter {
  private final Pool pool;

  public DirectOrderWriter(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<JsonObject> write(JsonObject command) {
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(command))
        .map(rows -> rows.iterator().next().getJsonObject(0));
  }
}
