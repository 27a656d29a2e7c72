// Analytics against a real database: every figure of each role's page on a small hand-built fixture (six loads in
// the first week of March 2025, UTC) compared with values worked out by hand below; the roll-up is idempotent and
// today is counted live without it; each role sees only its own figures and its own CSV.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";

import { callerWith, sessionFor, signedIn } from "../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../prisma/factories";
import { GET as exportCsv } from "~/app/api/exports/shipments/route";
import { env } from "~/env";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { csvCell } from "./export-shipments-csv";
import { Prisma } from "~/generated/prisma/client";
import { addDays, columns, platformLiveSql, rollUpDays, rollUpRecentDays, rollUpSelect, utcDay } from "./roll-up";

const at = (iso: string) => new Date(`${iso}Z`);
const RANGE = { from: "2025-03-03", to: "2025-03-05" };

type TFix = {
  shipperId: string;
  driverId?: string;
  status: "POSTED" | "DELIVERED" | "COMPLETED" | "CANCELLED";
  data: Record<string, unknown>;
};

/** A shipment from the factory, then every field the figures read set to the fixture's exact values. */
async function make(f: TFix) {
  const { shipment } = await createShipment(db, {
    shipperId: f.shipperId,
    driverId: f.driverId ?? null,
    status: f.status,
  });
  return db.shipment.update({
    where: { id: shipment.id },
    data: {
      assignedAt: null,
      pickedUpAt: null,
      inTransitAt: null,
      deliveredAt: null,
      completedAt: null,
      cancelledAt: null,
      cancelReason: null,
      ...f.data,
    },
  });
}

const chicagoToDetroit = {
  pickupCity: "Chicago",
  pickupRegion: "IL",
  dropoffCity: "Detroit",
  dropoffRegion: "MI",
  pickupLat: 41.9742,
  pickupLng: -87.9073,
  dropoffLat: 42.3314,
  dropoffLng: -83.0458,
};

let shipperA: string;
let shipperB: string;
let driver1: string;
let driver2: string;
let admin: string;

beforeAll(async () => {
  shipperA = (await createUser(db, { role: "SHIPPER" })).id;
  shipperB = (await createUser(db, { role: "SHIPPER" })).id;
  driver1 = (await createUser(db, { role: "DRIVER" })).id;
  driver2 = (await createUser(db, { role: "DRIVER" })).id;
  admin = (await createUser(db, { role: "ADMIN" })).id;
  // Driver 1 is based downtown Chicago: their first load's empty miles start there.
  await db.driverProfile.update({
    where: { userId: driver1 },
    data: { baseLat: 41.8781, baseLng: -87.6298, ratingAvg: 4.5, ratingCount: 2 },
  });
  await db.driverProfile.update({ where: { userId: driver2 }, data: { baseLat: null, baseLng: null } });

  // S1: A's, driver 1, filled in 2 h, picked up on time, delivered an hour late.
  await make({
    shipperId: shipperA,
    driverId: driver1,
    status: "COMPLETED",
    data: {
      ...chicagoToDetroit,
      createdAt: at("2025-03-03T09:30:00"),
      postedAt: at("2025-03-03T10:00:00"),
      assignedAt: at("2025-03-03T12:00:00"),
      pickupWindowEnd: at("2025-03-04T09:00:00"),
      pickedUpAt: at("2025-03-04T08:00:00"),
      dropoffWindowEnd: at("2025-03-04T14:00:00"),
      deliveredAt: at("2025-03-04T15:00:00"),
      priceCents: 100_000,
      platformFeeCents: 15_000,
      driverPayoutCents: 85_000,
      distanceKm: 450,
    },
  });
  // S2: A's, driver 1, from Ann Arbor (57.61 km from S1's drop-off, delivered 3 h before): filled in 1 h, on time.
  await make({
    shipperId: shipperA,
    driverId: driver1,
    status: "DELIVERED",
    data: {
      pickupCity: "Ann Arbor",
      pickupRegion: "MI",
      pickupLat: 42.2808,
      pickupLng: -83.743,
      dropoffCity: "Chicago",
      dropoffRegion: "IL",
      createdAt: at("2025-03-04T08:00:00"),
      postedAt: at("2025-03-04T09:00:00"),
      assignedAt: at("2025-03-04T10:00:00"),
      pickupWindowEnd: at("2025-03-04T20:00:00"),
      pickedUpAt: at("2025-03-04T18:00:00"),
      dropoffWindowEnd: at("2025-03-05T06:00:00"),
      deliveredAt: at("2025-03-05T02:00:00"),
      priceCents: 80_000,
      platformFeeCents: 12_000,
      driverPayoutCents: 68_000,
      distanceKm: 450,
    },
  });
  // S3: B's, driver 2 (no base), filled in 4 h, picked up an hour late, delivered on time.
  await make({
    shipperId: shipperB,
    driverId: driver2,
    status: "DELIVERED",
    data: {
      ...chicagoToDetroit,
      createdAt: at("2025-03-04T10:00:00"),
      postedAt: at("2025-03-04T11:00:00"),
      assignedAt: at("2025-03-04T15:00:00"),
      pickupWindowEnd: at("2025-03-05T07:00:00"),
      pickedUpAt: at("2025-03-05T08:00:00"),
      dropoffWindowEnd: at("2025-03-05T22:00:00"),
      deliveredAt: at("2025-03-05T20:00:00"),
      priceCents: 50_000,
      platformFeeCents: 7_500,
      driverPayoutCents: 42_500,
      distanceKm: 400,
    },
  });
  // S4: A's, cancelled with a reason. S5: B's, cancelled without one (posted on the 3rd). S6: A's, still posted.
  await make({
    shipperId: shipperA,
    status: "CANCELLED",
    data: {
      createdAt: at("2025-03-05T07:00:00"),
      postedAt: at("2025-03-05T08:00:00"),
      cancelledAt: at("2025-03-05T10:00:00"),
      cancelReason: "Plans changed",
    },
  });
  await make({
    shipperId: shipperB,
    status: "CANCELLED",
    data: {
      createdAt: at("2025-03-03T08:00:00"),
      postedAt: at("2025-03-03T09:00:00"),
      cancelledAt: at("2025-03-05T11:00:00"),
      cancelReason: "   ",
    },
  });
  await make({
    shipperId: shipperA,
    status: "POSTED",
    data: { createdAt: at("2025-03-05T11:00:00"), postedAt: at("2025-03-05T12:00:00") },
  });
});

