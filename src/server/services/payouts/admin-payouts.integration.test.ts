// Payouts seen from operations, against the Stripe stand-in through the official SDK: the admins' list (filter,
// pages, Stripe's reason), the audited retry of a failed payout (admin only, one transfer however often it is
// clicked), and the weekly cron fired twice through the Inngest executor paying each driver once.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_BANK, type StripeStandIn } from "../../../../devstack/stripe";
import { createShipment, createUser } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest, testInngest } from "../../../../scripts/test/inngest";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook } from "../payments/handle-stripe-webhook";
import { runWeeklyPayouts } from "./weekly";

const DAY = 24 * 3600_000;
let standIn: StripeStandIn;
let config: TStripeConfig;
let closeHook: () => Promise<void>;
let restoreStripe: () => void;

beforeAll(async () => {
  // The app's webhook route in miniature, as in payouts.integration.test.ts.
  const hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handleStripeWebhook({
        payload: Buffer.concat(chunks).toString("utf8"),
        signature: (req.headers["stripe-signature"] as string | undefined) ?? null,
        stripe: config,
      }).then(
        (r) => res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  closeHook = () => new Promise<void>((r) => hook.close(() => r()));
  standIn = await startStripeStandIn({
    webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/webhooks/stripe`,
    retryDelaysMs: [100, 200, 400],
  });
  config = {
    secretKey: standIn.secretKey,
    webhookSecret: standIn.webhookSecret,
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
  };
  restoreStripe = stripeForInngestFunctions(config);
});

afterAll(async () => {
  restoreStripe();
  await standIn.close();
  await closeHook();
});

async function as(role: "SHIPPER" | "DRIVER" | "ADMIN") {
  const user = await createUser(db, role === "DRIVER" ? { role, driver: { vehicleType: "BOX_TRUCK" } } : { role });
  const session = await sessionFor(user.id);
  return { user, caller: createCaller(createInnerTRPCContext({ session, stripe: config })) };
}

/** Onboards a driver through the stand-in's page; returns their Connect account id once payouts are enabled. */
async function onboardedDriver() {
  const d = await as("DRIVER");
  const { url } = await d.caller.payout.onboard();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      first_name: "Dana",
      last_name: "Driver",
      routing: TEST_BANK.routing,
      account: TEST_BANK.account,
    }).toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  await d.caller.payout.refreshAccount();
  const profile = await db.driverProfile.findUniqueOrThrow({ where: { userId: d.user.id } });
  return { ...d, account: profile.stripeConnectAccountId! };
}

/** A COMPLETED load of `driverId` with its proof of delivery, completed `daysAgo` days ago (before last Friday). */
async function completedLoad(driverId: string, daysAgo = 9) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const { shipment } = await createShipment(db, {
    shipperId: shipper.id,
    driverId,
    status: "COMPLETED",
    createdAt: new Date(Date.now() - daysAgo * DAY),
  });
  await db.proofOfDelivery.create({
    data: { shipmentId: shipment.id, method: "CODE", deliveredAt: shipment.deliveredAt ?? new Date() },
  });
  return shipment;
}

const transfersTo = (account: string) =>
  [...standIn.connect.transfers.values()].filter((t) => t.destination === account);

/** A driver whose weekly payout Stripe refused (insufficient platform balance), with the failed payout row. */
async function failedPayout() {
  const d = await onboardedDriver();
  await completedLoad(d.user.id);
  const res = await fetch(`${standIn.url}/__control/transfers/fail?destination=${d.account}`, { method: "POST" });
  expect(res.ok).toBe(true);
  await runWeeklyPayouts({ now: new Date(), stripe: config });
  const payout = await db.payout.findFirstOrThrow({ where: { driverId: d.user.id } });
  expect(payout.status).toBe("FAILED");
  return { driver: d, payout };
}

describe("the admins' payouts list", () => {
  it("shows every payout with its driver, cents, Stripe's reason and transfer id, filtered by status and paged", async () => {
    const admin = await as("ADMIN");
    const { driver, payout } = await failedPayout();
    const failed = await admin.caller.adminPayouts.list({ status: "FAILED", pageSize: 100 });
    const row = failed.items.find((p) => p.id === payout.id);
    expect(row).toMatchObject({
      status: "FAILED",
      amountCents: payout.amountCents,
      currency: "USD",
      stripeTransferId: null,
      loads: 1,
      driver: { id: driver.user.id, email: driver.user.email },
    });
    expect(row!.failureReason).toMatch(/insufficient available funds/);
    expect(failed.items.every((p) => p.status === "FAILED")).toBe(true);
    expect(
      (await admin.caller.adminPayouts.list({ status: "PAID", pageSize: 100 })).items.map((p) => p.id),
    ).not.toContain(payout.id);

    // Pages of 5, newest first, covering every payout once.
    const all = await admin.caller.adminPayouts.list({ pageSize: 5 });
    const seen: string[] = [];
    for (let page = 1; page <= all.pageCount; page++) {
      seen.push(...(await admin.caller.adminPayouts.list({ page, pageSize: 5 })).items.map((p) => p.id));
    }
    expect(seen).toHaveLength(all.total);
    expect(new Set(seen).size).toBe(all.total);
    expect(seen).toContain(payout.id);
    expect((await admin.caller.adminPayouts.list({ page: all.pageCount + 1, pageSize: 5 })).items).toEqual([]);
  });

  it("refuses shippers and drivers, for the list and the retry", async () => {
    const { payout } = await failedPayout();
    for (const role of ["SHIPPER", "DRIVER"] as const) {
      const { caller } = await as(role);
      await expect(caller.adminPayouts.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.adminPayouts.retry({ id: payout.id, reason: "Let me pay myself" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect((await db.payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe("FAILED");
    expect(await db.auditLog.count({ where: { entityType: "Payout", entityId: payout.id } })).toBe(0);
  });
});

describe("retrying a failed payout", () => {
  it("sends one transfer with the reason audited, however often it is clicked, in one tab or two", async () => {
    const admin = await as("ADMIN");
    const otherTab = {
      caller: createCaller(createInnerTRPCContext({ session: await sessionFor(admin.user.id), stripe: config })),
    };
    const { driver, payout } = await failedPayout();
    expect(transfersTo(driver.account)).toHaveLength(0);

    const [a, b] = await Promise.all([
      admin.caller.adminPayouts.retry({ id: payout.id, reason: "Balance topped up" }),
      otherTab.caller.adminPayouts.retry({ id: payout.id, reason: "Balance topped up" }),
    ]);
    const again = await admin.caller.adminPayouts.retry({ id: payout.id, reason: "Balance topped up" });

    expect([a.retried, b.retried].filter(Boolean)).toHaveLength(1);
    expect(again).toMatchObject({ status: "PAID", retried: false });
    expect(transfersTo(driver.account)).toHaveLength(1);
    const paid = await db.payout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(paid).toMatchObject({
      status: "PAID",
      failureReason: null,
      stripeTransferId: transfersTo(driver.account)[0]!.id,
    });
    expect(transfersTo(driver.account)[0]!.amount).toBe(payout.amountCents);

    const audits = await db.auditLog.findMany({ where: { entityType: "Payout", entityId: payout.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.user.id, action: "payout.retried", targetUserId: driver.user.id });
    expect(audits[0]!.data).toMatchObject({ reason: "Balance topped up" });
    expect((audits[0]!.data as { previousFailure: string }).previousFailure).toMatch(/insufficient available funds/);
  });

  it("records Stripe's refusal again when the retry is refused, and a later retry pays once", async () => {
    const admin = await as("ADMIN");
    const { driver, payout } = await failedPayout();
    await fetch(`${standIn.url}/__control/transfers/fail?destination=${driver.account}`, { method: "POST" });
    const refused = await admin.caller.adminPayouts.retry({ id: payout.id, reason: "Try once more" });
    expect(refused).toMatchObject({ status: "FAILED", retried: true, stripeTransferId: null });
    expect(refused.failureReason).toMatch(/insufficient available funds/);
    const paid = await admin.caller.adminPayouts.retry({ id: payout.id, reason: "Funds are in now" });
    expect(paid).toMatchObject({ status: "PAID", retried: true });
    expect(transfersTo(driver.account)).toHaveLength(1);
    expect(await db.auditLog.count({ where: { entityType: "Payout", entityId: payout.id } })).toBe(2);
  });

  it("re-derives the amount from the loads: refuses a payout with no loads or a wrong amount, saying why", async () => {
    const admin = await as("ADMIN");
    const d = await onboardedDriver();
    const at = new Date(Date.now() - 30 * DAY);
    // As /admin/payouts showed it: "$1,842.50 to …, 0 loads", failed, the driver now onboarded.
    const empty = await db.payout.create({
      data: {
        driverId: d.user.id,
        periodStart: at,
        periodEnd: at,
        amountCents: 184_250,
        status: "FAILED",
        failureReason: "account_closed: the bank account has been closed",
        transferAttempt: 1,
        lastAttemptAt: at,
      },
    });
    await expect(admin.caller.adminPayouts.retry({ id: empty.id, reason: "Driver onboarded" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/no loads/),
    });
    expect(await db.payout.findUniqueOrThrow({ where: { id: empty.id } })).toMatchObject({
      status: "FAILED",
      stripeTransferId: null,
      failureReason: expect.stringMatching(/no loads/),
    });

    // One load of 1,000 cents less than the stored amount: refused too; the weekly run holds it back as well.
    const load = await completedLoad(d.user.id, 40);
    const later = new Date(at.getTime() + 1);
    const wrong = await db.payout.create({
      data: {
        driverId: d.user.id,
        periodStart: later,
        periodEnd: later,
        amountCents: load.driverPayoutCents + 1000,
        status: "FAILED",
        failureReason: "account_closed: the bank account has been closed",
        transferAttempt: 1,
        lastAttemptAt: later,
        items: { create: [{ shipmentId: load.id, amountCents: load.driverPayoutCents }] },
      },
    });
    await expect(admin.caller.adminPayouts.retry({ id: wrong.id, reason: "Driver onboarded" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/does not match its loads/),
    });
    await runWeeklyPayouts({ now: new Date(), stripe: config });
    expect(transfersTo(d.account)).toHaveLength(0);
    expect(await db.payout.findUniqueOrThrow({ where: { id: wrong.id } })).toMatchObject({
      status: "FAILED",
      failureReason: expect.stringMatching(/does not match its loads/),
    });
    expect(await db.auditLog.count({ where: { entityType: "Payout", entityId: { in: [empty.id, wrong.id] } } })).toBe(
      0,
    );

    // Corrected to its load's pay, the retry sends exactly that.
    await db.payout.update({ where: { id: wrong.id }, data: { amountCents: load.driverPayoutCents } });
    const paid = await admin.caller.adminPayouts.retry({ id: wrong.id, reason: "Amount corrected" });
    expect(paid).toMatchObject({ status: "PAID", retried: true });
    expect(transfersTo(d.account).map((t) => t.amount)).toEqual([load.driverPayoutCents]);
  });

  it("does not retry for a driver who has not finished payout setup, and says so to admins", async () => {
    const admin = await as("ADMIN");
    const d = await as("DRIVER");
    await d.caller.payout.onboard(); // account created, onboarding never finished
    await completedLoad(d.user.id);
    await runWeeklyPayouts({ now: new Date(), stripe: config });
    const payout = await db.payout.findFirstOrThrow({ where: { driverId: d.user.id } });
    expect(payout).toMatchObject({ status: "FAILED", transferAttempt: 0 });
    expect(payout.failureReason).toMatch(/^Finish setting up payouts on your Earnings page/);
    const row = (await admin.caller.adminPayouts.list({ status: "FAILED", pageSize: 100 })).items.find(
      (p) => p.id === payout.id,
    );
    expect(row?.driverSetupProblem).toBe("The driver has not finished payout setup.");
    await expect(admin.caller.adminPayouts.retry({ id: payout.id, reason: "Try anyway" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/The driver has not finished payout setup/),
    });
    const account = (await db.driverProfile.findUniqueOrThrow({ where: { userId: d.user.id } }))
      .stripeConnectAccountId!;
    expect(transfersTo(account)).toHaveLength(0);
    expect(await db.auditLog.count({ where: { entityType: "Payout", entityId: payout.id } })).toBe(0);
  });

  it("refuses an unknown payout, one never sent, a blank reason, and answers plainly without Stripe", async () => {
    const admin = await as("ADMIN");
    await expect(admin.caller.adminPayouts.retry({ id: "nosuchpayout01", reason: "Retry" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const d = await onboardedDriver();
    const fresh = await db.payout.create({
      data: { driverId: d.user.id, periodStart: new Date(), periodEnd: new Date(), amountCents: 1000 },
    });
    await expect(admin.caller.adminPayouts.retry({ id: fresh.id, reason: "Too early" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(admin.caller.adminPayouts.retry({ id: fresh.id, reason: " " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const noStripe = createCaller(createInnerTRPCContext({ session: await sessionFor(admin.user.id), stripe: null }));
    await expect(noStripe.adminPayouts.retry({ id: fresh.id, reason: "No Stripe" })).rejects.toMatchObject({
      message: expect.stringMatching(/not configured/),
    });
    expect(transfersTo(d.account)).toHaveLength(0);
  });
});

describe("the weekly payout cron, through the Inngest executor", () => {
  /** Fires the weekly-payouts cron now and waits for the run; returns it (it must complete). */
  async function fireWeeklyPayouts() {
    const started = testInngest().executor.fireCron("trial-transport-weekly-payouts");
    if (!started) throw new Error("no weekly-payouts cron");
    await settleInngest(50_000);
    const run = testInngest()
      .executor.runs()
      .find((r) => r.id === started.id);
    expect(run?.status, JSON.stringify(run?.error)).toBe("Completed");
    return run!;
  }

  it("fired twice, pays each driver one transfer for their week", async () => {
    const drivers = [await onboardedDriver(), await onboardedDriver()];
    const loads = [];
    for (const d of drivers) loads.push([await completedLoad(d.user.id, 8), await completedLoad(d.user.id, 11)]);

    await fireWeeklyPayouts();
    await fireWeeklyPayouts();

    for (const [i, d] of drivers.entries()) {
      const payouts = await db.payout.findMany({ where: { driverId: d.user.id }, include: { items: true } });
      expect(payouts).toHaveLength(1);
      expect(payouts[0]).toMatchObject({ status: "PAID", kind: "WEEKLY" });
      expect(payouts[0]!.items.map((it) => it.shipmentId).sort()).toEqual(loads[i]!.map((s) => s.id).sort());
      const transfers = transfersTo(d.account);
      expect(transfers).toHaveLength(1);
      expect(transfers[0]!.amount).toBe(payouts[0]!.amountCents);
      expect(payouts[0]!.stripeTransferId).toBe(transfers[0]!.id);
    }
  });
});
