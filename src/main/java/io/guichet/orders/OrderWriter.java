package io.guichet.orders;

import io.vertx.core.Future;

/**
 * Durable order writes. A command is answered once it is committed to PostgreSQL, never before,
 * with its outcome (see {@link OrderOutcome}). A failed future with {@link
 * io.guichet.support.DependencyUnavailable} means the outcome is unknown (the deadline passed, the
 * connection was lost): the command may or may not be committed. Any other failure is a fault.
 */
public interface OrderWriter {
  /** The one statement every command runs (see R__order_write.sql). */
  String SQL = "select guichet_order_write($1::jsonb)";

  <R extends OrderOutcome> Future<R> write(OrderCommand<R> command);
}