const callerFor = async (userId: string) => callerWith(await sessionFor(userId));
const MARCH = { from: at("2025-03-01T00:00:00"), to: at("2025-03-08T00:00:00") };

describe("the roll-up", () => {
  it("stores nothing until it runs, and the same rows however often it runs", async () => {
    const before = await (await callerFor(admin)).analytics.admin(RANGE);
    expect(before.totals.posted).toBe(0);
    const first = await rollUpDays(MARCH);
    const second = await rollUpDays(MARCH);
    expect(second).toEqual(first);
    expect(first).toEqual({ platform: 3, shipper: 6, driver: 5, lane: 3, cancel: 2 });
    expect(await db.analyticsPlatformDay.count()).toBe(3);
  });

  it("refuses part days", async () => {
    await expect(rollUpDays({ from: at("2025-03-01T01:00:00"), to: MARCH.to })).rejects.toThrow(RangeError);
  });
});

describe("figures against hand-computed values", () => {
  beforeAll(() => rollUpDays(MARCH));

  it("the admin's", async () => {
    const r = await (await callerFor(admin)).analytics.admin(RANGE);
    expect(r.totals).toEqual({
      gmvCents: 230_000, // 100,000 + 80,000 + 50,000
      revenueCents: 34_500, // 15,000 + 12,000 + 7,500
      takeRate: 0.15,
      posted: 6,
      accepted: 3,
      delivered: 3,
      cancelled: 2,
      avgFillSeconds: 8_400, // (7,200 + 3,600 + 14,400) / 3
      onTimePickupRate: 2 / 3, // S1, S2
      onTimeDeliveryRate: 2 / 3, // S2, S3
      activeDrivers: 2,
      activeShippers: 2,
    });
    expect(r.previous).toEqual({ from: "2025-02-28", to: "2025-03-02" });
    expect(r.previousTotals).toMatchObject({ posted: 0, gmvCents: 0, takeRate: null, activeDrivers: 0 });
    expect(r.perDay).toEqual([
      { day: "2025-03-03", posted: 2, accepted: 1, delivered: 0 },
      { day: "2025-03-04", posted: 2, accepted: 2, delivered: 1 },
      { day: "2025-03-05", posted: 2, accepted: 0, delivered: 2 },
    ]);
    expect(r.cancellations).toEqual([
      { reason: "No reason given", count: 1, previousCount: 0 },
      { reason: "Plans changed", count: 1, previousCount: 0 },
    ]);
  });

  it("the shipper's: only their own loads", async () => {
    const r = await (await callerFor(shipperA)).analytics.shipper(RANGE);
    expect(r.totals).toEqual({
      posted: 4,
      accepted: 2,
      delivered: 2,
      cancelled: 1,
      spendCents: 180_000,
      onTimePickupRate: 1,
      onTimeDeliveryRate: 0.5,
      avgFillSeconds: 5_400,
    });
    expect(r.spendByWeek).toEqual([{ week: "2025-03-03", spendCents: 180_000, delivered: 2 }]);
    expect(r.spendByMonth).toEqual([{ month: "2025-03", spendCents: 180_000, delivered: 2 }]);
    expect(r.byStatus).toEqual([
      { status: "POSTED", count: 1 },
      { status: "DELIVERED", count: 1 },
      { status: "COMPLETED", count: 1 },
      { status: "CANCELLED", count: 1 },
    ]);
    // 450 km = 279.6 miles: 100,000 / 279.6 = 358 and 80,000 / 279.6 = 286 cents a mile.
    expect(r.topLanes).toEqual([
      {
        origin: "Chicago, IL",
        destination: "Detroit, MI",
        delivered: 1,
        cents: 100_000,
        miles: 280,
        centsPerMile: 358,
      },
      {
        origin: "Ann Arbor, MI",
        destination: "Chicago, IL",
        delivered: 1,
        cents: 80_000,
        miles: 280,
        centsPerMile: 286,
      },
    ]);

    const b = await (await callerFor(shipperB)).analytics.shipper(RANGE);
    expect(b.totals).toMatchObject({ posted: 2, delivered: 1, cancelled: 1, spendCents: 50_000 });
    expect(b.topLanes.map((l) => l.cents)).toEqual([50_000]);
  });

  it("the driver's, with empty miles estimated from base and from the previous drop-off", async () => {
    const r = await (await callerFor(driver1)).analytics.driver(RANGE);
    expect(r.totals).toMatchObject({
      accepted: 2,
      delivered: 2,
      earningsCents: 153_000,
      loadedMiles: 559, // 900 km
      onTimePickupRate: 1,
      onTimeDeliveryRate: 0.5,
    });
    // Base to O'Hare 25.32 km + Detroit to Ann Arbor 57.61 km = 82.93 km = 51.5 miles.
    expect(r.totals.deadheadMiles).toBe(52);
    expect(r.earningsByWeek).toEqual([
      { week: "2025-03-03", earningsCents: 153_000, delivered: 2, loadedMiles: 559, deadheadMiles: 52 },
    ]);
    expect(r.rating).toEqual({ average: 4.5, count: 2 });
    expect(r.bestLanes.map((l) => [l.origin, l.cents, l.centsPerMile])).toEqual([
      ["Chicago, IL", 85_000, 304],
      ["Ann Arbor, MI", 68_000, 243],
    ]);
    const d2 = await (await callerFor(driver2)).analytics.driver(RANGE);
    expect(d2.totals).toMatchObject({ delivered: 1, earningsCents: 42_500, deadheadMiles: 0, onTimePickupRate: 0 });
    expect(d2.rating).toEqual({ average: null, count: 0 });
  });
});

