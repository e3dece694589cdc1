package io.guichet.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Durable order writes. A command (see guichet_order_write in the migrations) is answered once it
 * is committed to PostgreSQL, never before: the answer says what happened ({@code result}), and a
 * failed future means the outcome is unknown.
 */
public interface OrderWriter {
  /** The one statement every command runs. */
  String SQL = "select guichet_order_write($1::jsonb)";

  Future<JsonObject> write(JsonObject command);
}
