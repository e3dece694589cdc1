package io.guichet.domain.catalogue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A venue layout: seat categories, sections (seated or general admission) and numbered seats.
 *
 * <p>Two seats are side by side when they are in the same section and row and their {@code pos}
 * differ by one; a gap in {@code pos} is an aisle (or a missing seat), so parties are never seated
 * across it. The format is documented in the README and {@code docs/seatmap-example.json}.
 */
public record SeatMap(
    String name, List<Category> categories, List<Section> sections, List<Seat> seats) {

  public SeatMap {
    categories = List.copyOf(categories);
    sections = List.copyOf(sections);
    seats = List.copyOf(seats);
  }

  /** A price zone (seed: catégorie de place). */
  public record Category(String code, String name) {}

  /** An axis-aligned box in map coordinates. */
  public record Bounds(double x, double y, double width, double height) {
    public boolean contains(double px, double py) {
      return px >= x && px <= x + width && py >= y && py <= y + height;
    }
  }

  /**
   * A section of the venue. A general-admission section has a capacity and one category and no
   * numbered seats; a seated one has seats that name it.
   */
  public record Section(
      String id, String name, Bounds bounds, Integer gaCapacity, String gaCategory) {
    public boolean generalAdmission() {
      return gaCapacity != null;
    }
  }

  /** A numbered seat. A lower {@code rank} is a better seat. */
  public record Seat(
      String id,
      String section,
      String row,
      int pos,
      String label,
      double x,
      double y,
      int rank,
      String category,
      boolean blocked) {}

  /** Numbered seats plus general-admission places. */
  public int capacity() {
    int ga =
        sections.stream().filter(Section::generalAdmission).mapToInt(Section::gaCapacity).sum();
    return seats.size() + ga;
  }

  public Map<String, Category> categoriesByCode() {
    return categories.stream().collect(Collectors.toMap(Category::code, Function.identity()));
  }

  /** This map without its seats: what is stored as the layout document. */
  public SeatMap layoutOnly() {
    return new SeatMap(name, categories, sections, List.of());
  }
}
