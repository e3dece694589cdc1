/* The on-sale control room: the figures an operator watches during an on-sale, read from the admin
   API every two seconds and drawn here (no chart library, nothing from another origin). The admin
   key is asked once and kept in sessionStorage: this tab only, gone when it closes. */
"use strict";
(() => {
  const { t, api, el, field } = G;
  const POLL_MS = 2000;
  const HISTORY = 150; // samples: five minutes
  const DEMO_ON_SALE = "5ad1a0e5-0000-4000-8000-000000000001";
  const params = new URLSearchParams(location.search);
  let timer = null;
  let history = [];
  const maps = new Map(); // performanceId -> G.SeatMap

  const key = () => sessionStorage.getItem("adminKey");
  const admin = (method, path, body) => api(method, path, { headers: { Authorization: "Bearer " + key() }, body });

  function main(...children) { document.getElementById("main").replaceChildren(...children); }

  function render() {
    clearInterval(timer);
    G.clearProblem();
    document.getElementById("logout").hidden = !key();
    if (!key()) { keyForm(); return; }
    room();
  }

  function keyForm() {
    const input = el("input", { type: "password", name: "admin-key", autocomplete: "off", required: true });
    main(el("h1", {}, t("controlRoom")),
      el("form", { onsubmit: e => { e.preventDefault(); sessionStorage.setItem("adminKey", input.value.trim()); render(); } },
        field(t("adminKey"), input), el("p", { class: "hint" }, t("keyKept")), el("button", { type: "submit" }, t("enter"))));
    input.focus();
  }

  function room() {
    const onSaleId = sessionStorage.getItem("onSaleId") || params.get("onsale") || DEMO_ON_SALE;
    const posCode = sessionStorage.getItem("adminPos") || params.get("pos") || "web";
    const idInput = el("input", { type: "text", name: "onsale", value: onSaleId, size: 38, spellcheck: "false" });
    const posInput = el("input", { type: "text", name: "pos", value: posCode, size: 10 });
    const rateInput = el("input", { type: "number", name: "rate", min: 1, max: 1000000, inputmode: "numeric" });
    const enabled = el("input", { type: "checkbox", name: "enabled" });
    const tiles = el("div", { class: "tiles", "aria-live": "off" });
    const charts = el("div", { class: "charts" });
    const performances = el("div", { class: "performances" });
    const saved = el("span", { role: "status" });
    main(el("h1", {}, t("controlRoom")),
      el("form", { class: "inline", onsubmit: e => {
        e.preventDefault();
        sessionStorage.setItem("onSaleId", idInput.value.trim());
        sessionStorage.setItem("adminPos", posInput.value.trim());
        history = []; maps.clear(); render();
      } }, field(t("onSaleId"), idInput), field(t("pos"), posInput), el("button", { type: "submit" }, t("show"))),
      el("h2", { id: "onsale-name" }, t("onSale")),
      tiles,
      el("form", { class: "inline", onsubmit: async e => {
        e.preventDefault();
        G.clearProblem();
        try {
          await admin("PATCH", `/admin/v1/onsales/${onSaleId}`, { admissionPerMinute: Number(rateInput.value), enabled: enabled.checked });
          saved.textContent = t("saved");
          rateInput.dataset.dirty = "";
          await tick();
        } catch (problem) { G.showProblem(problem); }
      } }, field(t("changeRate"), rateInput), el("label", { class: "check" }, enabled, " ", t("enabled")),
      el("button", { type: "submit" }, t("save")), saved),
      el("h2", {}, t("history")), charts, performances);
    rateInput.addEventListener("input", () => { rateInput.dataset.dirty = "1"; });
    enabled.addEventListener("change", () => { rateInput.dataset.dirty = "1"; });

    async function tick() {
      const onSale = await admin("GET", `/admin/v1/onsales/${onSaleId}`);
      document.getElementById("onsale-name").textContent = onSale.name;
      if (!rateInput.dataset.dirty) { rateInput.value = onSale.admissionPerMinute; enabled.checked = onSale.enabled; }
      const sample = { at: Date.now(), rate: onSale.admissionPerMinute, ...onSale.figures, held: 0, sold: 0 };
      for (const performanceId of onSale.performanceIds) {
        const counts = await performance(performanceId, posInput.value.trim(), performances);
        sample.held += counts.H; sample.sold += counts.S;
      }
      history.push(sample);
      if (history.length > HISTORY) history.shift();
      const minuteAgo = history.find(s => s.at >= sample.at - 60000) || sample;
      const minutes = Math.max((sample.at - minuteAgo.at) / 60000, 1 / 30);
      const salesPerMinute = history.length > 1 ? Math.round((sample.sold - minuteAgo.sold) / minutes) : 0;
      tiles.replaceChildren(
        tile("phase", t("phase"), onSale.phase),
        tile("queue", t("queueLength"), onSale.figures.queueLength),
        tile("admitted", t("admittedPerMinute"), `${onSale.figures.admittedLastMinute} / ${onSale.admissionPerMinute}`),
        tile("active", t("activeShoppers"), `${onSale.figures.activeShoppers} / ${onSale.maxActiveShoppers}`),
        tile("held", t("holds"), sample.held),
        tile("sold", t("sold"), sample.sold),
        tile("sales", t("salesPerMinute"), salesPerMinute));
      charts.replaceChildren(
        chart(t("queueLength"), [history.map(s => s.queueLength)]),
        chart(t("admittedPerMinute") + " / " + t("setRate"), [history.map(s => s.admittedLastMinute), history.map(s => s.rate)]),
        chart(t("holds") + " / " + t("sold"), [history.map(s => s.held), history.map(s => s.sold)]));
    }
    tick().catch(G.showProblem);
    timer = setInterval(() => tick().catch(G.showProblem), POLL_MS);
  }

  /** A performance of the on-sale: its seat map as a heat map of states, and the doors. */
  async function performance(performanceId, posCode, box) {
    let section = box.querySelector(`[data-performance="${performanceId}"]`);
    if (!section) {
      const mapBox = el("div", { class: "map heat" });
      section = el("section", { "data-performance": performanceId },
        el("h2", {}, t("heatMap"), " — ", el("span", { class: "perf-name" }, performanceId)),
        el("div", { class: "doors" }), mapBox);
      box.append(section);
      maps.set(performanceId, new G.SeatMap(mapBox, { label: t("heatMap") }));
      api("GET", `/api/v1/performances/${performanceId}?pos=${encodeURIComponent(posCode)}`)
        .then(p => { section.querySelector(".perf-name").textContent = `${p.event.name}, ${G.date(p.startsAt)}`; })
        .catch(() => { /* the id stays as the name */ });
    }
    const [seatmap, doors] = await Promise.all([
      api("GET", `/api/v1/performances/${performanceId}/seatmap?pos=${encodeURIComponent(posCode)}`),
      admin("GET", `/admin/v1/performances/${performanceId}/checkin-report`)]);
    const map = maps.get(performanceId);
    map.show(seatmap);
    const share = doors.tickets ? doors.checkedIn / doors.tickets : 0;
    section.querySelector(".doors").replaceChildren(el("h3", {}, t("checkin")),
      el("progress", { max: Math.max(doors.tickets, 1), value: doors.checkedIn, "aria-label": t("checkin") }),
      el("span", { class: "checked-in" }, " ", t("checkedIn", doors.checkedIn, doors.tickets), ` (${Math.round(share * 100)} %)`));
    return map.counts();
  }

  function tile(id, label, value) {
    return el("div", { class: "tile", "data-figure": id }, el("span", { class: "label" }, label), el("strong", {}, String(value)));
  }

  /** A small line chart of one or two series (the second dashed), scaled to their maximum. */
  function chart(title, series) {
    const w = 300, h = 90;
    const max = Math.max(1, ...series.flat());
    const lines = series.map((values, i) => {
      const points = values.map((v, k) => `${(k / Math.max(1, HISTORY - 1)) * w},${h - (v / max) * (h - 4) - 2}`).join(" ");
      return `<polyline points="${points}" class="line l${i}"/>`;
    }).join("");
    const box = el("figure", { class: "chart" }, el("figcaption", {}, `${title} (max ${max})`));
    box.insertAdjacentHTML("beforeend", `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${title}">${lines}</svg>`);
    return box;
  }

  document.addEventListener("DOMContentLoaded", () => {
    G.applyTexts();
    document.getElementById("lang").addEventListener("click", () => G.setLang(G.lang === "fr" ? "en" : "fr", render));
    document.getElementById("logout").addEventListener("click", () => { sessionStorage.removeItem("adminKey"); render(); });
    render();
  });
})();
