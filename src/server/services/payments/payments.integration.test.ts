// Paying to post, against the Stripe stand-in through the official SDK, with webhooks delivered over HTTP to a
// server that hands them to handleStripeWebhook exactly as the route does: idempotent checkout creation, posting
// only on the verified webhook, replays and concurrent duplicates applied once, forged and stale signatures refused,
// expired and declined checkouts leaving a labelled draft, and refunds by the cancellation policy.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signatureHeader, startStripeStandIn, TEST_CARDS, type StripeStandIn } from "../../../../devstack/stripe";
import { createUser, validShipmentInput } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook, signedInTheFuture } from "./handle-stripe-webhook";
import { transactionWithEvents } from "../outbox/transaction-with-events";
import { markPaidInTx } from "./mark-paid";
import { refundPayment } from "./refund-payment";

let standIn: StripeStandIn;
let config: TStripeConfig;
let stripe: Stripe;
let closeHook: () => Promise<void>;
let restoreStripe: () => void;

beforeAll(async () => {
  // The app's webhook route, in miniature: raw body and signature in, handleStripeWebhook's answer out.
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

async function asUser(role: "SHIPPER" | "DRIVER") {
  const user = await createUser(db, { role });
  const session = await sessionFor(user.id);
  return { user, caller: createCaller(createInnerTRPCContext({ session, stripe: config })) };
}

/** A shipper with a draft, and the checkout URL that posting it opened. */
async function draftWithCheckout() {
  const shipper = await asUser("SHIPPER");
  const created = await shipper.caller.shipment.create({ shipment: validShipmentInput(), post: true });
  expect(created.checkoutUrl).toMatch(new RegExp(`^${standIn.url}/c/pay/cs_test_`));
  return { ...shipper, id: created.id, url: created.checkoutUrl! };
}

/** Submits the stand-in's hosted page as a browser does. */
async function payOnPage(url: string, card: string = TEST_CARDS.succeeds) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card, exp: "12 / 40", cvc: "123" }).toString(),
    redirect: "manual",
  });
  return res.status;
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

const statusOf = async (id: string) => (await db.shipment.findUniqueOrThrow({ where: { id } })).status;
const postedEvents = (id: string) => db.shipmentEvent.count({ where: { shipmentId: id, toStatus: "POSTED" } });

async function paidAndPosted() {
  const d = await draftWithCheckout();
  expect(await payOnPage(d.url)).toBe(303);
  await until(async () => ((await statusOf(d.id)) === "POSTED" ? true : null));
  const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: d.id } });
  return { ...d, payment };
}

describe("a paid load's price is what was paid", () => {
  it("refuses an edit that would change the price, and keeps the fee split on one that does not", async () => {
    const { caller, id, payment } = await paidAndPosted();
    const before = await db.shipment.findUniqueOrThrow({ where: { id } });
    const heavier = validShipmentInput({ weightKg: 12_000 });
    await expect(caller.shipment.update({ id, version: before.version, shipment: heavier })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("This load is paid"),
    });
    const unchanged = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(unchanged).toMatchObject({
      priceCents: before.priceCents,
      driverPayoutCents: before.driverPayoutCents,
      weightKg: before.weightKg,
      version: before.version,
    });

    // The same lane, weight and vehicle with a new description: saved, at the price and split that were paid.
    const described = validShipmentInput({ description: "Pallets of paper, shrink-wrapped" });
    await caller.shipment.update({ id, version: before.version, shipment: described });
    const after = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(after).toMatchObject({
      cargoDescription: "Pallets of paper, shrink-wrapped",
      priceCents: payment.amountCents,
      platformFeeCents: before.platformFeeCents,
      driverPayoutCents: before.driverPayoutCents,
    });
  });
});

