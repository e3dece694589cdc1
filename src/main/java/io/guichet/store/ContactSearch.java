package io.guichet.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The seed's targeting of contacts ("ciblage"), as one SQL condition with its parameters: contact
 * information (types, origins, countries, postal code prefixes, languages, opt-in), indicators
 * (has, or has not, a level), and history (bought in a season, or not; linked to an advantage, or
 * not). Every criterion given must hold; an absent one does not filter.
 *
 * <p>A contact's purchases are the paid or reserved orders of its account, and guests' orders
 * placed with its e-mail.
 */
public final class ContactSearch {
  private final StringBuilder where = new StringBuilder("c.organizer_id = $1");
  private final List<Object> params = new ArrayList<>();

  private ContactSearch(UUID organizerId) {
    params.add(organizerId);
  }

  /** The condition of these criteria (a ContactCriteria JSON object) for an organizer. */
  public static ContactSearch of(UUID organizerId, JsonObject criteria) {
    ContactSearch s = new ContactSearch(organizerId);
    JsonObject c = criteria == null ? new JsonObject() : criteria;
    s.anyOf("c.type", c.getJsonArray("types"));
    s.anyOf("c.origin", c.getJsonArray("origins"));
    s.anyOf("c.country", c.getJsonArray("countries"));
    s.anyOf("c.language", c.getJsonArray("languages"));
    JsonArray postal = c.getJsonArray("postalCodes");
    if (postal != null && !postal.isEmpty()) {
      s.where
          .append(" and exists (select 1 from unnest(")
          .append(s.param(strings(postal)))
          .append("::text[]) p where c.postal_code like p || '%')");
    }
    if (c.getBoolean("optIn") != null) {
      s.where.append(" and c.opt_in = ").append(s.param(c.getBoolean("optIn")));
    }
    JsonArray indicators = c.getJsonArray("indicators");
    if (indicators != null) {
      for (Object o : indicators) {
        JsonObject i = (JsonObject) o;
        s.where
            .append(Boolean.TRUE.equals(i.getBoolean("not")) ? " and not" : " and")
            .append(" exists (select 1 from contact_indicator i where i.contact_id = c.id")
            .append(" and i.code = ")
            .append(s.param(i.getString("code")))
            .append(" and i.level = ")
            .append(s.param(i.getString("level")))
            .append(")");
      }
    }
    s.season(c.getString("boughtInSeason"), false);
    s.season(c.getString("notBoughtInSeason"), true);
    s.advantage(c.getString("hasAdvantage"), false);
    s.advantage(c.getString("notAdvantage"), true);
    return s;
  }

  private void anyOf(String column, JsonArray values) {
    if (values != null && !values.isEmpty()) {
      where
          .append(" and ")
          .append(column)
          .append(" = any(")
          .append(param(strings(values)))
          .append(")");
    }
  }

  private void season(String season, boolean not) {
    if (season == null) {
      return;
    }
    where
        .append(not ? " and not" : " and")
        .append(" exists (select 1 from orders o join order_line l on l.order_id = o.id")
        .append(" join performance p on p.id = l.performance_id join event e on e.id = p.event_id")
        .append(" where o.organizer_id = c.organizer_id and o.status in ('PAID', 'RESERVED')")
        .append(" and e.season = ")
        .append(param(season))
        .append(" and (o.customer_id = c.customer_id or (c.email is not null")
        .append(" and lower(o.buyer_email) = lower(c.email))))");
  }

  private void advantage(String advantageId, boolean not) {
    if (advantageId == null) {
      return;
    }
    where
        .append(not ? " and not" : " and")
        .append(" exists (select 1 from advantage_contact l where l.contact_id = c.id")
        .append(" and l.advantage_id = ")
        .append(param(UUID.fromString(advantageId)))
        .append(")");
  }

  private String param(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  private static String[] strings(JsonArray values) {
    return values.stream().map(String.class::cast).toArray(String[]::new);
  }

  /** The condition, on contacts aliased {@code c}. */
  String where() {
    return where.toString();
  }

  /** Its parameters, then {@code extra} ones ($n+1...). */
  Tuple tuple(Object... extra) {
    List<Object> all = new ArrayList<>(params);
    all.addAll(List.of(extra));
    return Tuple.wrap(all.toArray());
  }

  /** The number the next extra parameter gets. */
  int next() {
    return params.size() + 1;
  }
}
