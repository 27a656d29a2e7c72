// Cancellation fees (TONU) in the weekly payout, end to end against the Stripe stand-in through the official SDK:
// a shipper pays on the hosted checkout page, a driver accepts, the shipper cancels, the policy refund goes out
// (the refund-payment function) and the fee it kept is paid to that driver by the weekly run, once however often
// it runs; a cancel before accept, a driver released or reassigned away before the cancel, and an admin's force
// cancel (refunded in full) pay nothing.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_BANK, TEST_CARDS, type StripeStandIn } from "../../../../devstack/stripe";
import { createShipment, createUser, validShipmentInput } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook } from "../payments/handle-stripe-webhook";
import { CANCELLATION_FEE_BPS, cancellationFeeCents } from "../payments/refund-policy";
import { owedCancellationFees } from "./cancellation-fees";
import { nextWeeklyRun } from "./rules";
import { runWeeklyPayouts } from "./weekly";

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

async function asUser(role: "SHIPPER" | "DRIVER" | "ADMIN") {
  const user = await createUser(db, {
    role,
    ...(role === "DRIVER" ? { driver: { vehicleType: "BOX_TRUCK" as const } } : {}),
  });
  const session = await sessionFor(user.id);
  return { user, caller: createCaller(createInnerTRPCContext({ session, stripe: config })) };
}

type TUser = Awaited<ReturnType<typeof asUser>>;

/** A driver with payouts enabled through the stand-in's onboarding page; returns their Connect account id. */
async function onboard(d: TUser) {
  const { url } = await d.caller.payout.onboard();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      first_name: "Tess",
      last_name: "Driver",
      routing: TEST_BANK.routing,
      account: TEST_BANK.account,
    }).toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  await standIn.delivery.idle();
  await settleInngest();
  const profile = await db.driverProfile.findUniqueOrThrow({ where: { userId: d.user.id } });
  expect(profile.payoutsEnabled).toBe(true);
  return profile.stripeConnectAccountId!;
}

async function until<T>(fn: () => Promise<T | null | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A shipper's load, paid on the stand-in's hosted checkout page and POSTED by the webhook. */
async function paidAndPosted() {
  const shipper = await asUser("SHIPPER");
  const created = await shipper.caller.shipment.create({ shipment: validShipmentInput(), post: true });
  const res = await fetch(created.checkoutUrl!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card: TEST_CARDS.succeeds, exp: "12 / 40", cvc: "123" }).toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  const shipment = await until(async () => {
    const s = await db.shipment.findUniqueOrThrow({ where: { id: created.id } });
    return s.status === "POSTED" ? s : null;
  });
  const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: created.id, status: "SUCCEEDED" } });
  return { shipper, shipment, payment };
}

/** Waits for the queued policy refund and Stripe's charge.refunded to land; returns the payment after them. */
async function refundSettled(paymentId: string) {
  await settleInngest();
  await standIn.delivery.idle();
  await settleInngest();
  return until(async () => {
    const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    return p.refundStatus === "SUCCEEDED" && p.refundedCents > 0 ? p : null;
  });
}

const transfersTo = (account: string) =>
  [...standIn.connect.transfers.values()].filter((t) => t.destination === account);

/** The weekly run that pays a cancel made now: next Friday 09:00 Chicago (its week ends that Friday 00:00). */
const nextRun = () => nextWeeklyRun(new Date());