describe("a checkout is only ever paid at the load's current price, once", () => {
  it("re-pricing a draft closes its open checkout at Stripe: the old page takes no card, and posting asks the new price", async () => {
    const { caller, id, url } = await draftWithCheckout();
    const old = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    const draft = await db.shipment.findUniqueOrThrow({ where: { id } });
    await caller.shipment.update({ id, version: draft.version, shipment: validShipmentInput({ weightKg: 12_000 }) });
    const repriced = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(repriced.priceCents).not.toBe(old.amountCents);
    expect(await db.payment.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "EXPIRED" });
    expect(await stripe.checkout.sessions.retrieve(old.stripeCheckoutSessionId!)).toMatchObject({ status: "expired" });
    expect(await payOnPage(url)).not.toBe(303);

    const next = await caller.payment.checkout({ id });
    if (next.kind !== "checkout") throw new Error("expected a checkout");
    const payment = await db.payment.findUniqueOrThrow({ where: { id: next.paymentId } });
    expect(payment.amountCents).toBe(repriced.priceCents);
    expect(await payOnPage(next.url)).toBe(303);
    await until(async () => ((await statusOf(id)) === "POSTED" ? true : null));
  });

  it("a session replaced before it closed is expired at Stripe, so one load is never charged twice", async () => {
    const { caller, id, url } = await draftWithCheckout();
    const first = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    // About to close: posting again opens a new session instead of reusing it.
    await db.payment.update({ where: { id: first.id }, data: { checkoutExpiresAt: new Date(Date.now() + 60_000) } });
    const second = await caller.payment.checkout({ id });
    if (second.kind !== "checkout") throw new Error("expected a checkout");
    expect(second.url).not.toBe(url);
    expect(await stripe.checkout.sessions.retrieve(first.stripeCheckoutSessionId!)).toMatchObject({
      status: "expired",
    });
    expect(await payOnPage(url)).not.toBe(303);
    expect(await payOnPage(second.url)).toBe(303);
    await until(async () => ((await statusOf(id)) === "POSTED" ? true : null));
    const charged = [...standIn.store.sessions.values()].filter(
      (s) => s.metadata.shipmentId === id && s.payment_status === "paid",
    );
    expect(charged).toHaveLength(1);
  });

  it("a payment on a page of the old price that still arrives is refunded in full and leaves the draft unposted", async () => {
    const { id, url } = await draftWithCheckout();
    const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    // As if the edit's expire had not reached Stripe (unreachable): the draft is priced anew, the old page is open.
    await db.shipment.update({ where: { id }, data: { priceCents: payment.amountCents + 5_000 } });
    expect(await payOnPage(url)).toBe(303);
    const refunded = await until(async () => {
      const p = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
      return p.refundStatus ? p : null;
    });
    expect(refunded).toMatchObject({ status: "SUCCEEDED", refundDueCents: payment.amountCents });
    expect(await statusOf(id)).toBe("DRAFT");
    expect(await postedEvents(id)).toBe(0);
    const note = await db.shipmentEvent.findFirstOrThrow({ where: { shipmentId: id, type: "NOTE" } });
    expect(note.note).toContain("refunded in full");
  });

  it("a second payment for a load already paid is refunded in full, and the load is posted once", async () => {
    const { id, url } = await draftWithCheckout();
    const first = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    expect(await payOnPage(url)).toBe(303);
    await until(async () => ((await statusOf(id)) === "POSTED" ? true : null));
    // A second paid session for the same load (as when an old and a new session were both paid).
    const second = await db.payment.create({
      data: {
        shipmentId: id,
        payerId: first.payerId,
        amountCents: first.amountCents,
        currency: first.currency,
        stripeCheckoutSessionId: `cs_test_second_${id}`,
      },
    });
    await transactionWithEvents((tx, emit) =>
      markPaidInTx(tx, emit, {
        paymentId: second.id,
        checkoutSessionId: second.stripeCheckoutSessionId,
        paymentIntentId: null,
        amountCents: second.amountCents,
        currency: "usd",
      }),
    );
    expect(await db.payment.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      status: "SUCCEEDED",
      refundStatus: "PENDING",
      refundDueCents: second.amountCents,
    });
    expect(await db.payment.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ refundStatus: null });
    expect(await postedEvents(id)).toBe(1);
  });
});

