// A shop written against the TypeScript client generated from Guichet's contract
// (openapi-generator's typescript-fetch), compiled with strict TypeScript: the organizer sets up a
// catalogue through the typed back office, a guest buys through the shop (best seats, a swap,
// checkout, the provider's payment page, tickets), a visitor waits in the waiting room, and
// refusals are read as typed problems. Any answer that does not fit the client fails the journey.
// Usage: node journey.js <base URL> <admin key>
import { randomUUID } from "node:crypto";
import {
  AdminApi,
  CartsApi,
  CatalogueApi,
  ChannelType,
  Configuration,
  DeliveryMode,
  Order,
  OrdersApi,
  OrderStatus,
  Problem,
  ProblemFromJSON,
  QueuePlaceStateEnum,
  ResponseError,
  Seat,
  SeatMapDocument,
  SeatSearchMode,
  TicketsApi,
  WaitingRoomApi,
} from "../../../target/generated-clients/typescript";

/** The credentials a shop holds for one buyer: the client sends those the operation declares. */
class Credentials {
  readonly keys: Record<string, string> = {};
  session = "";
  admin = "";

  configuration(base: string): Configuration {
    return new Configuration({
      basePath: base,
      // a key the buyer does not hold is undefined, and the client leaves its header out
      apiKey: (name: string) => this.keys[name],
      accessToken: (name?: string) => (name === "adminKey" ? this.admin : this.session),
    });
  }
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error("journey: " + what);
  }
}

/** The problem a refusal carries, read through the generated type. */
async function refusal(call: () => Promise<unknown>): Promise<Problem> {
  try {
    await call();
  } catch (e: unknown) {
    if (e instanceof ResponseError) {
      check(
        e.response.headers.get("content-type") === "application/problem+json",
        "a refusal is a problem",
      );
      return ProblemFromJSON(await e.response.json());
    }
    throw e;
  }
  throw new Error("journey: the call was not refused");
}

function hall(): SeatMapDocument {
  const seats: Seat[] = [];
  for (let row = 1; row <= 2; row++) {
    for (let pos = 1; pos <= 8; pos++) {
      seats.push({
        id: `R${row}-${pos}`,
        section: "MAIN",
        row: `R${row}`,
        pos,
        x: pos * 2,
        y: row * 3,
        rank: row * 10 + Math.abs(2 * pos - 9),
        category: row === 1 ? "A" : "B",
      });
    }
  }
  return {
    name: "Small hall",
    categories: [
      { code: "A", name: "Front" },
      { code: "B", name: "Back" },
    ],
    sections: [{ id: "MAIN", name: "Main" }],
    seats,
  };
}

/** What the buyer's browser does with the payment form: the provider's page, then back. */
async function pay(order: Order): Promise<void> {
  check(order.payment !== undefined, "a card payment is due");
  const form = new URLSearchParams({ ...order.payment!.fields, SIM_DECISION: "accept" });
  const provider = await fetch(order.payment!.url, { method: "POST", body: form, redirect: "manual" });
  check(provider.status >= 300 && provider.status < 400, `the provider redirects (${provider.status})`);
  const back = await fetch(provider.headers.get("location")!, { redirect: "manual" });
  check(back.status < 400, `the return page answers (${back.status})`);
}

