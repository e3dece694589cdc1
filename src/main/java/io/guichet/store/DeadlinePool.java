package io.guichet.store;

import io.guichet.support.DependencyUnavailable;
import io.guichet.support.DependencyUnavailable.Dependency;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * The PostgreSQL pool as every store sees it: each statement, transaction and connection borrowed
 * has a deadline, and a failure that goes away by itself (the deadline passed, a connection lost or
 * refused, a full pool, a deadlock, the server shutting down) becomes {@link DependencyUnavailable}
 * here, at the edge, where its kind is known. Every other failure (a broken rule, a bug) stays as
 * PostgreSQL raised it.
 *
 * <p>The deadline bounds what the caller waits, not what PostgreSQL does: a statement past it may
 * still finish (its answer is then dropped), as it would if the answer had been lost on the wire.
 * Long statements are also cut by PostgreSQL's own {@code statement_timeout} (set per connection).
 */
public final class DeadlinePool implements Pool {
  /** SQL states that say "nothing was done, try again": serialization, deadlock, resources. */
  private static final Set<String> RETRY_STATES =
      Set.of("40001", "40P01", "53300", "55P03", "57P01", "57P02", "57P03", "57014");

  private final Pool delegate;
  private final long deadlineMillis;

  public DeadlinePool(Pool delegate, Duration deadline) {
    this.delegate = delegate;
    this.deadlineMillis = deadline.toMillis();
  }

  /**
   * The same pool with another deadline, for the few statements that legitimately take long (a seat
   * map of 200,000 seats imported in one transaction); any other pool is returned as it is.
   */
  public static Pool withDeadline(Pool pool, Duration deadline) {
    return pool instanceof DeadlinePool d ? new DeadlinePool(d.delegate, deadline) : pool;
  }

  /** Whether a PostgreSQL failure is one that goes away by itself. */
  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        return state != null && (RETRY_STATES.contains(state) || state.startsWith("08"));
      }
      if (t instanceof TimeoutException
          || t instanceof java.net.ConnectException
          || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
        return true;
      }
      if (t instanceof io.vertx.core.VertxException v
          && v.getMessage() != null
          && (v.getMessage().equals("Connection was closed")
              || v.getMessage().startsWith("Connection pool reached max wait queue size"))) {
        // the pool's own refusals carry no type of their own
        return true;
      }
    }
    return false;
  }

  <T> Future<T> guard(Future<T> call) {
    return call.timeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .recover(
            failure ->
                Future.failedFuture(
                    isTransient(failure)
                        ? new DependencyUnavailable(
                            Dependency.POSTGRESQL, failure instanceof TimeoutException, failure)
                        : failure));
  }

  @Override
  public Future<SqlConnection> getConnection() {
    Future<SqlConnection> borrowed = delegate.getConnection();
    // a connection that comes after the caller gave up goes back to the pool
    return guard(borrowed).onFailure(gaveUp -> borrowed.onSuccess(SqlConnection::close));
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return new GuardedQuery<>(delegate.query(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return new GuardedPreparedQuery<>(delegate.preparedQuery(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new GuardedPreparedQuery<>(delegate.preparedQuery(sql, options));
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
    return guard(delegate.withTransaction(function));
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return guard(delegate.withConnection(function));
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  private class GuardedQuery<T> implements Query<T> {
    private final Query<T> query;

    GuardedQuery(Query<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return guard(query.execute());
    }

    @Override
    public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new GuardedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new GuardedQuery<>(query.mapping(mapper));
    }
  }

  private final class GuardedPreparedQuery<T> extends GuardedQuery<T> implements PreparedQuery<T> {
    private final PreparedQuery<T> prepared;

    GuardedPreparedQuery(PreparedQuery<T> prepared) {
      super(prepared);
      this.prepared = prepared;
    }

    @Override
    public Future<T> execute(Tuple tuple) {
      return guard(prepared.execute(tuple));
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
      return guard(prepared.executeBatch(batch));
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new GuardedPreparedQuery<>(prepared.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new GuardedPreparedQuery<>(prepared.mapping(mapper));
    }
  }
}
