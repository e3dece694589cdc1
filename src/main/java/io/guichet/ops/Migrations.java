package io.guichet.ops;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the Flyway schema migrations in {@code db/migration}. Blocking: never on an event loop. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(PgConnectOptions pg) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(jdbcUrl(pg), pg.getUser(), pg.getPassword())
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info(
        "schema at version {} ({} migration(s) applied)",
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  /** The JDBC address of the database the reactive client connects to (blocking clients only). */
  static String jdbcUrl(PgConnectOptions pg) {
    return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
  }
}
