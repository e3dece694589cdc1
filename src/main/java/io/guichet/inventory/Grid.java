package io.guichet.inventory;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Bridges Hazelcast's completion stages into the caller's Vert.x context.
 *
 * <p>The obvious {@code Future.fromCompletionStage(stage, context)} lets Hazelcast run the callback
 * on the common ForkJoinPool (one thread on 2 cores): measured 24 times slower. Here the callback
 * runs on the thread that completes the stage and only completes a promise bound to the context,
 * which hands the result to the event loop.
 */
public final class Grid {
  private Grid() {}

  public static <T> Future<T> onContext(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    Promise<T> promise =
        context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure == null) {
            promise.tryComplete(value);
          } else {
            promise.tryFail(
                failure instanceof CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : failure);
          }
        },
        Runnable::run);
    return promise.future();
  }
}