describe("posting a shipment opens Stripe Checkout", () => {
  it("for the quoted price, once per draft however often it is asked, and stays a draft until paid", async () => {
    const { caller, id, url } = await draftWithCheckout();
    const shipment = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(shipment.status).toBe("DRAFT");
    const again = await caller.payment.checkout({ id });
    const concurrent = await Promise.all([caller.payment.checkout({ id }), caller.payment.checkout({ id })]);
    for (const r of [again, ...concurrent]) expect(r).toEqual({ kind: "checkout", url, paymentId: expect.any(String) });
    const payments = await db.payment.findMany({ where: { shipmentId: id } });
    expect(payments).toHaveLength(1);
    const session = await stripe.checkout.sessions.retrieve(payments[0]!.stripeCheckoutSessionId!);
    expect(session).toMatchObject({ amount_total: shipment.priceCents, currency: "usd", status: "open" });
    expect(session.metadata).toMatchObject({ shipmentId: id, paymentId: payments[0]!.id });
    expect([...standIn.store.sessions.values()].filter((s) => s.metadata.shipmentId === id)).toHaveLength(1);
    // Not by the return trip, nor by shipment.post: only the webhook posts it.
    await expect(caller.shipment.post({ id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await statusOf(id)).toBe("DRAFT");
    expect(await caller.payment.forShipment({ id })).toMatchObject({ status: "PENDING", checkoutUrl: url });
  });

  it("a retried Stripe request after a lost answer reuses the same idempotency key and opens no second session", async () => {
    const { caller, id } = await draftWithCheckout();
    const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    // As if the answer to the first create had been lost: the row has no session yet.
    await db.payment.update({ where: { id: payment.id }, data: { stripeCheckoutSessionId: null, checkoutUrl: null } });
    const before = standIn.store.sessions.size;
    const r = await caller.payment.checkout({ id });
    expect(standIn.store.sessions.size).toBe(before);
    const row = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(r).toEqual({ kind: "checkout", url: row.checkoutUrl, paymentId: payment.id });
  });
});

describe("the webhook posts the paid shipment, exactly once", () => {
  it("paying on the hosted page posts the load; a replayed event is acknowledged and does nothing", async () => {
    const { id, payment, caller } = await paidAndPosted();
    expect(payment).toMatchObject({ status: "SUCCEEDED", stripePaymentIntentId: expect.stringMatching(/^pi_/) });
    // The one Stripe holds for the session: succeeded, with its charge.
    const session = await stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId!, {
      expand: ["payment_intent.latest_charge"],
    });
    expect(session.payment_intent).toMatchObject({
      id: payment.stripePaymentIntentId,
      status: "succeeded",
      latest_charge: { object: "charge", amount_captured: payment.amountCents },
    });
    expect(await postedEvents(id)).toBe(1);
    await standIn.delivery.idle();
    await settleInngest();
    const completed = standIn.store.events.find(
      (e) =>
        e.type === "checkout.session.completed" &&
        (e.data.object as { metadata: { shipmentId?: string } }).metadata.shipmentId === id,
    )!;
    expect(await db.stripeEvent.findUnique({ where: { id: completed.id } })).not.toBeNull();
    const payload = JSON.stringify(completed);
    const replay = await handleStripeWebhook({
      payload,
      signature: signatureHeader(payload, standIn.webhookSecret),
      stripe: config,
    });
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true } });
    await settleInngest();
    expect(await postedEvents(id)).toBe(1);
    expect(await caller.payment.forShipment({ id })).toMatchObject({
      status: "SUCCEEDED",
      amountCents: payment.amountCents,
    });
  });

  it("stores the session's PaymentIntent even when the completed event's payload does not name it", async () => {
    const { id, url } = await draftWithCheckout();
    // Stripe's own events for this load are held back: only the thin one below reaches the app first.
    standIn.delivery.hold(id);
    expect(await payOnPage(url)).toBe(303);
    const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    const session = await stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId!);
    expect(session.payment_intent).toMatch(/^pi_/);
    const event = {
      id: `evt_thin_${id}`,
      object: "event",
      type: "checkout.session.completed",
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { ...session, payment_intent: null } },
    };
    const payload = JSON.stringify(event);
    const answer = await handleStripeWebhook({
      payload,
      signature: signatureHeader(payload, standIn.webhookSecret),
      stripe: config,
    });
    expect(answer).toEqual({ status: 200, body: { received: true } });
    await settleInngest();
    expect(await statusOf(id)).toBe("POSTED");
    const paid = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(paid).toMatchObject({ status: "SUCCEEDED", stripePaymentIntentId: session.payment_intent });
    const pi = await stripe.paymentIntents.retrieve(paid.stripePaymentIntentId!);
    expect(pi).toMatchObject({ status: "succeeded", amount_received: payment.amountCents });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      paid: true,
      payment_intent: pi.id,
    });
    standIn.delivery.release(id);
    await standIn.delivery.idle();
    await settleInngest();
    expect(await postedEvents(id)).toBe(1);
  });

  it("the same new event delivered five times at once is applied once", async () => {
    const { id, caller } = await draftWithCheckout();
    const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    const session = await stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId!);
    // A completed session as Stripe would send it, signed by the real secret, under a fresh event id.
    const event = {
      id: `evt_test_${id}`,
      object: "event",
      type: "checkout.session.completed",
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { ...session, status: "complete", payment_status: "paid", payment_intent: `pi_test_${id}` } },
    };
    const payload = JSON.stringify(event);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        handleStripeWebhook({ payload, signature: signatureHeader(payload, standIn.webhookSecret), stripe: config }),
      ),
    );
    expect(results.filter((r) => r.body.duplicate).length).toBe(4);
    expect(results.every((r) => r.status === 200)).toBe(true);
    await settleInngest();
    expect(await statusOf(id)).toBe("POSTED");
    expect(await postedEvents(id)).toBe(1);
    // An expiry arriving after the payment (out of order) changes nothing.
    const expired = {
      ...event,
      id: `evt_test_exp_${id}`,
      type: "checkout.session.expired",
      data: { object: { ...session, status: "expired" } },
    };
    const late = JSON.stringify(expired);
    await handleStripeWebhook({
      payload: late,
      signature: signatureHeader(late, standIn.webhookSecret),
      stripe: config,
    });
    await settleInngest();
    expect(await caller.payment.forShipment({ id })).toMatchObject({ status: "SUCCEEDED" });
  });

  it("refuses a forged, tampered, stale, future-dated or missing signature with 400 and stores nothing", async () => {
    const { id } = await draftWithCheckout();
    const event = { id: `evt_forged_${id}`, object: "event", type: "payment_intent.succeeded", data: { object: {} } };
    const payload = JSON.stringify(event);
    const attempts = [
      { payload, signature: signatureHeader(payload, "whsec_not_the_secret") },
      { payload: payload.replace("forged", "forgeD"), signature: signatureHeader(payload, standIn.webhookSecret) },
      { payload, signature: signatureHeader(payload, standIn.webhookSecret, Math.floor(Date.now() / 1000) - 301) },
      { payload, signature: null },
    ];
    for (const a of attempts) {
      const r = await handleStripeWebhook({ ...a, stripe: config });
      expect(r.status).toBe(400);
    }
    // Dated ahead of our clock by more than the tolerance: refused as a stale one is (the SDK checks only the age).
    // Its own event id, so "stored nowhere" is about this attempt alone.
    const ahead = JSON.stringify({ ...event, id: `evt_future_${id}` });
    const stale = await handleStripeWebhook({
      payload: ahead,
      signature: signatureHeader(ahead, standIn.webhookSecret, Math.floor(Date.now() / 1000) - 301),
      stripe: config,
    });
    for (const seconds of [301 + 60, 3600, 365 * 24 * 3600]) {
      const future = await handleStripeWebhook({
        payload: ahead,
        signature: signatureHeader(ahead, standIn.webhookSecret, Math.floor(Date.now() / 1000) + seconds),
        stripe: config,
      });
      expect(future).toEqual({ status: 400, body: { received: false, error: "Timestamp outside the tolerance zone" } });
      expect(future).toEqual(stale);
    }
    expect(await db.stripeEvent.count({ where: { id: `evt_future_${id}` } })).toBe(0);
    // The boundary, on a fixed clock: 300 s ahead is Stripe's skew allowance, 301 s is not.
    expect(signedInTheFuture("t=1300,v1=x", 1_000_000)).toBe(false);
    expect(signedInTheFuture("t=1301,v1=x", 1_000_000)).toBe(true);
    expect(signedInTheFuture("t=900,t=1301,v1=x", 1_000_000)).toBe(true);
    // This test's ids only: other files in the worker store their own `evt_forged_…` events in the same database.
    const sent = [event.id, event.id.replace("forged", "forgeD")];
    expect(await db.stripeEvent.count({ where: { id: { in: sent } } })).toBe(0);
    expect(await statusOf(id)).toBe("DRAFT");
    expect(await handleStripeWebhook({ payload, signature: "t=1,v1=x", stripe: null })).toMatchObject({ status: 503 });
    // Signed, but not an event: 400, nothing stored.
    for (const body of [
      '{"type":"x","data":{}}',
      '{"id":"evt_no_type","type":null,"data":{}}',
      '{"id":42,"type":"x"}',
    ]) {
      const signed = { payload: body, signature: signatureHeader(body, standIn.webhookSecret) };
      expect(await handleStripeWebhook({ ...signed, stripe: config })).toMatchObject({ status: 400 });
    }
    expect(await db.stripeEvent.count({ where: { id: "evt_no_type" } })).toBe(0);
  });
});

