// The ping ingest through the real route handler (session cookie, CSRF, limits, status codes) and through the
// service (per-ping results, idempotency, ordering, last position, ETA, the cross-instance publish throttle),
// against PostgreSQL and the Pusher stand-in.
import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../../../prisma/factories";
import { listenTo, type TFeed } from "../../../../scripts/test/pusher-listener";
import { POST } from "~/app/api/tracking/pings/route";
import { env } from "~/env";
import { TRPC_CLIENT_HEADER } from "~/lib/csrf";
import { AVERAGE_SPEED_KMH, haversineKm } from "~/lib/geo";
import { shipmentChannel, trackingChannel, type TLocationEvent } from "~/lib/realtime";
import { PING_BATCH_MAX, type TPingBatchResponse, type TPingInput } from "~/lib/schemas/tracking";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { publicEta } from "~/lib/stop-privacy";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { limits } from "~/server/services/rate-limit/rate-limit";
import { sessionFor } from "../../../../scripts/test/helpers";
import { claimLocationSlot } from "./publish-location";
import { ingestPings } from "./ingest-pings";

const origin = new URL(env.APP_URL).origin;
const KM_PER_DEG_LAT = haversineKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 });

type TUser = Awaited<ReturnType<typeof createUser>>;
let shipper: TUser;
let driver: TUser;
let otherDriver: TUser;

beforeAll(async () => {
  [shipper, driver, otherDriver] = await Promise.all([
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "DRIVER" }),
  ]);
});

const feeds: TFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.close()));
});

async function job(status: "ASSIGNED" | "PICKED_UP" | "IN_TRANSIT" | "DELIVERED" = "IN_TRANSIT", driverId = driver.id) {
  return createShipment(db, { shipperId: shipper.id, driverId, status, from: "chicago", to: "milwaukee" });
}

// Each test's pings get their own minute in the recent past: a driver's ping identity is driver + recordedAt.
let clock = Date.now() - 20 * 3600_000;
function minuteOfPings(): (offsetMs: number) => number {
  const base = (clock += 10 * 60_000);
  return (offsetMs) => base + offsetMs;
}

function ping(shipmentId: string, recordedAt: number, over: Partial<TPingInput> = {}): TPingInput {
  return { shipmentId, lat: 42, lng: -87.9, accuracyM: 8, speedKmh: 60, headingDeg: 10, recordedAt, ...over };
}

async function cookieFor(user: TUser): Promise<string> {
  const session = await sessionFor(user.id);
  const token = await encodeJwt({ token: { sub: user.id, sid: session.id, role: user.role }, secret: env.AUTH_SECRET });
  return `${SESSION_COOKIE_NAME}=${token}`;
}

function post(body: unknown, headers: Record<string, string>): Promise<Response> {
  return POST(
    new Request(`${origin}/api/tracking/pings`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: {
        "content-type": "application/json",
        origin,
        "sec-fetch-site": "same-origin",
        [TRPC_CLIENT_HEADER]: "driver-app",
        ...headers,
      },
    }),
  );
}

const storedTimes = async (shipmentId: string) =>
  (await db.locationPing.findMany({ where: { shipmentId }, orderBy: { recordedAt: "asc" } })).map((p) =>
    p.recordedAt.getTime(),
  );

