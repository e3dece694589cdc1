package io.guichet.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the demo seat maps as import documents (the same JSON tree an organizer would send), so
 * the demo goes through the same parser and checks as any import.
 */
public final class DemoSeatMaps {
  private DemoSeatMaps() {}

  /**
   * A 2,000-seat theatre: stalls of 25 rows cut by a centre aisle (1,100 seats), ten boxes of six
   * (60) and a balcony of 20 rows cut by two aisles (840). Three categories.
   */
  public static Map<String, Object> theatre() {
    Doc doc = new Doc("Théâtre des Lumières");
    doc.category("CAT1", "Catégorie 1")
        .category("CAT2", "Catégorie 2")
        .category("CAT3", "Catégorie 3");
    doc.section("STALLS", "Parterre", 0, 10, 100, 80);
    for (int r = 0; r < 25; r++) {
      String row = rowLabel(r);
      for (int p = 1; p <= 45; p++) {
        if (p == 23) {
          continue; // centre aisle
        }
        double x = 5 + p * 2.0;
        double y = 12 + r * 3.0;
        int rank = 1 + r * 2 + (int) Math.round(Math.abs(p - 23) / 3.0);
        String category = r < 10 ? "CAT1" : r < 20 ? "CAT2" : "CAT3";
        doc.seat(
            "STALLS-" + row + "-" + p, "STALLS", row, p, String.valueOf(p), x, y, rank, category);
      }
    }
    doc.section("BOXES", "Loges", 0, 90, 100, 10);
    for (int b = 1; b <= 10; b++) {
      for (int s = 1; s <= 6; s++) {
        String row = "L" + b;
        doc.seat(
            "BOX-" + b + "-" + s,
            "BOXES",
            row,
            s,
            String.valueOf(s),
            b * 9 + s,
            92 + (s % 2) * 3,
            20 + b,
            "CAT2");
      }
    }
    doc.section("BALCONY", "Balcon", 0, 100, 100, 70);
    for (int r = 0; r < 20; r++) {
      String row = String.valueOf(r + 1);
      for (int p = 1; p <= 44; p++) {
        if (p == 11 || p == 34) {
          continue; // two aisles
        }
        double x = 4 + p * 2.1;
        double y = 102 + r * 3.2;
        int rank = 30 + r * 2 + (int) Math.round(Math.abs(p - 22.5) / 3.0);
        String category = r < 5 && p > 11 && p < 34 ? "CAT2" : "CAT3";
        doc.seat(
            "BAL-" + row + "-" + p, "BALCONY", row, p, String.valueOf(p), x, y, rank, category);
      }
    }
    return doc.tree();
  }

  /**
   * A 50,000-seat stadium: four stands of ten sections, each of 25 rows of 50 seats cut by an
   * aisle, plus a 5,000-place standing pitch. Four categories by view of the pitch.
   */
  public static Map<String, Object> stadium() {
    Doc doc = new Doc("Stade Métropole");
    doc.category("CAT1", "Catégorie 1")
        .category("CAT2", "Catégorie 2")
        .category("CAT3", "Catégorie 3")
        .category("PIT", "Fosse");
    doc.generalAdmission("PITCH", "Pelouse (debout)", 5000, "PIT");
    String[] stands = {"N", "S", "E", "W"};
    for (String stand : stands) {
      boolean side = stand.equals("N") || stand.equals("S");
      for (int s = 1; s <= 10; s++) {
        String section = String.format("%s%02d", stand, s);
        double ox = stand.equals("E") ? 1200 : stand.equals("W") ? -300 : (s - 1) * 110;
        double oy = stand.equals("N") ? -300 : stand.equals("S") ? 800 : (s - 1) * 75;
        doc.section(section, "Tribune " + stand + " " + s, ox, oy, 110, 110);
        int centrality = Math.abs(2 * s - 11); // 1 in the middle, 9 at the ends
        for (int r = 0; r < 25; r++) {
          String row = String.valueOf(r + 1);
          for (int p = 1; p <= 51; p++) {
            if (p == 26) {
              continue; // aisle
            }
            double x = ox + 2 + p * 2.0;
            double y = oy + 2 + r * 4.0;
            int rank = 1 + (side ? 0 : 40) + centrality * 4 + r;
            String category =
                !side
                    ? "CAT3"
                    : centrality <= 3 && r < 15 ? "CAT1" : centrality <= 7 ? "CAT2" : "CAT3";
            doc.seat(
                section + "-" + row + "-" + p,
                section,
                row,
                p,
                String.valueOf(p),
                x,
                y,
                rank,
                category);
          }
        }
      }
    }
    return doc.tree();
  }

  private static String rowLabel(int index) {
    return String.valueOf((char) ('A' + index));
  }

  /** A seat map document being built. */
  private static final class Doc {
    private final String name;
    private final List<Object> categories = new ArrayList<>();
    private final List<Object> sections = new ArrayList<>();
    private final List<Object> seats = new ArrayList<>();

    Doc(String name) {
      this.name = name;
    }

    Doc category(String code, String label) {
      categories.add(Map.of("code", code, "name", label));
      return this;
    }

    void section(String id, String label, double x, double y, double w, double h) {
      sections.add(
          Map.of(
              "id", id, "name", label, "bounds", Map.of("x", x, "y", y, "width", w, "height", h)));
    }

    void generalAdmission(String id, String label, int capacity, String category) {
      sections.add(
          Map.of(
              "id",
              id,
              "name",
              label,
              "generalAdmission",
              Map.of("capacity", capacity, "category", category)));
    }

    void seat(
        String id,
        String section,
        String row,
        int pos,
        String label,
        double x,
        double y,
        int rank,
        String category) {
      Map<String, Object> seat = new LinkedHashMap<>();
      seat.put("id", id);
      seat.put("section", section);
      seat.put("row", row);
      seat.put("pos", pos);
      seat.put("label", label);
      seat.put("x", x);
      seat.put("y", y);
      seat.put("rank", rank);
      seat.put("category", category);
      seats.add(seat);
    }

    Map<String, Object> tree() {
      return Map.of("name", name, "categories", categories, "sections", sections, "seats", seats);
    }
  }
}
