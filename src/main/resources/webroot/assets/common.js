/* Guichet's reference shop and control room: what both pages share (texts in French and English,
   calls to the API, money and dates, problems shown from their title and detail). Plain modern
   JavaScript, no build step: read it as it is served. */
"use strict";
window.G = (() => {
  const TEXTS = {
    fr: {
      skip: "Aller au contenu", brand: "Billetterie", catalogue: "Programme", cart: "Panier",
      loading: "Chargement…", showcase: "À l'affiche", events: "Tous les spectacles",
      noEvents: "Rien en vente ici pour le moment.", performances: "Séances", choose: "Choisir",
      onSaleFrom: "En vente à partir du {0}", categories: "Catégories et tarifs", available: "{0} libres",
      soldOut: "Complet", quantity: "Nombre", tariff: "Tarif", holdBest: "Réserver les meilleures places",
      hold: "Ajouter au panier", seatMap: "Plan de salle", legendFree: "Libre", legendHeld: "Réservée",
      legendSold: "Vendue", legendBlocked: "Bloquée", legendMine: "Dans mon panier", legendStranded: "Place isolée",
      mapSummary: "Plan de salle : {0} places, {1} libres.", pickHelp: "Cliquez sur des places libres pour les choisir, puis ajoutez-les au panier.",
      pickedSeats: "Places choisies : {0}", swapHelp: "Pour changer une place : cliquez sur une de vos places, puis sur une place libre.",
      swapFrom: "Place {0} sélectionnée : choisissez une place libre.", swapped: "Place changée.",
      bestChoice: "Le serveur a choisi pour vous : {0}", seatByKeyboard: "Place (identifiant)",
      pickSeat: "Choisir cette place", zoomIn: "Agrandir", zoomOut: "Réduire", cartEmpty: "Votre panier est vide.",
      expiresIn: "Vos places sont gardées encore {0}", expired: "Le délai est passé : vos places ont été remises en vente.",
      remove: "Retirer", lines: "Billets", fees: "Frais", discounts: "Réductions", total: "Total",
      delivery: "Mode d'obtention", promo: "Code promo ou avantage", apply: "Appliquer",
      checkout: "Commander", guest: "Sans compte", account: "Avec mon compte", email: "E-mail",
      password: "Mot de passe", firstName: "Prénom", lastName: "Nom", login: "Se connecter",
      loggedIn: "Connecté : {0}", pay: "Payer {0}", toPayment: "Vers le paiement…",
      order: "Commande {0}", status_PAID: "Payée", status_PENDING_PAYMENT: "En attente de paiement",
      status_RESERVED: "Réservée", status_CANCELLED: "Annulée", status_EXPIRED: "Expirée",
      tickets: "Vos billets", ticketPdf: "Télécharger le billet (PDF)", allPdf: "Tous les billets (PDF)",
      qrAlt: "Code du billet {0}", place: "Place {0}, rang {1}, {2}", standing: "Placement libre",
      queueTitle: "File d'attente", join: "Entrer dans la file", position: "Votre position",
      ahead: "Devant vous", wait: "Attente estimée", admitted: "C'est à vous ! Vous pouvez choisir vos places.",
      queueNotOpen: "La file n'est pas encore ouverte.", queueOff: "Pas de file d'attente : accès direct.",
      queueSoldOut: "Tout est vendu.", queueUpdates: "Cette page se met à jour toute seule.",
      needQueue: "Cette séance se vend par une file d'attente.", goQueue: "Rejoindre la file",
      minutes: "{0} min", seconds: "{0} s", waitlist: "Liste d'attente", waitlistHelp: "Inscrivez-vous : si des places se libèrent, elles vous seront proposées dans l'ordre d'inscription.",
      signUp: "M'inscrire", signedUp: "Inscription enregistrée. Confirmez-la avec le lien reçu par e-mail.",
      error: "Erreur", retry: "Réessayer", back: "Retour", controlRoom: "Salle de contrôle",
      adminKey: "Clé d'administration", enter: "Entrer", forgetKey: "Oublier la clé", onSale: "Mise en vente",
      onSaleId: "Identifiant de la mise en vente", show: "Afficher", queueLength: "File d'attente",
      admittedPerMinute: "Admis / min", setRate: "Débit fixé", activeShoppers: "Acheteurs actifs",
      holds: "Places réservées", sold: "Places vendues", salesPerMinute: "Ventes / min", revenue: "Recette",
      changeRate: "Changer le débit (par minute)", save: "Enregistrer", saved: "Enregistré.",
      heatMap: "États des places", checkin: "Contrôle d'accès", checkedIn: "{0} entrés sur {1}",
      phase: "Phase", pos: "Point de vente", enabled: "File active", history: "Dernières minutes",
      keyKept: "La clé est gardée dans cet onglet seulement."
    },
    en: {
      skip: "Skip to content", brand: "Box office", catalogue: "What's on", cart: "Cart",
      loading: "Loading…", showcase: "Featured", events: "All shows",
      noEvents: "Nothing on sale here yet.", performances: "Performances", choose: "Choose",
      onSaleFrom: "On sale from {0}", categories: "Categories and prices", available: "{0} free",
      soldOut: "Sold out", quantity: "Quantity", tariff: "Price", holdBest: "Hold the best seats",
      hold: "Add to cart", seatMap: "Seat map", legendFree: "Free", legendHeld: "Held",
      legendSold: "Sold", legendBlocked: "Blocked", legendMine: "In my cart", legendStranded: "Isolated seat",
      mapSummary: "Seat map: {0} seats, {1} free.", pickHelp: "Click free seats to choose them, then add them to the cart.",
      pickedSeats: "Chosen seats: {0}", swapHelp: "To change a seat: click one of your seats, then a free seat.",
      swapFrom: "Seat {0} selected: choose a free seat.", swapped: "Seat changed.",
      bestChoice: "The server chose for you: {0}", seatByKeyboard: "Seat (id)",
      pickSeat: "Choose this seat", zoomIn: "Zoom in", zoomOut: "Zoom out", cartEmpty: "Your cart is empty.",
      expiresIn: "Your seats are kept for another {0}", expired: "Time is up: your seats went back on sale.",
      remove: "Remove", lines: "Tickets", fees: "Fees", discounts: "Discounts", total: "Total",
      delivery: "Delivery", promo: "Promo or advantage code", apply: "Apply",
      checkout: "Checkout", guest: "As a guest", account: "With my account", email: "E-mail",
      password: "Password", firstName: "First name", lastName: "Last name", login: "Log in",
      loggedIn: "Logged in: {0}", pay: "Pay {0}", toPayment: "Going to payment…",
      order: "Order {0}", status_PAID: "Paid", status_PENDING_PAYMENT: "Awaiting payment",
      status_RESERVED: "Reserved", status_CANCELLED: "Cancelled", status_EXPIRED: "Expired",
      tickets: "Your tickets", ticketPdf: "Download the ticket (PDF)", allPdf: "All tickets (PDF)",
      qrAlt: "Code of ticket {0}", place: "Seat {0}, row {1}, {2}", standing: "Standing",
      queueTitle: "Waiting room", join: "Join the queue", position: "Your position",
      ahead: "Ahead of you", wait: "Estimated wait", admitted: "Your turn! You may choose your seats.",
      queueNotOpen: "The queue is not open yet.", queueOff: "No waiting room: straight in.",
      queueSoldOut: "Everything is sold.", queueUpdates: "This page updates itself.",
      needQueue: "This performance is sold through a waiting room.", goQueue: "Join the queue",
      minutes: "{0} min", seconds: "{0} s", waitlist: "Waiting list", waitlistHelp: "Sign up: seats that come back are offered in sign-up order.",
      signUp: "Sign me up", signedUp: "Signed up. Confirm it with the link we e-mailed you.",
      error: "Error", retry: "Retry", back: "Back", controlRoom: "Control room",
      adminKey: "Admin key", enter: "Enter", forgetKey: "Forget the key", onSale: "On-sale",
      onSaleId: "On-sale id", show: "Show", queueLength: "Queue",
      admittedPerMinute: "Admitted / min", setRate: "Set rate", activeShoppers: "Active shoppers",
      holds: "Seats held", sold: "Seats sold", salesPerMinute: "Sales / min", revenue: "Revenue",
      changeRate: "Change the rate (per minute)", save: "Save", saved: "Saved.",
      heatMap: "Seat states", checkin: "Doors", checkedIn: "{0} in of {1}",
      phase: "Phase", pos: "Point of sale", enabled: "Queue on", history: "Last minutes",
      keyKept: "The key is kept in this tab only."
    }
  };
  let lang = sessionStorage.getItem("lang") ||
    ((navigator.language || "fr").startsWith("en") ? "en" : "fr");

  function t(key, ...args) {
    const text = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.fr[key] || key;
    return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
  }

  function setLang(l, rerender) {
    lang = l;
    sessionStorage.setItem("lang", l);
    applyTexts();
    rerender();
  }

  function applyTexts() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(e => { e.textContent = t(e.dataset.i18n); });
    const button = document.getElementById("lang");
    if (button) {
      button.textContent = lang === "fr" ? "EN" : "FR";
      button.setAttribute("aria-label", lang === "fr" ? "English" : "Français");
    }
  }

  /** A call to the API; resolves with the JSON answer (or null), rejects with the problem. */
  async function api(method, path, { body, headers = {}, raw = false } = {}) {
    const init = { method, headers: { Accept: "application/json, application/problem+json", ...headers } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw { title: t("error"), detail: String(e.message || e), status: 0 };
    }
    if (!response.ok) {
      let problem = { title: response.statusText || t("error"), status: response.status };
      if ((response.headers.get("Content-Type") || "").includes("json")) {
        try { problem = await response.json(); } catch (ignored) { /* keep the status line */ }
      }
      throw problem;
    }
    if (raw) return response;
    return response.status === 204 ? null : response.json();
  }

  /** Shows a problem: its title and detail only (never a stack). */
  function showProblem(problem) {
    const box = document.getElementById("alert");
    box.replaceChildren(el("strong", {}, problem.title || t("error")),
      problem.detail ? el("span", {}, " " + problem.detail) : "");
    box.hidden = false;
    box.dataset.type = (problem.type || "").split("/").pop();
  }

  function clearProblem() {
    const box = document.getElementById("alert");
    box.hidden = true;
    box.replaceChildren();
  }

  function announce(text) {
    document.getElementById("status").textContent = text;
  }

  function money(minor, currency) {
    return new Intl.NumberFormat(lang, { style: "currency", currency: currency || "EUR" }).format(minor / 100);
  }

  function date(iso) {
    return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short" }).format(new Date(iso));
  }

  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return t("seconds", s);
    const m = Math.floor(s / 60);
    return s < 600 ? `${m}:${String(s % 60).padStart(2, "0")}` : t("minutes", m);
  }

  /** An element: el("p", {class: "x", onclick: f}, child, "text", ...). */
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c !== undefined && c !== null && c !== "") e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  function field(label, input) {
    const id = input.id || ("f-" + Math.random().toString(36).slice(2, 8));
    input.id = id;
    return el("div", { class: "field" }, el("label", { for: id }, label), input);
  }

  function uuid() {
    return crypto.randomUUID ? crypto.randomUUID() :
      "10000000-1000-4000-8000-100000000000".replace(/[018]/g, c =>
        (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));
  }

  return { t, setLang, applyTexts, api, showProblem, clearProblem, announce, money, date, duration,
    el, field, uuid, get lang() { return lang; } };
})();
