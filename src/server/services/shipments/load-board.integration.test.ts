// The load board's filters, sorts and pages against a real database. Tests share the database with other files
// that post loads around the Midwest, so each test posts its loads around a place of its own, far from the others,
// and fences every query with a radius around it.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment, createUser } from "../../../../prisma/factories";
import { Prisma } from "~/generated/prisma/client";
import type { VehicleType } from "~/generated/prisma/enums";
import type { TLatLng } from "~/lib/geo";
import type { TLoadBoardFormInput } from "~/lib/schemas/load-board";
import { db } from "~/server/db";
import { usStateAt } from "~/server/services/places/us-state-at";
import { loadBoardSql } from "./load-board";
import { PICKUP_WINDOW_ENDED_MESSAGE } from "./lifecycle";

const hour = 3600_000;

type TLoadOptions = {
  pickup: TLatLng;
  dropoff?: TLatLng;
  payoutCents?: number;
  distanceKm?: number;
  /** Hours from now to the start of a 4-hour pick-up window. */
  pickupInHours?: number;
  vehicleType?: VehicleType;
};

/** A POSTED load at exact points, with its region derived as the services derive it. */
async function postLoad(shipperId: string, o: TLoadOptions) {
  const { shipment } = await makeShipment(db, { shipperId, status: "POSTED", vehicleType: o.vehicleType ?? "VAN" });
  const dropoff = o.dropoff ?? { lat: o.pickup.lat + 1, lng: o.pickup.lng };
  const start = new Date(Date.now() + (o.pickupInHours ?? 6) * hour);
  return db.shipment.update({
    where: { id: shipment.id },
    data: {
      pickupLat: o.pickup.lat,
      pickupLng: o.pickup.lng,
      dropoffLat: dropoff.lat,
      dropoffLng: dropoff.lng,
      dropoffRegion: usStateAt(dropoff),
      driverPayoutCents: o.payoutCents ?? 50_000,
      distanceKm: o.distanceKm ?? 300,
      pickupWindowStart: start,
      pickupWindowEnd: new Date(start.getTime() + 4 * hour),
      dropoffWindowStart: new Date(start.getTime() + 10 * hour),
      dropoffWindowEnd: new Date(start.getTime() + 14 * hour),
    },
  });
}

async function setUp() {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
  return { shipperId: shipper.id, board: driver.caller.driver.loadBoard, accept: driver.caller.driver.accept };
}

// Central Wyoming: no other test posts loads within a few hundred km of it.
const WYOMING = { lat: 43.0, lng: -107.5 };
/** Loads within 400 km of `centre`, deadheads measured from it too. */
const fenceAt = (centre: TLatLng) => ({ near: centre, position: centre, withinMetres: 400_000 });
const offset = (p: TLatLng, dLat: number, dLng = 0) => ({ lat: p.lat + dLat, lng: p.lng + dLng });
const ids = (page: { loads: { id: string }[] }) => page.loads.map((l) => l.id);