describe("unpaid checkouts leave a labelled draft", () => {
  it("an expired checkout marks the payment EXPIRED, keeps the draft, and a new post opens a new session", async () => {
    const { caller, id } = await draftWithCheckout();
    const payment = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
    await stripe.checkout.sessions.expire(payment.stripeCheckoutSessionId!);
    await until(async () =>
      (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status === "EXPIRED" ? true : null,
    );
    expect(await statusOf(id)).toBe("DRAFT");
    expect(await caller.payment.forShipment({ id })).toMatchObject({ status: "EXPIRED", checkoutUrl: null });
    const next = await caller.payment.checkout({ id });
    expect(next.kind).toBe("checkout");
    expect(next.kind === "checkout" && next.paymentId).not.toBe(payment.id);
  });

  it("a declined card keeps the checkout open and the draft unposted, with Stripe's message kept", async () => {
    const { caller, id, url } = await draftWithCheckout();
    expect(await payOnPage(url, TEST_CARDS.declined)).toBe(402);
    await until(async () => (await db.payment.findFirstOrThrow({ where: { shipmentId: id } })).failureMessage);
    expect(await statusOf(id)).toBe("DRAFT");
    expect(await caller.payment.forShipment({ id })).toMatchObject({
      status: "PENDING",
      failureMessage: "Your card was declined.",
      checkoutUrl: url,
    });
  });
});

describe("cancelling refunds by policy", () => {
  it("in full before a driver accepts, once however often the refund runs", async () => {
    const { caller, id, payment } = await paidAndPosted();
    await caller.shipment.cancel({ id, reason: "The order was called off" });
    // Owed by the cancel's transaction; the queued refund-payment function may already have sent it.
    const owed = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(owed).toMatchObject({ refundDueCents: payment.amountCents });
    expect(["PENDING", "SUCCEEDED"]).toContain(owed.refundStatus);
    expect(await refundPayment({ paymentId: payment.id, stripe: config })).toBe("SUCCEEDED");
    expect(await refundPayment({ paymentId: payment.id, stripe: config })).toBe("SUCCEEDED");
    const refunds = [...standIn.store.refunds.values()].filter(
      (r) => r.payment_intent === payment.stripePaymentIntentId,
    );
    expect(refunds.map((r) => r.amount)).toEqual([payment.amountCents]);
    // charge.refunded, delivered by webhook, records the refunded total.
    await until(async () =>
      (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status === "REFUNDED" ? true : null,
    );
    expect(await caller.payment.forShipment({ id })).toMatchObject({
      status: "REFUNDED",
      refundedCents: payment.amountCents,
      refund: { status: "SUCCEEDED", dueCents: payment.amountCents },
    });
  });

  it("less the 10 % cancellation fee after a driver accepted", async () => {
    const { caller, id, payment } = await paidAndPosted();
    const driver = await asUser("DRIVER");
    await driver.caller.driver.accept({ id });
    await caller.shipment.cancel({ id, reason: "Plans changed" });
    const fee = Math.round(payment.amountCents * 0.1);
    // Owed by the cancel's transaction; the queued refund-payment function may already have sent it.
    const owed = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(owed).toMatchObject({ refundDueCents: payment.amountCents - fee });
    expect(["PENDING", "SUCCEEDED"]).toContain(owed.refundStatus);
    expect(await refundPayment({ paymentId: payment.id, stripe: config })).toBe("SUCCEEDED");
    const refunds = [...standIn.store.refunds.values()].filter(
      (r) => r.payment_intent === payment.stripePaymentIntentId,
    );
    expect(refunds.map((r) => r.amount)).toEqual([payment.amountCents - fee]);
    await until(async () =>
      (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedCents > 0 ? true : null,
    );
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "SUCCEEDED",
      refundedCents: payment.amountCents - fee,
    });
  });

  it("a checkout paid after its draft was cancelled is refunded in full, and the shipment stays cancelled", async () => {
    const { caller, id, url } = await draftWithCheckout();
    await caller.shipment.cancel({ id, reason: "Ordered by mistake" });
    expect(await payOnPage(url)).toBe(303);
    // The refund is owed as soon as the payment lands; the queued refund-payment function may already have sent it.
    const owed = await until(async () => {
      const p = await db.payment.findFirstOrThrow({ where: { shipmentId: id } });
      return p.refundStatus === "PENDING" || p.refundStatus === "SUCCEEDED" ? p : null;
    });
    // Paid (SUCCEEDED), or already REFUNDED in full if the function's refund and charge.refunded came first.
    expect(owed).toMatchObject({ refundDueCents: owed.amountCents });
    expect(["SUCCEEDED", "REFUNDED"]).toContain(owed.status);
    expect(await statusOf(id)).toBe("CANCELLED");
    expect(await refundPayment({ paymentId: owed.id, stripe: config })).toBe("SUCCEEDED");
    await settleInngest();
    // Refunded in full, whichever of the function and the call above sent it (a second refund would be refused by
    // Stripe as "already refunded" and leave the refund FAILED).
    expect(await db.payment.findUniqueOrThrow({ where: { id: owed.id } })).toMatchObject({
      refundStatus: "SUCCEEDED",
      refundedCents: owed.amountCents,
    });
  });

  it("records Stripe's refusal as a failed refund an admin can see", async () => {
    const { caller, id, payment } = await paidAndPosted();
    // Our queued refund (the refund-payment function) must not run before the Dashboard's below: while this happens
    // the functions find no Stripe, so the test runs the queued refund itself, after the Dashboard's.
    restoreStripe();
    try {
      await caller.shipment.cancel({ id, reason: "Plans changed" });
      // Refunded in Stripe's Dashboard before our queued refund ran.
      await stripe.refunds.create({ payment_intent: payment.stripePaymentIntentId! });
      expect(await refundPayment({ paymentId: payment.id, stripe: config })).toBe("FAILED");
      await settleInngest();
    } finally {
      restoreStripe = stripeForInngestFunctions(config);
    }
    const admin = await createUser(db, { role: "ADMIN" });
    const adminCaller = createCaller(createInnerTRPCContext({ session: await sessionFor(admin.id), stripe: config }));
    expect(await adminCaller.payment.forShipment({ id })).toMatchObject({
      refund: { status: "FAILED", failureReason: expect.stringContaining("already been refunded") },
    });
  });
});
