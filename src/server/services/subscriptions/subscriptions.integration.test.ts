// Shipper plans against the Stripe stand-in through the official SDK, with webhooks delivered over HTTP to a server
// that hands them to handleStripeWebhook as the route does: upgrading through Checkout in subscription mode, the
// plan synced by re-reading the subscription (a forged-state payload changes nothing, a replay is a no-op), a
// failed renewal downgrading to Free with the past-due banner, cancellation, the posting limit, the plan's fee in
// quotes, the invoices listed from Stripe, and the Billing Portal opened only for the caller's own customer.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signatureHeader, startStripeStandIn, TEST_CARDS, type StripeStandIn } from "../../../../devstack/stripe";
import { createShipment, createUser, validShipmentInput } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";
import { listenTo } from "../../../../scripts/test/pusher-listener";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { PLANS } from "~/lib/plans";
import { REALTIME_EVENTS, userChannel, type TPlanEvent } from "~/lib/realtime";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook } from "../payments/handle-stripe-webhook";
import { PLAN_CHANGE_FAILED } from "./change-plan";

let standIn: StripeStandIn;
let config: TStripeConfig;
let stripe: Stripe;
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
  stripe = new Stripe(standIn.secretKey, { host: standIn.host, port: standIn.port, protocol: "http" });
});

afterAll(async () => {
  restoreStripe();
  await standIn.close();
  await closeHook();
});

async function asUser(role: "SHIPPER" | "DRIVER", stripeConfig: TStripeConfig | null = config) {
  const user = await createUser(db, { role });
  const session = await sessionFor(user.id);
  return { user, caller: createCaller(createInnerTRPCContext({ session, stripe: stripeConfig })) };
}

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Submits a hosted form (checkout or portal) as a browser does; returns the HTTP status. */
async function submit(url: string, fields: Record<string, string>) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return res.status;
}
const card = (number: string) => ({ card: number, exp: "12 / 40", cvc: "123" });

/** A shipper who bought Pro on the hosted checkout page, once the webhooks made it their plan. */
async function proShipper() {
  const shipper = await asUser("SHIPPER");
  const { url } = await shipper.caller.subscription.checkout({ plan: "PRO" });
  expect(url).toMatch(new RegExp(`^${standIn.url}/c/pay/cs_test_`));
  expect(await submit(url, card(TEST_CARDS.succeeds))).toBe(303);
  await until(async () => (await shipper.caller.subscription.plan()).plan === "PRO");
  const row = await db.subscription.findFirstOrThrow({ where: { userId: shipper.user.id } });
  return { ...shipper, subscriptionId: row.stripeSubscriptionId };
}

/**
 * Delivers `event` to the webhook as Stripe would, signed with the endpoint's secret, and waits for the Inngest run
 * that applies it; resolves with the webhook's answer.
 */
async function deliver(event: { id: string; type: string; data: { object: unknown } }) {
  const payload = JSON.stringify({ object: "event", api_version: "2026-10-28.endive", created: 0, ...event });
  const answer = await handleStripeWebhook({
    payload,
    signature: signatureHeader(payload, standIn.webhookSecret),
    stripe: config,
  });
  await settleInngest();
  return answer;
}

