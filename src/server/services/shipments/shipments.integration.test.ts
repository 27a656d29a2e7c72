import { describe, expect, it } from "vitest";

import { callerWith, signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment, createUser, validShipmentInput } from "../../../../prisma/factories";
import { db } from "~/server/db";
import { limits } from "~/server/services/rate-limit/rate-limit";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";

const hour = 3600_000;

describe("posting and editing", () => {
  it("creates with the quoted price, posts, and refuses a stale edit", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    const quote = await caller.shipment.quote({
      pickup: input.pickup,
      dropoff: input.dropoff,
      weightKg: 900,
      vehicleType: "VAN",
    });
    const { id } = await caller.shipment.create({ shipment: input, post: false });
    let s = await caller.shipment.get({ id });
    expect(s.status).toBe("DRAFT");
    expect(s.details?.priceCents).toBe(quote.priceCents);
    expect(s.secrets?.deliveryCode).toMatch(/^\d{6}$/);

    const edited = await caller.shipment.update({
      id,
      version: s.version,
      shipment: validShipmentInput({ weightKg: 1500 }),
    });
    expect(edited.version).toBe(s.version + 1);
    await expect(
      caller.shipment.update({ id, version: s.version, shipment: validShipmentInput() }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/changed somewhere else/),
    });
    s = await caller.shipment.get({ id });
    expect(s.cargo.weightKg).toBe(1500);

    await caller.shipment.post({ id });
    s = await caller.shipment.get({ id });
    expect(s.status).toBe("POSTED");
    expect(s.events.map((e) => e.type)).toEqual(["CREATED", "UPDATED", "POSTED"]);
    await expect(caller.shipment.post({ id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/posted/),
    });
  });

  it("refuses new shipments past 60 an hour per shipper, saying when to retry, and saves nothing", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    await caller.shipment.create({ shipment: validShipmentInput(), post: false });
    // The first create counted once; use up the rest of the hour's allowance.
    await db.rateLimit.update({ where: { key: limits.shipmentCreate(user.id).key }, data: { count: 60 } });
    await expect(caller.shipment.create({ shipment: validShipmentInput(), post: true })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/Too many new shipments\. Try again in \d+ minutes?\./),
    });
    expect(await db.shipment.count({ where: { shipperId: user.id } })).toBe(1);
    const other = await signedIn({ role: "SHIPPER" });
    await expect(other.caller.shipment.create({ shipment: validShipmentInput(), post: false })).resolves.toBeTruthy();
  });

  it("gives field errors for bad input and keeps what was saved", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const bad = validShipmentInput();
    bad.pickup.windowEnd = new Date(Date.now() - hour);
    await expect(caller.shipment.create({ shipment: bad, post: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { id } = await caller.shipment.create({ shipment: validShipmentInput(), post: true });
    const before = await caller.shipment.get({ id });
    await expect(
      caller.shipment.update({
        id,
        version: before.version,
        shipment: { ...validShipmentInput(), cargo: { ...validShipmentInput().cargo, weightKg: -5 } },
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await caller.shipment.get({ id })).version).toBe(before.version);
  });
});

describe("accepting a load", () => {
  it("of 20 concurrent accepts exactly one wins and one event is written", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const { shipment } = await makeShipment(db, {
      shipperId: shipper.id,
      status: "POSTED",
      vehicleType: "VAN",
      weightKg: 500,
    });
    const drivers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const d = await createUser(db, { role: "DRIVER", driver: { vehicleType: "VAN", capacityKg: 2000 } });
        return callerWith(await sessionFor(d.id));
      }),
    );
    const results = await Promise.allSettled(drivers.map((c) => c.driver.accept({ id: shipment.id })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect((r.reason as Error).message).toBe("This load was just taken by another driver.");
    expect(await db.shipmentEvent.count({ where: { shipmentId: shipment.id, type: "ACCEPTED" } })).toBe(1);
    const after = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(after.status).toBe("ASSIGNED");
    expect(after.driverId).not.toBeNull();
  });

  it("refuses a driver whose vehicle cannot carry the load", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const { shipment } = await makeShipment(db, { shipperId: shipper.id, status: "POSTED", vehicleType: "REEFER" });
    const { caller } = await signedIn({ role: "DRIVER", driver: { vehicleType: "VAN" } });
    await expect(caller.driver.accept({ id: shipment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("delivery lifecycle", () => {
  it("pick up, depart, deliver with the code; wrong codes are counted and lock after five", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "BOX_TRUCK", capacityKg: 5000 } });
    // The shipper asks for the code (photo + signature is the default, tested in pod-options.integration.test.ts).
    const { id } = await shipper.caller.shipment.create({
      shipment: {
        ...validShipmentInput({ vehicleType: "BOX_TRUCK" }),
        proof: { requires: ["CODE"], photoPublic: false },
      },
      post: true,
    });
    const code = (await shipper.caller.shipment.get({ id })).secrets!.deliveryCode;

    await driver.caller.driver.accept({ id });
    await expect(driver.caller.driver.deliver({ id, code })).rejects.toMatchObject({ code: "CONFLICT" });
    await driver.caller.driver.pickUp({ id });
    await driver.caller.driver.depart({ id });
    const wrong = code === "000000" ? "111111" : "000000";
    await expect(driver.caller.driver.deliver({ id, code: wrong })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "That code is not correct. 4 tries left.",
    });
    await driver.caller.driver.deliver({ id, code });
    const s = await shipper.caller.shipment.get({ id });
    expect(s.status).toBe("DELIVERED");
    expect(s.events.map((e) => e.type)).toEqual([
      "CREATED",
      "POSTED",
      "ACCEPTED",
      "PICKED_UP",
      "IN_TRANSIT",
      "DELIVERY_CODE_FAILED",
      "DELIVERED",
    ]);
    expect(await db.proofOfDelivery.findUnique({ where: { shipmentId: id } })).toMatchObject({ method: "CODE" });
    const row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row.trackingTokenExpiresAt!.getTime() - row.deliveredAt!.getTime()).toBe(7 * 24 * hour);

    await shipper.caller.shipment.confirm({ id });
    expect((await shipper.caller.shipment.get({ id })).status).toBe("COMPLETED");
    const earnings = await driver.caller.driver.earnings();
    expect(earnings.totalCents).toBe(row.driverPayoutCents);
  });

  it("locks the code after five wrong tries and tells the shipper", async () => {
    const shipperUser = await createUser(db, { role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    const { shipment, deliveryCode } = await makeShipment(db, {
      shipperId: shipperUser.id,
      driverId: driver.user.id,
      status: "IN_TRANSIT",
    });
    const wrong = deliveryCode === "123456" ? "654321" : "123456";
    for (let i = 0; i < 4; i++)
      await expect(driver.caller.driver.deliver({ id: shipment.id, code: wrong })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    await expect(driver.caller.driver.deliver({ id: shipment.id, code: wrong })).rejects.toThrow(/now locked/);
    await expect(driver.caller.driver.deliver({ id: shipment.id, code: deliveryCode })).rejects.toThrow(/locked/);
    // The shipper is told by an Inngest function (notify-delivery-code-locked) once the lock is committed.
    await settleInngest();
    const note = await db.notification.findFirst({ where: { userId: shipperUser.id, shipmentId: shipment.id } });
    expect(note?.title).toMatch(/Delivery code locked/);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).status).toBe("IN_TRANSIT");
  });

  it("releasing before pickup puts the load back on the board", async () => {
    const shipperUser = await createUser(db, { role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    const { shipment } = await makeShipment(db, {
      shipperId: shipperUser.id,
      driverId: driver.user.id,
      status: "ASSIGNED",
    });
    await driver.caller.driver.release({ id: shipment.id, reason: "Truck broke down" });
    const after = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(after).toMatchObject({ status: "POSTED", driverId: null });
    const board = await driver.caller.driver.loadBoard({});
    expect(board.loads.map((l) => l.id)).toContain(shipment.id);
  });
});

describe("load board", () => {
  it("ranks every open load by distance, so a near load is not cut off by hundreds of newer far ones", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    // Refrigerated loads only reach refrigerated drivers, so these rows stay off other tests' boards.
    const driver = await signedIn({ role: "DRIVER", driver: { vehicleType: "REEFER", baseCity: "desMoines" } });
    try {
      const near = await makeShipment(db, {
        shipperId: shipper.id,
        status: "POSTED",
        from: "kansasCity",
        to: "stLouis",
        vehicleType: "REEFER",
        // Older than the far ones, its pick-up window still ahead (the factory opens it 24 h after creation).
        createdAt: new Date(Date.now() - 12 * hour),
      });
      const far = await makeShipment(db, {
        shipperId: shipper.id,
        status: "POSTED",
        from: "detroit",
        vehicleType: "REEFER",
      });
      const { id: farId, reference: _reference, trackingToken: _token, ...template } = far.shipment;
      await db.shipment.createMany({
        data: Array.from({ length: 520 }, (_, i) => ({
          ...template,
          id: `${farId}-${i}`,
          reference: `${far.shipment.reference}-${i}`,
          trackingToken: `${far.trackingToken}-${i}`,
          postedAt: new Date(Date.now() + i * 1000),
        })),
      });

      const fromDevice = await driver.caller.driver.loadBoard({ position: { lat: 39.1, lng: -94.58 }, limit: 5 });
      expect(fromDevice.origin).toBe("device");
      expect(fromDevice.loads).toHaveLength(5);
      expect(fromDevice.loads[0]).toMatchObject({ id: near.shipment.id, pickupCity: "Kansas City" });
      expect(fromDevice.loads[0]!.deadheadMetres).toBeLessThan(1000);
      const distances = fromDevice.loads.map((l) => l.deadheadMetres ?? -1);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));

      // No device position: the profile's base (Des Moines) is the origin, and Kansas City is still the nearest.
      const fromBase = await driver.caller.driver.loadBoard({ limit: 3 });
      expect(fromBase.origin).toBe("base");
      expect(fromBase.loads[0]?.id).toBe(near.shipment.id);

      // A position the phone reported an hour ago (on a job, in Kansas City) stands for where the driver is: the
      // deadhead to the Kansas City load is from there, and the board says so. Two days old, it is the base again.
      await db.driverProfile.update({
        where: { userId: driver.user.id },
        data: { lastLat: 39.1, lastLng: -94.58, lastPositionAt: new Date(Date.now() - 3_600_000) },
      });
      const fromLast = await driver.caller.driver.loadBoard({ limit: 3 });
      expect(fromLast.origin).toBe("last-position");
      expect(fromLast.loads[0]).toMatchObject({ id: near.shipment.id });
      expect(fromLast.loads[0]!.deadheadMetres).toBeLessThan(1000);
      await db.driverProfile.update({
        where: { userId: driver.user.id },
        data: { lastPositionAt: new Date(Date.now() - 48 * 3_600_000) },
      });
      const stale = await driver.caller.driver.loadBoard({ limit: 3 });
      expect(stale.origin).toBe("base");
      expect(stale.loads[0]!.deadheadMetres).toBeGreaterThan(100_000);
    } finally {
      await db.shipment.deleteMany({ where: { shipperId: shipper.id } });
    }
  });
});

