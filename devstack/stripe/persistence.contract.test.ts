// The stand-in with a data dir (as `npm run dev` runs it, `.data/stripe`): closed and started again on the same dir
// it still serves, through the official SDK, the customer and its subscription, the PaymentIntent a checkout paid
// (refundable), the onboarded Connect account (a transfer to it works), the same keys and idempotency records, and
// it delivers the webhooks the app had not yet accepted when it stopped.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_BANK, TEST_CARDS, type StripeStandIn } from "./index";
import { stateFile, type TStripeState } from "./persist";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function until<T>(fn: () => T | undefined | null | false, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function post(url: string, fields: Record<string, string>) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  await res.text();
  return res.status;
}

/** A webhook endpoint answering 503 until `accept` is set, recording what it accepted. */
async function receiver() {
  const state = { accept: false, accepted: [] as { signature: string; body: string }[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!state.accept) return res.writeHead(503).end();
      state.accepted.push({
        signature: String(req.headers["stripe-signature"]),
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe` };
}

function sdk(standIn: StripeStandIn) {
  return new Stripe(standIn.secretKey, {
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
}

describe("a stand-in with a data dir", () => {
  it("serves the same customer, PaymentIntent, Connect account and subscription after a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "stripe-standin-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const hook = await receiver();
    // Long retry delays: the refused deliveries are still owed when the first stand-in stops.
    const first = await startStripeStandIn({ dataDir, webhookUrl: hook.url, retryDelaysMs: [3_600_000] });
    let stripe = sdk(first);

    const customer = await stripe.customers.create(
      {
        email: "shipper@example.com",
        payment_method: "pm_card_visa",
        invoice_settings: { default_payment_method: "pm_card_visa" },
      },
      { idempotencyKey: "customer:u1" },
    );
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 19_900,
      recurring: { interval: "month" },
      lookup_key: "tt_business_monthly",
      product_data: { name: "Trial Transport Business" },
    });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { price_data: { currency: "usd", unit_amount: 12_500, product_data: { name: "Load" } }, quantity: 1 },
      ],
      success_url: "http://localhost:3000/done?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(await post(session.url!, { card: TEST_CARDS.succeeds, exp: "12 / 40", cvc: "123" })).toBe(303);
    const paymentIntentId = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    const account = await stripe.accounts.create({ type: "express", capabilities: { transfers: { requested: true } } });
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: "account_onboarding",
      return_url: "http://localhost:3000/driver/earnings",
      refresh_url: "http://localhost:3000/driver/earnings?refresh=1",
    });
    expect(await post(link.url, { first_name: "Dana", last_name: "Driver", ...TEST_BANK })).toBe(303);
    const transfer = await stripe.transfers.create({ amount: 5_000, currency: "usd", destination: account.id });
    const keys = { secretKey: first.secretKey, webhookSecret: first.webhookSecret };
    await first.close();
    expect(existsSync(stateFile(dataDir))).toBe(true);

    // The refused deliveries are owed, each due again in an hour; let that hour pass while it is stopped.
    const saved = JSON.parse(readFileSync(stateFile(dataDir), "utf8")) as TStripeState;
    const owed = saved.delivery.pending.map((p) => saved.store.events.find((e) => e.id === p.eventId)?.type);
    expect(owed).toEqual(expect.arrayContaining(["customer.subscription.created", "account.updated"]));
    expect(saved.delivery.pending.every((p) => p.attempt === 2)).toBe(true);
    for (const p of saved.delivery.pending) p.dueAt = Date.now() - 1_000;
    writeFileSync(stateFile(dataDir), JSON.stringify(saved));

    hook.state.accept = true;
    const second = await startStripeStandIn({ dataDir, webhookUrl: hook.url, retryDelaysMs: [3_600_000] });
    cleanups.push(() => second.close());
    expect({ secretKey: second.secretKey, webhookSecret: second.webhookSecret }).toEqual(keys);
    stripe = sdk(second);

    const again = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(again).toMatchObject({ id: customer.id, email: "shipper@example.com" });
    expect(again.invoice_settings.default_payment_method).toBe(customer.invoice_settings.default_payment_method);
    const replay = await stripe.customers.create(
      {
        email: "shipper@example.com",
        payment_method: "pm_card_visa",
        invoice_settings: { default_payment_method: "pm_card_visa" },
      },
      { idempotencyKey: "customer:u1" },
    );
    expect(replay.id).toBe(customer.id);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");

    const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
    expect(pi).toMatchObject({ status: "succeeded", amount_received: 12_500 });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 2_500 });
    expect(refund).toMatchObject({ status: "succeeded", amount: 2_500 });

    const acct = await stripe.accounts.retrieve(account.id);
    expect(acct).toMatchObject({ id: account.id, payouts_enabled: true });
    expect((await stripe.transfers.retrieve(transfer.id)).destination).toBe(account.id);
    const second_transfer = await stripe.transfers.create({ amount: 1_000, currency: "usd", destination: account.id });
    expect(second_transfer.destination).toBe(account.id);

    const subAgain = await stripe.subscriptions.retrieve(sub.id);
    expect(subAgain).toMatchObject({ id: sub.id, status: "active", customer: customer.id });
    expect(subAgain.items.data[0]).toMatchObject({
      price: { id: price.id, lookup_key: "tt_business_monthly" },
      current_period_end: sub.items.data[0]!.current_period_end,
    });
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    expect((await fetch(portal.url)).status).toBe(200);
    expect((await stripe.prices.list({ lookup_keys: ["tt_business_monthly"] })).data.map((p) => p.id)).toEqual([
      price.id,
    ]);

    // What the endpoint refused before the stop, now past due, is delivered at once, signed with the same secret.
    const delivered = await until(() => {
      const types = hook.state.accepted.map(
        (r) => stripe.webhooks.constructEvent(r.body, r.signature, keys.webhookSecret).type,
      );
      return types.includes("account.updated") && types.includes("customer.subscription.created") && types;
    });
    expect(delivered).toEqual(expect.arrayContaining(["payment_intent.succeeded", "checkout.session.completed"]));
  });

  it("keeps nothing without a data dir: a second stand-in starts empty with fresh keys", async () => {
    const first = await startStripeStandIn();
    const customer = await sdk(first).customers.create({ email: "a@example.com" });
    await first.close();
    const second = await startStripeStandIn();
    cleanups.push(() => second.close());
    expect(second.secretKey).not.toBe(first.secretKey);
    const err = await sdk(second)
      .customers.retrieve(customer.id)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