describe("cancellation fees (TONU) in the weekly payout", () => {
  it("pays the fee of a load cancelled after accept to its driver once, run twice, in cents as the refund kept", async () => {
    const { shipper, shipment, payment } = await paidAndPosted();
    const driver = await asUser("DRIVER");
    const account = await onboard(driver);
    await driver.caller.driver.accept({ id: shipment.id });
    await shipper.caller.shipment.cancel({ id: shipment.id, reason: "The customer called the order off" });

    // The figures of refund-policy.ts: 10 % of the price kept, the rest refunded.
    const fee = cancellationFeeCents("ASSIGNED", shipment.priceCents);
    expect(CANCELLATION_FEE_BPS).toBe(1_000);
    expect(fee).toBe(Math.round(shipment.priceCents / 10));
    expect(fee).toBeGreaterThan(0);
    const refunded = await refundSettled(payment.id);
    expect(refunded.refundedCents).toBe(payment.amountCents - fee);
    const cancelEvent = await db.shipmentEvent.findFirstOrThrow({
      where: { shipmentId: shipment.id, toStatus: "CANCELLED" },
    });
    expect(cancelEvent.data).toMatchObject({ feeCents: fee, driverId: driver.user.id });

    // Pending on the driver's Earnings page, labelled as a fee.
    const before = await driver.caller.payout.list();
    expect(before.unpaidFees).toEqual([
      expect.objectContaining({
        shipmentId: shipment.id,
        label: `Cancellation fee (TONU) – ${shipment.reference}`,
        amountCents: fee,
        currency: "USD",
      }),
    ]);
    expect(before.unpaid).toEqual([]);
    // A completed load of the same driver shares the payout with the fee.
    const { shipment: delivered } = await createShipment(db, {
      shipperId: shipper.user.id,
      driverId: driver.user.id,
      status: "COMPLETED",
      createdAt: new Date(Date.now() - 3 * 24 * 3600_000),
    });
    await db.proofOfDelivery.create({
      data: { shipmentId: delivered.id, method: "CODE", deliveredAt: delivered.deliveredAt ?? new Date() },
    });

    const runAt = nextRun();
    await runWeeklyPayouts({ now: runAt, stripe: config });
    await runWeeklyPayouts({ now: runAt, stripe: config });

    const payouts = await db.payout.findMany({ where: { driverId: driver.user.id }, include: { items: true } });
    expect(payouts).toHaveLength(1);
    expect(payouts[0]).toMatchObject({
      kind: "WEEKLY",
      status: "PAID",
      amountCents: fee + delivered.driverPayoutCents,
      feeCents: 0,
    });
    expect(
      payouts[0]!.items.map((i) => ({ shipmentId: i.shipmentId, kind: i.kind, amountCents: i.amountCents })),
    ).toEqual(
      expect.arrayContaining([
        { shipmentId: shipment.id, kind: "CANCELLATION_FEE", amountCents: fee },
        { shipmentId: delivered.id, kind: "LOAD", amountCents: delivered.driverPayoutCents },
      ]),
    );
    expect(payouts[0]!.items).toHaveLength(2);
    expect(await db.payoutItem.count({ where: { shipmentId: shipment.id } })).toBe(1);
    expect(transfersTo(account)).toHaveLength(1);
    expect(transfersTo(account)[0]!.amount).toBe(fee + delivered.driverPayoutCents);

    // Paid on the Earnings page, with its label; nothing left pending.
    const after = await driver.caller.payout.list();
    expect(after.unpaidFees).toEqual([]);
    expect(after.payouts[0]!.status).toBe("PAID");
    expect(after.payouts[0]!.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: shipment.id,
          kind: "CANCELLATION_FEE",
          label: `Cancellation fee (TONU) – ${shipment.reference}`,
          amountCents: fee,
        }),
        expect.objectContaining({ id: delivered.id, kind: "LOAD", label: delivered.reference }),
      ]),
    );
    // And on the admins' payouts page.
    const admin = await asUser("ADMIN");
    const page = await admin.caller.adminPayouts.list({ page: 1, pageSize: 100 });
    const row = page.items.find((p) => p.id === payouts[0]!.id)!;
    expect(row.lines).toEqual(
      expect.arrayContaining([
        {
          shipmentId: shipment.id,
          kind: "CANCELLATION_FEE",
          label: `Cancellation fee (TONU) – ${shipment.reference}`,
          amountCents: fee,
        },
      ]),
    );

    // Paid once: quick pay refuses a cancelled load, and no second item can exist for the shipment, of any kind.
    await expect(driver.caller.payout.quickPayQuote({ shipmentId: shipment.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await expect(
      db.payoutItem.create({
        data: { payoutId: payouts[0]!.id, shipmentId: shipment.id, amountCents: 1, kind: "LOAD" },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("pays nothing for a cancel before accept, nor to a driver who released the load before the cancel", async () => {
    const early = await paidAndPosted();
    await early.shipper.caller.shipment.cancel({ id: early.shipment.id, reason: "Ordered by mistake" });
    const released = await paidAndPosted();
    const driver = await asUser("DRIVER");
    await onboard(driver);
    await driver.caller.driver.accept({ id: released.shipment.id });
    await driver.caller.driver.release({ id: released.shipment.id, reason: "Truck broke down" });
    await released.shipper.caller.shipment.cancel({ id: released.shipment.id, reason: "Nobody took it" });
    await settleInngest();
    await standIn.delivery.idle();

    for (const s of [early, released]) {
      const event = await db.shipmentEvent.findFirstOrThrow({
        where: { shipmentId: s.shipment.id, toStatus: "CANCELLED" },
      });
      expect(event.data).toMatchObject({ feeCents: 0, driverId: null });
    }
    const owed = await owedCancellationFees();
    expect(owed.map((f) => f.shipmentId)).not.toContain(early.shipment.id);
    expect(owed.map((f) => f.shipmentId)).not.toContain(released.shipment.id);
    expect((await driver.caller.payout.list()).unpaidFees).toEqual([]);

    await runWeeklyPayouts({ now: nextRun(), stripe: config });
    expect(
      await db.payoutItem.count({ where: { shipmentId: { in: [early.shipment.id, released.shipment.id] } } }),
    ).toBe(0);
    expect(await db.payout.count({ where: { driverId: driver.user.id } })).toBe(0);
  });

  it("pays the driver who had the load at the cancel, not one reassigned away before it", async () => {
    const { shipper, shipment, payment } = await paidAndPosted();
    const first = await asUser("DRIVER");
    const second = await asUser("DRIVER");
    const firstAccount = await onboard(first);
    const secondAccount = await onboard(second);
    const admin = await asUser("ADMIN");
    await first.caller.driver.accept({ id: shipment.id });
    await admin.caller.admin.reassign({ id: shipment.id, driverId: second.user.id, reason: "First truck broke down" });
    await shipper.caller.shipment.cancel({ id: shipment.id, reason: "Plans changed" });
    await refundSettled(payment.id);

    const fee = cancellationFeeCents("ASSIGNED", shipment.priceCents);
    expect((await first.caller.payout.list()).unpaidFees).toEqual([]);
    expect((await second.caller.payout.list()).unpaidFees.map((f) => f.amountCents)).toEqual([fee]);

    await runWeeklyPayouts({ now: nextRun(), stripe: config });
    expect(await db.payout.count({ where: { driverId: first.user.id } })).toBe(0);
    expect(transfersTo(firstAccount)).toHaveLength(0);
    const paid = await db.payoutItem.findUniqueOrThrow({
      where: { shipmentId: shipment.id },
      include: { payout: true },
    });
    expect(paid).toMatchObject({ kind: "CANCELLATION_FEE", amountCents: fee });
    expect(paid.payout).toMatchObject({ driverId: second.user.id, status: "PAID", amountCents: fee });
    expect(transfersTo(secondAccount).map((t) => t.amount)).toEqual([fee]);
  });

  it("pays nothing when an admin force-cancels an accepted load: the shipper is refunded in full", async () => {
    const { shipment, payment } = await paidAndPosted();
    const driver = await asUser("DRIVER");
    await onboard(driver);
    const admin = await asUser("ADMIN");
    await driver.caller.driver.accept({ id: shipment.id });
    await admin.caller.admin.forceCancel({ id: shipment.id, reason: "Fraudulent shipper" });
    const refunded = await refundSettled(payment.id);
    expect(refunded.refundedCents).toBe(payment.amountCents);

    expect((await driver.caller.payout.list()).unpaidFees).toEqual([]);
    await runWeeklyPayouts({ now: nextRun(), stripe: config });
    expect(await db.payoutItem.count({ where: { shipmentId: shipment.id } })).toBe(0);
    expect(await db.payout.count({ where: { driverId: driver.user.id } })).toBe(0);
  });
});
