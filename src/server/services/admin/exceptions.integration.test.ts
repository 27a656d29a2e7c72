// The exceptions queue, rule by rule: a shipment (or delivery, payment, payout) in each exceptional state appears,
// a normal one does not; resolving records who, when and why, hides it, and it shows again when the condition
// occurs anew. Called through tRPC as an admin; shippers and drivers are refused.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../prisma/factories";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import type { TExceptionKind } from "./exceptions";
import { STALE_POSITION_MINUTES, UNFILLED_LOAD_HOURS } from "./exceptions";

const MIN = 60_000;
const HOUR = 3600_000;

type TAdmin = Awaited<ReturnType<typeof signedIn>>;

/** Every open exception of `kind`, all pages: the subject ids. */
async function openOf(admin: TAdmin, kind: TExceptionKind): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await admin.caller.adminOps.exceptions({ kind, page, pageSize: 100 });
    ids.push(...res.items.map((i) => i.subjectId));
    if (page >= res.pageCount) return ids;
  }
}

async function shipmentIn(status: ShipmentStatus, data: Parameters<typeof db.shipment.update>[0]["data"] = {}) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const { shipment } = await createShipment(db, {
    shipperId: shipper.id,
    driverId: status === "POSTED" || status === "DRAFT" ? undefined : driver.id,
    status,
  });
  // A normal en-route load has a fresh position.
  const fresh = status === "PICKED_UP" || status === "IN_TRANSIT" ? { lastPositionAt: new Date() } : {};
  const updated = await db.shipment.update({ where: { id: shipment.id }, data: { ...fresh, ...data } });
  return { shipment: updated, shipper, driver };
}

