package io.guichet.http;

import static io.guichet.http.Json.instant;

import io.guichet.domain.DomainException;
import io.guichet.domain.catalogue.ChannelType;
import io.guichet.domain.catalogue.DeliveryMode;
import io.guichet.domain.catalogue.DeliveryOption;
import io.guichet.domain.catalogue.Origins;
import io.guichet.domain.catalogue.PointOfSale;
import io.guichet.domain.catalogue.PosSettings;
import io.guichet.domain.catalogue.SalesChannel;
import io.guichet.domain.catalogue.SeatSearchMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Channels and points of sale from their bodies, one way for creation and for change: a change is
 * merged into the resource's current body (a field given replaces it, a null clears a nullable one,
 * the point of sale's settings merge one by one) and the result is read and checked as a creation
 * body is.
 */
final class SalesSetupBodies {
  private SalesSetupBodies() {}

  /**
   * A channel from a creation body (schema-checked), or a refusal of what the schema cannot say.
   */
  static SalesChannel channel(JsonObject b, UUID id, Instant createdAt) {
    List<DeliveryOption> modes = new ArrayList<>();
    Set<DeliveryMode> seen = EnumSet.noneOf(DeliveryMode.class);
    for (Object item : b.getJsonArray("deliveryModes")) {
      JsonObject m = (JsonObject) item;
      DeliveryMode mode = DeliveryMode.valueOf(m.getString("mode"));
      if (!seen.add(mode)) {
        throw DomainException.invalid("delivery mode " + mode + " is listed twice");
      }
      modes.add(new DeliveryOption(mode, m.getLong("fee", 0L)));
    }
    return new SalesChannel(
        id,
        Json.uuid(b.getString("organizerId"), "organizerId"),
        b.getString("name"),
        ChannelType.valueOf(b.getString("type")),
        null,
        SeatSearchMode.valueOf(b.getString("seatSearchMode")),
        b.getInteger("holdTimeoutSeconds"),
        b.getInteger("isolatedSeatTrigger", 0),
        b.getBoolean("alwaysAllowIsolatedSeats", false),
        b.getBoolean("allowSplit", false),
        b.getInteger("maxPerPerformance"),
        b.getLong("perTicketFee", 0L),
        b.getLong("feeCap"),
        b.getLong("paymentCeiling"),
        b.getString("senderEmail"),
        instant(b.getString("optionDeadline"), "optionDeadline"),
        modes,
        b.getBoolean("enabled", true),
        createdAt);
  }

  /** A channel's current settings as a creation body. */
  static JsonObject body(SalesChannel c) {
    JsonArray modes = new JsonArray();
    c.deliveryModes()
        .forEach(d -> modes.add(new JsonObject().put("mode", d.mode().name()).put("fee", d.fee())));
    return new JsonObject()
        .put("organizerId", c.organizerId().toString())
        .put("name", c.name())
        .put("type", c.type().name())
        .put("seatSearchMode", c.seatSearchMode().name())
        .put("holdTimeoutSeconds", c.holdTimeoutSeconds())
        .put("isolatedSeatTrigger", c.isolatedSeatTrigger())
        .put("alwaysAllowIsolatedSeats", c.alwaysAllowIsolatedSeats())
        .put("allowSplit", c.allowSplit())
        .put("maxPerPerformance", c.maxPerPerformance())
        .put("perTicketFee", c.perTicketFee())
        .put("feeCap", c.feeCap())
        .put("paymentCeiling", c.paymentCeiling())
        .put("senderEmail", c.senderEmail())
        .put("optionDeadline", c.optionDeadline() == null ? null : c.optionDeadline().toString())
        .put("deliveryModes", modes)
        .put("enabled", c.enabled());
  }

  /** A channel changed by a (schema-checked) change body, checked as a new one is. */
  static SalesChannel changed(SalesChannel current, JsonObject changes) {
    return channel(body(current).mergeIn(changes.copy(), false), current.id(), current.createdAt());
  }

  /** A point of sale from a creation body (schema-checked); its settings default as documented. */
  static PointOfSale pointOfSale(JsonObject b, UUID id, Instant createdAt) {
    JsonObject settings =
        JsonObject.mapFrom(PosSettings.defaults())
            .mergeIn(b.getJsonObject("settings", new JsonObject()));
    return new PointOfSale(
        id,
        Json.uuid(b.getString("channelId"), "channelId"),
        b.getString("code"),
        b.getString("name"),
        b.getString("url"),
        languages(b.getJsonArray("languages")),
        Json.strings(b.getJsonArray("restrictedOrganisations")),
        Json.strings(b.getJsonArray("restrictedContacts")),
        origins(b.getJsonArray("allowedOrigins")),
        settings.mapTo(PosSettings.class),
        b.getBoolean("enabled", true),
        createdAt);
  }

  /** A point of sale's current settings as a creation body. */
  static JsonObject body(PointOfSale p) {
    return new JsonObject()
        .put("channelId", p.channelId().toString())
        .put("code", p.code())
        .put("name", p.name())
        .put("url", p.url())
        .put("languages", new JsonArray(new ArrayList<>(p.languages())))
        .put("restrictedOrganisations", new JsonArray(new ArrayList<>(p.restrictedOrganisations())))
        .put("restrictedContacts", new JsonArray(new ArrayList<>(p.restrictedContacts())))
        .put("allowedOrigins", new JsonArray(new ArrayList<>(p.allowedOrigins())))
        .put("settings", JsonObject.mapFrom(p.settings()))
        .put("enabled", p.enabled());
  }

  /** A point of sale changed by a (schema-checked) change body, checked as a new one is. */
  static PointOfSale changed(PointOfSale current, JsonObject changes) {
    JsonObject body = body(current);
    JsonObject settings = changes.getJsonObject("settings");
    JsonObject rest = changes.copy();
    rest.remove("settings");
    body.mergeIn(rest, false);
    if (settings != null) {
      body.getJsonObject("settings").mergeIn(settings, false);
    }
    return pointOfSale(body, current.id(), current.createdAt());
  }

  /** A point of sale's languages, each once: the first is its default. */
  private static List<String> languages(JsonArray values) {
    List<String> languages = Json.strings(values);
    if (new LinkedHashSet<>(languages).size() != languages.size()) {
      throw DomainException.invalid("a language is listed twice");
    }
    return languages;
  }

  private static List<String> origins(JsonArray values) {
    if (values == null) {
      return List.of();
    }
    LinkedHashSet<String> origins = new LinkedHashSet<>();
    for (String origin : Json.strings(values)) {
      origins.add(Origins.normalize(origin));
    }
    return List.copyOf(origins);
  }
}
