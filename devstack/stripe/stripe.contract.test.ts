// The Stripe stand-in's contract, driven as production code drives Stripe: the official `stripe` SDK for the API,
// `stripe.webhooks.constructEvent` for what arrives at a webhook endpoint, and plain HTTP for the hosted page (as a
// browser submits it). The read-only checks (errors for a bad key, unknown ids, parameter validation) hold against
// Stripe's test mode as well.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_CARDS, type StripeStandIn, type StripeStandInOptions } from "./index";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

type TReceived = { body: string; signature: string; event: Stripe.Event };

/** A webhook endpoint answering `statuses` in turn (then 200), keeping what it received. */
async function receiver(statuses: number[] = []) {
  const received: TReceived[] = [];
  const raw: { signature: string; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      raw.push({ signature: String(req.headers["stripe-signature"]), body: Buffer.concat(chunks).toString() });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, raw };
}

async function start(options: StripeStandInOptions = {}) {
  const standIn = await startStripeStandIn({ port: 0, ...options });
  cleanups.push(() => standIn.close());
  const stripe = sdk(standIn);
  return { standIn, stripe };
}

function sdk(standIn: StripeStandIn, key = standIn.secretKey): Stripe {
  return new Stripe(key, { host: standIn.host, port: standIn.port, protocol: "http", maxNetworkRetries: 0 });
}

const sessionParams = (
  over: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams => ({
  mode: "payment",
  line_items: [
    {
      quantity: 1,
      price_data: {
        currency: "usd",
        unit_amount: 12_345,
        product_data: { name: "Shipment TT-ABC123", description: "Chicago → Milwaukee" },
      },
    },
  ],
  success_url: "http://localhost:3000/shipper/s1?checkout=success&session_id={CHECKOUT_SESSION_ID}",
  cancel_url: "http://localhost:3000/shipper/s1?checkout=cancelled",
  metadata: { shipmentId: "s1", paymentId: "p1" },
  payment_intent_data: { metadata: { shipmentId: "s1", paymentId: "p1" } },
  ...over,
});

/** Submits the hosted page's form as a browser does; returns the status and the redirect (if any). */
async function pay(session: Stripe.Checkout.Session, card: string, extra: Record<string, string> = {}) {
  const res = await fetch(session.url!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card, exp: "12 / 40", cvc: "123", ...extra }).toString(),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

async function until<T>(fn: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("API keys and errors", () => {
  it("refuses a wrong key and a missing one with 401, as Stripe does", async () => {
    const { standIn } = await start();
    const wrong = sdk(standIn, "sk_test_wrongwrongwrong1234");
    const err = await wrong.checkout.sessions.retrieve("cs_test_x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((err as Stripe.errors.StripeError).message).toMatch(/^Invalid API Key provided: sk_test_\**1234$/);
    const res = await fetch(`${standIn.url}/v1/events`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });

  it("answers an unknown id with 404 resource_missing and an unknown URL with 404", async () => {
    const { stripe } = await start();
    const err = (await stripe.checkout.sessions
      .retrieve("cs_test_nope")
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe("resource_missing");
    expect(err.message).toBe("No such checkout.session: 'cs_test_nope'");
    const pi = (await stripe.paymentIntents.retrieve("pi_nope").catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(pi.code).toBe("resource_missing");
  });

  it("validates Checkout parameters, naming the parameter", async () => {
    const { stripe } = await start();
    const fail = (p: Stripe.Checkout.SessionCreateParams) =>
      stripe.checkout.sessions.create(p).then(
        () => {
          throw new Error("accepted");
        },
        (e: Stripe.errors.StripeError) => e,
      );
    const noItems = await fail({ ...sessionParams(), line_items: undefined });
    expect(noItems).toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_missing",
      param: "line_items",
    });
    const noMode = await fail({ ...sessionParams(), mode: undefined });
    expect(noMode.param).toBe("mode");
    const tiny = await fail(
      sessionParams({
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 49, product_data: { name: "x" } } }],
      }),
    );
    expect(tiny.code).toBe("amount_too_small");
    const soon = await fail(sessionParams({ expires_at: Math.floor(Date.now() / 1000) + 60 }));
    expect(soon.param).toBe("expires_at");
    const badUrl = await fail(sessionParams({ success_url: "not a url" }));
    expect(badUrl).toMatchObject({ code: "url_invalid", param: "success_url" });
    const badAmount = await fail(
      sessionParams({
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 12.5, product_data: { name: "x" } } }],
      }),
    );
    expect(badAmount.param).toBe("line_items[0][price_data][unit_amount]");
  });
});