describe("today, live", () => {
  it("counts a load delivered today before any roll-up, and the cron never stores today", async () => {
    const { user: shipper, caller } = await signedIn({ role: "SHIPPER" });
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    // The admin's figures are the whole platform's: other files' loads in this database count too, so the admin
    // page is checked by what this load adds.
    const adminCaller = await callerFor(admin);
    const before = await adminCaller.analytics.admin({ from: today, to: today });
    await make({
      shipperId: shipper.id,
      driverId: driver2,
      status: "DELIVERED",
      data: {
        postedAt: now,
        assignedAt: now,
        pickedUpAt: now,
        deliveredAt: now,
        pickupWindowEnd: new Date(now.getTime() + 3600_000),
        dropoffWindowEnd: new Date(now.getTime() + 3600_000),
        priceCents: 12_345,
        platformFeeCents: 1_845,
        driverPayoutCents: 10_500,
      },
    });
    const r = await caller.analytics.shipper({ from: today, to: today });
    expect(r.totals).toMatchObject({ posted: 1, delivered: 1, spendCents: 12_345, onTimeDeliveryRate: 1 });
    const a = await adminCaller.analytics.admin({ from: today, to: today });
    expect({
      delivered: a.totals.delivered - before.totals.delivered,
      gmvCents: a.totals.gmvCents - before.totals.gmvCents,
      revenueCents: a.totals.revenueCents - before.totals.revenueCents,
      activeDrivers: a.totals.activeDrivers - before.totals.activeDrivers,
    }).toEqual({ delivered: 1, gmvCents: 12_345, revenueCents: 1_845, activeDrivers: 1 });
    const dayBefore = before.perDay.find((x) => x.day === today) ?? { posted: 0, accepted: 0, delivered: 0 };
    const dayAfter = a.perDay.find((x) => x.day === today);
    expect(a.perDay.map((x) => x.day)).toEqual([today]);
    expect({
      posted: dayAfter!.posted - dayBefore.posted,
      accepted: dayAfter!.accepted - dayBefore.accepted,
      delivered: dayAfter!.delivered - dayBefore.delivered,
    }).toEqual({ posted: 1, accepted: 1, delivered: 1 });
    const d = await (await callerFor(driver2)).analytics.driver({ from: today, to: today });
    expect(d.totals).toMatchObject({ accepted: 1, delivered: 1, earningsCents: 10_500 });
    await rollUpRecentDays({ now });
    expect(await db.analyticsShipperDay.count({ where: { shipperId: shipper.id } })).toBe(0);
    // Still counted once, live.
    expect((await caller.analytics.shipper({ from: today, to: today })).totals.spendCents).toBe(12_345);
  });
});