describe("exception rules", () => {
  it("delivery code locked", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const locked = await shipmentIn("IN_TRANSIT", { deliveryCodeLockedAt: new Date(), deliveryCodeAttempts: 5 });
    const normal = await shipmentIn("IN_TRANSIT", { deliveryCodeAttempts: 2 });
    const open = await openOf(admin, "DELIVERY_CODE_LOCKED");
    expect(open).toContain(locked.shipment.id);
    expect(open).not.toContain(normal.shipment.id);
  });

  it("pick-up window missed without pick-up", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const missed = await shipmentIn("ASSIGNED", {
      pickupWindowStart: new Date(Date.now() - 5 * HOUR),
      pickupWindowEnd: new Date(Date.now() - HOUR),
    });
    const onTime = await shipmentIn("ASSIGNED");
    const pickedUp = await shipmentIn("PICKED_UP", { pickupWindowEnd: new Date(Date.now() - HOUR) });
    const open = await openOf(admin, "PICKUP_MISSED");
    expect(open).toContain(missed.shipment.id);
    expect(open).not.toContain(onTime.shipment.id);
    expect(open).not.toContain(pickedUp.shipment.id);
  });

  it("ETA past the drop-off window", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const late = await shipmentIn("IN_TRANSIT", {
      dropoffWindowEnd: new Date(Date.now() + HOUR),
      etaAt: new Date(Date.now() + 3 * HOUR),
    });
    const onTime = await shipmentIn("IN_TRANSIT", {
      dropoffWindowEnd: new Date(Date.now() + 3 * HOUR),
      etaAt: new Date(Date.now() + HOUR),
    });
    const open = await openOf(admin, "ETA_LATE");
    expect(open).toContain(late.shipment.id);
    expect(open).not.toContain(onTime.shipment.id);
  });

  it("late: a window still open is shown since the late ETA was computed, never in the future", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const lastFix = new Date(Date.now() - 3 * MIN);
    const late = await shipmentIn("IN_TRANSIT", {
      lastPositionAt: lastFix,
      dropoffWindowEnd: new Date(Date.now() + HOUR),
      etaAt: new Date(Date.now() + 3 * HOUR),
    });
    const res = await admin.caller.adminOps.exceptions({ kind: "ETA_LATE", pageSize: 100 });
    const row = res.items.find((i) => i.subjectId === late.shipment.id)!;
    expect(row.since.getTime()).toBe(lastFix.getTime());
    expect(row.since.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row.ageSeconds).toBeGreaterThanOrEqual(3 * 60 - 5);
  });

  it("late: still under way after the drop-off window closed, with a stale ETA before it, is late since it closed", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const windowEnd = new Date(Date.now() - 2 * HOUR);
    const stale = await shipmentIn("IN_TRANSIT", {
      dropoffWindowStart: new Date(Date.now() - 4 * HOUR),
      dropoffWindowEnd: windowEnd,
      etaAt: new Date(Date.now() - 3 * HOUR),
    });
    const res = await admin.caller.adminOps.exceptions({ kind: "ETA_LATE", pageSize: 100 });
    const row = res.items.find((i) => i.subjectId === stale.shipment.id);
    expect(row?.since.getTime()).toBe(windowEnd.getTime());
    expect(row?.ageSeconds).toBeGreaterThanOrEqual(2 * 3600 - 5);

    // The live map calls it late too.
    const map = await admin.caller.adminOps.liveMap({ lateness: "late" });
    expect(map.shipments.map((s) => s.id)).toContain(stale.shipment.id);
    const onTimeMap = await admin.caller.adminOps.liveMap({ lateness: "onTime" });
    expect(onTimeMap.shipments.map((s) => s.id)).not.toContain(stale.shipment.id);

    // Resolved, it stays hidden while new fixes arrive; a new drop-off window is a new condition.
    await admin.caller.adminOps.resolveException({ kind: "ETA_LATE", subjectId: stale.shipment.id, reason: "Called" });
    await db.shipment.update({ where: { id: stale.shipment.id }, data: { lastPositionAt: new Date() } });
    expect(await openOf(admin, "ETA_LATE")).not.toContain(stale.shipment.id);
    await db.shipment.update({
      where: { id: stale.shipment.id },
      data: { dropoffWindowEnd: new Date(Date.now() - 30 * MIN) },
    });
    expect(await openOf(admin, "ETA_LATE")).toContain(stale.shipment.id);
  });

  it("rows without a shipment have a readable title and a place to act", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const driver = await createUser(db, { role: "DRIVER", name: "Dana Driver" });
    const payout = await db.payout.create({
      data: {
        driverId: driver.id,
        periodStart: new Date(Date.now() - 14 * 24 * HOUR),
        periodEnd: new Date(Date.now() - 7 * 24 * HOUR),
        amountCents: 10_000,
        status: "FAILED",
        failureReason: "account_closed",
      },
    });
    const failure = await db.webhookFailure.create({
      data: {
        id: `stripe-evt_title${Date.now()}`,
        provider: "stripe",
        eventId: `evt_title${Date.now()}`,
        eventType: "account.updated",
        attempts: 5,
        lastError: "boom",
      },
    });
    const payouts = await admin.caller.adminOps.exceptions({ kind: "PAYOUT_FAILED", pageSize: 100 });
    expect(payouts.items.find((i) => i.subjectId === payout.id)).toMatchObject({
      title: "Payout to Dana Driver",
      href: "/admin/payouts",
    });
    const hooks = await admin.caller.adminOps.exceptions({ kind: "WEBHOOK_FAILING", pageSize: 100 });
    expect(hooks.items.find((i) => i.subjectId === failure.id)).toMatchObject({
      title: `Stripe event ${failure.eventId}`,
      href: "/admin/payouts",
    });
    // Resolved, they keep those names in "Recently resolved".
    await admin.caller.adminOps.resolveException({
      kind: "PAYOUT_FAILED",
      subjectId: payout.id,
      reason: "Paid by cheque",
    });
    await admin.caller.adminOps.resolveException({
      kind: "WEBHOOK_FAILING",
      subjectId: failure.id,
      reason: "Obsolete",
    });
    const recent = await admin.caller.adminOps.recentResolutions();
    expect(recent.find((r) => r.subjectId === payout.id)).toMatchObject({ title: "Payout to Dana Driver", href: null });
    expect(recent.find((r) => r.subjectId === failure.id)).toMatchObject({ title: `Stripe event ${failure.eventId}` });
  });

  it(`no position for more than ${STALE_POSITION_MINUTES} minutes while under way`, async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const hourAgo = new Date(Date.now() - HOUR);
    const stale = await shipmentIn("IN_TRANSIT", {
      lastPositionAt: new Date(Date.now() - 25 * MIN),
      pickedUpAt: hourAgo,
      inTransitAt: hourAgo,
    });
    const fresh = await shipmentIn("IN_TRANSIT", { lastPositionAt: new Date(Date.now() - 2 * MIN) });
    // Just picked up (on the admin's word, say): the clock starts at the pick-up, not at the last old fix.
    const justPickedUp = await shipmentIn("PICKED_UP", {
      lastPositionAt: new Date(Date.now() - HOUR),
      pickedUpAt: new Date(Date.now() - MIN),
    });
    const assigned = await shipmentIn("ASSIGNED");
    const open = await openOf(admin, "NO_POSITION");
    expect(open).toContain(stale.shipment.id);
    expect(open).not.toContain(fresh.shipment.id);
    expect(open).not.toContain(justPickedUp.shipment.id);
    expect(open).not.toContain(assigned.shipment.id);
  });

  it(`load posted for more than ${UNFILLED_LOAD_HOURS} hours without a driver`, async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const unfilled = await shipmentIn("POSTED", { postedAt: new Date(Date.now() - (UNFILLED_LOAD_HOURS + 1) * HOUR) });
    const recent = await shipmentIn("POSTED", { postedAt: new Date(Date.now() - HOUR) });
    const open = await openOf(admin, "LOAD_UNFILLED");
    expect(open).toContain(unfilled.shipment.id);
    expect(open).not.toContain(recent.shipment.id);
  });

  it("failed notification delivery", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, shipper } = await shipmentIn("ASSIGNED");
    const n = await db.notification.create({
      data: {
        userId: shipper.id,
        type: "SHIPMENT_STATUS",
        title: "Accepted",
        body: "A driver accepted",
        shipmentId: shipment.id,
        deliveries: {
          create: [
            { channel: "EMAIL", status: "FAILED", error: "mailbox unavailable", attempts: 4 },
            { channel: "IN_APP", status: "SENT" },
          ],
        },
      },
      include: { deliveries: true },
    });
    const failed = n.deliveries.find((d) => d.channel === "EMAIL")!;
    const sent = n.deliveries.find((d) => d.channel === "IN_APP")!;
    const res = await admin.caller.adminOps.exceptions({ kind: "NOTIFICATION_FAILED", pageSize: 100 });
    const open = await openOf(admin, "NOTIFICATION_FAILED");
    expect(open).toContain(failed.id);
    expect(open).not.toContain(sent.id);
    // Only this file's failed deliveries exist in its database: the row is on the first page.
    expect(res.items.find((i) => i.subjectId === failed.id)).toMatchObject({
      detail: "EMAIL: mailbox unavailable",
      href: `/admin/shipments/${shipment.id}`,
    });
  });

  it("failed payment, refund and payout", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, shipper, driver } = await shipmentIn("CANCELLED");
    const payment = await db.payment.create({
      data: {
        shipmentId: shipment.id,
        payerId: shipper.id,
        amountCents: 50_000,
        status: "SUCCEEDED",
        refundDueCents: 50_000,
        refundStatus: "FAILED",
        refundFailureReason: "charge already refunded",
      },
    });
    const failedPayment = await shipmentIn("POSTED");
    const declined = await db.payment.create({
      data: {
        shipmentId: failedPayment.shipment.id,
        payerId: failedPayment.shipper.id,
        amountCents: 40_000,
        status: "FAILED",
        failureMessage: "Your card was declined.",
      },
    });
    // A failed try followed by a successful one is no exception.
    const paidAfterAll = await shipmentIn("POSTED");
    const retried = await db.payment.create({
      data: {
        shipmentId: paidAfterAll.shipment.id,
        payerId: paidAfterAll.shipper.id,
        amountCents: 1,
        status: "FAILED",
      },
    });
    await db.payment.create({
      data: {
        shipmentId: paidAfterAll.shipment.id,
        payerId: paidAfterAll.shipper.id,
        amountCents: 1,
        status: "SUCCEEDED",
      },
    });
    const payout = await db.payout.create({
      data: {
        driverId: driver.id,
        periodStart: new Date(Date.now() - 7 * 24 * HOUR),
        periodEnd: new Date(),
        amountCents: 10_000,
        status: "FAILED",
        failureReason: "account closed",
      },
    });
    const paid = await db.payout.create({
      data: {
        driverId: (await createUser(db, { role: "DRIVER" })).id,
        periodStart: new Date(Date.now() - 7 * 24 * HOUR),
        periodEnd: new Date(),
        amountCents: 10_000,
        status: "PAID",
      },
    });
    expect(await openOf(admin, "REFUND_FAILED")).toContain(payment.id);
    const payments = await openOf(admin, "PAYMENT_FAILED");
    expect(payments).toContain(declined.id);
    expect(payments).not.toContain(retried.id);
    expect(payments).not.toContain(payment.id);
    const payouts = await openOf(admin, "PAYOUT_FAILED");
    expect(payouts).toContain(payout.id);
    expect(payouts).not.toContain(paid.id);
  });
});