describe("upgrading through Checkout in subscription mode", () => {
  it("makes the shipper Pro only when the webhooks arrive, from the subscription as Stripe holds it", async () => {
    const shipper = await asUser("SHIPPER");
    const before = await shipper.caller.subscription.plan();
    expect(before).toMatchObject({ plan: "FREE", subscription: null, banner: null, hasBillingAccount: false });
    expect(before.usage.limit).toBe(PLANS.FREE.monthlyShipmentLimit);

    const { url } = await shipper.caller.subscription.checkout({ plan: "PRO" });
    // A doubled click opens the same session (idempotency key from the user, plan and window).
    expect((await shipper.caller.subscription.checkout({ plan: "PRO" })).url).toBe(url);
    const user = await db.user.findUniqueOrThrow({ where: { id: shipper.user.id } });
    expect(user.stripeCustomerId).toMatch(/^cus_/);
    // Nothing changes on the way to the page.
    expect((await shipper.caller.subscription.plan()).plan).toBe("FREE");

    expect(await submit(url, card(TEST_CARDS.succeeds))).toBe(303);
    const after = await until(async () => {
      const p = await shipper.caller.subscription.plan();
      return p.plan === "PRO" && p;
    });
    expect(after.subscription).toMatchObject({ plan: "PRO", status: "ACTIVE", cancelAtPeriodEnd: false });
    expect(after.usage.limit).toBe(PLANS.PRO.monthlyShipmentLimit);
    const row = await db.subscription.findFirstOrThrow({ where: { userId: shipper.user.id } });
    const sub = await stripe.subscriptions.retrieve(row.stripeSubscriptionId);
    expect(sub.customer).toBe(user.stripeCustomerId);
    expect(row.currentPeriodEnd.getTime()).toBe(sub.items.data[0]!.current_period_end * 1000);
    expect(row.stripePriceId).toBe(sub.items.data[0]!.price.id);

    // The subscription's invoice, listed from Stripe with its hosted page.
    const invoices = await shipper.caller.subscription.invoices();
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      status: "paid",
      amountPaidCents: PLANS.PRO.monthlyPriceCents,
      currency: "USD",
    });
    expect((await fetch(invoices[0]!.hostedInvoiceUrl!)).status).toBe(200);

    // A second upgrade while one is live is refused: Manage billing is the way to change it.
    await expect(shipper.caller.subscription.checkout({ plan: "BUSINESS" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("trusts no state in the payload, and applies a replayed event once", async () => {
    const { user, subscriptionId } = await proShipper();
    const before = await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscriptionId } });
    // Validly signed, but claiming a cancellation Stripe never made: the re-read finds it active.
    const forged = {
      id: `evt_forged_${subscriptionId}`,
      type: "customer.subscription.updated",
      data: { object: { id: subscriptionId, object: "subscription", status: "canceled", cancel_at_period_end: true } },
    };
    expect(await deliver(forged)).toEqual({ status: 200, body: { received: true } });
    const after = await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscriptionId } });
    expect(after).toMatchObject({ status: "ACTIVE", plan: "PRO", cancelAtPeriodEnd: false });

    // A real event delivered again: recorded once, nothing written the second time.
    const real = standIn.store.events.find(
      (e) => e.type === "customer.subscription.created" && (e.data.object as { id: string }).id === subscriptionId,
    )!;
    expect(await deliver(real)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const replayed = await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: subscriptionId } });
    expect(replayed.updatedAt).toEqual(after.updatedAt);
    expect(await db.subscription.count({ where: { userId: user.id } })).toBe(1);
    expect(before.id).toBe(after.id);
  });
});

