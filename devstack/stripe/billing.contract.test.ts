// The stand-in's Billing contract, driven through the official `stripe` SDK as the app drives it: recurring prices
// found by lookup key, Checkout in subscription mode paid on the hosted page, the Subscription and its paid Invoice,
// renewals that charge the saved card (card 0341 attaches, then fails), the Billing Portal's card change and
// cancellation, and the events each step sends, verified with constructEvent. The error checks (unknown ids, bad
// parameters) hold against Stripe's test mode as well.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_CARDS, type StripeStandIn } from "./index";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A stand-in delivering to a local endpoint; `events()` are the deliveries as constructEvent reads them. */
async function start() {
  const raw: { signature: string; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      raw.push({ signature: String(req.headers["stripe-signature"]), body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  const standIn: StripeStandIn = await startStripeStandIn({
    webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    retryDelaysMs: [50],
  });
  cleanups.push(() => standIn.close());
  const stripe = new Stripe(standIn.secretKey, {
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  const events = () => raw.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, standIn.webhookSecret));
  return { standIn, stripe, events };
}

async function until<T>(fn: () => T | undefined | null | false, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Submits a hosted form (checkout or portal) as a browser does. */
async function submit(url: string, fields: Record<string, string>) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

const card = (number: string) => ({ card: number, exp: "12 / 40", cvc: "123" });

async function proPrice(stripe: Stripe) {
  return stripe.prices.create({
    currency: "usd",
    unit_amount: 4_900,
    recurring: { interval: "month" },
    lookup_key: "tt_pro_monthly",
    product_data: { name: "Trial Transport Pro" },
  });
}

/** A customer subscribed to Pro through Checkout, paid with `number`. */
async function subscribe(stripe: Stripe, number: string = TEST_CARDS.succeeds, existing?: Stripe.Price) {
  const price = existing ?? (await proPrice(stripe));
  const customer = await stripe.customers.create({ email: "shipper@example.com", metadata: { userId: "u1" } });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    subscription_data: { metadata: { userId: "u1" } },
    success_url: "http://localhost:3000/shipper/billing?checkout=success",
    cancel_url: "http://localhost:3000/shipper/billing",
  });
  const paid = await submit(session.url!, card(number));
  return { price, customer, session, paid };
}

describe("products, prices and customers", () => {
  it("creates a recurring price with its product, finds it by lookup key, and refuses a reused key", async () => {
    const { stripe } = await start();
    const price = await proPrice(stripe);
    expect(price).toMatchObject({
      object: "price",
      type: "recurring",
      unit_amount: 4_900,
      recurring: { interval: "month", interval_count: 1 },
    });
    expect((await stripe.products.retrieve(price.product as string)).name).toBe("Trial Transport Pro");
    const found = await stripe.prices.list({ lookup_keys: ["tt_pro_monthly", "nope"], active: true });
    expect(found.data.map((p) => p.id)).toEqual([price.id]);
    const again = (await proPrice(stripe).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again).toMatchObject({ type: "StripeInvalidRequestError", param: "lookup_key" });
  });

  it("answers unknown ids with 404 resource_missing and bad parameters naming the parameter", async () => {
    const { stripe } = await start();
    for (const call of [
      () => stripe.prices.retrieve("price_nope"),
      () => stripe.customers.retrieve("cus_nope"),
      () => stripe.subscriptions.retrieve("sub_nope"),
      () => stripe.invoices.retrieve("in_nope"),
    ]) {
      const err = (await call().catch((e: unknown) => e)) as Stripe.errors.StripeError;
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(err.statusCode).toBe(404);
      expect(err.code).toBe("resource_missing");
    }
    const interval = (await stripe.prices
      .create({
        currency: "usd",
        unit_amount: 100,
        recurring: { interval: "fortnight" as "week" },
        product_data: { name: "x" },
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(interval.param).toBe("recurring[interval]");
    const portal = (await stripe.billingPortal.sessions
      .create({ customer: "cus_nope", return_url: "http://localhost:3000/shipper/billing" })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(portal).toMatchObject({ code: "resource_missing", param: "customer", statusCode: 404 });
    const oneTime = await stripe.prices.create({ currency: "usd", unit_amount: 500, product_data: { name: "once" } });
    const session = (await stripe.checkout.sessions
      .create({
        mode: "subscription",
        line_items: [{ price: oneTime.id, quantity: 1 }],
        success_url: "http://localhost:3000/ok",
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(session).toMatchObject({ type: "StripeInvalidRequestError", param: "line_items[0][price]" });
  });
});

describe("Checkout in subscription mode", () => {
  it("the hosted page starts an active subscription with a paid invoice and sends the events in order", async () => {
    const { stripe, events } = await start();
    const { price, customer, session, paid } = await subscribe(stripe);
    expect(paid.status).toBe(303);
    expect(paid.location).toBe("http://localhost:3000/shipper/billing?checkout=success");

    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ mode: "subscription", status: "complete", payment_status: "paid" });
    const sub = await stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub).toMatchObject({ status: "active", customer: customer.id, cancel_at_period_end: false });
    expect(sub.metadata).toEqual({ userId: "u1" });
    const item = sub.items.data[0]!;
    expect(item.price).toMatchObject({ id: price.id, lookup_key: "tt_pro_monthly" });
    const begins = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    expect(end.getUTCMonth()).toBe((begins.getUTCMonth() + 1) % 12);

    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data).toHaveLength(1);
    const invoice = invoices.data[0]!;
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 4_900, billing_reason: "subscription_create" });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const hosted = await fetch(invoice.hosted_invoice_url!);
    expect(hosted.status).toBe(200);
    expect(await hosted.text()).toContain("Paid");
    expect((await stripe.invoices.list({ customer: customer.id })).data.map((i) => i.id)).toEqual([invoice.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([sub.id]);

    const received = await until(() => {
      const list = events();
      return list.some((e) => e.type === "checkout.session.completed") && list;
    });
    const types = received.map((e) => e.type);
    expect(types.indexOf("customer.subscription.created")).toBeLessThan(types.indexOf("checkout.session.completed"));
    expect(types).toContain("invoice.paid");
    const completed = received.find((e) => e.type === "checkout.session.completed")!.data
      .object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ mode: "subscription", subscription: sub.id, customer: customer.id });
  });

  it("a declined card leaves the session open and starts nothing", async () => {
    const { stripe } = await start();
    const { session, paid, customer } = await subscribe(stripe, TEST_CARDS.declined);
    expect(paid.status).toBe(402);
    expect(paid.html).toContain("Your card was declined.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
  });
});

describe("renewals, the portal and cancellation", () => {
  it("card 0341 saved in the portal fails the renewal (past_due, invoice.payment_failed); a good card pays it", async () => {
    const { standIn, stripe, events } = await start();
    const { customer, session } = await subscribe(stripe);
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://localhost:3000/shipper/billing",
    });
    expect(portal).toMatchObject({ object: "billing_portal.session", customer: customer.id });
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Trial Transport Pro");
    expect(page).toContain("Visa ending in 4242");
    expect(page).toContain('href="http://localhost:3000/shipper/billing"');

    const declined = await submit(`${portal.url}/payment-method`, card(TEST_CARDS.declined));
    expect(declined.status).toBe(402);
    const saved = await submit(`${portal.url}/payment-method`, card(TEST_CARDS.attachesThenFails));
    expect(saved.status).toBe(303);
    expect(await (await fetch(new URL(saved.location!, standIn.url))).text()).toContain("Visa ending in 0341");

    const renewal = await fetch(`${standIn.url}/__control/subscriptions/${subId}/advance`, { method: "POST" });
    expect(renewal.status).toBe(200);
    const pastDue = await stripe.subscriptions.retrieve(subId);
    expect(pastDue.status).toBe("past_due");
    const open = await stripe.invoices.retrieve(pastDue.latest_invoice as string);
    expect(open).toMatchObject({ status: "open", billing_reason: "subscription_cycle", attempt_count: 1 });
    await until(() => events().some((e) => e.type === "invoice.payment_failed"));

    await submit(`${portal.url}/payment-method`, card(TEST_CARDS.succeeds));
    expect((await stripe.subscriptions.retrieve(subId)).status).toBe("active");
    expect((await stripe.invoices.retrieve(open.id)).status).toBe("paid");
    expect((await stripe.invoices.list({ subscription: subId })).data).toHaveLength(2);
  });

  it("cancel at period end (portal or API) ends the plan at the renewal; cancel now ends it at once", async () => {
    const { standIn, stripe, events } = await start();
    const { customer, session, price } = await subscribe(stripe);
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
    expect((await submit(`${portal.url}/subscriptions/${subId}/cancel`, {})).status).toBe(303);
    const cancelling = await stripe.subscriptions.retrieve(subId);
    expect(cancelling).toMatchObject({ status: "active", cancel_at_period_end: true });
    expect(cancelling.cancel_at).toBe(cancelling.items.data[0]!.current_period_end);
    expect((await stripe.subscriptions.update(subId, { cancel_at_period_end: false })).cancel_at).toBeNull();
    await stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    await fetch(`${standIn.url}/__control/subscriptions/${subId}/advance`, { method: "POST" });
    expect((await stripe.subscriptions.retrieve(subId)).status).toBe("canceled");
    await until(() => events().some((e) => e.type === "customer.subscription.deleted"));
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "canceled" })).data).toHaveLength(1);

    const second = await subscribe(stripe, TEST_CARDS.succeeds, price);
    const secondId = (await stripe.checkout.sessions.retrieve(second.session.id)).subscription as string;
    expect((await stripe.subscriptions.cancel(secondId)).status).toBe("canceled");
    const again = (await stripe.subscriptions.cancel(secondId).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const update = (await stripe.subscriptions
      .update(secondId, { cancel_at_period_end: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(update.statusCode).toBe(400);
  });
});

describe("changing the plan's price with proration", () => {
  async function businessPrice(stripe: Stripe) {
    return stripe.prices.create({
      currency: "usd",
      unit_amount: 19_900,
      recurring: { interval: "month" },
      product_data: { name: "Trial Transport Business" },
    });
  }

  /** A Pro subscription paid through Checkout; its id. */
  async function subscribed(stripe: Stripe, price?: Stripe.Price): Promise<string> {
    const { session } = await subscribe(stripe, TEST_CARDS.succeeds, price);
    return (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
  }

  it("always_invoice charges the prorated difference now with a credit and a charge line; invoice.paid is sent", async () => {
    const { stripe, events } = await start();
    const subId = await subscribed(stripe);
    const business = await businessPrice(stripe);
    const sub = await stripe.subscriptions.retrieve(subId);
    const item = sub.items.data[0]!;
    const updated = await stripe.subscriptions.update(subId, {
      items: [{ id: item.id, price: business.id }],
      proration_behavior: "always_invoice",
    });
    expect(updated.items.data[0]!.price.id).toBe(business.id);
    const invoice = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid" });
    const [credit, charge] = invoice.lines.data;
    // Minutes into a month-long period: almost all of it is unused, each side rounded to the cent.
    expect(credit!.amount).toBeLessThan(0);
    expect(credit!.amount).toBeGreaterThanOrEqual(-4_900);
    expect(credit!.amount).toBeLessThanOrEqual(-4_890);
    expect(charge!.amount).toBeGreaterThanOrEqual(19_860);
    expect(charge!.amount).toBeLessThanOrEqual(19_900);
    expect(invoice.amount_paid).toBe(credit!.amount + charge!.amount);
    await until(() =>
      events().some((e) => e.type === "invoice.paid" && (e.data.object as Stripe.Invoice).id === invoice.id),
    );
  });

  it("create_prorations (the default) waits for the next invoice; none changes only the next period's price", async () => {
    const { stripe, standIn } = await start();
    const subId = await subscribed(stripe);
    const business = await businessPrice(stripe);
    const before = (await stripe.invoices.list({ subscription: subId })).data.length;
    const item = (await stripe.subscriptions.retrieve(subId)).items.data[0]!;
    await stripe.subscriptions.update(subId, { items: [{ id: item.id, price: business.id }] });
    expect((await stripe.invoices.list({ subscription: subId })).data).toHaveLength(before);
    await fetch(`${standIn.url}/__control/subscriptions/${subId}/advance`, { method: "POST" });
    const renewal = (await stripe.invoices.list({ subscription: subId })).data[0]!;
    expect(renewal.billing_reason).toBe("subscription_cycle");
    expect(renewal.lines.data).toHaveLength(3);
    expect(renewal.lines.data.at(-1)!.amount).toBe(19_900);
    expect(renewal.amount_due).toBe(renewal.lines.data.reduce((sum, l) => sum + l.amount, 0));

    const secondId = await subscribed(stripe, (await stripe.subscriptions.retrieve(subId)).items.data[0]!.price);
    const secondItem = (await stripe.subscriptions.retrieve(secondId)).items.data[0]!;
    await stripe.subscriptions.update(secondId, {
      items: [{ id: secondItem.id, price: business.id }],
      proration_behavior: "none",
    });
    await fetch(`${standIn.url}/__control/subscriptions/${secondId}/advance`, { method: "POST" });
    const next = (await stripe.invoices.list({ subscription: secondId })).data[0]!;
    expect(next.lines.data.map((l) => l.amount)).toEqual([19_900]);
  });

  it("a downgrade's credit stays on the customer's balance and pays toward the next invoice", async () => {
    const { stripe, standIn } = await start();
    const subId = await subscribed(stripe);
    const cheaper = await stripe.prices.create({
      currency: "usd",
      unit_amount: 1_900,
      recurring: { interval: "month" },
      product_data: { name: "Trial Transport Lite" },
    });
    const item = (await stripe.subscriptions.retrieve(subId)).items.data[0]!;
    const updated = await stripe.subscriptions.update(subId, {
      items: [{ id: item.id, price: cheaper.id }],
      proration_behavior: "always_invoice",
    });
    const credit = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(credit.total).toBeLessThan(0);
    expect(credit).toMatchObject({ amount_due: 0, amount_paid: 0, status: "paid", starting_balance: 0 });
    expect(credit.ending_balance).toBe(credit.total);
    const customer = (await stripe.customers.retrieve(updated.customer as string)) as Stripe.Customer;
    expect(customer.balance).toBe(credit.total);

    await fetch(`${standIn.url}/__control/subscriptions/${subId}/advance`, { method: "POST" });
    const renewal = (await stripe.invoices.list({ subscription: subId })).data[0]!;
    expect(renewal.total).toBe(1_900);
    expect(renewal.starting_balance).toBe(credit.total);
    expect(renewal.amount_due).toBe(Math.max(0, 1_900 + credit.total));
    expect(renewal.ending_balance).toBe(Math.min(0, 1_900 + credit.total));
  });

  it("refuses an unknown proration_behavior, naming the parameter", async () => {
    const { stripe } = await start();
    const subId = await subscribed(stripe);
    const err = (await stripe.subscriptions
      .update(subId, { proration_behavior: "sometimes" as "none" })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.param).toBe("proration_behavior");
  });
});

describe("POST /v1/subscriptions (a customer with a saved card)", () => {
  it("starts an active subscription on the customer's default card with a paid first invoice, one month long", async () => {
    const { stripe, events } = await start();
    const price = await proPrice(stripe);
    const customer = await stripe.customers.create({
      email: "shipper@example.com",
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    expect(customer.invoice_settings.default_payment_method).toMatch(/^pm_/);
    expect(customer.invoice_settings.default_payment_method).not.toBe("pm_card_visa");

    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      metadata: { userId: "u1" },
    });
    expect(sub).toMatchObject({ status: "active", customer: customer.id, metadata: { userId: "u1" } });
    const item = sub.items.data[0]!;
    expect(item.price.id).toBe(price.id);
    const periodStart = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    const monthLater = new Date(periodStart);
    monthLater.setUTCMonth(monthLater.getUTCMonth() + 1);
    expect(end.toISOString()).toBe(monthLater.toISOString());
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 4_900, billing_reason: "subscription_create" });
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([sub.id]);
    const types = await until(() => {
      const t = events().map((e) => e.type);
      return t.includes("invoice.paid") && t;
    });
    expect(types).toEqual(expect.arrayContaining(["customer.subscription.created", "invoice.paid"]));
  });

  it("refuses what Stripe refuses: no customer, no items, unknown ids, a one-time price, no card to charge", async () => {
    const { stripe } = await start();
    const price = await proPrice(stripe);
    const oneTime = await stripe.prices.create({ currency: "usd", unit_amount: 500, product_data: { name: "Once" } });
    const bare = await stripe.customers.create({ email: "nocard@example.com" });
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e as Stripe.errors.StripeError,
      );

    const noCustomer = await fail(stripe.subscriptions.create({ items: [{ price: price.id }] } as never));
    expect(noCustomer).toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_missing",
      param: "customer",
    });
    const noItems = await fail(stripe.subscriptions.create({ customer: bare.id }));
    expect(noItems).toMatchObject({ code: "parameter_missing", param: "items" });
    const unknownCustomer = await fail(
      stripe.subscriptions.create({ customer: "cus_nope", items: [{ price: price.id }] }),
    );
    expect(unknownCustomer).toMatchObject({ statusCode: 404, code: "resource_missing", param: "customer" });
    const unknownPrice = await fail(
      stripe.subscriptions.create({ customer: bare.id, items: [{ price: "price_nope" }] }),
    );
    expect(unknownPrice).toMatchObject({ statusCode: 404, code: "resource_missing", param: "items[0][price]" });
    const once = await fail(stripe.subscriptions.create({ customer: bare.id, items: [{ price: oneTime.id }] }));
    expect(once).toMatchObject({ statusCode: 400, param: "items[0][price]" });
    const noCard = await fail(stripe.subscriptions.create({ customer: bare.id, items: [{ price: price.id }] }));
    expect(noCard).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    expect((noCard as Stripe.errors.StripeError).message).toContain("no attached payment source");
    const badToken = await fail(stripe.customers.create({ payment_method: "pm_nope" }));
    expect(badToken).toMatchObject({ statusCode: 404, code: "resource_missing", param: "payment_method" });
    expect((await stripe.subscriptions.list({ customer: bare.id, status: "all" })).data).toEqual([]);
  });

  it("a card that fails leaves it incomplete (allow_incomplete) or refuses it with 402 (error_if_incomplete)", async () => {
    const { stripe } = await start();
    const price = await proPrice(stripe);
    const customer = await stripe.customers.create({
      payment_method: "pm_card_chargeCustomerFail",
      invoice_settings: { default_payment_method: "pm_card_chargeCustomerFail" },
    });
    const incomplete = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(incomplete.status).toBe("incomplete");
    expect((await stripe.invoices.retrieve(incomplete.latest_invoice as string)).status).toBe("open");
    const refused = await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "error_if_incomplete" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refused).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(refused).toMatchObject({ statusCode: 402, code: "card_declined" });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);
  });
});