describe("the queue", () => {
  it("pages oldest first with ages, counts per kind, and refuses shippers and drivers", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const older = await shipmentIn("POSTED", { postedAt: new Date(Date.now() - 30 * HOUR) });
    const newer = await shipmentIn("POSTED", { postedAt: new Date(Date.now() - 20 * HOUR) });
    const all = await admin.caller.adminOps.exceptions({ kind: "LOAD_UNFILLED", pageSize: 100 });
    const ids = all.items.map((i) => i.subjectId);
    expect(ids.indexOf(older.shipment.id)).toBeLessThan(ids.indexOf(newer.shipment.id));
    const row = all.items.find((i) => i.subjectId === older.shipment.id)!;
    expect(row.ageSeconds).toBeGreaterThanOrEqual(30 * 3600 - 5);
    expect(row).toMatchObject({ reference: older.shipment.reference, href: `/admin/shipments/${older.shipment.id}` });
    expect(all.byKind.LOAD_UNFILLED).toBe(all.total);

    const page1 = await admin.caller.adminOps.exceptions({ pageSize: 5, page: 1 });
    const page2 = await admin.caller.adminOps.exceptions({ pageSize: 5, page: 2 });
    expect(page1.total).toBeGreaterThan(5);
    expect(page1.items).toHaveLength(5);
    const p1 = page1.items.map((i) => `${i.kind}:${i.subjectId}`);
    expect(page2.items.every((i) => !p1.includes(`${i.kind}:${i.subjectId}`))).toBe(true);

    for (const role of ["SHIPPER", "DRIVER"] as const) {
      const other = await signedIn({ role });
      await expect(other.caller.adminOps.exceptions({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        other.caller.adminOps.resolveException({ kind: "LOAD_UNFILLED", subjectId: older.shipment.id, reason: "x y" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("resolving records who, when and why; it stays hidden until the condition occurs again", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const s = await shipmentIn("IN_TRANSIT", {
      lastPositionAt: new Date(Date.now() - 30 * MIN),
      inTransitAt: new Date(Date.now() - HOUR),
    });
    await admin.caller.adminOps.resolveException({
      kind: "NO_POSITION",
      subjectId: s.shipment.id,
      reason: "Driver called: phone in a tunnel",
    });
    const [resolution] = await db.opsExceptionResolution.findMany({ where: { key: `NO_POSITION:${s.shipment.id}` } });
    expect(resolution).toMatchObject({
      resolvedById: admin.user.id,
      reason: "Driver called: phone in a tunnel",
      conditionSince: s.shipment.lastPositionAt,
      createdAt: expect.any(Date),
    });
    expect(await openOf(admin, "NO_POSITION")).not.toContain(s.shipment.id);
    // Resolving again: it is no longer open.
    await expect(
      admin.caller.adminOps.resolveException({ kind: "NO_POSITION", subjectId: s.shipment.id, reason: "Twice" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A new fix, then silence again: the condition occurs anew and the exception is back.
    await db.shipment.update({
      where: { id: s.shipment.id },
      data: { lastPositionAt: new Date(Date.now() - 12 * MIN) },
    });
    expect(await openOf(admin, "NO_POSITION")).toContain(s.shipment.id);
    expect(await db.auditLog.count({ where: { action: "ops_exception.resolved", entityId: s.shipment.id } })).toBe(1);
  });

  it("two admins resolving the same row at once record it once; the other is told it is no longer open", async () => {
    const admins = await Promise.all([signedIn({ role: "ADMIN" }), signedIn({ role: "ADMIN" })]);
    const s = await shipmentIn("POSTED", { postedAt: new Date(Date.now() - 9 * HOUR) });
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map((i) =>
        admins[i % 2]!.caller.adminOps.resolveException({
          kind: "LOAD_UNFILLED",
          subjectId: s.shipment.id,
          reason: `Tab ${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no longer open") });
    }
    expect(await db.opsExceptionResolution.count({ where: { key: `LOAD_UNFILLED:${s.shipment.id}` } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "ops_exception.resolved", entityId: s.shipment.id } })).toBe(1);
  });

  it("lists recent resolutions newest first with who, when and why", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const s = await shipmentIn("POSTED", { postedAt: new Date(Date.now() - 9 * HOUR) });
    await admin.caller.adminOps.resolveException({
      kind: "LOAD_UNFILLED",
      subjectId: s.shipment.id,
      reason: "Price raised, shipper called",
    });
    const recent = await admin.caller.adminOps.recentResolutions();
    expect(recent.length).toBeLessThanOrEqual(20);
    expect(recent[0]).toMatchObject({
      kind: "LOAD_UNFILLED",
      subjectId: s.shipment.id,
      title: s.shipment.reference,
      reason: "Price raised, shipper called",
      resolvedBy: { id: admin.user.id },
      resolvedAt: expect.any(Date),
      href: `/admin/shipments/${s.shipment.id}`,
    });
    const other = await signedIn({ role: "SHIPPER" });
    await expect(other.caller.adminOps.recentResolutions()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
