// tracking.positions and tracking.positionsByToken through tRPC callers: who may read a trail, and the paging a
// client uses to catch up after a dropped connection.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";

import { createShipment } from "../../../../prisma/factories";
import { anonymous, signedIn } from "../../../../scripts/test/helpers";
import { publicEta } from "~/lib/stop-privacy";
import { db } from "~/server/db";

type TSigned = Awaited<ReturnType<typeof signedIn>>;
let owner: TSigned;
let driver: TSigned;
let admin: TSigned;
let otherShipper: TSigned;
let otherDriver: TSigned;

const T0 = Date.now() - 3600_000;
let trails = 0;

/** A shipment with 7 fixes 10 s apart (`at`, epoch ms), each trail shifted so the driver's ping times stay unique. */
async function jobWithTrail(status: "IN_TRANSIT" | "DELIVERED" = "IN_TRANSIT") {
  const created = await createShipment(db, { shipperId: owner.user.id, driverId: driver.user.id, status });
  const offset = trails++ * 100;
  const at = [0, 1, 2, 3, 4, 5, 6].map((i) => T0 + i * 10_000 + offset);
  // Written in shuffled order: the read orders by time, not by insertion.
  for (const i of [3, 0, 6, 1, 5, 2, 4]) {
    await db.locationPing.create({
      data: {
        shipmentId: created.shipment.id,
        driverId: driver.user.id,
        lat: 42 + i / 100,
        lng: -87.9,
        speedKmh: i === 0 ? null : 55,
        headingDeg: null,
        recordedAt: new Date(at[i]!),
      },
    });
  }
  // Picked up before the trail starts (the factory dates its history from now on): the public link shows fixes
  // from pick-up only.
  await db.shipment.update({
    where: { id: created.shipment.id },
    data: {
      lastPositionAt: new Date(at.at(-1)!),
      etaAt: new Date(T0 + 7200_000),
      pickedUpAt: new Date(T0 - 60_000),
      lastLat: 42.06,
      lastLng: -87.9,
    },
  });
  return { ...created, at };
}

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : e);

beforeAll(async () => {
  [owner, driver, admin, otherShipper, otherDriver] = await Promise.all([
    signedIn({ role: "SHIPPER" }),
    signedIn({ role: "DRIVER" }),
    signedIn({ role: "ADMIN" }),
    signedIn({ role: "SHIPPER" }),
    signedIn({ role: "DRIVER" }),
  ]);
});

