// The stand-in's Connect contract, through the official `stripe` SDK: Express accounts, account links and the
// local onboarding page (which enables payouts and sends a signed `account.updated`), transfers with idempotency
// keys, and the refusals Stripe gives (no such account, payouts not enabled, a queued balance failure). The
// read-only checks (unknown ids, parameter validation) hold against Stripe's test mode as well.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";

import { startStripeStandIn, TEST_BANK, type StripeStandIn } from "./index";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function receiver() {
  const raw: { signature: string; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      raw.push({ signature: String(req.headers["stripe-signature"]), body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, raw };
}

async function start(webhookUrl?: string) {
  const standIn = await startStripeStandIn({ port: 0, webhookUrl, retryDelaysMs: [50] });
  cleanups.push(() => standIn.close());
  const stripe = new Stripe(standIn.secretKey, {
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return { standIn, stripe };
}

const expressParams: Stripe.AccountCreateParams = {
  type: "express",
  country: "US",
  email: "driver@example.com",
  capabilities: { transfers: { requested: true } },
  metadata: { driverId: "u1" },
};

async function refusal(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  return p.then(
    () => {
      throw new Error("accepted");
    },
    (e: Stripe.errors.StripeError) => e,
  );
}

/** Submits the onboarding page's form as a browser does. */
async function onboard(standIn: StripeStandIn, url: string, over: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      first_name: "Dana",
      last_name: "Driver",
      routing: TEST_BANK.routing,
      account: TEST_BANK.account,
      ...over,
    }).toString(),
    redirect: "manual",
  });
  void standIn;
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

async function onboardedAccount(standIn: StripeStandIn, stripe: Stripe) {
  const account = await stripe.accounts.create(expressParams);
  const link = await stripe.accountLinks.create({
    account: account.id,
    type: "account_onboarding",
    refresh_url: "http://localhost:3000/driver/earnings?onboarding=refresh",
    return_url: "http://localhost:3000/driver/earnings?onboarding=return",
  });
  expect((await onboard(standIn, link.url)).status).toBe(303);
  return account;
}

describe("Connect Express accounts", () => {
  it("creates a restricted account with requirements due, and reads it back", async () => {
    const { stripe } = await start();
    const account = await stripe.accounts.create(expressParams);
    expect(account).toMatchObject({
      object: "account",
      type: "express",
      country: "US",
      email: "driver@example.com",
      payouts_enabled: false,
      charges_enabled: false,
      details_submitted: false,
      metadata: { driverId: "u1" },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account.requirements?.currently_due).toContain("external_account");
    expect(account.requirements?.disabled_reason).toBe("requirements.past_due");
    expect(await stripe.accounts.retrieve(account.id)).toEqual(account);
  });

  it("refuses an account without type or without the transfers capability, naming the parameter", async () => {
    const { stripe } = await start();
    expect(await refusal(stripe.accounts.create({ ...expressParams, type: undefined }))).toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_missing",
      param: "type",
    });
    expect(await refusal(stripe.accounts.create({ ...expressParams, capabilities: {} }))).toMatchObject({
      param: "capabilities",
    });
  });

  it("answers an unknown account with account_invalid, as Stripe does", async () => {
    const { stripe } = await start();
    const err = await refusal(stripe.accounts.retrieve("acct_nope"));
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe("account_invalid");
  });

  it("gives the same account for a repeated idempotency key, and refuses the key with other parameters", async () => {
    const { standIn, stripe } = await start();
    const a = await stripe.accounts.create(expressParams, { idempotencyKey: "connect-account:u1" });
    const b = await stripe.accounts.create(expressParams, { idempotencyKey: "connect-account:u1" });
    expect(b.id).toBe(a.id);
    expect(standIn.connect.accounts.size).toBe(1);
    const err = await refusal(
      stripe.accounts.create(
        { ...expressParams, email: "other@example.com" },
        { idempotencyKey: "connect-account:u1" },
      ),
    );
    expect(err.type).toBe("StripeIdempotencyError");
  });
});

