package io.guichet.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.ServerTest;
import io.guichet.TestServer;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schema's migrations: each SQL function has one text (in a repeatable migration), and a
 * database migrated by the earlier release, whose versioned migrations still held the functions,
 * upgrades; any other mismatch still stops the start-up.
 */
class MigrationsTest extends ServerTest {
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Pattern FUNCTION =
      Pattern.compile("(?i)create\\s+(?:or\\s+replace\\s+)?function\\s+([a-z0-9_]+)\\s*\\(");

  @Test
  void every_sql_function_is_defined_once_in_a_repeatable_migration() throws IOException {
    Map<String, String> definedIn = new HashMap<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.sorted().toList()) {
        Matcher m = FUNCTION.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          String name = m.group(1).toLowerCase(java.util.Locale.ROOT);
          String name0 = file.getFileName().toString();
          assertThat(definedIn.put(name, name0))
              .as("function %s defined in %s and again in %s", name, definedIn.get(name), name0)
              .isNull();
          assertThat(name0).as("function %s", name).startsWith("R__");
        }
      }
    }
    assertThat(definedIn).containsKeys("guichet_order_write_batch", "guichet_checkin");
  }

  /** A fresh database on the test's PostgreSQL server. */
  private static PgConnectOptions freshDatabase() throws IOException {
    String name = "migrations_" + UUID.randomUUID().toString().replace("-", "");
    TestServer.get().services().pool().query("create database " + name).execute().await();
    String external = System.getenv("GUICHET_PG_URL");
    if (external != null) {
      return PgConnectOptions.fromUri(external).setDatabase(name);
    }
    List<String> pid =
        Files.readAllLines(
            TestServer.get().services().config().dataDir().resolve("postgres/postmaster.pid"));
    return new PgConnectOptions()
        .setHost("127.0.0.1")
        .setPort(Integer.parseInt(pid.get(3).trim()))
        .setUser("postgres")
        .setPassword("")
        .setDatabase(name);
  }

  private static void sql(PgConnectOptions db, String statement) throws Exception {
    try (Connection c =
            DriverManager.getConnection(Migrations.jdbcUrl(db), db.getUser(), db.getPassword());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void a_database_of_the_earlier_release_upgrades_and_another_mismatch_stops_the_start()
      throws Exception {
    PgConnectOptions db = freshDatabase();
    Migrations.migrate(db);
    // as the earlier release left it: the versioned migrations that held the functions
    for (Map.Entry<String, Integer> released : Migrations.RELEASED_CHECKSUMS.entrySet()) {
      sql(
          db,
          "update flyway_schema_history set checksum = "
              + released.getValue()
              + " where version = '"
              + released.getKey()
              + "'");
    }
    Migrations.migrate(db);
    sql(db, "update flyway_schema_history set checksum = 12345 where version = '3'");
    assertThatThrownBy(() -> Migrations.migrate(db)).hasMessageContaining("checksum");
  }
}