describe("tracking.positions", () => {
  it("gives the shipper, the assigned driver and admins the whole trail in time order with ETA and last fix", async () => {
    const { shipment, at } = await jobWithTrail();
    for (const who of [owner, driver, admin]) {
      const page = await who.caller.tracking.positions({ shipmentId: shipment.id });
      expect(page.points.map((p) => p.recordedAt)).toEqual(at);
      expect(page.hasMore).toBe(false);
      expect(page.etaAt).toEqual(new Date(T0 + 7200_000));
      expect(page.lastPositionAt).toEqual(new Date(at.at(-1)!));
    }
    const first = (await owner.caller.tracking.positions({ shipmentId: shipment.id })).points[0];
    expect(first).toEqual({ lat: 42, lng: -87.9, recordedAt: at[0], speedKmh: null, headingDeg: null });
  });

  it("still serves the driver who delivered it", async () => {
    const { shipment, at } = await jobWithTrail("DELIVERED");
    expect((await driver.caller.tracking.positions({ shipmentId: shipment.id })).points).toHaveLength(at.length);
  });

  it("answers NOT_FOUND to another shipper and another driver, as for a shipment that does not exist", async () => {
    const { shipment } = await jobWithTrail();
    for (const who of [otherShipper, otherDriver]) {
      await expect(who.caller.tracking.positions({ shipmentId: shipment.id }).catch(codeOf)).resolves.toBe("NOT_FOUND");
    }
    await expect(owner.caller.tracking.positions({ shipmentId: "no-such-shipment" }).catch(codeOf)).resolves.toBe(
      "NOT_FOUND",
    );
  });

  it("refuses the signed out", async () => {
    const { shipment } = await jobWithTrail();
    await expect(anonymous().tracking.positions({ shipmentId: shipment.id }).catch(codeOf)).resolves.toBe(
      "UNAUTHORIZED",
    );
  });

  it("without since returns the latest `limit` points, ascending, with hasMore for the older ones", async () => {
    const { shipment, at } = await jobWithTrail();
    const page = await owner.caller.tracking.positions({ shipmentId: shipment.id, limit: 3 });
    expect(page.points.map((p) => p.recordedAt)).toEqual(at.slice(4));
    expect(page.hasMore).toBe(true);
  });

  it("with since pages forward through everything after the cursor, exclusive, until hasMore is false", async () => {
    const { shipment, at } = await jobWithTrail();
    const seen: number[] = [];
    let since: number = at[1]!;
    let hasMore = true;
    let pages = 0;
    while (hasMore) {
      const page = await owner.caller.tracking.positions({ shipmentId: shipment.id, since, limit: 2 });
      seen.push(...page.points.map((p) => p.recordedAt));
      hasMore = page.hasMore;
      since = page.points.at(-1)?.recordedAt ?? since;
      pages++;
    }
    expect(seen).toEqual(at.slice(2));
    expect(pages).toBe(3);
    const none = await owner.caller.tracking.positions({ shipmentId: shipment.id, since: at.at(-1)! });
    expect(none).toMatchObject({ points: [], hasMore: false });
  });

  it("refuses a limit outside 1–500 and a since that is not epoch milliseconds with BAD_REQUEST", async () => {
    const { shipment } = await jobWithTrail();
    for (const input of [{ limit: 0 }, { limit: 501 }, { since: -1 }, { since: 1.5 }]) {
      await expect(owner.caller.tracking.positions({ shipmentId: shipment.id, ...input }).catch(codeOf)).resolves.toBe(
        "BAD_REQUEST",
      );
    }
  });
});

