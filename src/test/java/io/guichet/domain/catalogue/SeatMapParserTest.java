package io.guichet.domain.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guichet.domain.DomainException;
import io.guichet.domain.Failure;
import io.guichet.domain.Violation;
import io.guichet.ops.DemoSeatMaps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeatMapParserTest {

  private static Map<String, Object> seat(String id, String section, String row, int pos) {
    Map<String, Object> seat = new HashMap<>();
    seat.put("id", id);
    seat.put("section", section);
    seat.put("row", row);
    seat.put("pos", pos);
    seat.put("x", 1.0);
    seat.put("y", 1.0);
    seat.put("rank", 1);
    seat.put("category", "A");
    return seat;
  }

  private static Map<String, Object> doc(List<Object> seats) {
    Map<String, Object> doc = new HashMap<>();
    doc.put("name", "Test");
    doc.put("categories", List.of(Map.of("code", "A", "name", "A")));
    doc.put(
        "sections",
        List.of(
            Map.of(
                "id",
                "S",
                "name",
                "S",
                "bounds",
                Map.of("x", 0, "y", 0, "width", 10, "height", 10)),
            Map.of(
                "id",
                "GA",
                "name",
                "Standing",
                "generalAdmission",
                Map.of("capacity", 30, "category", "A"))));
    doc.put("seats", seats);
    return doc;
  }

  private static List<Violation> violations(Map<String, Object> doc) {
    try {
      SeatMapParser.parse(doc);
    } catch (DomainException e) {
      assertThat(e.failure()).isEqualTo(Failure.INVALID_SEAT_MAP);
      return e.violations();
    }
    throw new AssertionError("the document was accepted");
  }

  @Test
  void a_valid_map_is_read_with_its_capacity() {
    SeatMap map = SeatMapParser.parse(doc(List.of(seat("a", "S", "1", 1), seat("b", "S", "1", 2))));
    assertThat(map.seats()).hasSize(2);
    assertThat(map.capacity()).isEqualTo(32);
    assertThat(map.seats().get(0).label()).isEqualTo("1");
    assertThat(map.sections().get(1).generalAdmission()).isTrue();
  }

  @Test
  void the_demo_maps_are_valid_and_of_the_promised_size() {
    SeatMap theatre = SeatMapParser.parse(DemoSeatMaps.theatre());
    assertThat(theatre.seats()).hasSize(2_000);
    assertThat(theatre.categories()).hasSize(3);
    SeatMap stadium = SeatMapParser.parse(DemoSeatMaps.stadium());
    assertThat(stadium.seats()).hasSize(50_000);
    assertThat(stadium.sections().size()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void duplicate_seat_ids_are_reported_with_their_pointer() {
    List<Violation> v = violations(doc(List.of(seat("a", "S", "1", 1), seat("a", "S", "1", 2))));
    assertThat(v).containsExactly(new Violation("/seats/1/id", "duplicate seat id a"));
  }

  @Test
  void a_seat_in_an_unknown_section_is_outside_any_section() {
    List<Violation> v = violations(doc(List.of(seat("a", "X", "1", 1))));
    assertThat(v)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("outside any section"));
  }

  @Test
  void a_seat_outside_its_section_bounds_is_refused() {
    Map<String, Object> far = seat("a", "S", "1", 1);
    far.put("x", 50.0);
    assertThat(violations(doc(List.of(far))))
        .singleElement()
        .satisfies(x -> assertThat(x.pointer()).isEqualTo("/seats/0"));
  }

  @Test
  void a_seat_in_a_general_admission_section_is_refused() {
    assertThat(violations(doc(List.of(seat("a", "GA", "1", 1)))))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("general admission"));
  }

  @Test
  void two_seats_at_one_position_of_a_row_are_refused() {
    assertThat(violations(doc(List.of(seat("a", "S", "1", 1), seat("b", "S", "1", 1)))))
        .containsExactly(new Violation("/seats/1/pos", "two seats at position 1 of row 1"));
  }

  @Test
  void wrong_types_missing_fields_and_bad_values_are_each_reported() {
    Map<String, Object> s = seat("a", "S", "1", 1);
    s.put("x", "left");
    s.remove("row");
    s.put("rank", 0);
    s.put("category", "Z");
    s.put("blocked", "yes");
    List<Violation> v = violations(doc(List.of(s)));
    assertThat(v)
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder(
            "/seats/0/x", "/seats/0/row", "/seats/0/rank", "/seats/0/category", "/seats/0/blocked");
  }

  @Test
  void a_map_without_sections_or_categories_is_refused() {
    Map<String, Object> d = doc(List.of());
    d.put("sections", List.of());
    d.put("categories", "none");
    assertThat(violations(d)).extracting(Violation::pointer).contains("/sections", "/categories");
  }

  @Test
  void a_map_with_no_capacity_is_refused() {
    Map<String, Object> d = doc(List.of());
    d.put("sections", List.of(Map.of("id", "S", "name", "S")));
    assertThat(violations(d))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("no seat"));
  }

  @Test
  void violations_are_capped_so_a_broken_generator_cannot_flood_the_answer() {
    List<Object> seats = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      seats.add(seat("dup", "S", "1", i));
    }
    assertThat(violations(doc(seats))).hasSize(SeatMapParser.MAX_VIOLATIONS);
  }

  @Test
  void ids_with_forbidden_characters_are_refused() {
    assertThatThrownBy(() -> SeatMapParser.parse(doc(List.of(seat("a b", "S", "1", 1)))))
        .isInstanceOf(DomainException.class);
  }
}