describe("Checkout Sessions", () => {
  it("creates an open, unpaid session with its amounts, metadata, expiry and hosted URL, and reads it back", async () => {
    const { stripe, standIn } = await start();
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const s = await stripe.checkout.sessions.create(
      sessionParams({ expires_at: expiresAt, client_reference_id: "p1" }),
    );
    expect(s).toMatchObject({
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: 12_345,
      currency: "usd",
      expires_at: expiresAt,
      client_reference_id: "p1",
      metadata: { shipmentId: "s1", paymentId: "p1" },
      payment_intent: null,
    });
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.url).toBe(`${standIn.url}/c/pay/${s.id}`);
    expect(await stripe.checkout.sessions.retrieve(s.id)).toEqual(s);
    const items = await stripe.checkout.sessions.listLineItems(s.id);
    expect(items.data).toMatchObject([{ amount_total: 12_345, quantity: 1, description: "Shipment TT-ABC123" }]);
    const page = await (await fetch(s.url!)).text();
    expect(page).toContain("$123.45");
    expect(page).toContain("Shipment TT-ABC123");
  });

  it("honours Idempotency-Key: same key and parameters give the same session; other parameters are refused", async () => {
    const { stripe, standIn } = await start();
    const a = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: "checkout:p1" });
    const b = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: "checkout:p1" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(standIn.store.sessions.size).toBe(1);
    const other = await stripe.checkout.sessions
      .create(sessionParams({ metadata: { shipmentId: "s2" } }), { idempotencyKey: "checkout:p1" })
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((other as Stripe.errors.StripeError).statusCode).toBe(400);
    // A refused request keeps no result: the same key then works for valid parameters.
    await expect(
      stripe.checkout.sessions.create({ ...sessionParams(), mode: undefined }, { idempotencyKey: "k2" }),
    ).rejects.toThrow();
    await expect(stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: "k2" })).resolves.toMatchObject({
      status: "open",
    });
  });

  it("paying with 4242… completes the session, redirects to success_url and delivers signed events that constructEvent accepts", async () => {
    const hook = await receiver();
    const { stripe, standIn } = await start({ webhookUrl: hook.url });
    const s = await stripe.checkout.sessions.create(sessionParams());
    const paid = await pay(s, "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`http://localhost:3000/shipper/s1?checkout=success&session_id=${s.id}`);
    await until(() => (hook.raw.length >= 2 ? true : undefined));
    const events = hook.raw.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, standIn.webhookSecret));
    // Stripe does not promise an order between events; the receiver must cope with either.
    expect(events.map((e) => e.type).sort()).toEqual(["checkout.session.completed", "payment_intent.succeeded"]);
    const completedEvent = events.find((e) => e.type === "checkout.session.completed")!;
    const completed = completedEvent.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ id: s.id, status: "complete", payment_status: "paid" });
    const pi = await stripe.paymentIntents.retrieve(completed.payment_intent as string);
    expect(pi).toMatchObject({ status: "succeeded", amount_received: 12_345, metadata: { paymentId: "p1" } });
    expect(await stripe.events.retrieve(completedEvent.id)).toMatchObject({ type: "checkout.session.completed" });
    // A wrong secret or a changed body is refused by the SDK, so the signature is really Stripe's scheme.
    expect(() => stripe.webhooks.constructEvent(hook.raw[0]!.body, hook.raw[0]!.signature, "whsec_other")).toThrow();
    expect(() =>
      stripe.webhooks.constructEvent(
        hook.raw[0]!.body.replace("12345", "1"),
        hook.raw[0]!.signature,
        standIn.webhookSecret,
      ),
    ).toThrow();
    // A paid session's page no longer takes a card.
    expect((await fetch(s.url ?? `${standIn.url}/c/pay/${s.id}`)).status).toBe(410);
  });

  it("a paid payment-mode session names its PaymentIntent, which is succeeded with its charge (also by expand)", async () => {
    const { stripe } = await start();
    const s = await stripe.checkout.sessions.create(sessionParams());
    expect(s.payment_intent).toBeNull();
    // A declined attempt, then 3D Secure passed: still one PaymentIntent for the session, as on Stripe.
    expect((await pay(s, TEST_CARDS.declined)).status).toBe(402);
    const tried = (await stripe.checkout.sessions.retrieve(s.id)).payment_intent as string;
    expect(tried).toMatch(/^pi_/);
    expect((await pay(s, TEST_CARDS.requiresAction, { three_d_secure: "complete" })).status).toBe(303);
    const session = await stripe.checkout.sessions.retrieve(s.id);
    expect(session).toMatchObject({ status: "complete", payment_status: "paid", payment_intent: tried });
    const pi = await stripe.paymentIntents.retrieve(tried);
    expect(pi).toMatchObject({
      id: tried,
      object: "payment_intent",
      status: "succeeded",
      amount: 12_345,
      amount_received: 12_345,
      currency: "usd",
      latest_charge: expect.stringMatching(/^ch_/),
      last_payment_error: null,
      metadata: { shipmentId: "s1", paymentId: "p1" },
    });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({
      id: pi.latest_charge,
      object: "charge",
      amount: 12_345,
      amount_captured: 12_345,
      amount_refunded: 0,
      paid: true,
      refunded: false,
      status: "succeeded",
      payment_intent: tried,
    });
    // expand[], as an app reading the session once would ask for it.
    const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent.latest_charge"] });
    const expandedPi = expanded.payment_intent as Stripe.PaymentIntent;
    expect(expandedPi).toMatchObject({ id: tried, status: "succeeded" });
    expect(expandedPi.latest_charge).toMatchObject({ id: pi.latest_charge, object: "charge", amount_captured: 12_345 });
    const piWithCharge = await stripe.paymentIntents.retrieve(tried, { expand: ["latest_charge"] });
    expect(piWithCharge.latest_charge).toEqual(charge);
    // A refund shows on the charge.
    await stripe.refunds.create({ payment_intent: tried, amount: 345 });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 345, refunded: false });
    // Unknown expansions and charges are refused as Stripe refuses them.
    await expect(stripe.checkout.sessions.retrieve(s.id, { expand: ["customer_details.nope"] })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "expand",
    });
    await expect(stripe.charges.retrieve("ch_nope")).rejects.toMatchObject({ code: "resource_missing" });
  });

  it("a declined card leaves the session open with the decline shown; 3D Secure asks first and can fail or pass", async () => {
    const hook = await receiver();
    const { stripe, standIn } = await start({ webhookUrl: hook.url });
    const s = await stripe.checkout.sessions.create(sessionParams());
    const declined = await pay(s, TEST_CARDS.declined);
    expect(declined.status).toBe(402);
    expect(declined.html).toContain("Your card was declined.");
    expect((await stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");
    const bad = await pay(s, "4242 4242 4242 4241");
    expect(bad.html).toContain("Your card number is invalid.");
    const challenge = await pay(s, TEST_CARDS.requiresAction);
    expect(challenge.html).toContain("Complete authentication");
    const failed = await pay(s, TEST_CARDS.requiresAction, { three_d_secure: "fail" });
    expect(failed.html).toContain("unable to authenticate");
    const passed = await pay(s, TEST_CARDS.requiresAction, { three_d_secure: "complete" });
    expect(passed.status).toBe(303);
    await standIn.delivery.idle();
    await until(() => (hook.raw.length >= 4 ? true : undefined));
    const types = hook.raw.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, standIn.webhookSecret).type);
    expect(types.sort()).toEqual([
      "checkout.session.completed",
      "payment_intent.payment_failed",
      "payment_intent.payment_failed",
      "payment_intent.succeeded",
    ]);
  });

  it("expires an open session on request (and once only), emitting checkout.session.expired", async () => {
    const hook = await receiver();
    const { stripe, standIn } = await start({ webhookUrl: hook.url });
    const s = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    await expect(stripe.checkout.sessions.expire(s.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await until(() => hook.raw[0]);
    expect(stripe.webhooks.constructEvent(hook.raw[0]!.body, hook.raw[0]!.signature, standIn.webhookSecret).type).toBe(
      "checkout.session.expired",
    );
    expect((await fetch(`${standIn.url}/c/pay/${s.id}`)).status).toBe(410);
  });
});

