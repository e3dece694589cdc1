package io.guichet.store;

import static io.guichet.store.Db.instant;
import static io.guichet.store.Db.timestamp;
import static io.guichet.store.Db.translate;

import io.guichet.domain.DomainException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Contacts of organizers and their indicators (accounts are contacts too: see AccountStore). */
public final class ContactStore {
  private static final String INSERT =
      "insert into contact (id, organizer_id, type, origin, email, first_name, last_name, country,"
          + " postal_code, language, opt_in, created_at)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
  private static final String SELECT =
      "select c.*, coalesce((select jsonb_object_agg(i.code, i.level) from contact_indicator i"
          + " where i.contact_id = c.id), '{}'::jsonb) as indicators from contact c where c.id = $1";

  private static final String INSERT_INDICATOR =
      "insert into indicator (organizer_id, code, name, levels) values ($1, $2, $3, $4)";
  private static final String SELECT_INDICATOR =
      "select levels from indicator where organizer_id = $1 and code = $2";
  private static final String SET_LEVEL =
      "insert into contact_indicator (contact_id, organizer_id, code, level)"
          + " values ($1, $2, $3, $4) on conflict (contact_id, code) do update set level = $4";

  private static final String WITH_INDICATORS =
      "select c.*, coalesce((select jsonb_object_agg(i.code, i.level) from contact_indicator i"
          + " where i.contact_id = c.id), '{}'::jsonb) as indicators";

  private static final java.time.Duration IMPORT_DEADLINE = java.time.Duration.ofMinutes(2);

  private final Pool pool;

  public ContactStore(Pool pool) {
    this.pool = pool;
  }

  /** A page of the contacts a search finds, in contact number order, and how many it finds. */
  public Future<AdvantageStore.Page<JsonObject>> search(ContactSearch search, int page, int size) {
    int n = search.next();
    String sql =
        WITH_INDICATORS
            + ", count(*) over () as total from contact c where "
            + search.where()
            + " order by c.contact_number limit $"
            + n
            + " offset $"
            + (n + 1);
    return pool.preparedQuery(sql)
        .execute(search.tuple(size, (long) page * size))
        .map(
            rows ->
                new AdvantageStore.Page<>(
                    CatalogueStore.list(rows, ContactStore::json),
                    rows.size() == 0 ? 0 : rows.iterator().next().getLong("total")));
  }

  /**
   * The next contacts a search finds after a contact number (an export reads them page by page).
   */
  public Future<List<JsonObject>> after(ContactSearch search, long afterNumber, int limit) {
    int n = search.next();
    String sql =
        WITH_INDICATORS
            + " from contact c where "
            + search.where()
            + " and c.contact_number > $"
            + n
            + " order by c.contact_number limit $"
            + (n + 1);
    return pool.preparedQuery(sql)
        .execute(search.tuple(afterNumber, limit))
        .map(rows -> CatalogueStore.list(rows, ContactStore::json));
  }

  /** Links every contact a search finds to an advantage; answers how many were newly linked. */
  public Future<Integer> link(ContactSearch search, UUID advantageId, Instant now) {
    int n = search.next();
    String sql =
        "insert into advantage_contact (advantage_id, contact_id, linked_at) select $"
            + n
            + ", c.id, $"
            + (n + 1)
            + " from contact c where "
            + search.where()
            + " on conflict do nothing";
    return pool.preparedQuery(sql)
        .execute(search.tuple(advantageId, timestamp(now)))
        .map(RowSet::rowCount);
  }

  private static final String UPSERT_IMPORTED =
      "insert into contact (id, organizer_id, type, origin, email, first_name, last_name, country,"
          + " postal_code, language, opt_in, created_at)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
          + " on conflict (organizer_id, lower(email)) where email is not null do update set"
          + " type = excluded.type, first_name = excluded.first_name,"
          + " last_name = excluded.last_name, country = excluded.country,"
          + " postal_code = excluded.postal_code, language = excluded.language,"
          + " opt_in = excluded.opt_in returning id, (xmax = 0) as created";
  private static final String INDICATOR_LEVELS =
      "select code, levels from indicator where organizer_id = $1";

  /** The levels of each of an organizer's indicators. */
  public Future<java.util.Map<String, List<String>>> indicators(UUID organizerId) {
    return pool.preparedQuery(INDICATOR_LEVELS)
        .execute(Tuple.of(organizerId))
        .map(
            rows -> {
              java.util.Map<String, List<String>> out = new java.util.HashMap<>();
              rows.forEach(
                  r -> out.put(r.getString("code"), Arrays.asList(r.getArrayOfStrings("levels"))));
              return out;
            });
  }

  /** One imported row: the contact (NewContact's members) and its indicators' levels. */
  public record Imported(JsonObject contact, java.util.Map<String, String> levels) {}

