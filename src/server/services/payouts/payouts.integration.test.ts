// Driver payouts against the Stripe stand-in through the official SDK, with webhooks delivered over HTTP to a
// server that hands them to handleStripeWebhook as the route does: onboarding through the stand-in's page and the
// `account.updated` sync (re-read from Stripe), the weekly run (grouping per driver, twice and concurrently paying
// once, a refusal recorded with Stripe's reason and retried), quick pay (fee, once per load, out of the weekly
// run), and that only the driver themself reaches their payouts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_BANK, type StripeStandIn } from "../../../../devstack/stripe";
import { createShipment, createUser } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook } from "../payments/handle-stripe-webhook";
import { nextWeeklyRun, payoutWeek, QUICK_PAY_FEE_BPS, quickPayFeeCents } from "./rules";
import { NO_PAYOUT_ACCOUNT, payoutSetupUnfinishedReason, transferGroup } from "./transfer";
import { runWeeklyPayouts } from "./weekly";

const DAY = 24 * 3600_000;
let standIn: StripeStandIn;
let config: TStripeConfig;
let closeHook: () => Promise<void>;
let restoreStripe: () => void;

beforeAll(async () => {
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

async function driver() {
  const user = await createUser(db, { role: "DRIVER", driver: { vehicleType: "BOX_TRUCK" } });
  const session = await sessionFor(user.id);
  return { user, caller: createCaller(createInnerTRPCContext({ session, stripe: config })) };
}

type TDriver = Awaited<ReturnType<typeof driver>>;

/** Starts onboarding through the API and submits the stand-in's page as a browser does. */
async function onboard(d: TDriver) {
  const { url } = await d.caller.payout.onboard();
  expect(url.startsWith(`${standIn.url}/setup/e/acct_`)).toBe(true);
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
  expect(res.headers.get("location")).toMatch(/\/driver\/earnings\?onboarding=return$/);
  await standIn.delivery.idle();
  await settleInngest();
  const profile = await db.driverProfile.findUniqueOrThrow({ where: { userId: d.user.id } });
  return profile.stripeConnectAccountId!;
}

/** A COMPLETED load of `driverId`, completed `daysAgo` days ago, with (by default) its proof of delivery. */
async function completedLoad(driverId: string, daysAgo = 10, proof = true) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const { shipment } = await createShipment(db, {
    shipperId: shipper.id,
    driverId,
    status: "COMPLETED",
    createdAt: new Date(Date.now() - daysAgo * DAY),
  });
  if (proof) {
    await db.proofOfDelivery.create({
      data: { shipmentId: shipment.id, method: "CODE", deliveredAt: shipment.deliveredAt ?? new Date() },
    });
  }
  return shipment;
}

const transfersTo = (account: string) =>
  [...standIn.connect.transfers.values()].filter((t) => t.destination === account);

async function until<T>(fn: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("payout rules", () => {
  it("pays the week before the latest Friday 00:00 in Chicago, and runs next on Friday 09:00 there", () => {
    // Friday 2026-12-04 10:00 in Chicago (CST, UTC-6).
    const week = payoutWeek(new Date("2026-12-04T16:00:00Z"));
    expect(week.periodEnd.toISOString()).toBe("2026-12-04T06:00:00.000Z");
    expect(week.periodStart.toISOString()).toBe("2026-11-27T06:00:00.000Z");
    // Thursday night in Chicago, already Friday in UTC: still the week before.
    expect(payoutWeek(new Date("2026-12-04T03:00:00Z")).periodEnd.toISOString()).toBe("2026-11-27T06:00:00.000Z");
    // Summer time (CDT, UTC-5).
    expect(nextWeeklyRun(new Date("2026-07-01T12:00:00Z")).toISOString()).toBe("2026-07-03T14:00:00.000Z");
    expect(nextWeeklyRun(new Date("2026-12-04T15:00:00Z")).toISOString()).toBe("2026-12-11T15:00:00.000Z");
    expect(QUICK_PAY_FEE_BPS).toBe(200);
    expect(quickPayFeeCents(12_345)).toBe(247);
  });
});

describe("onboarding and account.updated", () => {
  it("shows what is missing, then syncs payouts enabled from the webhook by re-reading the account", async () => {
    const d = await driver();
    const before = await d.caller.payout.account();
    expect(before).toMatchObject({ configured: true, hasAccount: false, payoutsEnabled: false });
    expect(before.missing).toEqual(["A Stripe payout account: set one up to be paid"]);

    const { url } = await d.caller.payout.onboard();
    const started = await d.caller.payout.account();
    expect(started).toMatchObject({ hasAccount: true, payoutsEnabled: false });
    expect(started.missing).toContain("A bank account to receive payouts");
    // Asking again reuses the account (idempotency key from the driver's id), with a fresh link.
    const again = await d.caller.payout.onboard();
    expect(again.url).not.toBe(url);
    expect(standIn.connect.accounts.size).toBeGreaterThan(0);
    const accountId = (await db.driverProfile.findUniqueOrThrow({ where: { userId: d.user.id } }))
      .stripeConnectAccountId!;
    expect([...standIn.connect.accounts.values()].filter((a) => a.metadata.driverId === d.user.id)).toHaveLength(1);

    await fetch(again.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ first_name: "Dana", last_name: "D", routing: "110000000", account: "000123456789" }),
      redirect: "manual",
    });
    const enabled = await until(async () => {
      const a = await d.caller.payout.account();
      return a.payoutsEnabled ? a : undefined;
    });
    expect(enabled).toMatchObject({ payoutsEnabled: true, detailsSubmitted: true, missing: [] });
    expect(await db.stripeEvent.count({ where: { type: "account.updated" } })).toBeGreaterThan(0);

    // Stripe restricts the account again; the webhook's re-read brings the new requirement.
    standIn.connect.restrict(accountId);
    const restricted = await until(async () => {
      const a = await d.caller.payout.account();
      return a.payoutsEnabled ? undefined : a;
    });
    expect(restricted.missing).toEqual(["A photo of your ID"]);
    expect(restricted.disabledReason).toBe("requirements.past_due");
  });

  it("applies a stale or replayed account.updated as the account is now, not as its payload says", async () => {
    const d = await driver();
    const accountId = await onboard(d);
    const enabledEvent = [...standIn.store.events]
      .reverse()
      .find((e) => e.type === "account.updated" && (e.data.object as { id: string }).id === accountId)!;
    standIn.connect.restrict(accountId);
    await standIn.delivery.idle();
    await settleInngest();
    expect((await d.caller.payout.account()).payoutsEnabled).toBe(false);
    // The older "enabled" event again, under a new id (as if it arrived late): the re-read keeps it restricted.
    const payload = JSON.stringify({ ...enabledEvent, id: `${enabledEvent.id}_late` });
    const { signatureHeader } = await import("../../../../devstack/stripe");
    const r = await handleStripeWebhook({
      payload,
      signature: signatureHeader(payload, standIn.webhookSecret),
      stripe: config,
    });
    expect(r.status).toBe(200);
    await settleInngest();
    expect((await d.caller.payout.account()).payoutsEnabled).toBe(false);
  });

  it("refreshes on return without waiting for the webhook", async () => {
    const d = await driver();
    const accountId = await onboard(d);
    await db.driverProfile.update({ where: { userId: d.user.id }, data: { payoutsEnabled: false } });
    expect((await d.caller.payout.refreshAccount()).payoutsEnabled).toBe(true);
    expect(accountId).toMatch(/^acct_/);
  });
});

