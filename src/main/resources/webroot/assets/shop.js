/* Guichet's reference shop: a small single-page shop on the public API (/api/v1), on the same
   origin. A buyer's journey: catalogue → performance (seat map, best available or pick on map) →
   cart (countdown, prices, fees) → checkout (guest or account) → the payment provider's page →
   the order with its tickets' QR codes and PDFs. The waiting room of an on-sale is reached with
   ?onsale=<id> (the link an organizer hands out). What the shop keeps (cart and order secrets,
   the queue ticket, the access token) lives in sessionStorage: this tab only. */
"use strict";
(() => {
  const { t, api, el, field, money, date } = G;
  const store = {
    get(k) { try { return JSON.parse(sessionStorage.getItem(k)); } catch (e) { return null; } },
    set(k, v) { if (v === null || v === undefined) sessionStorage.removeItem(k); else sessionStorage.setItem(k, JSON.stringify(v)); }
  };
  const params = new URLSearchParams(location.search);
  if (params.get("pos")) store.set("pos", params.get("pos"));
  const pos = () => store.get("pos") || "web";
  const q = (path, extra = "") => `${path}${path.includes("?") ? "&" : "?"}pos=${encodeURIComponent(pos())}${extra}`;
  const MAP_POLL_MS = 2000;
  let timers = [];    // polls of the current view, stopped on navigation
  let view = 0;       // bumps on navigation: an answer for an older view is dropped

  function every(ms, fn) { timers.push(setInterval(fn, ms)); }
  function later(ms, fn) { timers.push(setTimeout(fn, ms)); }

  function sessionHeaders() {
    const s = store.get("session");
    return s ? { Authorization: "Bearer " + s.token } : {};
  }
  function cartHeaders(cart) {
    const h = { "X-Cart-Secret": cart.secret, ...sessionHeaders() };
    const v = store.get("visitor");
    if (v && v.accessToken) { h["X-Visitor-Id"] = v.visitorId; h["X-Access-Token"] = v.accessToken; }
    return h;
  }

  function main(...children) {
    const m = document.getElementById("main");
    m.replaceChildren(...children);
    return m;
  }

  async function route() {
    timers.forEach(clearInterval); timers.forEach(clearTimeout); timers = [];
    const mine = ++view;
    G.clearProblem();
    const hash = location.hash.replace(/^#/, "");
    const [, name, id] = hash.split("/");
    const orderPath = location.pathname.match(/^\/orders\/([0-9a-f-]{36})$/i);
    try {
      if (!hash && params.get("onsale")) location.hash = "#/queue/" + params.get("onsale");
      else if (name === "event") await eventView(id, mine);
      else if (name === "performance") await performanceView(id, mine);
      else if (name === "cart") await cartView(mine);
      else if (name === "order") await orderView(id, mine);
      else if (name === "queue") await queueView(id, mine);
      else if (!hash && orderPath) await orderView(orderPath[1], mine);
      else await catalogue(mine);
    } catch (problem) {
      if (mine === view) { G.showProblem(problem); }
    }
  }

  // ---- catalogue -------------------------------------------------------------------------------

  async function catalogue(mine) {
    const [showcase, events] = await Promise.all([
      api("GET", q("/api/v1/showcase"), { headers: sessionHeaders() }),
      api("GET", q("/api/v1/events?size=50"), { headers: sessionHeaders() })]);
    if (mine !== view) return;
    const card = e => el("li", { class: "card" }, el("a", { href: "#/event/" + e.id }, el("h3", {}, e.name)),
      e.description ? el("p", {}, e.description) : "");
    main(el("h1", {}, t("catalogue")),
      showcase.items.length ? el("section", { "aria-labelledby": "h-show" },
        el("h2", { id: "h-show" }, t("showcase")), el("ul", { class: "cards featured" }, showcase.items.map(card))) : "",
      el("section", { "aria-labelledby": "h-all" }, el("h2", { id: "h-all" }, t("events")),
        events.items.length ? el("ul", { class: "cards" }, events.items.map(card)) : el("p", {}, t("noEvents"))));
  }

  async function eventView(id, mine) {
    const event = await api("GET", q(`/api/v1/events/${id}`), { headers: sessionHeaders() });
    if (mine !== view) return;
    const now = Date.now();
    main(el("p", {}, el("a", { href: "#/" }, "← " + t("back"))), el("h1", {}, event.name),
      event.description ? el("p", {}, event.description) : "",
      el("h2", {}, t("performances")),
      el("ul", { class: "list" }, event.performances.map(p => el("li", {},
        el("span", {}, date(p.startsAt), " — ", p.venueName, " "),
        Date.parse(p.opensAt) > now ? el("em", {}, t("onSaleFrom", date(p.opensAt)))
          : el("a", { class: "button", href: "#/performance/" + p.id }, t("choose"))))));
  }

  // ---- a performance: prices, seat map, holds ---------------------------------------------------

  async function ensureCart() {
    const cart = store.get("cart");
    if (cart && cart.pos === pos() && Date.parse(cart.expiresAt) > Date.now()) return cart;
    const created = await api("POST", q("/api/v1/carts"), { headers: sessionHeaders() });
    const read = await api("GET", q(`/api/v1/carts/${created.id}`), { headers: { "X-Cart-Secret": created.secret, ...sessionHeaders() } });
    const fresh = { id: created.id, secret: created.secret, expiresAt: created.expiresAt, mode: read.seatSearchMode, pos: pos() };
    store.set("cart", fresh);
    store.set("checkoutKey", null);
    return fresh;
  }

  async function readCart(cart) {
    return api("GET", q(`/api/v1/carts/${cart.id}`), { headers: cartHeaders(cart) });
  }

  async function performanceView(id, mine) {
    const perf = await api("GET", q(`/api/v1/performances/${id}`), { headers: sessionHeaders() });
    const cart = await ensureCart();
    if (mine !== view) return;
    const soldOut = perf.categories.every(c => c.available === 0);
    const mapBox = el("div", { class: "map", id: "map" });
    const map = new G.SeatMap(mapBox, { onSeat: (seatId, state) => seatClicked(seatId, state), label: t("seatMap") });
    const picked = new Set();
    let swapFrom = null;
    const info = el("p", { class: "info", "aria-live": "polite" });
    const categoryByCode = new Map(perf.categories.map(c => [c.code, c]));

    async function refreshMap() {
      const seatmap = await api("GET", q(`/api/v1/performances/${id}/seatmap`), { headers: sessionHeaders() });
      if (mine !== view) return;
      map.show(seatmap);
      map.categories = seatmap.categories;
    }
    async function refreshMine() {
      const current = await readCart(store.get("cart") || cart);
      const seats = current.items.filter(i => i.performanceId === id).flatMap(i => i.seats || []);
      map.mark("mine", seats.map(s => s.id));
      return current;
    }
    function seatCategory(seatId) {
      const seat = map.byId.get(seatId);
      if (!seat || !map.categories) return null;
      const i = seat.row.ids.indexOf(seatId);
      return map.categories[seat.row.categories[i]].code;
    }
    async function seatClicked(seatId, state) {
      G.clearProblem();
      const mineNow = map.marks.get("mine") || new Set();
      if (cart.mode === "BEST_AVAILABLE_EDITABLE") {
        if (mineNow.has(seatId)) {
          swapFrom = seatId; map.mark("picked", [seatId]); info.textContent = t("swapFrom", seatId); return;
        }
        if (swapFrom && state === "F") { await swap(swapFrom, seatId); swapFrom = null; map.mark("picked", []); }
        return;
      }
      if (cart.mode !== "PICK_ON_MAP" || state !== "F") return;
      if (picked.has(seatId)) picked.delete(seatId); else picked.add(seatId);
      map.mark("picked", [...picked]);
      info.textContent = t("pickedSeats", [...picked].join(", ") || "—");
    }
    async function swap(from, to) {
      const current = await refreshMine();
      const item = current.items.find(i => (i.seats || []).some(s => s.id === from));
      try {
        await api("PATCH", q(`/api/v1/carts/${cart.id}/items/${item.id}`), { headers: cartHeaders(cart), body: { swap: [{ from, to }] } });
        info.textContent = t("swapped");
      } catch (problem) { refused(problem); }
      await Promise.all([refreshMap(), refreshMine()]);
    }
    function refused(problem) {
      G.showProblem(problem);
      map.mark("stranded", problem.strandedSeat ? [problem.strandedSeat] : []);
      if (problem.type && problem.type.endsWith("/access-refused") && store.get("onsale")) {
        document.getElementById("alert").append(" ", el("a", { href: "#/queue/" + store.get("onsale") }, t("goQueue")));
      }
    }
    async function hold(body) {
      G.clearProblem();
      map.mark("stranded", []);
      try {
        const item = await api("POST", q(`/api/v1/carts/${cart.id}/items`), { headers: cartHeaders(cart), body });
        const seats = (item.seats || []).map(s => s.id);
        map.mark("best", body.quantities ? seats : []);
        picked.clear(); map.mark("picked", []);
        const names = (item.seats || []).map(s => `${s.section} ${s.row}-${s.label}`).join(", ");
        info.textContent = body.quantities ? t("bestChoice", names || item.quantity) : t("pickedSeats", names);
        G.announce(info.textContent);
        renderCartTimer();
      } catch (problem) { refused(problem); }
      await Promise.all([refreshMap(), refreshMine()]);
    }

    const prices = perf.categories.flatMap(c => c.prices.map(p => ({ ...p, category: c.code, categoryName: c.name })));
    const tariffSelect = el("select", { name: "tariff" }, prices.map(p =>
      el("option", { value: p.category + "|" + p.tariffId }, `${p.categoryName} — ${p.tariffName} — ${money(p.amount, p.currency)}`)));
    const quantity = el("input", { type: "number", name: "quantity", min: 1, max: 10, value: 2, inputmode: "numeric" });
    let form;
    if (cart.mode === "PICK_ON_MAP") {
      form = el("form", { class: "hold", onsubmit: e => {
        e.preventDefault();
        const code = tariffSelect.value.split("|")[0];
        const tariffCode = prices.find(p => p.category + "|" + p.tariffId === tariffSelect.value).tariffCode;
        const seats = [...picked].map(seatId => {
          const cat = categoryByCode.get(seatCategory(seatId)) || categoryByCode.get(code);
          const price = cat.prices.find(p => p.tariffCode === tariffCode) || cat.prices[0];
          return { seatId, tariffId: price.tariffId };
        });
        hold({ performanceId: id, seats });
      } }, el("p", {}, t("pickHelp")), field(t("tariff"), tariffSelect), el("button", { type: "submit" }, t("hold")));
    } else {
      form = el("form", { class: "hold", onsubmit: e => {
        e.preventDefault();
        const [category, tariffId] = tariffSelect.value.split("|");
        hold({ performanceId: id, quantities: [{ category, tariffId, quantity: Number(quantity.value) }] });
      } }, field(t("tariff"), tariffSelect), field(t("quantity"), quantity),
      el("button", { type: "submit" }, t("holdBest")),
      cart.mode === "BEST_AVAILABLE_EDITABLE" ? el("p", { class: "hint" }, t("swapHelp")) : "");
    }
    const keyboardSeat = el("input", { type: "text", name: "seat", autocomplete: "off", spellcheck: "false" });
    const keyboard = el("form", { class: "inline", onsubmit: e => {
      e.preventDefault();
      const s = keyboardSeat.value.trim();
      if (map.byId.has(s)) seatClicked(s, map.state(s));
    } }, field(t("seatByKeyboard"), keyboardSeat), el("button", { type: "submit" }, t("pickSeat")));

    main(el("p", {}, el("a", { href: "#/" }, "← " + t("back"))),
      el("h1", {}, perf.event.name),
      el("p", { class: "when" }, date(perf.startsAt), " — ", perf.venue.name, perf.venue.city ? ", " + perf.venue.city : ""),
      el("section", { "aria-labelledby": "h-cat" }, el("h2", { id: "h-cat" }, t("categories")),
        el("table", { class: "prices" }, el("tbody", {}, perf.categories.map(c => el("tr", {},
          el("th", { scope: "row" }, c.name),
          el("td", {}, c.prices.map(p => el("div", {}, `${p.tariffName} ${money(p.amount, p.currency)}`))),
          el("td", { class: c.available ? "" : "out" }, c.available ? t("available", c.available) : t("soldOut"))))))),
      soldOut ? waitlistForm(id, perf) : form,
      info,
      el("section", { "aria-labelledby": "h-map" }, el("h2", { id: "h-map" }, t("seatMap")),
        legend(), mapBox, cart.mode === "PICK_ON_MAP" || cart.mode === "BEST_AVAILABLE_EDITABLE" ? keyboard : ""));
    await refreshMap();
    await refreshMine();
    every(MAP_POLL_MS, () => refreshMap().catch(() => { /* the next poll tries again */ }));
  }

  function legend() {
    return el("ul", { class: "legend", "aria-hidden": "true" },
      [["F", "legendFree"], ["H", "legendHeld"], ["S", "legendSold"], ["B", "legendBlocked"], ["mine", "legendMine"], ["stranded", "legendStranded"]]
        .map(([cls, key]) => el("li", {}, el("span", { class: "dot " + cls }), t(key))));
  }

  function waitlistForm(id, perf) {
    const qty = el("input", { type: "number", name: "wl-quantity", min: 1, max: 10, value: 2 });
    const email = el("input", { type: "email", name: "wl-email", required: true, autocomplete: "email" });
    const first = el("input", { type: "text", name: "wl-first", required: true, autocomplete: "given-name" });
    const last = el("input", { type: "text", name: "wl-last", required: true, autocomplete: "family-name" });
    const done = el("p", { "aria-live": "polite" });
    return el("section", { "aria-labelledby": "h-wl", class: "waitlist" }, el("h2", { id: "h-wl" }, t("waitlist")),
      el("p", {}, t("waitlistHelp")),
      el("form", { onsubmit: async e => {
        e.preventDefault();
        G.clearProblem();
        try {
          const entry = await api("POST", q(`/api/v1/performances/${id}/waitlist`), { headers: sessionHeaders(), body: {
            quantity: Number(qty.value), together: true,
            buyer: store.get("session") ? undefined : { email: email.value, firstName: first.value, lastName: last.value } } });
          store.set("waitlist-" + id, { id: entry.id, secret: entry.secret });
          done.textContent = t("signedUp");
        } catch (problem) { G.showProblem(problem); }
      } }, field(t("quantity"), qty), field(t("email"), email), field(t("firstName"), first), field(t("lastName"), last),
      el("button", { type: "submit" }, t("signUp"))), done);
  }

  // ---- cart and checkout ------------------------------------------------------------------------

  async function cartView(mine) {
    const cart = store.get("cart");
    if (!cart || Date.parse(cart.expiresAt) <= Date.now()) { main(el("h1", {}, t("cart")), el("p", {}, t("cartEmpty"))); return; }
    const modes = await api("GET", q("/api/v1/delivery-modes"), { headers: sessionHeaders() });
    const chosen = store.get("deliveryMode") || modes.modes[0].mode;
    const current = await api("GET", q(`/api/v1/carts/${cart.id}`, "&deliveryMode=" + chosen), { headers: cartHeaders(cart) });
    if (mine !== view) return;
    if (!current.items.length) { main(el("h1", {}, t("cart")), el("p", {}, t("cartEmpty"))); return; }
    const pricing = current.pricing;
    const names = await performanceNames(current.items.map(i => i.performanceId));
    const deliverySelect = el("select", { name: "delivery", onchange: e => { store.set("deliveryMode", e.target.value); route(); } },
      modes.modes.map(m => el("option", { value: m.mode, selected: m.mode === chosen }, `${m.mode} (+${money(m.fee, modes.currency)})`)));
    const promo = el("input", { type: "text", name: "promo", autocomplete: "off" });
    main(el("h1", {}, t("cart")),
      el("p", { class: "countdown", id: "countdown" }),
      el("ul", { class: "list items" }, current.items.map(item => el("li", {},
        el("strong", {}, names.get(item.performanceId) || ""), " ",
        el("span", {}, (item.seats || []).map(s => `${s.section} ${s.row}-${s.label}`).join(", ") || `${item.quantity} × ${item.area ? item.area.category : ""}`),
        " ", el("button", { type: "button", class: "link", onclick: async () => {
          try { await api("DELETE", q(`/api/v1/carts/${cart.id}/items/${item.id}`), { headers: cartHeaders(cart) }); route(); }
          catch (problem) { G.showProblem(problem); }
        } }, t("remove"))))),
      el("table", { class: "totals" }, el("tbody", {},
        row(t("lines"), money(pricing.linesTotal, pricing.currency)),
        pricing.discountsTotal ? row(t("discounts"), "− " + money(pricing.discountsTotal, pricing.currency)) : "",
        row(t("fees"), money(pricing.fees.total, pricing.currency)),
        row(t("total"), el("strong", { id: "total" }, money(pricing.total, pricing.currency))))),
      field(t("delivery"), deliverySelect),
      el("form", { class: "inline", onsubmit: async e => {
        e.preventDefault();
        G.clearProblem();
        const body = { code: promo.value.trim() };
        try { await api("POST", q(`/api/v1/carts/${cart.id}/promo-codes`), { headers: cartHeaders(cart), body }); route(); }
        catch (first) {
          try { await api("POST", q(`/api/v1/carts/${cart.id}/advantage-codes`), { headers: cartHeaders(cart), body }); route(); }
          catch (second) { G.showProblem(first); }
        }
      } }, field(t("promo"), promo), el("button", { type: "submit" }, t("apply"))),
      checkoutForm(cart, chosen, pricing));
    renderCartTimer();
  }

  function row(label, value) { return el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, value)); }

  const perfNames = new Map();
  async function performanceNames(ids) {
    for (const id of new Set(ids)) {
      if (!perfNames.has(id)) {
        const p = await api("GET", q(`/api/v1/performances/${id}`), { headers: sessionHeaders() });
        perfNames.set(id, `${p.event.name} — ${date(p.startsAt)}`);
      }
    }
    return perfNames;
  }

  function checkoutForm(cart, deliveryMode, pricing) {
    const session = store.get("session");
    const email = el("input", { type: "email", name: "email", required: true, autocomplete: "email" });
    const first = el("input", { type: "text", name: "firstName", required: true, autocomplete: "given-name" });
    const last = el("input", { type: "text", name: "lastName", required: true, autocomplete: "family-name" });
    const loginEmail = el("input", { type: "email", name: "login-email", autocomplete: "username" });
    const password = el("input", { type: "password", name: "password", autocomplete: "current-password" });
    const login = el("form", { class: "login", onsubmit: async e => {
      e.preventDefault();
      G.clearProblem();
      try {
        const s = await api("POST", q("/api/v1/sessions"), { body: { email: loginEmail.value, password: password.value } });
        store.set("session", { token: s.token, email: s.customer.email || loginEmail.value });
        route();
      } catch (problem) { G.showProblem(problem); }
    } }, el("h3", {}, t("account")), field(t("email"), loginEmail), field(t("password"), password), el("button", { type: "submit" }, t("login")));
    const pay = el("form", { class: "checkout", onsubmit: async e => {
      e.preventDefault();
      G.clearProblem();
      const key = store.get("checkoutKey") || G.uuid();
      store.set("checkoutKey", key);
      const body = { deliveryMode, expectedTotal: pricing.total, language: G.lang };
      if (!session) body.buyer = { email: email.value, firstName: first.value, lastName: last.value };
      try {
        const order = await api("POST", q(`/api/v1/carts/${cart.id}/checkout`), {
          headers: { ...cartHeaders(cart), "Idempotency-Key": key }, body });
        store.set("orders", { ...(store.get("orders") || {}), [order.id]: order.secret });
        store.set("checkoutKey", null);
        if (order.payment) { G.announce(t("toPayment")); postPayment(order.payment); }
        else location.hash = "#/order/" + order.id;
      } catch (problem) { G.showProblem(problem); }
    } },
    session ? el("p", {}, t("loggedIn", session.email)) :
      el("fieldset", {}, el("legend", {}, t("guest")), field(t("email"), email), field(t("firstName"), first), field(t("lastName"), last)),
    el("button", { type: "submit", class: "primary", id: "pay" }, t("pay", money(pricing.total, pricing.currency))));
    return el("section", { class: "checkout-box", "aria-labelledby": "h-checkout" }, el("h2", { id: "h-checkout" }, t("checkout")),
      pay, session ? "" : login);
  }

  /** The payment provider's hosted page: the browser posts its form (a navigation, not a call). */
  function postPayment(payment) {
    const form = el("form", { method: payment.method, action: payment.url, hidden: true },
      Object.entries(payment.fields).map(([name, value]) => el("input", { type: "hidden", name, value })));
    document.body.append(form);
    form.submit();
  }

  // ---- the order and its tickets ----------------------------------------------------------------

  async function orderView(id, mine, attempt = 0) {
    const secret = (store.get("orders") || {})[id];
    const headers = { ...(secret ? { "X-Order-Secret": secret } : {}), ...sessionHeaders() };
    const order = await api("GET", q(`/api/v1/orders/${id}`), { headers });
    if (mine !== view) return;
    const ticketsBox = el("div", { class: "tickets" });
    main(el("h1", {}, t("order", order.reference)),
      el("p", { class: "order-status", "data-status": order.status }, t("status_" + order.status)),
      el("table", { class: "totals" }, el("tbody", {}, row(t("total"), money(order.total, order.currency)))),
      ticketsBox);
    if (order.status === "PENDING_PAYMENT" && attempt < 10) { later(1000, () => orderView(id, mine, attempt + 1).catch(G.showProblem)); return; }
    if (order.status !== "PAID" || !(order.tickets || []).length) return;
    const cart = store.get("cart");
    if (cart) { store.set("cart", null); renderCartTimer(); }
    await loadQrEncoder();
    ticketsBox.append(el("h2", {}, t("tickets")),
      el("p", {}, el("button", { type: "button", class: "link", onclick: () => download(q(`/api/v1/orders/${id}/tickets.pdf`), headers, order.reference + ".pdf") }, t("allPdf"))));
    const list = el("ul", { class: "cards" });
    ticketsBox.append(list);
    for (const summary of order.tickets) {
      const ticket = await api("GET", q(`/api/v1/tickets/${summary.id}`), { headers });
      if (mine !== view) return;
      const seat = ticket.place.seat;
      const qr = qrcode(0, "M");
      qr.addData(ticket.qr.payload);
      qr.make();
      const img = el("img", { class: "qr", src: qr.createDataURL(4, 16), alt: t("qrAlt", ticket.orderReference) });
      list.append(el("li", { class: "card ticket", "data-ticket": ticket.id },
        el("h3", {}, ticket.event.name), el("p", {}, ticket.event.date || date(ticket.event.startsAt)),
        el("p", {}, seat ? t("place", seat.label, seat.row, seat.section) : t("standing"), " — ", ticket.tariff, " ", money(ticket.price, ticket.currency)),
        img,
        el("p", {}, el("button", { type: "button", class: "link", onclick: () => download(q(ticket.links.pdf), headers, ticket.id + ".pdf") }, t("ticketPdf")))));
    }
  }

  function loadQrEncoder() {
    if (window.qrcode) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const s = el("script", { src: document.getElementById("qr-src").dataset.src });
      s.onload = resolve;
      s.onerror = () => reject({ title: t("error"), detail: "qrcode.js" });
      document.head.append(s);
    });
  }

  /** A file the API gives only with a secret header: fetched, then saved from memory. */
  async function download(path, headers, name) {
    try {
      const response = await api("GET", path, { headers, raw: true });
      const url = URL.createObjectURL(await response.blob());
      const a = el("a", { href: url, download: name });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (problem) { G.showProblem(problem); }
  }

  // ---- the waiting room -------------------------------------------------------------------------

  async function queueView(onSaleId, mine) {
    store.set("onsale", onSaleId);
    const status = await api("GET", `/api/v1/onsales/${onSaleId}`);
    if (mine !== view) return;
    const figures = el("dl", { class: "figures", "aria-live": "polite" });
    const note = el("p", {});
    main(el("h1", {}, t("queueTitle")), el("p", {}, status.name), figures, note, el("p", { class: "hint" }, t("queueUpdates")));
    let visitor = store.get("visitor");
    if (!visitor || visitor.onSaleId !== onSaleId) {
      if (status.phase === "NOT_OPEN") { note.textContent = t("queueNotOpen"); later(5000, route); return; }
      const joined = await api("POST", `/api/v1/onsales/${onSaleId}/queue`, { body: {} });
      visitor = { onSaleId, visitorId: joined.visitorId, queueTicket: joined.queueTicket };
      store.set("visitor", visitor);
      if (!show(joined)) return;
    }
    function show(place) {
      if (place.state === "ADMITTED" || place.state === "NO_QUEUE") {
        if (place.accessToken) store.set("visitor", { ...visitor, accessToken: place.accessToken, accessExpiresAt: place.accessExpiresAt });
        note.textContent = place.state === "ADMITTED" ? t("admitted") : t("queueOff");
        G.announce(note.textContent);
        later(800, () => { location.hash = "#/performance/" + status.performanceIds[0]; });
        return false;
      }
      if (place.state === "SOLD_OUT") { note.textContent = t("queueSoldOut"); return false; }
      figures.replaceChildren(
        el("dt", {}, t("position")), el("dd", { id: "position" }, String(place.position)),
        el("dt", {}, t("ahead")), el("dd", { id: "ahead" }, String(place.ahead)),
        el("dt", {}, t("wait")), el("dd", { id: "wait" }, G.duration(place.estimatedWaitSeconds || 0)));
      return true;
    }
    async function poll() {
      const place = await api("GET", `/api/v1/onsales/${onSaleId}/queue/${visitor.visitorId}`, { headers: { "X-Queue-Ticket": visitor.queueTicket } });
      if (mine !== view) return;
      if (show(place)) later(Math.min(5, Math.max(1, place.pollAfterSeconds || 5)) * 1000, () => poll().catch(G.showProblem));
    }
    await poll();
  }

  // ---- the cart's countdown, on every page -----------------------------------------------------

  function renderCartTimer() {
    const cart = store.get("cart");
    const timer = document.getElementById("cart-timer");
    const countdown = document.getElementById("countdown");
    if (!cart) { timer.textContent = ""; if (countdown) countdown.textContent = ""; return; }
    const left = (Date.parse(cart.expiresAt) - Date.now()) / 1000;
    timer.textContent = left > 0 ? G.duration(left) : "";
    if (countdown) countdown.textContent = left > 0 ? t("expiresIn", G.duration(left)) : t("expired");
    if (left <= 0) store.set("cart", null);
  }

  document.addEventListener("DOMContentLoaded", () => {
    G.applyTexts();
    document.getElementById("lang").addEventListener("click", () => G.setLang(G.lang === "fr" ? "en" : "fr", route));
    window.addEventListener("hashchange", route);
    setInterval(renderCartTimer, 1000);
    renderCartTimer();
    route();
  });
})();
