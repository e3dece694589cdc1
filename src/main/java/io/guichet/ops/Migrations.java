package io.guichet.ops;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Flyway schema migrations in {@code db/migration}: versioned ones for tables, repeatable
 * ones ({@code R__*.sql}) for the functions, each function with one text. Blocking: never on an
 * event loop.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /**
   * Checksums of versioned migrations as earlier releases applied them, before their function
   * bodies moved to the repeatable migrations: the tables they made are unchanged, and the
   * repeatable migrations replace every function they defined. A database that applied exactly
   * these is realigned; any other mismatch still stops the start-up.
   */
  static final Map<String, Integer> RELEASED_CHECKSUMS =
      Map.of("2", -1765967495, "4", -1375650035, "5", -2123006210);

  private Migrations() {}

  public static void migrate(PgConnectOptions pg) {
    String jdbcUrl = jdbcUrl(pg);
    Flyway flyway =
        Flyway.configure()
            .dataSource(jdbcUrl, pg.getUser(), pg.getPassword())
            .locations("classpath:db/migration")
            .load();
    realignReleasedChecksums(flyway, jdbcUrl, pg);
    MigrateResult result = flyway.migrate();
    LOG.info(
        "schema at version {} ({} migration(s) applied)",
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  static String jdbcUrl(PgConnectOptions pg) {
    return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
  }

  /**
   * Repairs the history when its only checksum mismatches are those of {@link #RELEASED_CHECKSUMS}
   * with exactly their released checksum.
   */
  private static void realignReleasedChecksums(Flyway flyway, String jdbcUrl, PgConnectOptions pg) {
    ValidateResult validation = flyway.validateWithResult();
    java.util.List<ValidateOutput> mismatches =
        validation.invalidMigrations == null
            ? java.util.List.of()
            : validation.invalidMigrations.stream()
                .filter(
                    m ->
                        m.errorDetails != null
                            && m.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH)
                .toList();
    if (mismatches.isEmpty()) {
      return; // pending migrations and the like: migrate() judges them itself
    }
    Map<String, Integer> applied = appliedChecksums(jdbcUrl, pg);
    for (ValidateOutput mismatch : mismatches) {
      Integer released = RELEASED_CHECKSUMS.get(mismatch.version);
      if (released == null || !released.equals(applied.get(mismatch.version))) {
        return; // a mismatch of another kind: migrate() refuses it and says why
      }
    }
    LOG.info("realigning the checksums of migrations whose functions moved to R__ migrations");
    flyway.repair();
  }

  private static Map<String, Integer> appliedChecksums(String jdbcUrl, PgConnectOptions pg) {
    Map<String, Integer> checksums = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, pg.getUser(), pg.getPassword());
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "select version, checksum from flyway_schema_history where version is not null")) {
      while (rows.next()) {
        checksums.put(rows.getString(1), rows.getObject(2) == null ? null : rows.getInt(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the migration history could not be read", e);
    }
    return checksums;
  }
}