describe("weekly payouts", () => {
  it("groups each driver's proven, completed loads into one payout and pays it once, run twice", async () => {
    const a = await driver();
    const b = await driver();
    const accountA = await onboard(a);
    const accountB = await onboard(b);
    const a1 = await completedLoad(a.user.id, 10);
    const a2 = await completedLoad(a.user.id, 9);
    const b1 = await completedLoad(b.user.id, 12);
    const noProof = await completedLoad(a.user.id, 10, false);
    const tooRecent = await completedLoad(a.user.id, 0);

    const now = new Date();
    const first = await runWeeklyPayouts({ now, stripe: config });
    expect(first.outcomes.PAID).toBeGreaterThanOrEqual(2);
    await runWeeklyPayouts({ now, stripe: config });

    const payoutA = await db.payout.findFirstOrThrow({
      where: { driverId: a.user.id },
      include: { items: true },
    });
    expect(payoutA).toMatchObject({
      kind: "WEEKLY",
      status: "PAID",
      amountCents: a1.driverPayoutCents + a2.driverPayoutCents,
      feeCents: 0,
    });
    expect(payoutA.items.map((i) => i.shipmentId).sort()).toEqual([a1.id, a2.id].sort());
    expect(await db.payout.count({ where: { driverId: a.user.id } })).toBe(1);
    expect(transfersTo(accountA)).toHaveLength(1);
    expect(transfersTo(accountA)[0]).toMatchObject({
      amount: payoutA.amountCents,
      currency: "usd",
      transfer_group: transferGroup(payoutA.id),
      metadata: { payoutId: payoutA.id },
    });
    expect(payoutA.stripeTransferId).toBe(transfersTo(accountA)[0]!.id);
    expect(transfersTo(accountB)).toHaveLength(1);
    expect(transfersTo(accountB)[0]!.amount).toBe(b1.driverPayoutCents);
    expect(await db.payoutItem.count({ where: { shipmentId: { in: [noProof.id, tooRecent.id] } } })).toBe(0);

    // The driver sees it, in cents with its loads; the recent load waits for Friday.
    const list = await a.caller.payout.list();
    expect(list.payouts[0]).toMatchObject({ status: "PAID", amountCents: payoutA.amountCents });
    expect(list.payouts[0]!.items).toHaveLength(2);
    expect(list.unpaid.map((u) => u.shipmentId)).toEqual([tooRecent.id]);
    expect(list.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("pays nobody twice when two runs go at once", async () => {
    const drivers = await Promise.all([driver(), driver(), driver()]);
    const accounts = await Promise.all(drivers.map(onboard));
    for (const d of drivers) {
      await completedLoad(d.user.id, 8);
      await completedLoad(d.user.id, 11);
    }
    const now = new Date();
    await Promise.all([
      runWeeklyPayouts({ now, stripe: config }),
      runWeeklyPayouts({ now, stripe: config }),
      runWeeklyPayouts({ now, stripe: config }),
    ]);
    // A run that met another's in-flight request left it to that run; one more run settles anything left.
    await runWeeklyPayouts({ now, stripe: config });
    for (const [i, d] of drivers.entries()) {
      const payouts = await db.payout.findMany({ where: { driverId: d.user.id }, include: { items: true } });
      expect(payouts).toHaveLength(1);
      expect(payouts[0]!.items).toHaveLength(2);
      expect(payouts[0]!.status).toBe("PAID");
      expect(transfersTo(accounts[i]!)).toHaveLength(1);
      expect(transfersTo(accounts[i]!)[0]!.amount).toBe(payouts[0]!.amountCents);
    }
  });

  it("records Stripe's reason for a refused transfer and retries it on the next run", async () => {
    const d = await driver();
    const account = await onboard(d);
    const load = await completedLoad(d.user.id, 9);
    const res = await fetch(`${standIn.url}/__control/transfers/fail?destination=${account}`, { method: "POST" });
    expect(res.ok).toBe(true);

    await runWeeklyPayouts({ now: new Date(), stripe: config });
    const failed = await db.payout.findFirstOrThrow({ where: { driverId: d.user.id } });
    expect(failed).toMatchObject({ status: "FAILED", transferAttempt: 1, stripeTransferId: null });
    expect(failed.failureReason).toMatch(/insufficient available funds/);
    expect(transfersTo(account)).toHaveLength(0);
    const shown = await d.caller.payout.list();
    expect(shown.payouts[0]).toMatchObject({ status: "FAILED", failureReason: failed.failureReason });

    await runWeeklyPayouts({ now: new Date(), stripe: config });
    const paid = await db.payout.findFirstOrThrow({ where: { driverId: d.user.id } });
    expect(paid).toMatchObject({ status: "PAID", failureReason: null, amountCents: load.driverPayoutCents });
    expect(transfersTo(account)).toHaveLength(1);
    await runWeeklyPayouts({ now: new Date(), stripe: config });
    expect(transfersTo(account)).toHaveLength(1);
  });

  it("holds back a driver without payouts enabled with a readable reason, no transfer tried, and pays once they onboard", async () => {
    const none = await driver();
    await completedLoad(none.user.id, 9);
    const half = await driver();
    await half.caller.payout.onboard(); // account created, onboarding never finished
    await completedLoad(half.user.id, 9);

    await runWeeklyPayouts({ now: new Date(), stripe: config });
    expect(await db.payout.findFirstOrThrow({ where: { driverId: none.user.id } })).toMatchObject({
      status: "FAILED",
      failureReason: NO_PAYOUT_ACCOUNT,
    });
    const refused = await db.payout.findFirstOrThrow({ where: { driverId: half.user.id } });
    const halfProfile = await db.driverProfile.findUniqueOrThrow({ where: { userId: half.user.id } });
    expect(halfProfile.payoutsEnabled).toBe(false);
    // Checked before any transfer: no Stripe call, so no attempt used, and the driver reads what to do.
    expect(refused).toMatchObject({
      status: "FAILED",
      transferAttempt: 0,
      failureReason: payoutSetupUnfinishedReason(halfProfile.payoutRequirements),
    });
    expect(refused.failureReason).toMatch(/^Finish setting up payouts on your Earnings page: Stripe still needs /);
    expect(refused.failureReason).not.toMatch(/capabilities/);
    expect(transfersTo(halfProfile.stripeConnectAccountId!)).toHaveLength(0);

    const account = await onboard(half);
    await runWeeklyPayouts({ now: new Date(), stripe: config });
    expect((await db.payout.findFirstOrThrow({ where: { driverId: half.user.id } })).status).toBe("PAID");
    expect(transfersTo(account)).toHaveLength(1);
  });
});

describe("quick pay", () => {
  it("shows the fee, pays one load minus it once, and keeps the load out of the weekly run", async () => {
    const d = await driver();
    const account = await onboard(d);
    const load = await completedLoad(d.user.id, 9);
    const quote = await d.caller.payout.quickPayQuote({ shipmentId: load.id });
    expect(quote).toMatchObject({
      grossCents: load.driverPayoutCents,
      feeCents: quickPayFeeCents(load.driverPayoutCents),
      netCents: load.driverPayoutCents - quickPayFeeCents(load.driverPayoutCents),
      feeBps: 200,
    });

    const wrongFee = await d.caller.payout.quickPay({ shipmentId: load.id, feeCents: 1 }).catch((e: unknown) => e);
    expect(wrongFee).toBeInstanceOf(TRPCError);
    expect((wrongFee as TRPCError).code).toBe("CONFLICT");
    expect(transfersTo(account)).toHaveLength(0);

    const [r1, r2] = await Promise.all([
      d.caller.payout.quickPay({ shipmentId: load.id, feeCents: quote.feeCents }),
      d.caller.payout.quickPay({ shipmentId: load.id, feeCents: quote.feeCents }),
    ]);
    expect(r1.payoutId).toBe(r2.payoutId);
    const settled = await db.payout.findUniqueOrThrow({ where: { id: r1.payoutId } });
    expect(settled).toMatchObject({
      kind: "QUICK",
      status: "PAID",
      amountCents: quote.netCents,
      feeCents: quote.feeCents,
    });
    expect(transfersTo(account)).toHaveLength(1);
    expect(transfersTo(account)[0]!.amount).toBe(quote.netCents);

    await runWeeklyPayouts({ now: new Date(), stripe: config });
    expect(await db.payout.count({ where: { driverId: d.user.id } })).toBe(1);
    expect(transfersTo(account)).toHaveLength(1);
    const again = await d.caller.payout.quickPay({ shipmentId: load.id, feeCents: quote.feeCents });
    expect(again).toMatchObject({ payoutId: r1.payoutId, status: "PAID" });
    expect(transfersTo(account)).toHaveLength(1);
  });

  it("refuses a load already in the weekly payout, an unfinished load, and a driver without payouts", async () => {
    const d = await driver();
    await onboard(d);
    const weekly = await completedLoad(d.user.id, 9);
    await runWeeklyPayouts({ now: new Date(), stripe: config });
    const fee = quickPayFeeCents(weekly.driverPayoutCents);
    await expect(d.caller.payout.quickPay({ shipmentId: weekly.id, feeCents: fee })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const unproven = await completedLoad(d.user.id, 2, false);
    await expect(d.caller.payout.quickPayQuote({ shipmentId: unproven.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const fresh = await driver();
    const theirs = await completedLoad(fresh.user.id, 2);
    await expect(
      fresh.caller.payout.quickPay({ shipmentId: theirs.id, feeCents: quickPayFeeCents(theirs.driverPayoutCents) }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("authorisation", () => {
  it("lets only the driver themself see or quick-pay their loads", async () => {
    const owner = await driver();
    await onboard(owner);
    const load = await completedLoad(owner.user.id, 3);
    const other = await driver();
    await onboard(other);
    await expect(other.caller.payout.quickPayQuote({ shipmentId: load.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      other.caller.payout.quickPay({ shipmentId: load.id, feeCents: quickPayFeeCents(load.driverPayoutCents) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A driver not onboarded learns nothing of another's load either: NOT_FOUND before "Set up payouts first".
    const notOnboarded = await driver();
    await expect(
      notOnboarded.caller.payout.quickPay({
        shipmentId: load.id,
        feeCents: quickPayFeeCents(load.driverPayoutCents),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await other.caller.payout.list()).unpaid).toEqual([]);
    expect((await owner.caller.payout.list()).unpaid.map((u) => u.shipmentId)).toEqual([load.id]);

    const shipper = await createUser(db, { role: "SHIPPER" });
    const shipperCaller = createCaller(
      createInnerTRPCContext({ session: await sessionFor(shipper.id), stripe: config }),
    );
    await expect(shipperCaller.payout.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(shipperCaller.payout.onboard()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const anon = createCaller(createInnerTRPCContext({ session: null, stripe: config }));
    await expect(anon.payout.account()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
