package io.guichet.store;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Small conversions shared by the stores, and the translation of SQL errors at their edge. */
final class Db {
  static final String UNIQUE_VIOLATION = "23505";
  static final String FOREIGN_KEY_VIOLATION = "23503";
  static final String CHECK_VIOLATION = "23514";

  private Db() {}

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static List<UUID> uuids(Row row, String column) {
    UUID[] values = row.getArrayOfUUIDs(column);
    return values == null ? null : Arrays.asList(values);
  }

  static List<String> strings(Row row, String column) {
    String[] values = row.getArrayOfStrings(column);
    return values == null ? null : Arrays.asList(values);
  }

  static UUID[] uuidArray(List<UUID> values) {
    return values == null ? null : values.toArray(UUID[]::new);
  }

  static String[] stringArray(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }

  /**
   * Turns constraint violations into domain failures: a unique violation means "already exists", a
   * foreign key violation means a referenced id does not exist. Anything else stays a fault.
   */
  static <T> Future<T> translate(Future<T> future, String what) {
    return future.recover(
        failure -> {
          if (failure instanceof PgException pg) {
            String state = pg.getSqlState();
            if (UNIQUE_VIOLATION.equals(state)) {
              return Future.failedFuture(
                  new DomainException(Failure.ALREADY_EXISTS, what + " already exists"));
            }
            if (FOREIGN_KEY_VIOLATION.equals(state)) {
              return Future.failedFuture(
                  new DomainException(
                      Failure.NOT_FOUND, what + " refers to something that does not exist"));
            }
            if (CHECK_VIOLATION.equals(state)) {
              return Future.failedFuture(DomainException.invalid(what + " breaks a rule"));
            }
          }
          return Future.failedFuture(failure);
        });
  }
}
