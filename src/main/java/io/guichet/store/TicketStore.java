package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;

import io.guichet.domain.ticket.Beneficiary;
import io.guichet.domain.ticket.TicketView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Tickets as printed and scanned, their signing keys and the organizers' scanner devices. */
public final class TicketStore {
  private static final String VIEW =
      "select t.id, t.version, t.status, t.order_id, o.reference, o.status as order_status,"
          + " o.organizer_id, o.pos_id, o.customer_id, o.delivery_mode,"
          + " o.buyer_first_name || ' ' || o.buyer_last_name as buyer_name, t.line_no,"
          + " t.performance_id, p.starts_at, e.name as event_name, v.name as venue_name,"
          + " v.city as venue_city, t.seat_id, t.ga_area, l.seat_hidden, l.category,"
          + " tf.name as tariff_name, l.price, o.currency, t.beneficiary_first_name,"
          + " t.beneficiary_last_name, t.printed_at, t.checked_in_at"
          + " from ticket t join orders o on o.id = t.order_id"
          + " join order_line l on l.order_id = t.order_id and l.line_no = t.line_no"
          + " join tariff tf on tf.id = l.tariff_id"
          + " join performance p on p.id = t.performance_id join event e on e.id = p.event_id"
          + " join seat_map sm on sm.id = p.seat_map_id join venue v on v.id = sm.venue_id";
  private static final String VIEW_ONE = VIEW + " where t.id = $1";
  private static final String VIEW_OF_ORDER = VIEW + " where t.order_id = $1 order by t.line_no";
  private static final String MARK_PRINTED =
      "update ticket set printed_at = $2 where id = any($1) and printed_at is null";
  private static final String CHANGE_BENEFICIARY =
      "update ticket set beneficiary_first_name = $3, beneficiary_last_name = $4,"
          + " version = version + 1, updated_at = $5"
          + " where id = $1 and version = $2 and status = 'LIVE' and checked_in_at is null"
          + " and printed_at is not distinct from $6 returning version";
  private static final String CHECKIN = "select guichet_checkin($1::jsonb)";
  private static final String KEYS =
      "select kid, public_key, private_key_sealed, created_at from ticket_signing_key"
          + " where retired_at is null order by created_at";
  private static final String INSERT_KEY =
      "insert into ticket_signing_key (kid, public_key, private_key_sealed, created_at)"
          + " values ($1, $2, $3, $4)";
  private static final String RETIRE_KEY =
      "update ticket_signing_key set retired_at = $2 where kid = $1 and retired_at is null"
          + " and (select count(*) from ticket_signing_key where retired_at is null) > 1";
  private static final String DEVICE_BY_TOKEN =
      "select id, organizer_id, name from scanner_device where token_hash = $1"
          + " and revoked_at is null";
  private static final String INSERT_DEVICE =
      "insert into scanner_device (id, organizer_id, name, token_hash, created_at)"
          + " values ($1, $2, $3, $4, $5)";
  private static final String DEVICES =
      "select id, organizer_id, name, created_at, revoked_at from scanner_device"
          + " where organizer_id = $1 order by created_at";
  private static final String REVOKE_DEVICE =
      "update scanner_device set revoked_at = coalesce(revoked_at, $2) where id = $1"
          + " returning id";

  private final Pool pool;

  public TicketStore(Pool pool) {
    this.pool = pool;
  }

  /** A ticket, or null. */
  public Future<TicketView> ticket(UUID id) {
    return pool.preparedQuery(VIEW_ONE)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
  }

  /** The tickets of an order, in line order (none before it is paid or reserved). */
  public Future<List<TicketView>> ofOrder(UUID orderId) {
    return pool.preparedQuery(VIEW_OF_ORDER)
        .execute(Tuple.of(orderId))
        .map(
            rows -> {
              List<TicketView> all = new ArrayList<>();
              rows.forEach(r -> all.add(view(r)));
              return all;
            });
  }

  /** Records that these tickets' codes left the server (first time only). */
  public Future<Void> markPrinted(List<UUID> ids, Instant now) {
    return pool.preparedQuery(MARK_PRINTED)
        .execute(Tuple.of(ids.toArray(UUID[]::new), timestamp(now)))
        .mapEmpty();
  }

