package io.guichet.ops;

import io.vertx.core.Future;

/** Helpers for futures kept and shared between event loops. */
public final class Futures {
  private Futures() {}

  /**
   * A kept future as the caller should see it. A Vert.x future made on an event loop runs its
   * callbacks on that loop: a completed future kept in a cache shared by every loop (a ticket, a
   * performance's plan, a point of sale) would send the rest of every later request that reads it
   * to the loop that first loaded it, one loop doing the work of all. A completed one is given back
   * as a fresh completed future, whose callbacks run on the caller's own thread; a pending one as
   * is.
   */
  public static <T> Future<T> detached(Future<T> kept) {
    if (kept.succeeded()) {
      return Future.succeededFuture(kept.result());
    }
    if (kept.failed()) {
      return Future.failedFuture(kept.cause());
    }
    return kept;
  }
}
