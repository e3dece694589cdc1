/* The seat map drawn as SVG from GET /api/v1/performances/{id}/seatmap (rows in columns: ids, x, y,
   one state character per seat). It is drawn once; a later answer only changes the class of the
   seats whose state changed, so the 50,000-seat stadium stays responsive while it updates. One
   listener on the whole map serves every seat. */
"use strict";
G.SeatMap = class {
  /** container: where to draw; onSeat(id, state): a seat was clicked (or chosen by keyboard). */
  constructor(container, { onSeat = null, label = "" } = {}) {
    this.container = container;
    this.onSeat = onSeat;
    this.label = label;
    this.seats = [];        // flat, in the answer's order: {id, el, state}
    this.byId = new Map();
    this.marks = new Map(); // class -> Set of ids
    this.scale = 1;
  }

  /** Draws the map (first answer) or updates the states (later answers of the same map). */
  show(map) {
    if (this.seats.length === map.seatCount && this.performanceId === map.performanceId) {
      this.update(map);
    } else {
      this.draw(map);
    }
    this.summary();
  }

  draw(map) {
    this.performanceId = map.performanceId;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, gaps = [];
    for (const row of map.rows) {
      for (let i = 0; i < row.x.length; i++) {
        minX = Math.min(minX, row.x[i]); maxX = Math.max(maxX, row.x[i]);
        minY = Math.min(minY, row.y[i]); maxY = Math.max(maxY, row.y[i]);
        if (i > 0 && gaps.length < 200) gaps.push(Math.hypot(row.x[i] - row.x[i - 1], row.y[i] - row.y[i - 1]));
      }
    }
    gaps.sort((a, b) => a - b);
    const r = ((gaps[Math.floor(gaps.length / 2)] || 10) / 2) * 0.8;
    const pad = r * 2;
    const parts = [];
    for (const row of map.rows) {
      for (let i = 0; i < row.ids.length; i++) {
        parts.push(`<circle cx="${row.x[i]}" cy="${row.y[i]}" r="${r}" class="seat ${row.states[i]}" data-id="${escapeAttr(row.ids[i])}"><title>${escapeAttr(row.section + " · " + row.row + " · " + row.labels[i])}</title></circle>`);
      }
    }
    const width = Math.max(1, maxX - minX + 2 * pad), height = Math.max(1, maxY - minY + 2 * pad);
    this.container.innerHTML =
      `<div class="map-tools"><button type="button" class="zoom-in">+</button><button type="button" class="zoom-out">−</button></div>` +
      `<div class="map-scroll"><svg class="seatmap" role="img" viewBox="${minX - pad} ${minY - pad} ${width} ${height}" preserveAspectRatio="xMidYMin meet">${parts.join("")}</svg></div>` +
      `<p class="map-summary"></p>`;
    this.svg = this.container.querySelector("svg");
    this.svg.setAttribute("aria-label", this.label);
    const zoomIn = this.container.querySelector(".zoom-in"), zoomOut = this.container.querySelector(".zoom-out");
    zoomIn.setAttribute("aria-label", G.t("zoomIn"));
    zoomOut.setAttribute("aria-label", G.t("zoomOut"));
    zoomIn.onclick = () => this.zoom(2);
    zoomOut.onclick = () => this.zoom(0.5);
    const circles = this.svg.querySelectorAll("circle");
    this.seats = [];
    this.byId = new Map();
    let k = 0;
    for (const row of map.rows) {
      for (let i = 0; i < row.ids.length; i++, k++) {
        const seat = { id: row.ids[i], el: circles[k], state: row.states[i], row };
        this.seats.push(seat);
        this.byId.set(seat.id, seat);
      }
    }
    for (const [cls, ids] of this.marks) this.apply(cls, ids, true);
    if (this.onSeat) {
      this.svg.addEventListener("click", e => {
        const id = e.target.dataset && e.target.dataset.id;
        if (id) this.onSeat(id, this.byId.get(id).state);
      });
    }
  }

  update(map) {
    let k = 0, changed = 0;
    for (const row of map.rows) {
      const states = row.states;
      for (let i = 0; i < states.length; i++, k++) {
        const seat = this.seats[k];
        const state = states[i];
        if (seat.state !== state) {
          seat.el.classList.replace(seat.state, state);
          seat.state = state;
          changed++;
        }
      }
    }
    return changed;
  }

  /** Marks seats (mine, picked, best, stranded): replaces the previous set of that mark. */
  mark(cls, ids) {
    const old = this.marks.get(cls);
    if (old) this.apply(cls, old, false);
    const set = new Set(ids);
    this.marks.set(cls, set);
    this.apply(cls, set, true);
  }

  apply(cls, ids, on) {
    for (const id of ids) {
      const seat = this.byId.get(id);
      if (seat) seat.el.classList.toggle(cls, on);
    }
  }

  state(id) {
    const seat = this.byId.get(id);
    return seat ? seat.state : null;
  }

  counts() {
    const counts = { F: 0, H: 0, S: 0, B: 0 };
    for (const s of this.seats) counts[s.state] = (counts[s.state] || 0) + 1;
    return counts;
  }

  summary() {
    const p = this.container.querySelector(".map-summary");
    if (p) p.textContent = G.t("mapSummary", this.seats.length, this.counts().F);
  }

  zoom(factor) {
    this.scale = Math.min(32, Math.max(1, this.scale * factor));
    this.svg.style.width = (this.scale * 100) + "%";
  }
};

function escapeAttr(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}
