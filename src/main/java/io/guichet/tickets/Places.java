package io.guichet.tickets;

import io.guichet.domain.inventory.PerformancePlan;
import io.guichet.domain.inventory.SeatBlock;
import io.vertx.core.json.JsonObject;

/** Where a ticket's holder goes: a seat's section, row and number, or a standing area. */
final class Places {
  private Places() {}

  /** The place as JSON ({@code seat} or {@code area}), as far as the plan knows it. */
  static JsonObject json(PerformancePlan plan, String seatId, Integer area) {
    if (area != null) {
      JsonObject json = new JsonObject().put("index", area);
      if (plan != null && area < plan.gaAreas().size()) {
        json.put("section", plan.gaAreas().get(area).section())
            .put("name", plan.gaAreas().get(area).name());
      }
      return new JsonObject().put("area", json);
    }
    JsonObject seat = new JsonObject().put("id", seatId);
    PerformancePlan.SeatAddress a = plan == null ? null : plan.seats().get(seatId);
    if (a != null) {
      SeatBlock b = plan.blocks().get(a.block());
      seat.put("section", b.section())
          .put("row", b.rowLabels()[b.row()[a.index()]])
          .put("label", b.labels()[a.index()]);
    }
    return new JsonObject().put("seat", seat);
  }

  /** The place in words, for a printed ticket. */
  static String text(JsonObject place) {
    JsonObject area = place.getJsonObject("area");
    if (area != null) {
      String name = area.getString("name", "area " + area.getInteger("index"));
      return "Standing · " + name;
    }
    JsonObject seat = place.getJsonObject("seat");
    if (!seat.containsKey("label")) {
      return "Seat " + seat.getString("id");
    }
    return "Section "
        + seat.getString("section")
        + " · Row "
        + seat.getString("row")
        + " · Seat "
        + seat.getString("label");
  }
}
