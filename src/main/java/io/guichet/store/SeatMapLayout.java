package io.guichet.store;

import io.guichet.domain.catalogue.SeatMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The stored layout of a seat map (its categories and sections) in the same JSON shape as the
 * import format, so what goes in is what comes out.
 */
public final class SeatMapLayout {
  private SeatMapLayout() {}

  public static JsonObject toJson(SeatMap map) {
    JsonArray categories = new JsonArray();
    map.categories()
        .forEach(c -> categories.add(new JsonObject().put("code", c.code()).put("name", c.name())));
    JsonArray sections = new JsonArray();
    for (SeatMap.Section s : map.sections()) {
      JsonObject section = new JsonObject().put("id", s.id()).put("name", s.name());
      if (s.bounds() != null) {
        section.put(
            "bounds",
            new JsonObject()
                .put("x", s.bounds().x())
                .put("y", s.bounds().y())
                .put("width", s.bounds().width())
                .put("height", s.bounds().height()));
      }
      if (s.generalAdmission()) {
        section.put(
            "generalAdmission",
            new JsonObject().put("capacity", s.gaCapacity()).put("category", s.gaCategory()));
      }
      sections.add(section);
    }
    return new JsonObject()
        .put("name", map.name())
        .put("categories", categories)
        .put("sections", sections);
  }

  /** Reads a stored layout back; the seats list is empty. */
  public static SeatMap fromJson(JsonObject layout) {
    List<SeatMap.Category> categories =
        layout.getJsonArray("categories").stream()
            .map(JsonObject.class::cast)
            .map(c -> new SeatMap.Category(c.getString("code"), c.getString("name")))
            .toList();
    List<SeatMap.Section> sections =
        layout.getJsonArray("sections").stream()
            .map(JsonObject.class::cast)
            .map(SeatMapLayout::section)
            .toList();
    return new SeatMap(layout.getString("name"), categories, sections, List.of());
  }

  private static SeatMap.Section section(JsonObject s) {
    JsonObject b = s.getJsonObject("bounds");
    JsonObject ga = s.getJsonObject("generalAdmission");
    return new SeatMap.Section(
        s.getString("id"),
        s.getString("name"),
        b == null
            ? null
            : new SeatMap.Bounds(
                b.getDouble("x"), b.getDouble("y"), b.getDouble("width"), b.getDouble("height")),
        ga == null ? null : ga.getInteger("capacity"),
        ga == null ? null : ga.getString("category"));
  }
}