  /**
   * Writes imported contacts in one transaction (a contact with the e-mail of an existing one
   * updates it); answers {created, updated}.
   */
  public Future<int[]> importContacts(UUID organizerId, List<Imported> rows, Instant now) {
    // a file of many thousands of lines is one transaction: it gets a deadline of its own
    return DeadlinePool.withDeadline(pool, IMPORT_DEADLINE)
        .withTransaction(
            conn -> {
              int[] counts = new int[2];
              Future<Void> chain = Future.succeededFuture();
              for (Imported row : rows) {
                JsonObject b = row.contact();
                chain =
                    chain
                        .compose(
                            v ->
                                conn.preparedQuery(UPSERT_IMPORTED)
                                    .execute(
                                        Tuple.wrap(
                                            new Object[] {
                                              UUID.randomUUID(),
                                              organizerId,
                                              b.getString("type", "INDIVIDUAL"),
                                              b.getString("origin", "IMPORT"),
                                              b.getString("email"),
                                              b.getString("firstName"),
                                              b.getString("lastName"),
                                              b.getString("country"),
                                              b.getString("postalCode"),
                                              b.getString("language"),
                                              b.getBoolean("optIn", false),
                                              timestamp(now)
                                            })))
                        .compose(
                            r -> {
                              Row inserted = r.iterator().next();
                              counts[inserted.getBoolean("created") ? 0 : 1]++;
                              UUID id = inserted.getUUID("id");
                              List<Future<?>> levels = new java.util.ArrayList<>();
                              row.levels()
                                  .forEach(
                                      (code, level) ->
                                          levels.add(
                                              conn.preparedQuery(SET_LEVEL)
                                                  .execute(
                                                      Tuple.of(id, organizerId, code, level))));
                              return Future.all(levels).mapEmpty();
                            });
              }
              return chain.map(v -> counts);
            });
  }

  /** A new contact; answers it as stored (with its contact number). */
  public Future<JsonObject> create(UUID id, UUID organizerId, JsonObject b, Instant now) {
    return translate(
            pool.preparedQuery(INSERT)
                .execute(
                    Tuple.wrap(
                        new Object[] {
                          id,
                          organizerId,
                          b.getString("type", "INDIVIDUAL"),
                          b.getString("origin", "BACK_OFFICE"),
                          b.getString("email"),
                          b.getString("firstName"),
                          b.getString("lastName"),
                          b.getString("country"),
                          b.getString("postalCode"),
                          b.getString("language"),
                          b.getBoolean("optIn", false),
                          timestamp(now)
                        })),
            "a contact with this e-mail")
        .compose(v -> contact(id));
  }

  public Future<JsonObject> contact(UUID id) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(DomainException.notFound("contact", id))
                    : Future.succeededFuture(json(rows.iterator().next())));
  }

  public Future<Void> createIndicator(
      UUID organizerId, String code, String name, List<String> levels) {
    return translate(
        pool.preparedQuery(INSERT_INDICATOR)
            .execute(Tuple.of(organizerId, code, name, levels.toArray(String[]::new)))
            .mapEmpty(),
        "indicator " + code);
  }

  /** Sets a contact's level of one of its organizer's indicators (a level the indicator has). */
  public Future<JsonObject> setLevel(UUID contactId, String code, String level) {
    return contact(contactId)
        .compose(
            c -> {
              UUID organizerId = UUID.fromString(c.getString("organizerId"));
              return pool.preparedQuery(SELECT_INDICATOR)
                  .execute(Tuple.of(organizerId, code))
                  .compose(rows -> checkLevel(rows, code, level))
                  .compose(
                      v ->
                          pool.preparedQuery(SET_LEVEL)
                              .execute(Tuple.of(contactId, organizerId, code, level)))
                  .compose(v -> contact(contactId));
            });
  }

  private static Future<Void> checkLevel(RowSet<Row> rows, String code, String level) {
    if (rows.size() == 0) {
      return Future.failedFuture(DomainException.notFound("indicator", code));
    }
    String[] levels = rows.iterator().next().getArrayOfStrings("levels");
    return Arrays.asList(levels).contains(level)
        ? Future.succeededFuture()
        : Future.failedFuture(
            DomainException.invalid(
                "indicator " + code + " has the levels " + Arrays.toString(levels)));
  }

  static JsonObject json(Row r) {
    Instant created = instant(r, "created_at");
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("organizerId", r.getUUID("organizer_id").toString())
        .put("contactNumber", r.getLong("contact_number"))
        .put("hasAccount", r.getUUID("customer_id") != null)
        .put("type", r.getString("type"))
        .put("origin", r.getString("origin"))
        .put("email", r.getString("email"))
        .put("firstName", r.getString("first_name"))
        .put("lastName", r.getString("last_name"))
        .put("country", r.getString("country"))
        .put("postalCode", r.getString("postal_code"))
        .put("language", r.getString("language"))
        .put("optIn", r.getBoolean("opt_in"))
        .put("indicators", new JsonObject(r.getJsonObject("indicators").encode()))
        .put("createdAt", created.toString());
  }
}