async function main(): Promise<void> {
  const [base, adminKey] = process.argv.slice(2);
  if (!base || !adminKey) {
    throw new Error("usage: node journey.js <base URL> <admin key>");
  }
  const suffix = randomUUID().slice(0, 8);

  // The organizer's catalogue, through the typed back office.
  const organizer = new Credentials();
  organizer.admin = adminKey;
  const admin = new AdminApi(organizer.configuration(base));
  const org = await admin.createOrganizer({ newOrganizer: { name: `TS ${suffix}`, currency: "EUR" } });
  const tariff = await admin.createTariff({
    organizerId: org.id,
    newTariff: { code: "FULL", name: "Full price" },
  });
  const venue = await admin.createVenue({
    newVenue: { organizerId: org.id, name: `Hall ${suffix}`, city: "Nantes" },
  });
  const seatMap = await admin.importSeatMap({ venueId: venue.id, seatMapDocument: hall() });
  const event = await admin.createEvent({ newEvent: { organizerId: org.id, name: `Show ${suffix}` } });
  const channel = await admin.createChannel({
    newChannel: {
      organizerId: org.id,
      name: `Web ${suffix}`,
      type: ChannelType.Public,
      seatSearchMode: SeatSearchMode.BestAvailableEditable,
      holdTimeoutSeconds: 600,
      isolatedSeatTrigger: 10,
      maxPerPerformance: 6,
      perTicketFee: 100,
      feeCap: 500,
      deliveryModes: [{ mode: DeliveryMode.ETicket }],
    },
  });
  const pos = `ts-${suffix}`;
  await admin.createPointOfSale({
    newPointOfSale: { channelId: channel.id, code: pos, name: `Shop ${suffix}`, settings: { guestCheckout: true } },
  });
  const now = Date.now();
  const hour = 3600_000;
  const performance = async (): Promise<string> => {
    const p = await admin.createPerformance({
      newPerformance: {
        eventId: event.id,
        seatMapId: seatMap.id,
        startsAt: new Date(Math.floor((now + 20 * 24 * hour) / 1000) * 1000),
        prices: [
          { category: "A", tariffId: tariff.id, amount: 4500 },
          { category: "B", tariffId: tariff.id, amount: 2500 },
        ],
      },
    });
    await admin.createOnSaleWindow({
      performanceId: p.id,
      newOnSaleWindow: { channelId: channel.id, opensAt: new Date(now - hour), closesAt: new Date(now + 9 * 24 * hour) },
    });
    return p.id;
  };
  const performanceId = await performance();
  const queuedPerformanceId = await performance();
  const onSale = await admin.createOnSale({
    organizerId: org.id,
    newOnSale: {
      name: `On-sale ${suffix}`,
      performanceIds: new Set([queuedPerformanceId]),
      queueOpensAt: new Date(now - 5 * 60_000),
      saleStartsAt: new Date(now - 60_000),
      admissionPerMinute: 600,
      maxActiveShoppers: 50,
    },
  });

  // A guest: the catalogue, the best two seats, a swap, checkout, payment, tickets.
  const guest = new Credentials();
  const catalogue = new CatalogueApi(guest.configuration(base));
  const carts = new CartsApi(guest.configuration(base));
  const orders = new OrdersApi(guest.configuration(base));
  const tickets = new TicketsApi(guest.configuration(base));

  const events = await catalogue.listEvents({ pos, size: 100 });
  check(events.items.some((e) => e.id === event.id), "the event is listed");
  const map = await catalogue.getPerformanceSeatMap({ performanceId, pos });
  check(map.seatCount === 16, `the seat map has 16 seats (${map.seatCount})`);

  const cart = await carts.createCart({ pos });
  guest.keys["X-Cart-Secret"] = cart.secret;
  const held = await carts.addCartItem({
    cartId: cart.id,
    pos,
    newCartItem: { performanceId, quantities: [{ category: "A", tariffId: tariff.id, quantity: 2 }] },
  });
  const heldIds = (held.seats ?? []).map((s) => s.id).sort();
  check(heldIds.join() === "R1-4,R1-5", `the best two seats are held (${heldIds})`);
  const moved = await carts.swapCartItemSeats({
    cartId: cart.id,
    itemId: held.id,
    pos,
    seatSwaps: { swap: [{ from: "R1-5", to: "R1-3" }] },
  });
  const movedIds = (moved.seats ?? []).map((s) => s.id).sort();
  check(movedIds.join() === "R1-3,R1-4", `the swap moved a seat (${movedIds})`);

  const key = randomUUID();
  const checkout = {
    cartId: cart.id,
    idempotencyKey: key,
    pos,
    checkoutRequest: {
      deliveryMode: DeliveryMode.ETicket,
      buyer: { email: "ada@example.org", firstName: "Ada", lastName: "Lovelace" },
    },
  };
  const order = await orders.checkoutCart(checkout);
  check(order.status === OrderStatus.PendingPayment, `the order awaits payment (${order.status})`);
  check(order.total === 2 * 4500 + 2 * 100, `the total is priced (${order.total})`);
  const replayed = await orders.checkoutCart(checkout);
  check(replayed.id === order.id && replayed.replayed === true, "a retried checkout finds its order");

  await pay(order);
  guest.keys["X-Order-Secret"] = order.secret!;
  const paid = await orders.getOrder({ orderId: order.id, pos });
  check(paid.status === OrderStatus.Paid, `the order is paid (${paid.status})`);
  check((paid.tickets ?? []).length === 2, "two tickets");
  const ticket = await tickets.getTicket({ ticketId: paid.tickets![0]!.id, pos });
  check(ticket.orderId === order.id && ticket.price === 4500, "the ticket is the order's");
  const pdf = await tickets.getTicketPdf({ ticketId: ticket.id, pos });
  check(pdf.size > 0, "the ticket's PDF");

  // Refusals are typed problems.
  const badQuantity = await refusal(() =>
    carts.addCartItem({
      cartId: cart.id,
      pos,
      newCartItem: { performanceId, quantities: [{ category: "B", tariffId: tariff.id, quantity: 0 }] },
    }),
  );
  check(badQuantity.status === 400 && badQuantity.type.endsWith("/bad-request"), "a bad quantity is a bad request");
  check((badQuantity.violations ?? []).length > 0, "the bad request names its violations");
  const reused = await refusal(() =>
    orders.checkoutCart({
      ...checkout,
      checkoutRequest: { ...checkout.checkoutRequest, buyer: { email: "x@example.org", firstName: "X", lastName: "Y" } },
    }),
  );
  check(reused.status === 422 && reused.type.endsWith("/idempotency-key-reused"), "a key is not reused");
  guest.keys["X-Cart-Secret"] = "not-the-secret";
  const unknown = await refusal(() => carts.getCart({ cartId: cart.id, pos }));
  check(unknown.status === 404 && unknown.type.endsWith("/not-found"), "a wrong secret is an unknown cart");

  // A visitor in the waiting room: joins, polls until admitted, holds with the access token.
  const visitor = new Credentials();
  const room = new WaitingRoomApi(visitor.configuration(base));
  const visitorCarts = new CartsApi(visitor.configuration(base));
  const joined = await room.joinQueue({ onSaleId: onSale.id });
  visitor.keys["X-Queue-Ticket"] = joined.queueTicket!;
  let place = joined;
  const until = Date.now() + 20_000;
  while (place.state !== QueuePlaceStateEnum.Admitted && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    place = await room.getQueuePlace({ onSaleId: onSale.id, visitorId: joined.visitorId });
  }
  check(place.state === QueuePlaceStateEnum.Admitted, `admitted (${place.state})`);
  const queuedCart = await visitorCarts.createCart({ pos });
  visitor.keys["X-Cart-Secret"] = queuedCart.secret;
  const wanted = {
    cartId: queuedCart.id,
    pos,
    xVisitorId: joined.visitorId,
    newCartItem: {
      performanceId: queuedPerformanceId,
      quantities: [{ category: "B", tariffId: tariff.id, quantity: 2 }],
    },
  };
  const noAccess = await refusal(() => visitorCarts.addCartItem(wanted));
  check(noAccess.status === 403 && noAccess.type.endsWith("/access-refused"), "no hold without access");
  visitor.keys["X-Access-Token"] = place.accessToken!;
  const queuedHold = await visitorCarts.addCartItem(wanted);
  check((queuedHold.seats ?? []).length === 2, "the admitted visitor holds two seats");

  console.log("journey done");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