describe("switching plans in place", () => {
  it("Pro to Business now, with the prorated difference invoiced once however often it is asked, and back", async () => {
    const shipper = await proShipper();
    const invoicesBefore = (await stripe.invoices.list({ subscription: shipper.subscriptionId })).data.length;
    const [first, second] = await Promise.all([
      shipper.caller.subscription.changePlan({ plan: "BUSINESS" }),
      shipper.caller.subscription.changePlan({ plan: "BUSINESS" }),
    ]);
    expect(first).toEqual({ plan: "BUSINESS" });
    expect(second).toEqual({ plan: "BUSINESS" });
    await expect(shipper.caller.subscription.changePlan({ plan: "BUSINESS" })).resolves.toEqual({ plan: "BUSINESS" });

    // In force at once, from the subscription as Stripe holds it: Business's limit and fee.
    const overview = await shipper.caller.subscription.plan();
    expect(overview).toMatchObject({ plan: "BUSINESS", subscription: { plan: "BUSINESS", status: "ACTIVE" } });
    expect(overview.usage.limit).toBe(PLANS.BUSINESS.monthlyShipmentLimit);
    const sub = await stripe.subscriptions.retrieve(shipper.subscriptionId);
    expect(sub.items.data).toHaveLength(1);
    expect(sub.items.data[0]!.price.lookup_key).toBe(PLANS.BUSINESS.lookupKey);

    // One proration invoice, paid: Business for the rest of the period less Pro's unused time.
    const invoices = (await stripe.invoices.list({ subscription: shipper.subscriptionId })).data;
    expect(invoices).toHaveLength(invoicesBefore + 1);
    const proration = invoices[0]!;
    expect(proration).toMatchObject({ billing_reason: "subscription_update", status: "paid" });
    const difference = PLANS.BUSINESS.monthlyPriceCents - PLANS.PRO.monthlyPriceCents;
    expect(proration.amount_paid).toBeGreaterThan(difference * 0.99);
    expect(proration.amount_paid).toBeLessThanOrEqual(difference + 1);
    // The webhooks the change sent, applied afterwards, leave the same state.
    await standIn.delivery.idle();
    await settleInngest();
    expect((await shipper.caller.subscription.plan()).plan).toBe("BUSINESS");

    // Back to Pro: a credit, nothing charged, Pro again.
    await expect(shipper.caller.subscription.changePlan({ plan: "PRO" })).resolves.toEqual({ plan: "PRO" });
    const back = (await stripe.invoices.list({ subscription: shipper.subscriptionId })).data[0]!;
    expect(back).toMatchObject({ billing_reason: "subscription_update", amount_paid: 0 });
    expect((await shipper.caller.subscription.plan()).plan).toBe("PRO");
  });

  it("tells the shipper's open pages (user channel) when Stripe's word on the plan is applied", async () => {
    const shipper = await proShipper();
    await standIn.delivery.idle();
    await settleInngest();
    const feed = await listenTo(userChannel(shipper.user.id));
    try {
      // Cancelled in the Billing Portal: the webhook's run applies it, then hints the page.
      await stripe.subscriptions.update(shipper.subscriptionId, { cancel_at_period_end: true });
      const hint = (await feed.next(REALTIME_EVENTS.plan, { timeoutMs: 15_000 })) as TPlanEvent;
      expect(hint.subscriptionId).toBe(shipper.subscriptionId);
      expect((await shipper.caller.subscription.plan()).subscription).toMatchObject({ cancelAtPeriodEnd: true });
      // A switch made in another tab hints this one too.
      await stripe.subscriptions.update(shipper.subscriptionId, { cancel_at_period_end: false });
      await standIn.delivery.idle();
      await settleInngest();
      await feed.next(REALTIME_EVENTS.plan, { timeoutMs: 15_000 });
      await shipper.caller.subscription.changePlan({ plan: "BUSINESS" });
      expect(await feed.next(REALTIME_EVENTS.plan, { timeoutMs: 15_000 })).toMatchObject({
        subscriptionId: shipper.subscriptionId,
      });
    } finally {
      await feed.close();
    }
  });

  it("refuses Free, a shipper without a plan in force, and drivers", async () => {
    const shipper = await proShipper();
    await expect(shipper.caller.subscription.changePlan({ plan: "FREE" as "PRO" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const newcomer = await asUser("SHIPPER");
    await expect(newcomer.caller.subscription.changePlan({ plan: "BUSINESS" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const driver = await asUser("DRIVER");
    await expect(driver.caller.subscription.changePlan({ plan: "BUSINESS" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await shipper.caller.subscription.plan()).plan).toBe("PRO");
  });

  it("says the plan is unchanged, not that a shipment draft was saved, when Stripe refuses the switch", async () => {
    const shipper = await proShipper();
    // Our row names a subscription Stripe does not know (as with demo data made without Stripe): Stripe answers 404.
    await db.subscription.updateMany({
      where: { userId: shipper.user.id },
      data: { stripeSubscriptionId: `sub_unknown_${shipper.user.id}` },
    });
    const refused = await shipper.caller.subscription.changePlan({ plan: "BUSINESS" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).message).toBe(PLAN_CHANGE_FAILED);
    expect((refused as TRPCError).message).not.toMatch(/shipment|draft/i);
    expect((await shipper.caller.subscription.plan()).plan).toBe("PRO");
  });
});

describe("renewals, past due and cancellation", () => {
  it("a failed renewal downgrades to Free with the past-due banner and Free's fee; a new card restores Pro", async () => {
    const shipper = await proShipper();
    const quoteInput = {
      pickup: { lat: 41.8781, lng: -87.6298 },
      dropoff: { lat: 43.0389, lng: -87.9065 },
      weightKg: 500,
      vehicleType: "VAN" as const,
    };
    const proQuote = await shipper.caller.shipment.quote(quoteInput);
    expect(proQuote.platformFeeCents).toBe(Math.round((proQuote.priceCents * PLANS.PRO.platformFeeBps) / 10_000));

    const { url: portal } = await shipper.caller.subscription.portal();
    expect(await submit(`${portal}/payment-method`, card(TEST_CARDS.attachesThenFails))).toBe(303);
    const renewal = await fetch(`${standIn.url}/__control/subscriptions/${shipper.subscriptionId}/advance`, {
      method: "POST",
    });
    expect(renewal.status).toBe(200);
    const pastDue = await until(async () => {
      const p = await shipper.caller.subscription.plan();
      return p.banner === "past_due" && p;
    });
    expect(pastDue).toMatchObject({ plan: "FREE", subscription: { plan: "PRO", status: "PAST_DUE" } });
    expect(pastDue.usage.limit).toBe(PLANS.FREE.monthlyShipmentLimit);
    const freeQuote = await shipper.caller.shipment.quote(quoteInput);
    expect(freeQuote.platformFeeCents).toBe(Math.round((freeQuote.priceCents * PLANS.FREE.platformFeeBps) / 10_000));
    const invoices = await shipper.caller.subscription.invoices();
    expect(invoices.map((i) => i.status)).toEqual(["open", "paid"]);

    expect(await submit(`${portal}/payment-method`, card(TEST_CARDS.succeeds))).toBe(303);
    await until(async () => (await shipper.caller.subscription.plan()).plan === "PRO");
    expect((await shipper.caller.subscription.plan()).banner).toBeNull();
  });

  it("cancel at period end keeps Pro until the renewal, then Free with the cancelled banner", async () => {
    const shipper = await proShipper();
    const { url: portal } = await shipper.caller.subscription.portal();
    expect(await submit(`${portal}/subscriptions/${shipper.subscriptionId}/cancel`, {})).toBe(303);
    const cancelling = await until(async () => {
      const p = await shipper.caller.subscription.plan();
      return p.subscription?.cancelAtPeriodEnd && p;
    });
    expect(cancelling).toMatchObject({ plan: "PRO", banner: null });
    await fetch(`${standIn.url}/__control/subscriptions/${shipper.subscriptionId}/advance`, { method: "POST" });
    const ended = await until(async () => {
      const p = await shipper.caller.subscription.plan();
      return p.banner === "canceled" && p;
    });
    expect(ended).toMatchObject({ plan: "FREE", subscription: { status: "CANCELED" } });
    // Free again: a new upgrade is allowed.
    expect((await shipper.caller.subscription.checkout({ plan: "BUSINESS" })).url).toMatch(/\/c\/pay\//);
  });
});

describe("the plan's posting limit", () => {
  it("refuses the post past Free's monthly limit with a typed error and keeps the draft; Pro may post", async () => {
    const shipper = await asUser("SHIPPER", null);
    const limit = PLANS.FREE.monthlyShipmentLimit!;
    for (let i = 0; i < limit; i++) await createShipment(db, { shipperId: shipper.user.id, status: "POSTED" });
    const refused = await shipper.caller.shipment
      .create({ shipment: validShipmentInput(), post: true })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((refused as TRPCError).message).toMatch(/Free plan allows 5 posted shipments a month/);
    expect((refused as TRPCError).message).toMatch(/draft is saved/);
    const drafts = await db.shipment.findMany({ where: { shipperId: shipper.user.id, status: "DRAFT" } });
    expect(drafts).toHaveLength(1);
    await expect(shipper.caller.shipment.post({ id: drafts[0]!.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });

    // With payments on, the checkout is refused before any payment is made.
    const paying = await asUser("SHIPPER");
    for (let i = 0; i < limit; i++) await createShipment(db, { shipperId: paying.user.id, status: "POSTED" });
    const { shipment: draft } = await createShipment(db, { shipperId: paying.user.id });
    await expect(paying.caller.payment.checkout({ id: draft.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(await db.payment.count({ where: { shipmentId: draft.id } })).toBe(0);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");

    // Last month's posts do not count.
    await db.shipment.updateMany({
      where: { shipperId: shipper.user.id, status: "POSTED" },
      data: { postedAt: new Date(Date.UTC(2020, 0, 15)) },
    });
    expect(await shipper.caller.shipment.post({ id: drafts[0]!.id })).toBe("POSTED");
  });

  it("concurrent checkouts cannot pass the limit together; an open checkout holds its place until it lapses", async () => {
    const paying = await asUser("SHIPPER");
    const limit = PLANS.FREE.monthlyShipmentLimit!;
    for (let i = 0; i < limit - 2; i++) await createShipment(db, { shipperId: paying.user.id, status: "POSTED" });
    // Two places left, six drafts asking at once (two tabs, a double click): two checkouts open, four refused.
    const drafts = await Promise.all(
      Array.from({ length: 6 }, async () => (await createShipment(db, { shipperId: paying.user.id })).shipment),
    );
    const results = await Promise.allSettled(drafts.map((d) => paying.caller.payment.checkout({ id: d.id })));
    const opened = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(opened).toHaveLength(2);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.reason).toMatchObject({ code: "PRECONDITION_FAILED" });
      expect((r.reason as TRPCError).message).toMatch(/2 more are being paid for/);
    }
    const pending = await db.payment.findMany({
      where: { shipmentId: { in: drafts.map((d) => d.id) } },
      select: { shipmentId: true, stripeCheckoutSessionId: true },
    });
    expect(pending).toHaveLength(2);
    // An open checkout's own draft may ask again: it gets its session back.
    const holder = pending[0]!;
    await expect(paying.caller.payment.checkout({ id: holder.shipmentId })).resolves.toMatchObject({
      kind: "checkout",
    });

    // One checkout lapses (Stripe expires the session): its place is free for another draft.
    await stripe.checkout.sessions.expire(holder.stripeCheckoutSessionId!);
    await until(async () =>
      (await db.payment.findFirstOrThrow({ where: { shipmentId: holder.shipmentId } })).status === "EXPIRED"
        ? true
        : null,
    );
    const waiting = drafts.find((d) => !pending.some((p) => p.shipmentId === d.id))!;
    await expect(paying.caller.payment.checkout({ id: waiting.id })).resolves.toMatchObject({ kind: "checkout" });
    // And the limit is full again for the rest.
    const another = drafts.find((d) => d.id !== waiting.id && !pending.some((p) => p.shipmentId === d.id))!;
    await expect(paying.caller.payment.checkout({ id: another.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("a Pro shipper posts past Free's limit, at Pro's fee", async () => {
    const pro = await proShipper();
    for (let i = 0; i < PLANS.FREE.monthlyShipmentLimit!; i++) {
      await createShipment(db, { shipperId: pro.user.id, status: "POSTED" });
    }
    const created = await pro.caller.shipment.create({ shipment: validShipmentInput(), post: true });
    expect(created.checkoutUrl).toMatch(/\/c\/pay\//);
    const s = await db.shipment.findUniqueOrThrow({ where: { id: created.id } });
    expect(s.platformFeeCents).toBe(Math.round((s.priceCents * PLANS.PRO.platformFeeBps) / 10_000));
  });
});

describe("the Billing Portal", () => {
  it("opens only for the caller's own customer; drivers and shippers without a plan are refused", async () => {
    const a = await proShipper();
    const b = await proShipper();
    const { url } = await a.caller.subscription.portal();
    const session = standIn.billing.portalSessions.get(url.split("/").pop()!)!;
    const customerOf = async (id: string) =>
      (await db.user.findUniqueOrThrow({ where: { id }, select: { stripeCustomerId: true } })).stripeCustomerId;
    expect(session.customer).toBe(await customerOf(a.user.id));
    expect(session.customer).not.toBe(await customerOf(b.user.id));
    expect(session.return_url).toMatch(/\/shipper\/billing$/);
    const page = await (await fetch(url)).text();
    expect(page).toContain("Trial Transport Pro");

    const driver = await asUser("DRIVER");
    await expect(driver.caller.subscription.portal()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(driver.caller.subscription.checkout({ plan: "PRO" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const newcomer = await asUser("SHIPPER");
    await expect(newcomer.caller.subscription.portal()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const offline = await asUser("SHIPPER", null);
    await expect(offline.caller.subscription.portal()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(await offline.caller.subscription.invoices()).toEqual([]);
  });
});