  /**
   * Names a new beneficiary if the ticket is still as the caller saw it (same version, same printed
   * state, live, not scanned); answers the new version, or null when it changed meanwhile.
   */
  public Future<Integer> changeBeneficiary(TicketView seen, Beneficiary beneficiary, Instant now) {
    return pool.preparedQuery(CHANGE_BENEFICIARY)
        .execute(
            Tuple.from(
                new Object[] {
                  seen.id(),
                  seen.version(),
                  beneficiary.firstName(),
                  beneficiary.lastName(),
                  timestamp(now),
                  timestamp(seen.printedAt())
                }))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0));
  }

  /** One scan at the door (see guichet_checkin in V4__tickets.sql). */
  public Future<JsonObject> checkin(JsonObject command) {
    return pool.preparedQuery(CHECKIN)
        .execute(Tuple.of(command))
        .map(rows -> new JsonObject(rows.iterator().next().getValue(0).toString()));
  }

  /** A stored signing key: the public key (X.509) and the sealed private key. */
  public record KeyRow(String kid, byte[] publicKey, byte[] sealedPrivateKey, Instant createdAt) {}

  /** The doors of a performance: see the checkinReport operation in the contract. */
  public Future<JsonObject> checkinReport(UUID performanceId) {
    return pool.preparedQuery(CHECKIN_REPORT)
        .execute(Tuple.of(performanceId))
        .map(rows -> rows.iterator().next().getJsonObject(0));
  }

  // Live tickets are counted through the live-seat index and ga_sales (no index of its own on the
  // order path); each accepted scan is one ticket checked in (a ticket is accepted once).
  private static final String CHECKIN_REPORT =
      """
      with scans as (
        select device_id, result, count(*) as n, max(scanned_at) as last
          from checkin_scan where performance_id = $1 group by device_id, result),
      sold as (
        select (select count(*) from ticket where performance_id = $1 and status = 'LIVE'
                   and seat_id is not null)
             + (select coalesce(sum(sold), 0) from ga_sales where performance_id = $1) as n),
      ins as (select coalesce(sum(n), 0) as n from scans where result = 'ACCEPTED')
      select jsonb_build_object(
        'performanceId', $1,
        'tickets', sold.n, 'checkedIn', ins.n, 'notYet', sold.n - ins.n,
        'scans', coalesce((select jsonb_object_agg(result, n) from
                  (select result, sum(n) as n from scans group by result) r), '{}'),
        'devices', coalesce((select jsonb_agg(jsonb_build_object('deviceId', d.id, 'name', d.name,
                  'accepted', a.accepted, 'refused', a.refused, 'lastScanAt', a.last)
                  order by d.name, d.id)
             from (select device_id,
                          coalesce(sum(n) filter (where result = 'ACCEPTED'), 0) as accepted,
                          coalesce(sum(n) filter (where result <> 'ACCEPTED'), 0) as refused,
                          max(last) as last
                     from scans group by device_id) a
             join scanner_device d on d.id = a.device_id), '[]'))
        from sold, ins
      """;

  public Future<List<KeyRow>> keys() {
    return pool.query(KEYS)
        .execute()
        .map(
            rows -> {
              List<KeyRow> all = new ArrayList<>();
              for (Row r : rows) {
                all.add(
                    new KeyRow(
                        r.getString("kid"),
                        r.getBuffer("public_key").getBytes(),
                        r.getBuffer("private_key_sealed").getBytes(),
                        instant(r, "created_at")));
              }
              return all;
            });
  }

  public Future<Void> insertKey(KeyRow key) {
    return pool.preparedQuery(INSERT_KEY)
        .execute(
            Tuple.of(
                key.kid(),
                io.vertx.core.buffer.Buffer.buffer(key.publicKey()),
                io.vertx.core.buffer.Buffer.buffer(key.sealedPrivateKey()),
                timestamp(key.createdAt())))
        .mapEmpty();
  }

  /** Retires a key (never the last one); answers whether it was retired. */
  public Future<Boolean> retireKey(String kid, Instant now) {
    return pool.preparedQuery(RETIRE_KEY)
        .execute(Tuple.of(kid, timestamp(now)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** A scanner device of an organizer. */
  public record Device(
      UUID id, UUID organizerId, String name, Instant createdAt, Instant revokedAt) {}

  /** The live device with this token hash, or null. */
  public Future<Device> deviceByToken(byte[] tokenHash) {
    return pool.preparedQuery(DEVICE_BY_TOKEN)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(tokenHash)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Device(
                  r.getUUID("id"), r.getUUID("organizer_id"), r.getString("name"), null, null);
            });
  }

  public Future<Void> insertDevice(Device d, byte[] tokenHash) {
    return Db.translate(
        pool.preparedQuery(INSERT_DEVICE)
            .execute(
                Tuple.of(
                    d.id(),
                    d.organizerId(),
                    d.name(),
                    io.vertx.core.buffer.Buffer.buffer(tokenHash),
                    timestamp(d.createdAt())))
            .mapEmpty(),
        "scanner");
  }

  public Future<List<Device>> devices(UUID organizerId) {
    return pool.preparedQuery(DEVICES)
        .execute(Tuple.of(organizerId))
        .map(
            rows -> {
              List<Device> all = new ArrayList<>();
              for (Row r : rows) {
                all.add(
                    new Device(
                        r.getUUID("id"),
                        r.getUUID("organizer_id"),
                        r.getString("name"),
                        instant(r, "created_at"),
                        instant(r, "revoked_at")));
              }
              return all;
            });
  }

  /** Revokes a device; answers whether it exists. */
  public Future<Boolean> revokeDevice(UUID id, Instant now) {
    return pool.preparedQuery(REVOKE_DEVICE)
        .execute(Tuple.of(id, timestamp(now)))
        .map(rows -> rows.size() == 1);
  }

  private static TicketView view(Row r) {
    return new TicketView(
        r.getUUID("id"),
        r.getInteger("version"),
        "LIVE".equals(r.getString("status")),
        r.getUUID("order_id"),
        r.getString("reference"),
        r.getString("order_status"),
        r.getUUID("organizer_id"),
        r.getUUID("pos_id"),
        r.getUUID("customer_id"),
        r.getString("delivery_mode"),
        r.getString("buyer_name"),
        r.getInteger("line_no"),
        r.getUUID("performance_id"),
        instant(r, "starts_at"),
        r.getString("event_name"),
        r.getString("venue_name"),
        r.getString("venue_city"),
        r.getString("seat_id"),
        r.getInteger("ga_area"),
        r.getBoolean("seat_hidden"),
        r.getString("category"),
        r.getString("tariff_name"),
        r.getLong("price"),
        r.getString("currency"),
        Beneficiary.ofNullable(
            r.getString("beneficiary_first_name"), r.getString("beneficiary_last_name")),
        instant(r, "printed_at"),
        instant(r, "checked_in_at"));
  }
}