describe("POST /api/tracking/pings", () => {
  it("stores a driver's batch and answers per ping; the same batch again stores nothing and says duplicate", async () => {
    const { shipment } = await job();
    const t = minuteOfPings();
    const batch = [ping(shipment.id, t(0)), ping(shipment.id, t(5_000)), ping(shipment.id, t(10_000))];
    const cookie = await cookieFor(driver);

    const first = await post({ pings: batch }, { cookie });
    expect(first.status).toBe(200);
    const a = (await first.json()) as TPingBatchResponse;
    expect(a.results).toEqual(batch.map((p) => ({ recordedAt: p.recordedAt, status: "stored" })));
    expect(typeof a.etaAt).toBe("string");

    const again = await post({ pings: batch }, { cookie });
    expect(again.status).toBe(200);
    const b = (await again.json()) as TPingBatchResponse;
    expect(b.results).toEqual(batch.map((p) => ({ recordedAt: p.recordedAt, status: "duplicate" })));
    expect(await storedTimes(shipment.id)).toEqual(batch.map((p) => p.recordedAt));
  });

  it("refuses the signed out (401), a shipper (403) and cross-site requests (403), storing nothing", async () => {
    const { shipment } = await job();
    const body = { pings: [ping(shipment.id, minuteOfPings()(0))] };
    const driverCookie = await cookieFor(driver);

    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { cookie: await cookieFor(shipper) })).status).toBe(403);
    expect((await post(body, { cookie: driverCookie, origin: "https://evil.example" })).status).toBe(403);
    expect((await post(body, { cookie: driverCookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(body, { cookie: driverCookie, [TRPC_CLIENT_HEADER]: "" })).status).toBe(403);
    expect(await storedTimes(shipment.id)).toEqual([]);
  });

  it.each([
    ["malformed JSON", "{ pings: ["],
    ["a bare array", "[]"],
    ["no pings field", "{}"],
    ["pings not a list", '{"pings":{}}'],
    ["an empty batch", '{"pings":[]}'],
    ["JSON null", "null"],
  ])("answers %s with 400 and a JSON error", async (_label, body) => {
    const res = await post(body, { cookie: await cookieFor(driver) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/\w/);
  });

  it("answers hostile pings one by one with 200 and a rejection each, never a server error", async () => {
    const hostile = [
      null,
      1,
      "x",
      [],
      {},
      { shipmentId: {} },
      { lat: "NaN" },
      { recordedAt: 1e300 },
      { lat: Number.MAX_VALUE * 10 },
    ];
    const res = await post({ pings: hostile }, { cookie: await cookieFor(driver) });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as TPingBatchResponse;
    expect(results).toHaveLength(hostile.length);
    for (const r of results)
      expect(r).toMatchObject({ status: "rejected", recordedAt: expect.any(Number), field: expect.any(String) });
  });

  it("refuses a batch of more than 100 pings (400) and a body over 64 KB (413), storing nothing", async () => {
    const { shipment } = await job();
    const t = minuteOfPings();
    const cookie = await cookieFor(driver);
    const tooMany = Array.from({ length: PING_BATCH_MAX + 1 }, (_, i) => ping(shipment.id, t(i * 1_000)));
    const res = await post({ pings: tooMany }, { cookie });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("100");

    const padded = [ping(shipment.id, t(0), { pad: "x".repeat(70_000) } as Partial<TPingInput>)];
    expect((await post({ pings: padded }, { cookie })).status).toBe(413);
    expect(await storedTimes(shipment.id)).toEqual([]);
  });

  it("answers 429 with Retry-After once the driver's batch allowance is spent", async () => {
    const { shipment } = await job();
    const d = await createUser(db, { role: "DRIVER" });
    const limit = limits.trackingPings(d.id);
    await db.rateLimit.create({ data: { key: limit.key, count: limit.max, resetAt: new Date(Date.now() + 30_000) } });
    const res = await post({ pings: [ping(shipment.id, minuteOfPings()(0))] }, { cookie: await cookieFor(d) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("ingestPings", () => {
  it("refuses each invalid ping with its field while storing the valid ones of the same batch", async () => {
    const { shipment } = await job();
    const { shipment: someoneElses } = await job("IN_TRANSIT", otherDriver.id);
    const { shipment: delivered } = await job("DELIVERED");
    const t = minuteOfPings();
    const now = Date.now();
    const sent: unknown[] = [
      ping(shipment.id, t(0)),
      ping(shipment.id, t(1_000), { lat: 91 }),
      ping(shipment.id, now + 10 * 60_000),
      ping(shipment.id, now - 25 * 3600_000),
      ping("no-such-shipment", t(2_000)),
      ping(someoneElses.id, t(3_000)),
      ping(delivered.id, t(4_000)),
      "not a ping",
      ping(shipment.id, t(5_000), { speedKmh: -3 }),
      ping(shipment.id, t(6_000)),
    ];
    const { results } = await ingestPings(driver.id, sent);
    expect(results.map((r) => [r.status, r.status === "rejected" ? r.field : null])).toEqual([
      ["stored", null],
      ["rejected", "lat"],
      ["rejected", "recordedAt"],
      ["rejected", "recordedAt"],
      ["rejected", "shipmentId"],
      ["rejected", "shipmentId"],
      ["rejected", "shipmentId"],
      ["rejected", "ping"],
      ["rejected", "speedKmh"],
      ["stored", null],
    ]);
    for (const r of results) if (r.status === "rejected") expect(r.message).toMatch(/\w{3}/);
    expect(results[2]).toMatchObject({ message: expect.stringMatching(/future/) });
    expect(results[3]).toMatchObject({ message: expect.stringMatching(/24 hours/) });
    expect(results[6]).toMatchObject({ message: expect.stringMatching(/delivered/) });
    // Something that is not an object gets a sentence, not the validator's internals.
    expect(results[7]).toMatchObject({ message: "A ping is an object with shipmentId, lat, lng and recordedAt." });
    // Someone else's job and a job that does not exist read the same: nothing to probe.
    expect(results[4]).toMatchObject({ message: (results[5] as { message: string }).message });
    expect(await storedTimes(shipment.id)).toEqual([t(0), t(6_000)]);
    expect(await storedTimes(someoneElses.id)).toEqual([]);
    expect(await storedTimes(delivered.id)).toEqual([]);
  });

  it("stores the first of two pings with the same time in one batch and calls the second a duplicate", async () => {
    const { shipment } = await job();
    const t = minuteOfPings();
    const { results } = await ingestPings(driver.id, [
      ping(shipment.id, t(0), { lat: 42.1 }),
      ping(shipment.id, t(0), { lat: 42.2 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["stored", "duplicate"]);
    const rows = await db.locationPing.findMany({ where: { shipmentId: shipment.id } });
    expect(rows.map((r) => r.lat)).toEqual([42.1]);
  });

  it("stores out-of-order batches in time order and only ever moves the last position forward", async () => {
    const { shipment } = await job();
    const t = minuteOfPings();
    await ingestPings(driver.id, [
      ping(shipment.id, t(30_000), { lat: 42.3 }),
      ping(shipment.id, t(10_000), { lat: 42.1 }),
    ]);
    let s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect([s.lastLat, s.lastPositionAt?.getTime()]).toEqual([42.3, t(30_000)]);

    const etaBefore = s.etaAt;
    // A late batch from before the newest fix (a replay from an offline queue) fills the trail but moves nothing.
    const late = await ingestPings(driver.id, [
      ping(shipment.id, t(20_000), { lat: 42.2 }),
      ping(shipment.id, t(0), { lat: 42 }),
    ]);
    expect(late.results.map((r) => r.status)).toEqual(["stored", "stored"]);
    s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect([s.lastLat, s.lastPositionAt?.getTime()]).toEqual([42.3, t(30_000)]);
    expect(s.etaAt).toEqual(etaBefore);
    const profile = await db.driverProfile.findUniqueOrThrow({ where: { userId: driver.id } });
    expect(profile.lastPositionAt!.getTime()).toBeGreaterThanOrEqual(t(30_000));

    const rows = await db.locationPing.findMany({ where: { shipmentId: shipment.id }, orderBy: { recordedAt: "asc" } });
    expect(rows.map((r) => [r.recordedAt.getTime(), r.lat])).toEqual([
      [t(0), 42],
      [t(10_000), 42.1],
      [t(20_000), 42.2],
      [t(30_000), 42.3],
    ]);
  });

  it("sets the ETA from the recent speed toward the drop-off, and from the vehicle average with one fix", async () => {
    const { shipment } = await job();
    const dropoff = { lat: shipment.dropoffLat, lng: shipment.dropoffLng };
    const t = minuteOfPings();

    // One fix: no pace yet, so the planning average.
    const one = ping(shipment.id, t(0), { lat: 42.5, lng: dropoff.lng });
    const first = await ingestPings(driver.id, [one]);
    const remaining1 = haversineKm(one, dropoff);
    expect(first.etaAt?.getTime()).toBe(t(0) + Math.round((remaining1 / AVERAGE_SPEED_KMH) * 3_600_000));

    // Two more minutes heading north at 90 km/h, one fix every 10 s.
    const kmh = 90;
    const moving = Array.from({ length: 12 }, (_, i) =>
      ping(shipment.id, t((i + 1) * 10_000), {
        lat: one.lat + (kmh * (((i + 1) * 10_000) / 3_600_000)) / KM_PER_DEG_LAT,
        lng: dropoff.lng,
      }),
    );
    const second = await ingestPings(driver.id, moving);
    const last = moving.at(-1)!;
    const remaining2 = haversineKm(last, dropoff);
    const expected = last.recordedAt + (remaining2 / kmh) * 3_600_000;
    expect(Math.abs(second.etaAt!.getTime() - expected)).toBeLessThan(1_000);
    const s = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(s.etaAt?.getTime()).toBe(second.etaAt?.getTime());
  });
});

describe("location events", () => {
  const locationsOf = (feed: TFeed) =>
    feed.events.filter((e) => e.event === "location").map((e) => e.data as TLocationEvent);

  it("publishes the newest fix with the ETA on the shipment's and the tracking link's channels", async () => {
    const { shipment, trackingToken } = await job();
    const [onShipment, onLink] = await Promise.all([
      listenTo(shipmentChannel(shipment.id, shipment.driverId)),
      listenTo(trackingChannel(trackingToken)),
    ]);
    feeds.push(onShipment, onLink);
    const t = minuteOfPings();
    const { etaAt } = await ingestPings(driver.id, [
      ping(shipment.id, t(0)),
      ping(shipment.id, t(5_000), { lat: 42.01 }),
    ]);
    const expected: TLocationEvent = {
      shipmentId: shipment.id,
      lat: 42.01,
      lng: -87.9,
      recordedAt: new Date(t(5_000)).toISOString(),
      speedKmh: 60,
      headingDeg: 10,
      etaAt: etaAt!.toISOString(),
    };
    expect(await onShipment.next("location")).toEqual(expected);
    // The public link's event: the same fix, with the ETA to the drop-off's public area (publicEta), not the door's.
    const publicEtaAt = publicEta({
      etaAt: etaAt!,
      at: new Date(t(5_000)),
      position: { lat: 42.01, lng: -87.9 },
      dropoff: { lat: 43.0389, lng: -87.9065 },
    });
    expect(await onLink.next("location")).toEqual({ ...expected, etaAt: publicEtaAt!.toISOString() });
    expect(publicEtaAt!.getTime()).not.toBe(etaAt!.getTime());
  });

  it("keeps a fix near a stop off the public tracking channel; the parties still get it", async () => {
    const { shipment, trackingToken } = await job();
    const [onShipment, onLink] = await Promise.all([
      listenTo(shipmentChannel(shipment.id, shipment.driverId)),
      listenTo(trackingChannel(trackingToken)),
    ]);
    feeds.push(onShipment, onLink);
    const t = minuteOfPings();
    // 300 m south of the factory's drop-off (Milwaukee, 43.0389, -87.9065).
    await ingestPings(driver.id, [ping(shipment.id, t(0), { lat: 43.036, lng: -87.9065 })]);
    expect(await onShipment.next("location")).toMatchObject({ lat: 43.036 });
    // Then a status event on both: the public channel's first event is that one, not the fix before it.
    await publishShipmentChanged(shipment.id);
    await onLink.next("status");
    expect(locationsOf(onLink)).toEqual([]);
  });

  it("publishes at most once a second per shipment: a second batch within the second is not published", async () => {
    const { shipment } = await job();
    const feed = await listenTo(shipmentChannel(shipment.id, shipment.driverId));
    feeds.push(feed);
    const t = minuteOfPings();
    await ingestPings(driver.id, [ping(shipment.id, t(0))]);
    // The next batch must land inside the second the first one claimed. On a loaded machine two requests in a row
    // can be more than a second apart, so the claim is moved ahead rather than the test racing the clock.
    await db.shipment.update({
      where: { id: shipment.id },
      data: { locationPublishedAt: new Date(Date.now() + 30_000) },
    });
    await ingestPings(driver.id, [ping(shipment.id, t(1_000))]);
    await feed.next("location", { where: (d) => (d as TLocationEvent).recordedAt === new Date(t(0)).toISOString() });

    // The second is over: the slot is free again and the next batch is published.
    await db.shipment.update({
      where: { id: shipment.id },
      data: { locationPublishedAt: new Date(Date.now() - 5_000) },
    });
    await ingestPings(driver.id, [ping(shipment.id, t(2_000))]);
    await feed.next("location", {
      where: (d) => (d as TLocationEvent).recordedAt === new Date(t(2_000)).toISOString(),
    });
    // Events on one channel arrive in order: had the second batch been published, it would be here by now.
    expect(locationsOf(feed).map((e) => e.recordedAt)).toEqual([t(0), t(2_000)].map((x) => new Date(x).toISOString()));
  });

  it("holds the throttle across concurrent ingests (two app instances): one event", async () => {
    const { shipment } = await job();
    const feed = await listenTo(shipmentChannel(shipment.id, shipment.driverId));
    feeds.push(feed);
    const t = minuteOfPings();
    // The same job, reported at once by two requests (as two instances would receive them).
    await Promise.all([
      ingestPings(driver.id, [ping(shipment.id, t(0))]),
      ingestPings(driver.id, [ping(shipment.id, t(500))]),
    ]);
    await feed.next("location");
    // A marker event after the slot opens again proves no second event of the pair is still on its way.
    await db.shipment.update({
      where: { id: shipment.id },
      data: { locationPublishedAt: new Date(Date.now() - 5_000) },
    });
    await ingestPings(driver.id, [ping(shipment.id, t(1_000))]);
    await feed.next("location", {
      where: (d) => (d as TLocationEvent).recordedAt === new Date(t(1_000)).toISOString(),
    });
    expect(locationsOf(feed)).toHaveLength(2);
  });

  it("grants the publish slot to exactly one of many concurrent claims", async () => {
    const { shipment } = await job();
    const won = await Promise.all(Array.from({ length: 8 }, () => claimLocationSlot(shipment.id)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await claimLocationSlot(shipment.id)).toBe(false);
  });
});

describe("a driver with two active jobs", () => {
  // One job under way Chicago → Milwaukee, the next one taken (ASSIGNED) Indianapolis → Detroit, each for its own
  // shipper; both taken three hours ago, so the fixes of the last two hours belong to both assignments.
  const hour = 3600_000;
  async function twoJobs(
    second: { from: "indianapolis" | "chicago"; to: "detroit" | "milwaukee" } = {
      from: "indianapolis",
      to: "detroit",
    },
  ) {
    const [carrier, otherShipper] = await Promise.all([
      createUser(db, { role: "DRIVER" }),
      createUser(db, { role: "SHIPPER" }),
    ]);
    const createdAt = new Date(Date.now() - 3 * hour);
    const under = await createShipment(db, {
      shipperId: shipper.id,
      driverId: carrier.id,
      status: "IN_TRANSIT",
      from: "chicago",
      to: "milwaukee",
      createdAt,
    });
    const next = await createShipment(db, {
      shipperId: otherShipper.id,
      driverId: carrier.id,
      status: "ASSIGNED",
      ...second,
      createdAt,
    });
    return { carrier, first: under.shipment, second: next.shipment, assignedAt: createdAt.getTime() };
  }
  const lastLatOf = async (id: string) => (await db.shipment.findUniqueOrThrow({ where: { id } })).lastLat;
  let at = Date.now() - 2 * hour;
  const soon = () => (at += 60_000);

  it("shares a fix on the road with both jobs, whichever page sent it; each job's channel hears it once", async () => {
    const { carrier, first, second } = await twoJobs();
    const onSecond = await listenTo(shipmentChannel(second.id, carrier.id));
    feeds.push(onSecond);
    const t = soon();
    // On the road between the two (far from every stop), sent by the first job's page.
    const fix = ping(first.id, t, { lat: 41.2, lng: -87.0 });
    expect((await ingestPings(carrier.id, [fix])).results.map((r) => r.status)).toEqual(["stored"]);
    expect(await storedTimes(first.id)).toEqual([t]);
    expect(await storedTimes(second.id)).toEqual([t]);
    expect(await lastLatOf(second.id)).toBe(41.2);
    // The second job's ETA runs via its pick-up (it is only ASSIGNED), and its parties hear the fix live.
    const s2 = await db.shipment.findUniqueOrThrow({ where: { id: second.id } });
    expect(s2.etaAt).not.toBeNull();
    expect(await onSecond.next("location")).toMatchObject({ shipmentId: second.id, lat: 41.2, lng: -87.0 });
    // The phone replays the batch: nothing is stored twice, for either job.
    expect((await ingestPings(carrier.id, [fix])).results.map((r) => r.status)).toEqual(["duplicate"]);
    // And a fix sent by the second job's page reaches the first job too.
    const t2 = soon();
    await ingestPings(carrier.id, [ping(second.id, t2, { lat: 41.25, lng: -87.05 })]);
    expect(await storedTimes(first.id)).toEqual([t, t2]);
    expect(await storedTimes(second.id)).toEqual([t, t2]);
  });

  it("never gives a job a fix within 1 km of another job's stop: one shipper never sees another's customer", async () => {
    const { carrier, first, second } = await twoJobs();
    const [t1, t2] = [soon(), soon()];
    // 300 m from the first job's drop-off (Milwaukee), then 300 m from the second's pick-up (Indianapolis), both sent
    // by the first job's page.
    const { results } = await ingestPings(carrier.id, [
      ping(first.id, t1, { lat: 43.036, lng: -87.9065 }),
      ping(first.id, t2, { lat: 39.7711, lng: -86.1581 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["stored", "stored"]);
    expect(await storedTimes(first.id)).toEqual([t1]);
    expect(await storedTimes(second.id)).toEqual([t2]);
    expect(await lastLatOf(first.id)).toBe(43.036);
    expect(await lastLatOf(second.id)).toBe(39.7711);
  });

  it("a stop the two jobs share is each job's own: a fix there goes to both", async () => {
    const { carrier, first, second } = await twoJobs({ from: "chicago", to: "detroit" });
    const t = soon();
    await ingestPings(carrier.id, [ping(second.id, t, { lat: 41.8781, lng: -87.6298 })]);
    expect(await storedTimes(first.id)).toEqual([t]);
    expect(await storedTimes(second.id)).toEqual([t]);
  });

  it("gives a job nothing from before it was taken; a fix near its stop from then is kept private", async () => {
    const { carrier, first, second, assignedAt } = await twoJobs();
    const [road, nearIndy] = [assignedAt - 20 * 60_000, assignedAt - 10 * 60_000];
    const { results } = await ingestPings(carrier.id, [
      ping(first.id, road, { lat: 41.2, lng: -87.0 }),
      ping(first.id, nearIndy, { lat: 39.7711, lng: -86.1581 }),
    ]);
    expect(results[0]).toMatchObject({ status: "stored" });
    expect(results[1]).toMatchObject({ status: "rejected", field: "lat" });
    expect(await storedTimes(first.id)).toEqual([road]);
    expect(await storedTimes(second.id)).toEqual([]);
  });

  it("shares nothing with another driver's job, nor with the driver's delivered one", async () => {
    const { carrier, first } = await twoJobs();
    const [theirs, done] = await Promise.all([
      createShipment(db, { shipperId: shipper.id, driverId: otherDriver.id, status: "IN_TRANSIT" }),
      createShipment(db, { shipperId: shipper.id, driverId: carrier.id, status: "DELIVERED" }),
    ]);
    const t = soon();
    await ingestPings(carrier.id, [ping(first.id, t, { lat: 41.2, lng: -87.0 })]);
    expect(await storedTimes(theirs.shipment.id)).toEqual([]);
    expect(await storedTimes(done.shipment.id)).toEqual([]);
  });
});
