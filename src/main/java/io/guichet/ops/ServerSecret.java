package io.guichet.ops;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server secret behind sessions, order secrets, e-mail links and the waiting room's tokens:
 * GUICHET_SECRET when set (every node of a cluster must share it); otherwise one generated once and
 * kept where the data is, so that a restart never turns genuine tokens into forgeries: beside the
 * embedded PostgreSQL's data, or in the external PostgreSQL (where every node of a cluster finds
 * the same one).
 */
final class ServerSecret {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSecret.class);

  private ServerSecret() {}

  /** Blocking (a file, or one round trip to PostgreSQL): at start-up, never on an event loop. */
  static byte[] resolve(GuichetConfig config, PgConnectOptions pg) throws IOException {
    if (config.checkout().secret() != null) {
      return config.checkout().secret().getBytes(StandardCharsets.UTF_8);
    }
    if (config.pgUrl() == null) {
      Path file = config.dataDir().resolve("server-secret");
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).trim());
      }
      Files.createDirectories(config.dataDir());
      byte[] secret = random();
      Files.writeString(file, Base64.getEncoder().encodeToString(secret));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // nothing better to do on such a file system
      }
      return secret;
    }
    return keptInPostgres(pg);
  }

  /**
   * The secret kept in PostgreSQL: the first node to start writes a random one, every node (and
   * every later start) reads that one.
   */
  private static byte[] keptInPostgres(PgConnectOptions pg) {
    try (Connection db =
            DriverManager.getConnection(Migrations.jdbcUrl(pg), pg.getUser(), pg.getPassword());
        PreparedStatement insert =
            db.prepareStatement(
                "insert into server_secret (id, secret) values (1, ?) on conflict (id) do nothing");
        PreparedStatement select =
            db.prepareStatement("select secret from server_secret where id = 1")) {
      insert.setBytes(1, random());
      if (insert.executeUpdate() == 1) {
        LOG.info(
            "GUICHET_SECRET is not set: a server secret was generated and kept in PostgreSQL, where"
                + " every node and every restart finds it");
      }
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the server secret vanished from PostgreSQL");
        }
        return rs.getBytes(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the server secret from PostgreSQL", e);
    }
  }

  private static byte[] random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }
}