describe("load board: distance", () => {
  it("ranks a load 10 km away across the 180° meridian first, with its deadhead in metres", async () => {
    const { shipperId, board } = await setUp();
    const driverAt = { lat: -16.8, lng: 179.95 }; // Fiji, just west of the date line
    const across = await postLoad(shipperId, { pickup: { lat: -16.8, lng: -179.96 } }); // ~9.6 km east, across
    const sameSide = await postLoad(shipperId, { pickup: { lat: -16.8, lng: 179.6 } }); // ~37 km west
    const page = await board({ position: driverAt, near: driverAt, withinMetres: 100_000 });
    expect(page.sort).toBe("distance");
    expect(ids(page)).toEqual([across.id, sameSide.id]);
    expect(page.loads[0]!.deadheadMetres).toBe(10_000);
    expect(page.loads[1]!.deadheadMetres).toBe(37_000);

    const within20km = await board({ position: driverAt, withinMetres: 20_000 });
    expect(ids(within20km)).toEqual([across.id]);
  });

  it("filters by radius around a chosen place while the deadhead stays from the driver", async () => {
    const { shipperId, board } = await setUp();
    const near = await postLoad(shipperId, { pickup: { lat: 43.05, lng: -107.5 } }); // 5.6 km north of the centre
    const mid = await postLoad(shipperId, { pickup: { lat: 43.5, lng: -107.5 } }); // 55.6 km
    const far = await postLoad(shipperId, { pickup: { lat: 45.0, lng: -107.5 } }); // 222 km
    const driverAt = { lat: 41.14, lng: -104.82 }; // Cheyenne
    const page = await board({ position: driverAt, near: WYOMING, withinMetres: 60_000 });
    expect(ids(page)).toEqual([near.id, mid.id]);
    expect(page.loads[0]!.deadheadMetres).toBeGreaterThan(280_000); // Cheyenne to central Wyoming

    const wider = await board({ position: driverAt, near: WYOMING, withinMetres: 250_000 });
    expect(ids(wider)).toEqual([near.id, mid.id, far.id]);
  });

  it("refuses a radius with no place and no known driver position, naming the field", async () => {
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
    await db.driverProfile.update({ where: { userId: driver.user.id }, data: { baseLat: null, baseLng: null } });
    await expect(driver.caller.driver.loadBoard({ withinMetres: 50_000 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { fieldErrors: { withinMetres: [expect.stringMatching(/Choose a place/)] } },
    });
    // Without a point to measure from, "distance" falls back to pick-up time and no deadhead is given.
    const page = await driver.caller.driver.loadBoard({ sort: "distance", limit: 5 });
    expect(page).toMatchObject({ origin: "none", sort: "pickup" });
    for (const load of page.loads) expect(load.deadheadMetres).toBeNull();
  });

  it("uses the GiST index to rank by distance and to find the loads in a radius", async () => {
    const sql = loadBoardSql({
      carriable: ["VAN", "BOX_TRUCK", "SEMI"],
      capacityKg: 20_000,
      origin: WYOMING,
      centre: WYOMING,
      after: undefined,
      sort: "distance",
      limit: 20,
      withinMetres: 300_000,
    });
    const plan = await db.$transaction(async (tx) => {
      // Tables here are small, where a sequential scan is cheapest; the benchmark shows the planner's own choice
      // at 25,000 open loads. This proves the query's expressions match the partial index's.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${sql}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index Scan using "?Shipment_open_pickup_earth_idx"?/);
    expect(plan).toMatch(/Order By: \(\(?ll_to_earth/);
    expect(plan).toMatch(/Index Cond: .*<@/);
  });
});

describe("load board: filters", () => {
  it("by destination state and by Census region, derived from the drop-off's coordinates", async () => {
    const { shipperId, board } = await setUp();
    const OUTBACK = { lat: -30, lng: 135 };
    const fence = fenceAt(OUTBACK);
    const toDenver = await postLoad(shipperId, { pickup: OUTBACK, dropoff: { lat: 39.74, lng: -104.99 } }); // CO
    const toOmaha = await postLoad(shipperId, { pickup: OUTBACK, dropoff: { lat: 41.26, lng: -95.94 } }); // NE
    const toDallas = await postLoad(shipperId, { pickup: OUTBACK, dropoff: { lat: 32.78, lng: -96.8 } }); // TX
    const toCalgary = await postLoad(shipperId, { pickup: OUTBACK, dropoff: { lat: 51.05, lng: -114.07 } }); // Canada

    const co = await board({ ...fence, destination: "CO" });
    expect(ids(co)).toEqual([toDenver.id]);
    expect(co.loads[0]!.dropoffRegion).toBe("CO");
    expect(ids(await board({ ...fence, destination: "region:midwest" }))).toEqual([toOmaha.id]);
    expect(ids(await board({ ...fence, destination: "region:south" }))).toEqual([toDallas.id]);
    expect(ids(await board({ ...fence, destination: "region:west" }))).toEqual([toDenver.id]);
    const all = await board(fence);
    expect(ids(all)).toEqual(expect.arrayContaining([toDenver.id, toOmaha.id, toDallas.id, toCalgary.id]));
    expect(all.loads.find((l) => l.id === toCalgary.id)?.dropoffRegion).toBeNull();
  });

  it("by pick-up date range (windows that overlap it)", async () => {
    const { shipperId, board } = await setUp();
    const KALAHARI = { lat: -24, lng: 21 };
    const fence = fenceAt(KALAHARI);
    const soon = await postLoad(shipperId, { pickup: KALAHARI, pickupInHours: 2 }); // window +2 h … +6 h
    const tomorrow = await postLoad(shipperId, { pickup: KALAHARI, pickupInHours: 26 }); // +26 h … +30 h
    const nextWeek = await postLoad(shipperId, { pickup: KALAHARI, pickupInHours: 170 });
    const at = (h: number) => new Date(Date.now() + h * hour);
    expect(ids(await board({ ...fence, sort: "pickup", pickupFrom: at(0), pickupTo: at(24) }))).toEqual([soon.id]);
    expect(ids(await board({ ...fence, sort: "pickup", pickupFrom: at(5), pickupTo: at(48) }))).toEqual([
      soon.id,
      tomorrow.id,
    ]);
    expect(ids(await board({ ...fence, sort: "pickup", pickupFrom: at(100) }))).toEqual([nextWeek.id]);
    await expect(board({ ...fence, pickupFrom: at(48), pickupTo: at(24) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("by minimum rate per mile, in cents, computed from the whole-km trip", async () => {
    const { shipperId, board } = await setUp();
    const SAHARA = { lat: 23, lng: 10 };
    const fence = fenceAt(SAHARA);
    // $1,000.00 over 1,609 km (999.8 miles): 100 cents per mile. $1,000.00 over 805 km (500.2 miles): 200.
    const cheap = await postLoad(shipperId, { pickup: SAHARA, payoutCents: 100_000, distanceKm: 1609.344 });
    const rich = await postLoad(shipperId, { pickup: SAHARA, payoutCents: 100_000, distanceKm: 804.67 });
    const page = await board({ ...fence, sort: "rate" });
    expect(page.loads.find((l) => l.id === cheap.id)).toMatchObject({ ratePerMileCents: 100, loadedMetres: 1_609_000 });
    expect(page.loads.find((l) => l.id === rich.id)).toMatchObject({ ratePerMileCents: 200, loadedMetres: 805_000 });
    expect(ids(await board({ ...fence, minRateCentsPerMile: 150 }))).toEqual([rich.id]);
    expect(ids(await board({ ...fence, minRateCentsPerMile: 100, sort: "rate" }))).toEqual([rich.id, cheap.id]);
    await expect(board({ ...fence, minRateCentsPerMile: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("by vehicle type, among those the driver's vehicle can carry", async () => {
    const { shipperId, board } = await setUp(); // a semi: carries van, box truck and semi loads
    const SIBERIA = { lat: 62, lng: 100 };
    const fence = fenceAt(SIBERIA);
    const van = await postLoad(shipperId, { pickup: SIBERIA, vehicleType: "VAN" });
    const semi = await postLoad(shipperId, { pickup: SIBERIA, vehicleType: "SEMI" });
    const reefer = await postLoad(shipperId, { pickup: SIBERIA, vehicleType: "REEFER" });
    expect(ids(await board({ ...fence, vehicleType: "SEMI" }))).toEqual([semi.id]);
    expect(ids(await board({ ...fence, vehicleType: "VAN" }))).toEqual([van.id]);
    expect(ids(await board({ ...fence, vehicleType: "REEFER" }))).toEqual([]);
    expect(ids(await board(fence))).not.toContain(reefer.id);
  });

  it("refuses malformed filters with field messages", async () => {
    const { board } = await setUp();
    const fence = fenceAt(WYOMING);
    const bad: unknown[] = [
      { destination: "XX" },
      { withinMetres: 10 },
      { withinMetres: 1.5 },
      { sort: "cheapest" },
      { near: { lat: 91, lng: 0 } },
      { pickupFrom: "tomorrow" },
      { cursor: "not a cursor!" },
    ];
    for (const input of bad) {
      await expect(board(input as TLoadBoardFormInput)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(board({ ...fence, cursor: "s000000000000000000000000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { fieldErrors: { cursor: [expect.any(String)] } },
    });
    // A draft's id is no cursor: its rank would tell where a load no driver may see is.
    const shipper = await createUser(db, { role: "SHIPPER" });
    const { shipment: draft } = await makeShipment(db, { shipperId: shipper.id, status: "DRAFT" });
    await expect(board({ ...fence, cursor: draft.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("load board: sorting and pages", () => {
  it("sorts by distance, by rate per mile and by pick-up time, and pages each without gaps or repeats", async () => {
    const { shipperId, board } = await setUp();
    const ATLANTIC = { lat: 40, lng: -40 };
    const fence = fenceAt(ATLANTIC);
    const loads = [];
    // Five loads at one dock (equal distances: the tie-break must hold across pages) and four spread out.
    for (let i = 0; i < 5; i++) {
      loads.push(
        await postLoad(shipperId, {
          pickup: offset(ATLANTIC, 0.1),
          payoutCents: 40_000 + i * 1_000,
          pickupInHours: 3 + i,
        }),
      );
    }
    for (let i = 0; i < 4; i++) {
      loads.push(
        await postLoad(shipperId, {
          pickup: offset(ATLANTIC, 0.3 + i * 0.2, 0.1),
          payoutCents: 30_000 + i * 7_000,
          pickupInHours: 1 + i * 3,
        }),
      );
    }
    const byId = new Map(loads.map((l) => [l.id, l]));

    for (const sort of ["distance", "rate", "pickup"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof board>> = await board({ ...fence, sort, limit: 2, cursor });
        seen.push(...ids(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(loads.length);
      expect([...seen].sort()).toEqual(loads.map((l) => l.id).sort());

      const whole = await board({ ...fence, sort, limit: 50 });
      expect(ids(whole)).toEqual(seen);
      const ranks = whole.loads.map((l) =>
        sort === "distance"
          ? l.deadheadMetres!
          : sort === "rate"
            ? -l.ratePerMileCents
            : byId.get(l.id)!.pickupWindowStart.getTime(),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      if (sort === "distance") {
        // The five at one dock are nearest, newest posted first (then by id).
        const atDock = loads
          .slice(0, 5)
          .sort((a, b) => b.postedAt!.getTime() - a.postedAt!.getTime() || (a.id < b.id ? -1 : 1));
        expect(ids(whole).slice(0, 5)).toEqual(atDock.map((l) => l.id));
      }
    }
  });

  it("keeps its place when a load is posted or taken between pages", async () => {
    const { shipperId, board } = await setUp();
    const PATAGONIA = { lat: -45, lng: -70 };
    const fence = fenceAt(PATAGONIA);
    const posted = [];
    for (let i = 0; i < 4; i++) posted.push(await postLoad(shipperId, { pickup: offset(PATAGONIA, 0.2 + i * 0.1) }));
    const first = await board({ ...fence, limit: 2 });
    expect(ids(first)).toEqual([posted[0]!.id, posted[1]!.id]);
    // A nearer load arrives and the last load of the page is taken: the next page neither repeats nor skips.
    await postLoad(shipperId, { pickup: PATAGONIA });
    await db.shipment.update({ where: { id: posted[1]!.id }, data: { status: "CANCELLED" } });
    const second = await board({ ...fence, limit: 2, cursor: first.nextCursor });
    expect(ids(second)).toEqual([posted[2]!.id, posted[3]!.id]);
    expect(second.nextCursor).toBeNull();
  });

  it("gives the same whole-km deadhead for every exact pick-up in one 0.01° cell, from any position", async () => {
    const { shipperId, board } = await setUp();
    const NUNAVUT = { lat: 70.51, lng: -95.0 };
    const inCell = [{ lat: 70.5051, lng: -95.0049 }, { lat: 70.5149, lng: -94.9951 }, NUNAVUT];
    const posted: string[] = [];
    for (const pickup of inCell) posted.push((await postLoad(shipperId, { pickup })).id);
    for (const position of [NUNAVUT, { lat: 70.53, lng: -95.07 }, { lat: 69.1, lng: -105.06 }]) {
      const page = await board({ ...fenceAt(NUNAVUT), position });
      const deadheads = new Set(page.loads.filter((l) => posted.includes(l.id)).map((l) => l.deadheadMetres));
      expect(page.loads).toHaveLength(3);
      expect(deadheads.size).toBe(1);
      expect([...deadheads][0]! % 1000).toBe(0);
    }
  });

  it("each card carries the drop-off window and no address, person or coordinate", async () => {
    const { shipperId, board } = await setUp();
    const GREENLAND = { lat: 70, lng: -40 };
    const load = await postLoad(shipperId, { pickup: { lat: 70.01234, lng: -40.56789 } });
    const card = (await board(fenceAt(GREENLAND))).loads.find((l) => l.id === load.id);
    expect(card).toMatchObject({
      dropoffWindowStart: load.dropoffWindowStart,
      dropoffWindowEnd: load.dropoffWindowEnd,
      pickupWindowEnd: load.pickupWindowEnd,
      currency: "USD",
    });
    expect(JSON.stringify(card)).not.toMatch(/70\.012|40\.567|Recipient|Wacker|\+1/);
  });
});

describe("load board: past pick-up windows", () => {
  it("a posted load whose pick-up window has ended leaves the board and cannot be accepted", async () => {
    const { shipperId, board, accept } = await setUp();
    const SAHEL = { lat: 14, lng: -5 };
    const live = await postLoad(shipperId, { pickup: SAHEL, pickupInHours: 1 });
    const ended = await postLoad(shipperId, { pickup: SAHEL, pickupInHours: -5 }); // window ended an hour ago
    const page = await board(fenceAt(SAHEL));
    expect(ids(page)).toContain(live.id);
    expect(ids(page)).not.toContain(ended.id);

    await expect(accept({ id: ended.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: PICKUP_WINDOW_ENDED_MESSAGE,
    });
    const row = await db.shipment.findUniqueOrThrow({ where: { id: ended.id } });
    expect(row).toMatchObject({ status: "POSTED", driverId: null });
    await expect(accept({ id: live.id })).resolves.toMatchObject({ status: "ASSIGNED" });
  });
});
