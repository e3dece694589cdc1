package io.guichet.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server secret behind sessions, order secrets and e-mail links: GUICHET_SECRET when set (every
 * node of a cluster must share it); otherwise, with the embedded PostgreSQL, one generated once and
 * kept beside its data (so a restart keeps sessions and links valid); otherwise a random one per
 * run, with a warning.
 */
final class ServerSecret {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSecret.class);

  private ServerSecret() {}

  static byte[] resolve(GuichetConfig config) throws IOException {
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
    LOG.warn(
        "GUICHET_SECRET is not set: sessions and order links of this run die with it, and other"
            + " nodes will not accept them");
    return random();
  }

  private static byte[] random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }
}
