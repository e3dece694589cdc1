package io.guichet.domain.catalogue;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a seat map document (a parsed JSON tree of maps, lists, strings, numbers and booleans) and
 * checks every rule of the format, reporting each broken rule with a JSON pointer. A map is
 * accepted whole or not at all.
 *
 * <p>Rules: at least one section; section, category and seat ids unique; a seat names a seated
 * section that exists and a category that exists, lies inside its section's bounds when the section
 * has bounds, and has a position unique in its row; ranks are positive; a general-admission section
 * has a positive capacity and a known category.
 */
public final class SeatMapParser {
  /** Largest map accepted: numbered seats plus general-admission capacity. */
  public static final int MAX_CAPACITY = 200_000;

  /** Violations reported at most; a broken generator would otherwise produce thousands. */
  static final int MAX_VIOLATIONS = 50;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,39}");

  private final List<Violation> violations = new ArrayList<>();

  private SeatMapParser() {}

  /**
   * Parses and validates.
   *
   * @throws DomainException of kind {@link Failure#INVALID_SEAT_MAP} listing the violations
   */
  public static SeatMap parse(Map<String, Object> document) {
    SeatMapParser parser = new SeatMapParser();
    SeatMap map = parser.read(document);
    if (!parser.violations.isEmpty()) {
      throw new DomainException(
          Failure.INVALID_SEAT_MAP,
          "The seat map breaks " + parser.violations.size() + " rule(s) of the format",
          parser.violations);
    }
    return map;
  }

  // The members of each object of the format (the contract's SeatMapDocument): anything else is
  // refused, as every other body of the API refuses members it does not know.
  private static final Set<String> DOCUMENT = Set.of("name", "categories", "sections", "seats");
  private static final Set<String> CATEGORY = Set.of("code", "name");
  private static final Set<String> SECTION = Set.of("id", "name", "bounds", "generalAdmission");
  private static final Set<String> BOUNDS = Set.of("x", "y", "width", "height");
  private static final Set<String> AREA = Set.of("capacity", "category");
  private static final Set<String> SEAT =
      Set.of("id", "section", "row", "pos", "label", "x", "y", "rank", "category", "blocked");

  private void onlyMembers(Map<String, Object> object, String at, Set<String> allowed) {
    if (object == null) {
      return;
    }
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        violate(at + "/" + key.replace("~", "~0").replace("/", "~1"), "not a member of the format");
      }
    }
  }

  private SeatMap read(Map<String, Object> doc) {
    onlyMembers(doc, "", DOCUMENT);
    String name = string(doc, "name", "", true);
    List<SeatMap.Category> categories = readCategories(list(doc, "categories", ""));
    Map<String, SeatMap.Category> categoryByCode = new HashMap<>();
    categories.forEach(c -> categoryByCode.put(c.code(), c));
    List<SeatMap.Section> sections = readSections(list(doc, "sections", ""), categoryByCode);
    Map<String, SeatMap.Section> sectionById = new HashMap<>();
    sections.forEach(s -> sectionById.put(s.id(), s));
    List<SeatMap.Seat> seats = readSeats(list(doc, "seats", ""), sectionById, categoryByCode);
    SeatMap map = new SeatMap(name == null ? "" : name, categories, sections, seats);
    if (violations.isEmpty() && map.capacity() > MAX_CAPACITY) {
      violate("", "capacity " + map.capacity() + " is over the limit of " + MAX_CAPACITY);
    }
    if (violations.isEmpty() && map.capacity() == 0) {
      violate("", "the map has no seat and no general-admission capacity");
    }
    return map;
  }

  private List<SeatMap.Category> readCategories(List<Object> items) {
    List<SeatMap.Category> result = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    if (items != null && items.isEmpty()) {
      violate("/categories", "at least one category is required");
    }
    for (int i = 0; items != null && i < items.size(); i++) {
      String at = "/categories/" + i;
      Map<String, Object> item = object(items.get(i), at);
      onlyMembers(item, at, CATEGORY);
      if (item == null) {
        continue;
      }
      String code = id(item, "code", at);
      String name = string(item, "name", at, true);
      if (code != null && !codes.add(code)) {
        violate(at + "/code", "duplicate category code " + code);
      }
      if (code != null && name != null) {
        result.add(new SeatMap.Category(code, name));
      }
    }
    return result;
  }

  private List<SeatMap.Section> readSections(
      List<Object> items, Map<String, SeatMap.Category> categories) {
    List<SeatMap.Section> result = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (items != null && items.isEmpty()) {
      violate("/sections", "at least one section is required");
    }
    for (int i = 0; items != null && i < items.size(); i++) {
      String at = "/sections/" + i;
      Map<String, Object> item = object(items.get(i), at);
      onlyMembers(item, at, SECTION);
      if (item == null) {
        continue;
      }
      String id = id(item, "id", at);
      String name = string(item, "name", at, true);
      if (id != null && !ids.add(id)) {
        violate(at + "/id", "duplicate section id " + id);
      }
      SeatMap.Bounds bounds = readBounds(item.get("bounds"), at + "/bounds");
      Integer capacity = null;
      String category = null;
      Object ga = item.get("generalAdmission");
      if (ga != null) {
        Map<String, Object> gaObject = object(ga, at + "/generalAdmission");
        onlyMembers(gaObject, at + "/generalAdmission", AREA);
        if (gaObject != null) {
          Long cap = integer(gaObject, "capacity", at + "/generalAdmission", true);
          if (cap != null && (cap < 1 || cap > MAX_CAPACITY)) {
            violate(at + "/generalAdmission/capacity", "must be between 1 and " + MAX_CAPACITY);
          } else if (cap != null) {
            capacity = cap.intValue();
          }
          category = knownCategory(gaObject, at + "/generalAdmission", categories);
        }
      }
      if (id != null && name != null) {
        result.add(new SeatMap.Section(id, name, bounds, capacity, category));
      }
    }
    return result;
  }

  private SeatMap.Bounds readBounds(Object value, String at) {
    if (value == null) {
      return null;
    }
    Map<String, Object> b = object(value, at);
    onlyMembers(b, at, BOUNDS);
    if (b == null) {
      return null;
    }
    Double x = number(b, "x", at);
    Double y = number(b, "y", at);
    Double w = number(b, "width", at);
    Double h = number(b, "height", at);
    if (x == null || y == null || w == null || h == null) {
      return null;
    }
    if (w <= 0 || h <= 0) {
      violate(at, "width and height must be positive");
      return null;
    }
    return new SeatMap.Bounds(x, y, w, h);
  }

  private List<SeatMap.Seat> readSeats(
      List<Object> items,
      Map<String, SeatMap.Section> sections,
      Map<String, SeatMap.Category> categories) {
    List<SeatMap.Seat> result = new ArrayList<>(items == null ? 0 : items.size());
    Set<String> ids = new HashSet<>();
    Set<String> places = new HashSet<>();
    for (int i = 0; items != null && i < items.size() && !full(); i++) {
      String at = "/seats/" + i;
      Map<String, Object> item = object(items.get(i), at);
      onlyMembers(item, at, SEAT);
      if (item == null) {
        continue;
      }
      String id = id(item, "id", at);
      if (id != null && !ids.add(id)) {
        violate(at + "/id", "duplicate seat id " + id);
      }
      String sectionId = string(item, "section", at, true);
      SeatMap.Section section = sectionId == null ? null : sections.get(sectionId);
      String row = string(item, "row", at, true);
      Long pos = integer(item, "pos", at, true);
      String label = string(item, "label", at, false);
      Double x = number(item, "x", at);
      Double y = number(item, "y", at);
      Long rank = integer(item, "rank", at, true);
      String category = knownCategory(item, at, categories);
      Object blocked = item.get("blocked");
      if (blocked != null && !(blocked instanceof Boolean)) {
        violate(at + "/blocked", "must be a boolean");
      }
      if (sectionId != null && section == null) {
        violate(at + "/section", "seat " + id + " is outside any section: no section " + sectionId);
      } else if (section != null && section.generalAdmission()) {
        violate(at + "/section", "section " + sectionId + " is general admission: no seats");
      } else if (section != null && section.bounds() != null && x != null && y != null) {
        if (!section.bounds().contains(x, y)) {
          violate(at, "seat " + id + " at (" + x + ", " + y + ") is outside section " + sectionId);
        }
      }
      if (rank != null && rank < 1) {
        violate(at + "/rank", "must be 1 or more (1 is the best)");
      }
      if (pos != null && (pos < 0 || pos > 100_000)) {
        violate(at + "/pos", "must be between 0 and 100000");
      }
      if (sectionId != null && row != null && pos != null) {
        if (!places.add(sectionId + '\u0000' + row + '\u0000' + pos)) {
          violate(at + "/pos", "two seats at position " + pos + " of row " + row);
        }
      }
      if (id != null
          && section != null
          && row != null
          && pos != null
          && x != null
          && y != null
          && rank != null
          && category != null) {
        result.add(
            new SeatMap.Seat(
                id,
                sectionId,
                row,
                pos.intValue(),
                label == null ? String.valueOf(pos) : label,
                x,
                y,
                rank.intValue(),
                category,
                Boolean.TRUE.equals(blocked)));
      }
    }
    return result;
  }

  private String knownCategory(
      Map<String, Object> item, String at, Map<String, SeatMap.Category> categories) {
    String code = string(item, "category", at, true);
    if (code != null && !categories.containsKey(code)) {
      violate(at + "/category", "unknown category " + code);
      return null;
    }
    return code;
  }

  // --- typed reads that record a violation instead of throwing ---

  private String id(Map<String, Object> item, String key, String at) {
    String value = string(item, key, at, true);
    if (value != null && !ID.matcher(value).matches()) {
      violate(at + "/" + key, "must be 1-40 letters, digits or . _ : - (got " + value + ")");
      return null;
    }
    return value;
  }

  private String string(Map<String, Object> item, String key, String at, boolean required) {
    Object value = item.get(key);
    if (value == null) {
      if (required) {
        violate(at + "/" + key, "is required");
      }
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.length() > 200) {
      violate(at + "/" + key, "must be a non-empty string of at most 200 characters");
      return null;
    }
    return s;
  }

  private Long integer(Map<String, Object> item, String key, String at, boolean required) {
    Object value = item.get(key);
    if (value == null) {
      if (required) {
        violate(at + "/" + key, "is required");
      }
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    violate(at + "/" + key, "must be an integer");
    return null;
  }

  private Double number(Map<String, Object> item, String key, String at) {
    Object value = item.get(key);
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    violate(at + "/" + key, value == null ? "is required" : "must be a number");
    return null;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(Object value, String at) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    violate(at, "must be an object");
    return null;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Map<String, Object> doc, String key, String at) {
    Object value = doc.get(key);
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    violate(at + "/" + key, value == null ? "is required" : "must be an array");
    return null;
  }

  private boolean full() {
    return violations.size() >= MAX_VIOLATIONS;
  }

  private void violate(String pointer, String message) {
    if (!full()) {
      violations.add(new Violation(pointer, message));
    }
  }
}