describe("account links and the onboarding page", () => {
  it("onboards through the page: payouts enabled, requirements cleared, a signed account.updated, back to return_url", async () => {
    const hook = await receiver();
    const { standIn, stripe } = await start(hook.url);
    const account = await stripe.accounts.create(expressParams);
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: "account_onboarding",
      refresh_url: "http://localhost:3000/driver/earnings?onboarding=refresh",
      return_url: "http://localhost:3000/driver/earnings?onboarding=return",
    });
    expect(link).toMatchObject({ object: "account_link" });
    expect(link.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(link.url.startsWith(`${standIn.url}/setup/e/${account.id}/`)).toBe(true);

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Set up payouts");

    const bad = await onboard(standIn, link.url, { routing: "12" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Routing number must be 9 digits.");

    const done = await onboard(standIn, link.url);
    expect(done).toMatchObject({ status: 303, location: "http://localhost:3000/driver/earnings?onboarding=return" });
    const after = await stripe.accounts.retrieve(account.id);
    expect(after).toMatchObject({
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { transfers: "active" },
    });
    expect(after.requirements?.currently_due).toEqual([]);

    await standIn.delivery.idle();
    const delivered = hook.raw.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, standIn.webhookSecret));
    const updated = delivered.find((e) => e.type === "account.updated");
    expect((updated?.data.object as Stripe.Account).id).toBe(account.id);
    expect((updated?.data.object as Stripe.Account).payouts_enabled).toBe(true);

    // A link works once: opening it again sends the browser to refresh_url for a new one.
    const again = await fetch(link.url, { redirect: "manual" });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("http://localhost:3000/driver/earnings?onboarding=refresh");
  });

  it("refuses a link for an unknown account or without return_url", async () => {
    const { stripe } = await start();
    const account = await stripe.accounts.create(expressParams);
    const unknown = await refusal(
      stripe.accountLinks.create({
        account: "acct_nope",
        type: "account_onboarding",
        refresh_url: "http://localhost/r",
        return_url: "http://localhost/x",
      }),
    );
    expect(unknown.code).toBe("account_invalid");
    const noReturn = await refusal(
      stripe.accountLinks.create({
        account: account.id,
        type: "account_onboarding",
        refresh_url: "http://localhost/r",
      }),
    );
    expect(noReturn).toMatchObject({ code: "parameter_missing", param: "return_url" });
  });
});

describe("transfers", () => {
  it("pays an onboarded account once per idempotency key and lists it by transfer_group", async () => {
    const { standIn, stripe } = await start();
    const account = await onboardedAccount(standIn, stripe);
    const params: Stripe.TransferCreateParams = {
      amount: 42_500,
      currency: "usd",
      destination: account.id,
      transfer_group: "payout_p1",
      metadata: { payoutId: "p1" },
    };
    const [a, b] = await Promise.all([
      stripe.transfers.create(params, { idempotencyKey: "payout:p1:0" }).catch((e: unknown) => e),
      stripe.transfers.create(params, { idempotencyKey: "payout:p1:0" }).catch((e: unknown) => e),
    ]);
    const ok = [a, b].filter((x): x is Stripe.Transfer => (x as Stripe.Transfer).object === "transfer");
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const again = await stripe.transfers.create(params, { idempotencyKey: "payout:p1:0" });
    expect(again.id).toBe(ok[0]!.id);
    expect(again).toMatchObject({ object: "transfer", amount: 42_500, currency: "usd", destination: account.id });
    expect(standIn.connect.transfers.size).toBe(1);
    const listed = await stripe.transfers.list({ transfer_group: "payout_p1" });
    expect(listed.data.map((t) => t.id)).toEqual([again.id]);
    expect((await stripe.transfers.retrieve(again.id)).amount).toBe(42_500);
    const other = await refusal(stripe.transfers.create({ ...params, amount: 1 }, { idempotencyKey: "payout:p1:0" }));
    expect(other.type).toBe("StripeIdempotencyError");
  });

  it("refuses a transfer to an account without payouts enabled, and to one that does not exist", async () => {
    const { stripe } = await start();
    const account = await stripe.accounts.create(expressParams);
    const err = await refusal(
      stripe.transfers.create({ amount: 1_000, currency: "usd", destination: account.id }, { idempotencyKey: "t1" }),
    );
    expect(err).toMatchObject({
      type: "StripeInvalidRequestError",
      code: "insufficient_capabilities_for_transfer",
      param: "destination",
    });
    const missing = await refusal(
      stripe.transfers.create({ amount: 1_000, currency: "usd", destination: "acct_nope" }),
    );
    expect(missing).toMatchObject({ code: "resource_missing", param: "destination" });
    const noAmount = await refusal(
      stripe.transfers.create({ currency: "usd", destination: account.id } as Stripe.TransferCreateParams),
    );
    expect(noAmount).toMatchObject({ code: "parameter_missing", param: "amount" });
  });

  it("fails the next transfer on request (test hook) with Stripe's reason; the key is free for a retry", async () => {
    const { standIn, stripe } = await start();
    const account = await onboardedAccount(standIn, stripe);
    const res = await fetch(`${standIn.url}/__control/transfers/fail?destination=${account.id}`, { method: "POST" });
    expect(res.status).toBe(200);
    const params = { amount: 500, currency: "usd", destination: account.id };
    const err = await refusal(stripe.transfers.create(params, { idempotencyKey: "payout:p2:0" }));
    expect(err.code).toBe("balance_insufficient");
    expect(err.message).toMatch(/insufficient available funds/);
    const retried = await stripe.transfers.create(params, { idempotencyKey: "payout:p2:1" });
    expect(retried.amount).toBe(500);
  });
});