describe("the admin page's one read of today", () => {
  it("gives the roll-up's platform and cancellation rows and its active ids, on the fixture's days and today", async () => {
    const sorted = (json: string) => (JSON.parse(json) as unknown[]).map((x) => JSON.stringify(x)).sort();
    const days = [at("2025-03-03T00:00:00"), at("2025-03-04T00:00:00"), at("2025-03-05T00:00:00"), utcDay(new Date())];
    // One snapshot, so loads other files write meanwhile are in both reads or in neither.
    await db.$transaction(
      async (tx) => {
        for (const day of days) {
          const range = { from: day, to: addDays(day, 1) };
          const [live] = await tx.$queryRaw<{ platform: string; cancel: string; drivers: string; shippers: string }[]>(
            platformLiveSql(day),
          );
          const rows = (table: "platform" | "cancel") =>
            tx.$queryRaw<{ j: string }[]>(Prisma.sql`SELECT COALESCE(json_agg(t), '[]')::text AS j
              FROM (${rollUpSelect(table, range)}) t(${Prisma.raw(columns[table])})`);
          const ids = (table: "driver" | "shipper") =>
            tx.$queryRaw<
              { j: string }[]
            >(Prisma.sql`SELECT COALESCE(json_agg(DISTINCT ${Prisma.raw(`"${table}Id"`)}), '[]')::text AS j
              FROM (${rollUpSelect(table, range)}) t`);
          const [platform, cancel, drivers, shippers] = await Promise.all([
            rows("platform"),
            rows("cancel"),
            ids("driver"),
            ids("shipper"),
          ]);
          expect(sorted(live!.platform)).toEqual(sorted(platform[0]!.j));
          expect(sorted(live!.cancel)).toEqual(sorted(cancel[0]!.j));
          expect(sorted(live!.drivers)).toEqual(sorted(drivers[0]!.j));
          expect(sorted(live!.shippers)).toEqual(sorted(shippers[0]!.j));
          if (day.getTime() === at("2025-03-04T00:00:00").getTime()) {
            // Worked out by hand in the fixture above: the day has figures, so the comparison is not of two empties.
            expect(JSON.parse(live!.platform)).toHaveLength(1);
          }
        }
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  });

  it("refuses a day that is not a UTC midnight", () => {
    expect(() => platformLiveSql(at("2025-03-04T12:00:00"))).toThrow(RangeError);
  });
});

describe("today, live, on the admin's page", () => {
  it("counts a load cancelled today in the cancellations and the active shippers before any roll-up", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const adminCaller = await callerFor(admin);
    const before = await adminCaller.analytics.admin({ from: today, to: today });
    const reason = `Road closed ${shipper.id}`;
    await make({
      shipperId: shipper.id,
      status: "CANCELLED",
      data: { postedAt: now, cancelledAt: now, cancelReason: `  ${reason}  ` },
    });
    const a = await adminCaller.analytics.admin({ from: today, to: today });
    expect({
      posted: a.totals.posted - before.totals.posted,
      cancelled: a.totals.cancelled - before.totals.cancelled,
      activeShippers: a.totals.activeShippers - before.totals.activeShippers,
      activeDrivers: a.totals.activeDrivers - before.totals.activeDrivers,
    }).toEqual({ posted: 1, cancelled: 1, activeShippers: 1, activeDrivers: 0 });
    expect(a.cancellations).toContainEqual({ reason, count: 1, previousCount: 0 });
    // Yesterday, the previous period, has nothing of today's.
    expect(a.previousTotals.activeShippers).toBe(before.previousTotals.activeShippers);
  });
});

describe("authorisation", () => {
  const forbidden = (p: Promise<unknown>) =>
    expect(p).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === "FORBIDDEN");

  it("each page is for its own role", async () => {
    await forbidden((await callerFor(driver1)).analytics.shipper(RANGE));
    await forbidden((await callerFor(admin)).analytics.shipper(RANGE));
    await forbidden((await callerFor(shipperA)).analytics.driver(RANGE));
    await forbidden((await callerFor(shipperA)).analytics.admin(RANGE));
    await forbidden((await callerFor(driver1)).analytics.admin(RANGE));
    await expect(callerWith(null).analytics.shipper(RANGE)).rejects.toSatisfy(
      (e) => e instanceof TRPCError && e.code === "UNAUTHORIZED",
    );
  });

  it("a bad range is a typed error with a field message", async () => {
    await expect(
      (await callerFor(shipperA)).analytics.shipper({ from: "2025-03-05", to: "2025-03-01" }),
    ).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === "BAD_REQUEST");
    await expect((await callerFor(admin)).analytics.admin({ from: "2020-01-01", to: "2025-01-01" })).rejects.toSatisfy(
      (e) => e instanceof TRPCError && e.code === "BAD_REQUEST",
    );
  });

  const csvAs = async (userId: string | null) => {
    const headers: Record<string, string> = {};
    if (userId) {
      const session = await sessionFor(userId);
      const token = await encodeJwt({ token: { sub: userId, sid: session.id }, secret: env.AUTH_SECRET });
      headers.cookie = `${SESSION_COOKIE_NAME}=${token}`;
    }
    return exportCsv(new Request(`${env.APP_URL}/api/exports/shipments`, { headers }));
  };

  it("the CSV holds the shipper's own shipments, every field but the secrets", async () => {
    const res = await csvAs(shipperB);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trimEnd().split("\r\n");
    const header = lines[0]!.split(",");
    expect(header).toContain("priceCents");
    expect(header).toContain("cancelReason");
    expect(header).not.toContain("deliveryCodeHash");
    expect(header).not.toContain("trackingToken");
    expect(lines).toHaveLength(3); // B's two shipments
    const shipperCol = header.indexOf("shipperId");
    expect(lines.slice(1).every((l) => l.split(",")[shipperCol] === shipperB)).toBe(true);
    expect(lines.join("\n")).not.toContain(shipperA);
  });

  it("the CSV is refused signed out and to drivers and admins", async () => {
    expect((await csvAs(null)).status).toBe(401);
    expect((await csvAs(driver1)).status).toBe(403);
    expect((await csvAs(admin)).status).toBe(403);
  });

  it("CSV cells are escaped and formulas neutralised", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("+1 312")).toBe("'+1 312");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("=1,2")).toBe(`"'=1,2"`);
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(at("2025-03-03T10:00:00"))).toBe("2025-03-03T10:00:00.000Z");
    expect(csvCell(["CODE", "PHOTO"])).toBe("CODE|PHOTO");
  });
});