describe("refunds", () => {
  it("refunds part, refuses more than is left, refunds the rest, then refuses a fully refunded charge", async () => {
    const { stripe } = await start();
    const s = await stripe.checkout.sessions.create(sessionParams());
    await pay(s, TEST_CARDS.succeeds);
    const pi = (await stripe.checkout.sessions.retrieve(s.id)).payment_intent as string;
    const part = await stripe.refunds.create(
      { payment_intent: pi, amount: 2_345, reason: "requested_by_customer" },
      { idempotencyKey: "refund:1" },
    );
    expect(part).toMatchObject({ object: "refund", amount: 2_345, status: "succeeded", payment_intent: pi });
    const again = await stripe.refunds.create(
      { payment_intent: pi, amount: 2_345, reason: "requested_by_customer" },
      { idempotencyKey: "refund:1" },
    );
    expect(again.id).toBe(part.id);
    const tooMuch = (await stripe.refunds
      .create({ payment_intent: pi, amount: 10_001 })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(tooMuch).toMatchObject({ code: "amount_too_large", param: "amount" });
    const rest = await stripe.refunds.create({ payment_intent: pi });
    expect(rest.amount).toBe(10_000);
    expect(await stripe.refunds.retrieve(rest.id)).toEqual(rest);
    const done = (await stripe.refunds
      .create({ payment_intent: pi })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(done.code).toBe("charge_already_refunded");
  });

  it("refuses to refund an unpaid session's payment", async () => {
    const { stripe } = await start();
    const s = await stripe.checkout.sessions.create(sessionParams());
    await pay(s, TEST_CARDS.declined);
    const pi = (await stripe.checkout.sessions.retrieve(s.id)).payment_intent as string;
    await expect(stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({
      code: "charge_not_refundable",
    });
  });
});

describe("webhook delivery", () => {
  it("retries a failed delivery with a freshly signed timestamp until the endpoint answers 2xx", async () => {
    const hook = await receiver([500, 503]);
    const { stripe, standIn } = await start({ webhookUrl: hook.url, retryDelaysMs: [50, 50, 50] });
    const s = await stripe.checkout.sessions.create(sessionParams());
    await stripe.checkout.sessions.expire(s.id);
    // The stand-in records an attempt when the endpoint's answer arrives, a moment after the endpoint has the body.
    await until(() => (hook.raw.length >= 3 && standIn.delivery.attempts.length >= 3 ? true : undefined));
    const ids = hook.raw.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, standIn.webhookSecret).id);
    expect(new Set(ids).size).toBe(1);
    expect(standIn.delivery.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.raw).toHaveLength(3);
  });

  it("holds back the events of one object on request and sends them on release (a control endpoint, not Stripe's)", async () => {
    const hook = await receiver();
    const { stripe, standIn } = await start({ webhookUrl: hook.url });
    const control = (what: string) =>
      fetch(`${standIn.url}/__control/webhooks/${what}?metadata=s1`, { method: "POST" }).then((r) => r.json());
    await control("hold");
    const s = await stripe.checkout.sessions.create(sessionParams());
    await pay(s, TEST_CARDS.succeeds);
    await standIn.delivery.idle();
    expect(hook.raw).toHaveLength(0);
    expect(await control("release")).toEqual({ ok: true, released: 2 });
    await until(() => (hook.raw.length >= 2 ? true : undefined));
  });

  it("registers endpoints through the API with their own secret", async () => {
    const hook = await receiver();
    const { stripe } = await start();
    const endpoint = await stripe.webhookEndpoints.create({
      url: hook.url,
      enabled_events: ["checkout.session.expired"],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const s = await stripe.checkout.sessions.create(sessionParams());
    await stripe.checkout.sessions.expire(s.id);
    await until(() => hook.raw[0]);
    expect(stripe.webhooks.constructEvent(hook.raw[0]!.body, hook.raw[0]!.signature, endpoint.secret!).type).toBe(
      "checkout.session.expired",
    );
  });
});
