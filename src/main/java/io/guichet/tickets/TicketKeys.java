package io.guichet.tickets;

import io.guichet.domain.ticket.CodeKeyRing;
import io.guichet.store.TicketStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Ed25519 keys that sign ticket codes, kept in PostgreSQL so every node signs and verifies with
 * the same ones. The first start makes a key; a rotation adds a newer one (which signs from then
 * on) while older ones keep verifying until retired. Each node reloads the keys every few seconds,
 * and at once when a scanned code names a key it does not know yet.
 */
public final class TicketKeys {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TicketKeys.class);
  private static final int IV_BYTES = 12;
  private static final long RELOAD_MILLIS = 10_000;
  private static final long UNKNOWN_KEY_RELOAD_MILLIS = 1_000;

  private final Vertx vertx;
  private final TicketStore store;
  private final SecretKeySpec sealKey;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile CodeKeyRing ring;
  private volatile long lastReload;

  public TicketKeys(Vertx vertx, TicketStore store, byte[] serverSecret, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.sealKey = new SecretKeySpec(derive(serverSecret), "AES");
  }

  /** Loads the keys (making the first one if there is none) and keeps them fresh. */
  public Future<CodeKeyRing> start() {
    return reload()
        .compose(r -> r == null ? add().compose(v -> reload()) : Future.succeededFuture(r))
        .onSuccess(r -> vertx.setPeriodic(RELOAD_MILLIS, id -> reload().onFailure(e -> {})));
  }

  /** The keys as this node last loaded them. */
  public CodeKeyRing ring() {
    return ring;
  }

  /** Adds a newer key, which signs from now on; answers the new ring. */
  public Future<CodeKeyRing> rotate() {
    return add().compose(v -> reload());
  }

  /** Retires a key: codes it signed stop scanning. Answers false for an unknown or last key. */
  public Future<Boolean> retire(String kid) {
    return store.retireKey(kid, clock.instant()).compose(done -> reload().map(done));
  }

  /** Reloads when {@code kid} is unknown here, at most once a second. */
  public Future<CodeKeyRing> learn(String kid) {
    if (ring.knows(kid) || clock.millis() - lastReload < UNKNOWN_KEY_RELOAD_MILLIS) {
      return Future.succeededFuture(ring);
    }
    return reload();
  }

  private Future<CodeKeyRing> reload() {
    lastReload = clock.millis();
    return store
        .keys()
        .compose(rows -> vertx.executeBlocking(() -> unseal(rows), false))
        .map(
            keys -> {
              if (keys.stream().noneMatch(k -> k.privateKey() != null)) {
                return null; // nothing this node can sign with: start() makes a key
              }
              ring = CodeKeyRing.of(keys);
              return ring;
            });
  }

  private Future<Void> add() {
    return vertx.executeBlocking(this::newKey, false).compose(store::insertKey);
  }

  private TicketStore.KeyRow newKey() throws GeneralSecurityException {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] id = new byte[4];
    random.nextBytes(id);
    String kid = HexFormat.of().formatHex(id);
    return new TicketStore.KeyRow(
        kid,
        pair.getPublic().getEncoded(),
        seal(kid, pair.getPrivate().getEncoded()),
        clock.instant());
  }

  private List<CodeKeyRing.Key> unseal(List<TicketStore.KeyRow> rows)
      throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    List<CodeKeyRing.Key> keys = new ArrayList<>();
    for (TicketStore.KeyRow row : rows) {
      java.security.PrivateKey privateKey = null;
      try {
        privateKey =
            factory.generatePrivate(
                new PKCS8EncodedKeySpec(open(row.kid(), row.sealedPrivateKey())));
      } catch (javax.crypto.AEADBadTagException otherSecret) {
        // Sealed under another server secret (GUICHET_SECRET changed): it still verifies.
        LOG.warn("ticket key {} was sealed with another server secret: verify only", row.kid());
      }
      keys.add(
          new CodeKeyRing.Key(
              row.kid(),
              factory.generatePublic(new X509EncodedKeySpec(row.publicKey())),
              privateKey,
              row.createdAt()));
    }
    return keys;
  }

  private byte[] seal(String kid, byte[] plain) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, iv));
    cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = cipher.doFinal(plain);
    byte[] out = new byte[IV_BYTES + sealed.length];
    System.arraycopy(iv, 0, out, 0, IV_BYTES);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return out;
  }

  private byte[] open(String kid, byte[] sealed) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, sealed, 0, IV_BYTES));
    cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
    return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
  }

  private static byte[] derive(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal("guichet ticket signing key seal".getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