describe("tracking.positionsByToken", () => {
  it("serves the trail signed out, with the same paging", async () => {
    const { trackingToken, at } = await jobWithTrail();
    const page = await anonymous().tracking.positionsByToken({ token: trackingToken, since: at[4], limit: 500 });
    expect(page.points.map((p) => p.recordedAt)).toEqual(at.slice(5));
    // The ETA to the drop-off's public area, not to the door (which three such ETAs would locate).
    const exact = new Date(T0 + 7200_000);
    const expected = publicEta({
      etaAt: exact,
      at: new Date(at.at(-1)!),
      position: { lat: 42.06, lng: -87.9 },
      dropoff: { lat: 43.0389, lng: -87.9065 },
    });
    expect(page.etaAt).toEqual(expected);
    expect(page.etaAt).not.toEqual(exact);
  });

  it("shows nothing of the driver before pick-up, and no fix from before it afterwards", async () => {
    const { shipment, trackingToken, at } = await jobWithTrail();
    await db.shipment.update({ where: { id: shipment.id }, data: { pickedUpAt: new Date(at[3]!) } });
    const after = await anonymous().tracking.positionsByToken({ token: trackingToken });
    expect(after.points.map((p) => p.recordedAt)).toEqual(at.slice(3));

    await db.shipment.update({ where: { id: shipment.id }, data: { status: "ASSIGNED", pickedUpAt: null } });
    const before = await anonymous().tracking.positionsByToken({ token: trackingToken });
    expect(before).toMatchObject({ points: [], etaAt: null, lastPositionAt: null });
    expect(await anonymous().tracking.get({ token: trackingToken })).toMatchObject({ lastPosition: null, etaAt: null });
    // The shipper still sees where the driver is on the way to the pick-up.
    expect((await owner.caller.tracking.positions({ shipmentId: shipment.id })).points).toHaveLength(7);
  });

  it("answers NOT_FOUND for an unknown token and for an expired link", async () => {
    const { shipment, trackingToken } = await jobWithTrail();
    await expect(anonymous().tracking.positionsByToken({ token: "nope-nope-nope-nope" }).catch(codeOf)).resolves.toBe(
      "NOT_FOUND",
    );
    await db.shipment.update({
      where: { id: shipment.id },
      data: { trackingTokenExpiresAt: new Date(Date.now() - 1) },
    });
    await expect(anonymous().tracking.positionsByToken({ token: trackingToken }).catch(codeOf)).resolves.toBe(
      "NOT_FOUND",
    );
  });

  it("leaves out every fix within a kilometre of a stop, where the trail would draw the address", async () => {
    const created = await createShipment(db, {
      shipperId: owner.user.id,
      driverId: driver.user.id,
      status: "IN_TRANSIT",
    });
    const milwaukee = { lat: 43.0389, lng: -87.9065 }; // the factory's drop-off
    // Approaching the drop-off from the south: 2.2, 1.7, 1.1, 0.6 and 0 km away, 10 s apart.
    const offset = trails++ * 100;
    const at = [4, 3, 2, 1, 0].map((k, i) => ({ k, t: T0 + i * 10_000 + offset }));
    for (const { k, t } of at) {
      await db.locationPing.create({
        data: {
          shipmentId: created.shipment.id,
          driverId: driver.user.id,
          lat: milwaukee.lat - k * 0.005,
          lng: milwaukee.lng,
          recordedAt: new Date(t),
        },
      });
    }
    await db.shipment.update({
      where: { id: created.shipment.id },
      data: {
        lastLat: milwaukee.lat,
        lastLng: milwaukee.lng,
        lastPositionAt: new Date(at.at(-1)!.t),
        pickedUpAt: new Date(T0 - 60_000),
      },
    });
    const shown = at.filter(({ k }) => k >= 2).map(({ t }) => t);
    const pub = await anonymous().tracking.positionsByToken({ token: created.trackingToken });
    expect(pub.points.map((p) => p.recordedAt)).toEqual(shown);
    // Paging counts only what is shown: after the last shown fix there is nothing more to ask for.
    const after = await anonymous().tracking.positionsByToken({
      token: created.trackingToken,
      since: shown[1],
      limit: 1,
    });
    expect(after).toMatchObject({ points: [{ recordedAt: shown[2] }], hasMore: false });
    // The public page's last position goes too; the shipper still sees everything.
    expect(await anonymous().tracking.get({ token: created.trackingToken })).toMatchObject({ lastPosition: null });
    const own = await owner.caller.tracking.positions({ shipmentId: created.shipment.id });
    expect(own.points).toHaveLength(5);
  });

  it("shows no positions once delivered, as tracking.get does", async () => {
    const { trackingToken } = await jobWithTrail("DELIVERED");
    expect(await anonymous().tracking.positionsByToken({ token: trackingToken })).toEqual({
      points: [],
      hasMore: false,
      etaAt: null,
      lastPositionAt: null,
    });
  });
});

describe("after the driver changes", () => {
  it("the new driver sees none of the earlier driver's trail, and the last position is cleared", async () => {
    const { shipment, at } = await jobWithTrail("IN_TRANSIT");
    await db.shipment.update({ where: { id: shipment.id }, data: { status: "ASSIGNED" } });
    await driver.caller.driver.release({ id: shipment.id });
    const row = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect([row.lastLat, row.lastPositionAt, row.etaAt]).toEqual([null, null, null]);
    await otherDriver.caller.driver.accept({ id: shipment.id });
    expect((await otherDriver.caller.tracking.positions({ shipmentId: shipment.id })).points).toEqual([]);
    const got = await otherDriver.caller.shipment.get({ id: shipment.id });
    expect(got.details?.lastPosition).toBeNull();
    // The shipper keeps the load's whole trail.
    expect((await owner.caller.tracking.positions({ shipmentId: shipment.id })).points).toHaveLength(at.length);
  });
});
