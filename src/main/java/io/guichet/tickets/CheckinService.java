package io.guichet.tickets;

import io.guichet.checkout.TtlCache;
import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.ticket.TicketCode;
import io.guichet.store.TicketStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The doors: scanner devices of an organizer (each with its own token, revocable) and the check-in
 * of a ticket code, accepted once. The code's signature is checked here too, not only by the
 * scanner: a device that skips it still cannot let a forged ticket in.
 */
public final class CheckinService {
  private static final String TOKEN_PREFIX = "gsd_";
  private static final long DEVICE_TTL_MILLIS = 5_000;

  /** A device as created: its token is shown once, only its hash is kept. */
  public record NewDevice(TicketStore.Device device, String token) {}

  private final TicketStore store;
  private final TicketKeys keys;
  private final java.util.function.Consumer<UUID> onScanned;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final TtlCache<String, TicketStore.Device> devices;

  public CheckinService(
      TicketStore store,
      TicketKeys keys,
      java.util.function.Consumer<UUID> onScanned,
      Clock clock) {
    this.store = store;
    this.onScanned = onScanned;
    this.keys = keys;
    this.clock = clock;
    this.devices = new TtlCache<>(DEVICE_TTL_MILLIS, clock, 10_000);
  }

  public Future<NewDevice> createDevice(UUID organizerId, String name) {
    if (name == null || name.isBlank() || name.length() > 100) {
      return Future.failedFuture(DomainException.invalid("a scanner needs a name (1-100 chars)"));
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    TicketStore.Device device =
        new TicketStore.Device(UUID.randomUUID(), organizerId, name.strip(), clock.instant(), null);
    return store.insertDevice(device, hash(token)).map(v -> new NewDevice(device, token));
  }

  public Future<List<TicketStore.Device>> devices(UUID organizerId) {
    return store.devices(organizerId);
  }

  /** The doors of a performance: tickets checked in and not yet, scans by result and device. */
  public Future<io.vertx.core.json.JsonObject> report(UUID performanceId) {
    return store.checkinReport(performanceId);
  }

  /** Revokes a device: its token stops working on every node within seconds. */
  public Future<Void> revoke(UUID deviceId) {
    return store
        .revokeDevice(deviceId, clock.instant())
        .compose(
            found -> {
              devices.clear();
              return found
                  ? Future.<Void>succeededFuture()
                  : Future.failedFuture(DomainException.notFound("scanner", deviceId));
            });
  }

  /** The device presenting this token. */
  public Future<TicketStore.Device> device(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
      return Future.failedFuture(unauthorized());
    }
    String key = HexFormat.of().formatHex(hash(token));
    return devices
        .get(key, k -> store.deviceByToken(hash(token)))
        .compose(
            d -> {
              if (d == null) {
                devices.invalidate(key); // do not keep misses: forged tokens would fill the cache
                return Future.failedFuture(unauthorized());
              }
              return Future.succeededFuture(d);
            });
  }

  /**
   * Scans a code at the door of a performance: the ticket's details when it is accepted; a
   * CHECKIN_REFUSED failure with the reason otherwise.
   */
  public Future<JsonObject> checkin(TicketStore.Device device, UUID performanceId, String code) {
    TicketCode.Parsed parsed;
    try {
      parsed = io.guichet.domain.ticket.CodeKeyRing.parse(code);
    } catch (DomainException malformed) {
      return Future.failedFuture(malformed);
    }
    return keys.learn(parsed.code().keyId())
        .compose(
            ring -> {
              TicketCode ticket = ring.verify(code);
              JsonObject command =
                  new JsonObject()
                      .put("ticketId", ticket.ticketId().toString())
                      .put("performanceId", performanceId.toString())
                      .put("version", ticket.version())
                      .put("deviceId", device.id().toString())
                      .put("organizerId", device.organizerId().toString())
                      .put("now", clock.instant().toString());
              return store
                  .checkin(command)
                  .onSuccess(
                      answer -> {
                        if ("ACCEPTED".equals(answer.getString("result"))) {
                          onScanned.accept(ticket.ticketId());
                        }
                      })
                  .map(answer -> outcome(answer, ticket, performanceId));
            });
  }

  private static JsonObject outcome(JsonObject answer, TicketCode code, UUID performanceId) {
    String result = answer.getString("result");
    switch (result) {
      case "ACCEPTED" -> {
        JsonObject json =
            new JsonObject()
                .put("result", "ACCEPTED")
                .put("ticketId", code.ticketId().toString())
                .put("performanceId", performanceId.toString())
                .put("version", code.version())
                .put("category", answer.getString("category"));
        if (answer.getString("seatId") != null) {
          json.put("seatId", answer.getString("seatId"));
        } else {
          json.put("area", answer.getInteger("gaArea"));
        }
        if (answer.getString("beneficiaryLastName") != null) {
          json.put(
              "beneficiary",
              new JsonObject()
                  .put("firstName", answer.getString("beneficiaryFirstName"))
                  .put("lastName", answer.getString("beneficiaryLastName")));
        }
        return json;
      }
      case "UNKNOWN_PERFORMANCE" -> throw DomainException.notFound("performance", performanceId);
      default -> {
        String at = answer.getString("checkedInAt");
        throw DomainException.of(
            Failure.CHECKIN_REFUSED,
            reason(result),
            at == null || !"ALREADY_SCANNED".equals(result)
                ? Map.of("reason", result, "ticketId", code.ticketId().toString())
                : Map.of(
                    "reason", result, "ticketId", code.ticketId().toString(), "checkedInAt", at));
      }
    }
  }

  private static String reason(String result) {
    return switch (result) {
      case "ALREADY_SCANNED" -> "this ticket has already been scanned";
      case "SUPERSEDED" -> "this code was replaced by a newer one (the beneficiary changed)";
      case "CANCELLED" -> "this ticket is cancelled";
      case "OTHER_PERFORMANCE" -> "this ticket is for another performance";
      case "NOT_PAID" -> "the order of this ticket is not paid";
      case "UNKNOWN_TICKET" -> "no such ticket";
      default -> "scan again";
    };
  }

  private static DomainException unauthorized() {
    return new DomainException(
        Failure.SCANNER_UNAUTHORIZED, "present a scanner token: Authorization: Bearer gsd_...");
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
