package io.guichet.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * One transaction per command, straight on the pool: the way most servers write orders, kept as the
 * baseline the batching writer is measured against ({@code GUICHET_ORDER_WRITER=direct}). The
 * command is the same single statement, committed on its own (autocommit), so the comparison
 * measures the group commit and nothing else. The pool's deadline bounds each write.
 */
public final class DirectOrderWriter implements OrderWriter {
  private final Pool pool;
  private final boolean explicitTransaction;

  public DirectOrderWriter(Pool pool) {
    this(pool, false);
  }

  /**
   * @param explicitTransaction BEGIN, the statement, COMMIT (three round trips, as an ORM does)
   *     rather than the one autocommit statement
   */
  public DirectOrderWriter(Pool pool, boolean explicitTransaction) {
    this.pool = pool;
    this.explicitTransaction = explicitTransaction;
  }

  @Override
  public <R extends OrderOutcome> Future<R> write(OrderCommand<R> command) {
    JsonObject json = OrderProtocol.encode(command);
    Future<RowSet<Row>> rows =
        explicitTransaction
            ? pool.withTransaction(conn -> conn.preparedQuery(SQL).execute(Tuple.of(json)))
            : pool.preparedQuery(SQL).execute(Tuple.of(json));
    return rows.map(r -> OrderProtocol.decode(command, r.iterator().next().getJsonObject(0)));
  }
}