describe("driver history", () => {
  it("pages delivered jobs newest first, stable while new deliveries land, and only the driver's own", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    const other = await signedIn({ role: "DRIVER" });
    const deliveredFor = async (driverId: string, createdAt: Date) =>
      (await makeShipment(db, { shipperId: shipper.id, driverId, status: "DELIVERED", createdAt, stepMinutes: 1 }))
        .shipment.id;
    const base = Date.now() - 30 * 24 * hour;
    const mine: string[] = [];
    for (let i = 0; i < 18; i++) mine.push(await deliveredFor(driver.user.id, new Date(base + i * hour)));
    // Five delivered at the very same moment: the id breaks the tie, so none is skipped or repeated.
    const same = new Date(base + 100 * hour);
    for (let i = 0; i < 5; i++) mine.push(await deliveredFor(driver.user.id, same));
    const theirs = await deliveredFor(other.user.id, new Date(base + 50 * hour));

    const first = await driver.caller.driver.history({ limit: 10 });
    expect(first.items).toHaveLength(10);
    // A delivery landing between pages belongs at the top, not in the pages still to come.
    const late = await deliveredFor(driver.user.id, new Date());
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await driver.caller.driver.history({ limit: 10, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    const ids = seen.map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...mine].sort());
    expect(ids).not.toContain(theirs);
    expect(ids).not.toContain(late);
    const keys = seen.map((j) => `${j.deliveredAt!.toISOString()}|${j.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(seen.every((j) => !("priceCents" in j))).toBe(true);

    expect((await driver.caller.driver.history({ limit: 1 })).items[0]?.id).toBe(late);
    expect((await other.caller.driver.history({})).items.map((j) => j.id)).toEqual([theirs]);
    const shipperCaller = (await signedIn({ role: "SHIPPER" })).caller;
    await expect(shipperCaller.driver.history({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(driver.caller.driver.history({ cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("object-level access", () => {
  it("denies other shippers, unassigned drivers and hides recipient data from the board", async () => {
    const owner = await signedIn({ role: "SHIPPER" });
    const stranger = await signedIn({ role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    const otherDriver = await signedIn({ role: "DRIVER" });
    const admin = await signedIn({ role: "ADMIN" });
    const posted = await makeShipment(db, { shipperId: owner.user.id, status: "POSTED" });
    const assigned = await makeShipment(db, { shipperId: owner.user.id, status: "ASSIGNED", driverId: driver.user.id });
    const draft = await makeShipment(db, { shipperId: owner.user.id, status: "DRAFT" });

    for (const id of [posted.shipment.id, assigned.shipment.id, draft.shipment.id]) {
      await expect(stranger.caller.shipment.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(stranger.caller.shipment.cancel({ id, reason: "Not mine" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    await expect(
      stranger.caller.shipment.update({ id: draft.shipment.id, version: 0, shipment: validShipmentInput() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(otherDriver.caller.shipment.get({ id: assigned.shipment.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(otherDriver.caller.shipment.get({ id: draft.shipment.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(otherDriver.caller.driver.pickUp({ id: assigned.shipment.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const open = await otherDriver.caller.shipment.get({ id: posted.shipment.id });
    expect(open.access).toBe("open-load");
    expect(open.details).toBeNull();
    expect(open.secrets).toBeNull();
    expect(JSON.stringify(open)).not.toContain("Jordan Recipient");
    const board = await otherDriver.caller.driver.loadBoard({});
    expect(JSON.stringify(board)).not.toMatch(/Recipient|recipient|\+1414/);

    const mine = await driver.caller.shipment.get({ id: assigned.shipment.id });
    expect(mine.details?.recipientName).toBe("Jordan Recipient");
    expect(mine.secrets).toBeNull();
    expect((await admin.caller.shipment.get({ id: draft.shipment.id })).secrets?.deliveryCode).toBe(draft.deliveryCode);
  });
});

describe("shipper list", () => {
  it("cursor pagination is stable under inserts and filters by status and reference", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const base = Date.now() - 10 * 24 * hour;
    for (let i = 0; i < 25; i++) {
      await makeShipment(db, {
        shipperId: user.id,
        status: i % 5 === 0 ? "POSTED" : "DRAFT",
        createdAt: new Date(base + i * 60_000),
      });
    }
    const page1 = await caller.shipment.list({ limit: 10 });
    expect(page1.items).toHaveLength(10);
    // New shipments arrive between page loads; they sort before the cursor and do not shift later pages.
    for (let i = 0; i < 3; i++) await makeShipment(db, { shipperId: user.id, status: "DRAFT" });
    const page2 = await caller.shipment.list({ limit: 10, cursor: page1.nextCursor });
    const page3 = await caller.shipment.list({ limit: 10, cursor: page2.nextCursor });
    const seen = [...page1.items, ...page2.items, ...page3.items].map((s) => s.id);
    expect(new Set(seen).size).toBe(25);
    expect(page3.nextCursor).toBeNull();
    const times = [...page1.items, ...page2.items, ...page3.items].map((s) => s.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const posted = await caller.shipment.list({ limit: 50, status: "POSTED" });
    expect(posted.items).toHaveLength(5);
    const ref = posted.items[0]!.reference;
    const found = await caller.shipment.list({ limit: 50, search: ref.slice(3).toLowerCase() });
    expect(found.items.map((s) => s.reference)).toEqual([ref]);
  });
});

describe("public tracking", () => {
  it("shows status and cities without personal data, and expires 7 days after delivery", async () => {
    const shipper = await createUser(db, { role: "SHIPPER", name: "Sasha Secretname", phone: "+13125550777" });
    const driver = await createUser(db, { role: "DRIVER", name: "Drew Hiddenname" });
    const { shipment, trackingToken } = await makeShipment(db, {
      shipperId: shipper.id,
      driverId: driver.id,
      status: "IN_TRANSIT",
      from: "chicago",
      to: "detroit",
    });
    await db.shipment.update({
      where: { id: shipment.id },
      data: { lastLat: 42.1, lastLng: -85.3, lastPositionAt: new Date() },
    });
    const t = await callerWith(null).tracking.get({ token: trackingToken });
    expect(t).toMatchObject({ state: "ok", status: "IN_TRANSIT", pickupCity: "Chicago", dropoffCity: "Detroit" });
    // The map's stops are areas rounded to 0.01°, never the stored (address-precise) coordinates.
    expect(t).toMatchObject({
      pickupArea: { lat: Math.round(shipment.pickupLat * 100) / 100, lng: Math.round(shipment.pickupLng * 100) / 100 },
      dropoffArea: {
        lat: Math.round(shipment.dropoffLat * 100) / 100,
        lng: Math.round(shipment.dropoffLng * 100) / 100,
      },
    });
    const text = JSON.stringify(t);
    for (const secret of ["Secretname", "Hiddenname", "Jordan", "+1", "recipient@", "Wacker", "Woodward", "@"])
      expect(text).not.toContain(secret);

    await db.shipment.update({
      where: { id: shipment.id },
      data: {
        status: "DELIVERED",
        deliveredAt: new Date(Date.now() - 8 * 24 * hour),
        trackingTokenExpiresAt: new Date(Date.now() - 24 * hour),
      },
    });
    expect(await callerWith(null).tracking.get({ token: trackingToken })).toEqual({ state: "expired" });
    expect(await callerWith(null).tracking.get({ token: "nope-nope-nope-nope" })).toEqual({ state: "not-found" });
  });
});

describe("admin operations", () => {
  it("force-cancels and reassigns with a reason, audit-logged", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const shipper = await createUser(db, { role: "SHIPPER" });
    const d1 = await createUser(db, { role: "DRIVER", driver: { vehicleType: "BOX_TRUCK" } });
    const d2 = await createUser(db, { role: "DRIVER", driver: { vehicleType: "SEMI", capacityKg: 20000 } });
    const a = await makeShipment(db, { shipperId: shipper.id, driverId: d1.id, status: "ASSIGNED" });
    await admin.caller.admin.reassign({ id: a.shipment.id, driverId: d2.id, reason: "Driver sick" });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: a.shipment.id } })).driverId).toBe(d2.id);

    const b = await makeShipment(db, { shipperId: shipper.id, driverId: d1.id, status: "IN_TRANSIT" });
    await admin.caller.admin.forceCancel({ id: b.shipment.id, reason: "Cargo seized" });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: b.shipment.id } })).status).toBe("CANCELLED");
    const audit = await db.auditLog.findMany({
      where: { entityId: { in: [a.shipment.id, b.shipment.id] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((x) => x.action)).toEqual(["shipment.reassigned", "shipment.force_cancelled"]);

    const overview = await admin.caller.admin.overview();
    expect(overview.counts.CANCELLED).toBeGreaterThanOrEqual(1);
    await expect(admin.caller.admin.forceCancel({ id: b.shipment.id, reason: "Again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("offers only drivers who fit the load, by name or email search, and says when there are more", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const shipper = await createUser(db, { role: "SHIPPER" });
    const tag = `fit${Date.now().toString(36)}`;
    const current = await createUser(db, {
      role: "DRIVER",
      name: `Fit ${tag} current`,
      driver: { vehicleType: "FLATBED", capacityKg: 9_000 },
    });
    const { shipment } = await makeShipment(db, {
      shipperId: shipper.id,
      driverId: current.id,
      status: "ASSIGNED",
      vehicleType: "FLATBED",
      weightKg: 8_000,
    });
    // 55 flatbeds that fit; then a van, a flatbed too small for 8 t and a disabled flatbed, which do not.
    const ids = Array.from({ length: 58 }, (_, i) => `${tag}-${String(i).padStart(2, "0")}`);
    await db.user.createMany({
      data: ids.map((id, i) => ({
        id,
        email: `${id}@fleet.test`,
        name: `Fit ${tag} ${id.slice(-2)}`,
        role: "DRIVER" as const,
        passwordHash: "not-used",
        disabledAt: i === 57 ? new Date() : null,
      })),
    });
    await db.driverProfile.createMany({
      data: ids.map((userId, i) => ({
        userId,
        vehicleType: i === 55 ? ("VAN" as const) : ("FLATBED" as const),
        capacityKg: i === 56 ? 5_000 : 10_000,
        plate: `P-${i}`,
      })),
    });

    const all = await admin.caller.admin.drivers({ id: shipment.id, search: tag });
    expect(all.drivers).toHaveLength(50);
    expect(all.more).toBe(true);
    expect(all.drivers.map((d) => d.id)).toEqual(ids.slice(0, 50));

    const narrowed = await admin.caller.admin.drivers({ id: shipment.id, search: `Fit ${tag} 5` });
    expect(narrowed.more).toBe(false);
    // 50-54 fit; 55 (van), 56 (too small), 57 (disabled) and the current driver are never offered.
    expect(narrowed.drivers.map((d) => d.id)).toEqual(ids.slice(50, 55));
    expect((await admin.caller.admin.drivers({ id: shipment.id, search: `${tag} current` })).drivers).toEqual([]);
    const byEmail = await admin.caller.admin.drivers({ id: shipment.id, search: `${ids[3]}@FLEET` });
    expect(byEmail.drivers.map((d) => d.id)).toEqual([ids[3]]);

    await expect(admin.caller.admin.drivers({ id: "s-missing", search: tag })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const driverCaller = (await signedIn({ role: "DRIVER" })).caller;
    await expect(driverCaller.admin.drivers({ id: shipment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
