/**
 * A local stand-in for the part of Stripe's API the app calls, served so that the official `stripe` SDK works
 * unchanged when pointed at it (`new Stripe(key, { host, port, protocol: "http" })`):
 *
 * - `POST /v1/checkout/sessions` (payment mode, inline `price_data`), `GET …/:id`, `GET …/:id/line_items`,
 *   `POST …/:id/expire`, and the hosted page at `GET|POST /c/pay/:id` that takes Stripe's test cards;
 * - `GET /v1/payment_intents/:id` (`expand[]=latest_charge`), `GET /v1/charges/:id`; `POST /v1/refunds`,
 *   `GET /v1/refunds/:id`; a session's `GET` takes `expand[]=payment_intent` (and `payment_intent.latest_charge`);
 * - `GET /v1/events`, `GET /v1/events/:id`; `POST|GET /v1/webhook_endpoints`;
 * - Connect (connect.ts): `POST /v1/accounts` (Express), `GET /v1/accounts/:id`, `POST /v1/account_links` with the
 *   onboarding page at `GET|POST /setup/e/:account/:link` (completes onboarding, sends `account.updated`),
 *   `POST /v1/transfers` (refused to an account without payouts enabled), `GET /v1/transfers[/:id]`;
 * - signed webhook delivery with retries (webhooks.ts), API keys checked (401), Stripe's error shapes, and
 *   `Idempotency-Key` semantics (same key and parameters: the first response again, marked `Idempotent-Replayed`;
 *   same key, other parameters or endpoint: 400 `idempotency_error`).
 * - not Stripe's: `POST /__control/webhooks/hold?metadata=<value>` and `…/release?metadata=<value>` hold back and
 *   then send the events of objects carrying that metadata value, so a test can look at a page before its
 *   webhook lands (Stripe's own delivery is asynchronous too).
 * - Billing (billing.ts): `POST /v1/products`, `GET …/:id`; `POST /v1/prices` (recurring), `GET /v1/prices[/:id]`
 *   (`lookup_keys[]`); `POST /v1/customers`, `GET …/:id`; Checkout Sessions in `subscription` mode (the hosted page
 *   starts a Subscription with a paid Invoice); `GET /v1/subscriptions[/:id]`, `POST /v1/subscriptions/:id`
 *   (`cancel_at_period_end`, `items`, `metadata`), `DELETE /v1/subscriptions/:id`; `POST /v1/subscriptions` (customer +
 *   items, charging the customer's card); `GET /v1/invoices[/:id]` and the
 *   hosted invoice page at `GET /i/:id`; `POST /v1/billing_portal/sessions` and the portal at `/p/session/:id`
 *   (replace the card, cancel at period end or now, renew).
 * - not Stripe's: `POST /__control/subscriptions/:id/advance` ends the subscription's period now (a test clock in
 *   miniature): the renewal invoice charges the saved card (card 0341 fails: `invoice.payment_failed`, past_due).
 * - not Stripe's: `POST /__control/transfers/fail?destination=acct_…[&code=…&message=…]` refuses the next transfer
 *   to that account (default `balance_insufficient`), so a test can see a payout fail and be retried.
 *
 * - with `dataDir`, the whole state (and the keys) is kept in `<dataDir>/stripe.json` across restarts (persist.ts).
 *
 *   const stripe = await startStripeStandIn({ port: 0, webhookUrl: "http://127.0.0.1:3000/api/webhooks/stripe" });
 *   new Stripe(stripe.secretKey, { host: stripe.host, port: stripe.port, protocol: "http" });
 *   // verify deliveries with stripe.webhookSecret
 *   await stripe.close();
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { BillingStore } from "./billing";
import { cardFormError, checkoutPage, closedPage, threeDSecurePage } from "./checkout-page";
import { BALANCE_INSUFFICIENT, ConnectStore } from "./connect";
import { StripeApiError } from "./errors";
import { FormParseError, parseForm, type TFormObject } from "./form";
import { linkGonePage, onboardingFormError, onboardingPage } from "./onboarding-page";
import { loadState, StateSaver, type TStripeState } from "./persist";
import { invoicePage, portalPage } from "./portal-page";
import { declineFor, luhn, StripeStore, stripeId, type TEvent } from "./store";
import { newWebhookSecret, WebhookDelivery, type TWebhookEndpoint } from "./webhooks";

export { TEST_CARDS } from "./store";
export { TEST_BANK } from "./onboarding-page";
export { signatureHeader } from "./webhooks";

export type StripeStandInOptions = {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** The one secret key accepted; defaults to a fresh `sk_test_…`. */
  secretKey?: string;
  /** An endpoint to deliver every event to (the app's webhook route), signed with `webhookSecret`. */
  webhookUrl?: string;
  /** The endpoint's signing secret; defaults to a fresh `whsec_…`. */
  webhookSecret?: string;
  /** Waits before each retry of a failed delivery, in ms; defaults to 5 s, 30 s, 2 min, 10 min, 1 h. */
  retryDelaysMs?: number[];
  /** How often open sessions past `expires_at` are expired (and `checkout.session.expired` sent); default 5 s. */
  expirySweepMs?: number;
  /**
   * Keep every object, idempotency record, webhook endpoint and delivery still owed in `<dataDir>/stripe.json`
   * (persist.ts), loaded on start and saved after each change, so a restart loses nothing; the keys are kept too
   * unless given. `npm run dev`: `.data/stripe`. Unset: memory only (tests).
   */
  dataDir?: string;
};

export type StripeStandIn = {
  host: string;
  port: number;
  /** `http://host:port`: the API base and the hosted checkout page's origin. */
  url: string;
  secretKey: string;
  /** The signing secret of the endpoint given as `webhookUrl` (also when none was given, for later endpoints). */
  webhookSecret: string;
  store: StripeStore;
  /** Billing: products, prices, customers, subscriptions, invoices, portal sessions (billing.ts). */
  billing: BillingStore;
  /** Connect: Express accounts, account links and transfers (connect.ts). */
  connect: ConnectStore;
  delivery: WebhookDelivery;
  /** Adds an endpoint receiving every event; returns it with its secret. */
  addWebhookEndpoint(url: string, secret?: string): TWebhookEndpoint;
  close(): Promise<void>;
};

type TIdempotent = { fingerprint: string; status: number; body: string } | { fingerprint: string; pending: true };

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) reject(new StripeApiError(413, "invalid_request_error", "Request body too large."));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Order-independent JSON of the parameters: what "the same parameters" means for an idempotency key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const host = options.host ?? "127.0.0.1";
  const saved = options.dataDir ? loadState(options.dataDir) : null;
  const secretKey = options.secretKey ?? saved?.secretKey ?? `sk_test_${randomBytes(16).toString("hex")}`;
  const webhookSecret = options.webhookSecret ?? saved?.webhookSecret ?? newWebhookSecret();
  let baseUrl = "";
  let saver: StateSaver | null = null;
  const changed = () => saver?.changed();
  const delivery = new WebhookDelivery(options.retryDelaysMs ?? [5_000, 30_000, 120_000, 600_000, 3_600_000]);
  delivery.onChange = changed;
  const store = new StripeStore({
    emit: (e: TEvent) => {
      delivery.dispatch(e);
      changed();
    },
    baseUrl: () => baseUrl,
  });
  let configuredEndpointId: string | null = null;
  const billing = new BillingStore(
    (type, object, request) => store.emit(type, object, request),
    () => baseUrl,
    declineFor,
  );
  store.billing = billing;
  const connect = new ConnectStore(
    (type, object, request) => store.emit(type, object, request),
    () => baseUrl,
  );
  const idempotency = new Map<string, TIdempotent & { at: number }>();
  if (saved) {
    billing.restore(saved.billing);
    store.restore(saved.store);
    connect.restore(saved.connect);
    // The endpoint made for `webhookUrl` last time now points at this start's URL and secret (its owed deliveries
    // go there), or goes away when no URL is given.
    const endpoints = saved.delivery.endpoints.flatMap((e) => {
      if (e.id !== saved.configuredEndpointId) return [e];
      return options.webhookUrl ? [{ ...e, url: options.webhookUrl, secret: webhookSecret }] : [];
    });
    const events = new Map(store.events.map((e) => [e.id, e]));
    delivery.restore({ ...saved.delivery, endpoints }, (id) => events.get(id));
    if (options.webhookUrl && delivery.endpoints.has(saved.configuredEndpointId ?? "")) {
      configuredEndpointId = saved.configuredEndpointId;
    }
    for (const [key, record] of saved.idempotency) {
      if (Date.now() - record.at < IDEMPOTENCY_TTL_MS) idempotency.set(key, record);
    }
  }
  if (options.webhookUrl && !configuredEndpointId) {
    configuredEndpointId = delivery.addEndpoint(options.webhookUrl, ["*"], webhookSecret).id;
  }
  if (options.dataDir) {
    saver = new StateSaver(options.dataDir, (): TStripeState => ({
      version: 1,
      secretKey,
      webhookSecret,
      configuredEndpointId,
      idempotency: [...idempotency].flatMap(([key, r]) =>
        "pending" in r ? [] : [[key, { fingerprint: r.fingerprint, status: r.status, body: r.body, at: r.at }]],
      ),
      store: store.dump(),
      billing: billing.dump(),
      connect: connect.dump(),
      delivery: delivery.dump(),
    }));
    saver.changed(); // the keys and the configured endpoint, from the first start on
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  }

  /** 401 as Stripe answers it: no key, or a key it does not know (shown masked). */
  function authError(req: IncomingMessage): StripeApiError | null {
    const header = req.headers.authorization ?? "";
    let key: string | null = null;
    if (header.startsWith("Bearer ")) key = header.slice(7).trim();
    else if (header.startsWith("Basic ")) key = Buffer.from(header.slice(6), "base64").toString().split(":")[0] ?? "";
    if (!key) {
      return new StripeApiError(
        401,
        "invalid_request_error",
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    if (key !== secretKey) {
      const masked = key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}` : key;
      return new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${masked}`);
    }
    return null;
  }

  function route(method: string, path: string, params: TFormObject, request: TEvent["request"]): unknown {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent); // ["v1", "checkout", "sessions", id]
    const [v1, a, b, c, d] = parts;
    if (v1 === "v1") {
      if (a === "checkout" && b === "sessions") {
        if (method === "POST" && !c) return store.createCheckoutSession(params);
        if (method === "GET" && c && !d) return store.expand(store.getSession(c), params);
        if (method === "POST" && c && d === "expire") return store.expireSession(c);
        if (method === "GET" && c && d === "line_items") {
          const s = store.getSession(c);
          const data = (store.lineItems.get(s.id) ?? []).map((it) => ({
            id: stripeId("li"),
            object: "item",
            amount_subtotal: it.unit_amount * it.quantity,
            amount_total: it.unit_amount * it.quantity,
            currency: s.currency,
            description: it.name,
            quantity: it.quantity,
            price: { object: "price", unit_amount: it.unit_amount, currency: s.currency },
          }));
          return { object: "list", data, has_more: false, url: `/v1/checkout/sessions/${s.id}/line_items` };
        }
      }
      if (a === "products") {
        if (method === "POST" && !b) return billing.createProduct(params);
        if (method === "GET" && b && !c) return billing.getProduct(b);
      }
      if (a === "prices") {
        if (method === "POST" && !b) return billing.createPrice(params);
        if (method === "GET" && b && !c) return billing.getPrice(b);
        if (method === "GET" && !b) return billing.listPrices(params);
      }
      if (a === "customers") {
        if (method === "POST" && !b) return billing.createCustomer(params);
        if (method === "GET" && b && !c) return billing.getCustomer(b);
      }
      if (a === "subscriptions") {
        if (method === "POST" && !b) return billing.createSubscription(params);
        if (method === "GET" && b && !c) return billing.getSubscription(b);
        if (method === "GET" && !b) return billing.listSubscriptions(params);
        if (method === "POST" && b && !c) return billing.updateSubscription(b, params);
        if (method === "DELETE" && b && !c) return billing.cancelSubscription(b);
      }
      if (a === "invoices") {
        if (method === "GET" && b && !c) return billing.getInvoice(b);
        if (method === "GET" && !b) return billing.listInvoices(params);
      }
      if (a === "billing_portal" && b === "sessions" && method === "POST" && !c) {
        return billing.createPortalSession(params);
      }
      if (a === "accounts") {
        if (method === "POST" && !b) return connect.createAccount(params, request);
        if (method === "GET" && b && !c) return connect.getAccount(b);
      }
      if (a === "account_links" && method === "POST" && !b) return connect.createAccountLink(params);
      if (a === "transfers") {
        if (method === "POST" && !b) return connect.createTransfer(params, request);
        if (method === "GET" && b && !c) return connect.getTransfer(b);
        if (method === "GET" && !b) return connect.listTransfers(params);
      }
      if (a === "payment_intents" && method === "GET" && b && !c) {
        return store.expand(store.getPaymentIntent(b), params);
      }
      if (a === "charges" && method === "GET" && b && !c) return store.getCharge(b);
      if (a === "refunds") {
        if (method === "POST" && !b) return store.createRefund(params, request);
        if (method === "GET" && b && !c) return store.getRefund(b);
      }
      if (a === "events") {
        if (method === "GET" && b && !c) return store.getEvent(b);
        if (method === "GET" && !b) {
          const limit = Math.min(Math.max(Number(params.limit ?? 10) || 10, 1), 100);
          const type = typeof params.type === "string" ? params.type : null;
          const all = [...store.events].reverse().filter((e) => !type || e.type === type);
          return { object: "list", data: all.slice(0, limit), has_more: all.length > limit, url: "/v1/events" };
        }
      }
      if (a === "webhook_endpoints") {
        if (method === "POST" && !b) {
          const url = typeof params.url === "string" ? params.url : undefined;
          if (!url)
            throw new StripeApiError(400, "invalid_request_error", "Missing required param: url.", {
              code: "parameter_missing",
              param: "url",
            });
          const events = Array.isArray(params.enabled_events)
            ? params.enabled_events.filter((e): e is string => typeof e === "string")
            : [];
          if (events.length === 0) {
            throw new StripeApiError(400, "invalid_request_error", "Missing required param: enabled_events.", {
              code: "parameter_missing",
              param: "enabled_events",
            });
          }
          return delivery.addEndpoint(url, events);
        }
        if (method === "GET" && !b) {
          const data = [...delivery.endpoints.values()].map(({ secret: _secret, ...rest }) => rest);
          return { object: "list", data, has_more: false, url: "/v1/webhook_endpoints" };
        }
      }
    }
    throw new StripeApiError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  async function api(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const method = req.method ?? "GET";
    const u = new URL(req.url ?? "/", "http://x");
    const unauthorised = authError(req);
    if (unauthorised) throw unauthorised;
    const raw = method === "GET" ? u.search.slice(1) : await readBody(req);
    let params: TFormObject;
    try {
      params = parseForm(raw);
    } catch (err) {
      if (err instanceof FormParseError) throw new StripeApiError(400, "invalid_request_error", err.message);
      throw err;
    }
    const idemKey = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    if (idemKey === undefined) {
      send(res, 200, JSON.stringify(route(method, u.pathname, params, { id: requestId, idempotency_key: null })), {
        "request-id": requestId,
      });
      return;
    }
    if (idemKey.length > 255) {
      throw new StripeApiError(400, "invalid_request_error", "Idempotency-Key must be at most 255 characters long.", {
        param: "Idempotency-Key",
      });
    }
    const fingerprint = createHash("sha256")
      .update(`${method} ${u.pathname} ${canonical(params)}`)
      .digest("hex");
    const cacheKey = `${secretKey}\u0000${idemKey}`;
    const earlier = idempotency.get(cacheKey);
    if (earlier && Date.now() - earlier.at < IDEMPOTENCY_TTL_MS) {
      if (earlier.fingerprint !== fingerprint) {
        throw new StripeApiError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
        );
      }
      if ("pending" in earlier) {
        throw new StripeApiError(
          409,
          "idempotency_error",
          "There is currently another in-progress request using this Stripe token (probably the same idempotency key). Please retry.",
          { code: "lock_timeout" },
        );
      }
      send(res, earlier.status, earlier.body, {
        "request-id": requestId,
        "idempotent-replayed": "true",
        "idempotency-key": idemKey,
      });
      return;
    }
    idempotency.set(cacheKey, { fingerprint, pending: true, at: Date.now() });
    try {
      const body = JSON.stringify(route(method, u.pathname, params, { id: requestId, idempotency_key: idemKey }));
      idempotency.set(cacheKey, { fingerprint, status: 200, body, at: Date.now() });
      send(res, 200, body, { "request-id": requestId, "idempotency-key": idemKey });
    } catch (err) {
      // A refused request saves no result (Stripe keeps only requests that began executing): the key stays free.
      idempotency.delete(cacheKey);
      throw err;
    }
  }

  async function hostedPage(req: IncomingMessage, res: ServerResponse, id: string) {
    const html = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(body);
    };
    const session = store.sessions.get(id);
    if (!session) return html(404, "<!doctype html><title>Not found</title><h1>No such checkout session</h1>");
    store.getSession(id); // expires it when its time is up
    if (session.status !== "open") return html(410, closedPage(session));
    const items = store.lineItems.get(id) ?? [];
    if (req.method !== "POST") return html(200, checkoutPage(session, items));
    const form = new URLSearchParams(await readBody(req));
    const card = { number: form.get("card") ?? "", exp: form.get("exp") ?? "", cvc: form.get("cvc") ?? "" };
    const formError = cardFormError(card.exp, card.cvc);
    if (formError) return html(400, checkoutPage(session, items, formError, card));
    const tds = form.get("three_d_secure");
    const result = store.paySession(id, card.number, tds === "complete" || tds === "fail" ? tds : undefined, card.exp);
    if (result.ok) {
      res.writeHead(303, { location: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) });
      res.end();
      return;
    }
    if (result.needsAction) return html(200, threeDSecurePage(session, card));
    return html(402, checkoutPage(session, items, result.message, card));
  }

  /** The Connect onboarding page behind an account link: GET shows it, POST completes onboarding. */
  async function onboarding(req: IncomingMessage, res: ServerResponse, accountId: string, linkId: string) {
    const html = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(body);
    };
    const opened = connect.openLink(accountId, linkId);
    if (!opened) return html(404, linkGonePage());
    if ("redirect" in opened) {
      res.writeHead(302, { location: opened.redirect });
      res.end();
      return;
    }
    const account = connect.getAccount(accountId);
    const action = `/setup/e/${encodeURIComponent(accountId)}/${encodeURIComponent(linkId)}`;
    if (req.method !== "POST") return html(200, onboardingPage(account, action));
    const body = new URLSearchParams(await readBody(req));
    const form = {
      firstName: body.get("first_name") ?? "",
      lastName: body.get("last_name") ?? "",
      routing: (body.get("routing") ?? "").trim(),
      account: (body.get("account") ?? "").trim(),
    };
    const error = onboardingFormError(form);
    if (error) return html(400, onboardingPage(account, action, form, error));
    res.writeHead(303, { location: connect.completeOnboarding(linkId) });
    res.end();
  }

  /** The Billing Portal behind a portal session: GET shows it, POSTs change the card or the plans, then show it. */
  async function portal(req: IncomingMessage, res: ServerResponse, id: string, action: string) {
    const html = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(body);
    };
    const session = billing.portalSessions.get(id);
    if (!session) return html(404, "<!doctype html><title>Not found</title><h1>This portal link is not valid</h1>");
    const back = (notice: string) => {
      res.writeHead(303, { location: `/p/session/${id}?notice=${encodeURIComponent(notice)}` });
      res.end();
    };
    if (req.method !== "POST" || !action) {
      const notice = new URL(req.url ?? "/", "http://x").searchParams.get("notice") ?? undefined;
      return html(200, portalPage(session, billing, { notice }));
    }
    const body = new URLSearchParams(await readBody(req));
    if (action === "/payment-method") {
      const number = (body.get("card") ?? "").replace(/\D/g, "");
      const exp = body.get("exp") ?? "";
      const formError = cardFormError(exp, body.get("cvc") ?? "");
      if (formError) return html(400, portalPage(session, billing, { error: formError }));
      // Saving a card runs a zero-amount check: plain declines are refused, 0341 passes (its charges fail later).
      const decline = number === "4000000000000341" ? null : declineFor(number);
      if (decline) return html(402, portalPage(session, billing, { error: decline.message }));
      if (!luhn(number)) return html(400, portalPage(session, billing, { error: "Your card number is invalid." }));
      const m = /(\d{1,2})\s*\/\s*(\d{2,4})/.exec(exp)!;
      billing.portalChangeCard(session.customer, number, {
        month: Number(m[1]),
        year: Number(m[2]!.length === 2 ? `20${m[2]}` : m[2]),
      });
      return back("Your payment method was updated.");
    }
    const sub = /^\/subscriptions\/([\w-]+)\/(cancel|cancel-now|renew)$/.exec(action);
    const target = sub ? billing.subscriptions.get(sub[1]!) : undefined;
    if (!sub || !target || target.customer !== session.customer || target.status === "canceled") {
      return html(404, portalPage(session, billing, { error: "That plan cannot be changed here." }));
    }
    if (sub[2] === "cancel") billing.setCancelAtPeriodEnd(target, true);
    if (sub[2] === "renew") billing.setCancelAtPeriodEnd(target, false);
    if (sub[2] === "cancel-now") billing.cancelSubscription(target.id);
    return back(
      sub[2] === "renew"
        ? "Your plan will renew."
        : sub[2] === "cancel"
          ? "Your plan will be canceled at the end of the period."
          : "Your plan was canceled.",
    );
  }

  const server = createServer((req, res) => {
    const requestId = `req_${randomBytes(8).toString("hex")}`;
    // Any request may change something (a GET expires a session whose time is up): saved after each.
    res.on("finish", changed);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const control = /^\/__control\/webhooks\/(hold|release)$/.exec(path);
    if (control && req.method === "POST") {
      const value = new URL(req.url ?? "/", "http://x").searchParams.get("metadata");
      if (!value) return send(res, 400, JSON.stringify({ error: "metadata is required" }));
      if (control[1] === "hold") delivery.hold(value);
      const released = control[1] === "release" ? delivery.release(value) : 0;
      return send(res, 200, JSON.stringify({ ok: true, released }));
    }
    const failTransfer = /^\/__control\/transfers\/fail$/.exec(path);
    if (failTransfer && req.method === "POST") {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      const destination = q.get("destination");
      if (!destination) return send(res, 400, JSON.stringify({ error: "destination is required" }));
      connect.failNextTransfer(
        destination,
        q.get("code") ? { code: q.get("code")!, message: q.get("message") ?? q.get("code")! } : BALANCE_INSUFFICIENT,
      );
      return send(res, 200, JSON.stringify({ ok: true }));
    }
    const advance = /^\/__control\/subscriptions\/([\w-]+)\/advance$/.exec(path);
    if (advance && req.method === "POST") {
      try {
        return send(res, 200, JSON.stringify(billing.advancePeriod(advance[1]!)));
      } catch (err) {
        const e = err instanceof StripeApiError ? err : new StripeApiError(500, "api_error", String(err));
        return send(res, e.status, JSON.stringify(e.body(requestId)));
      }
    }
    const invoice = /^\/i\/([\w-]+)$/.exec(path);
    if (invoice && req.method === "GET") {
      const found = billing.invoices.get(invoice[1]!);
      res.writeHead(found ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      res.end(found ? invoicePage(found) : "<!doctype html><title>Not found</title><h1>No such invoice</h1>");
      return;
    }
    const portalPath = /^\/p\/session\/([\w-]+)(\/.*)?$/.exec(path);
    const pay = /^\/c\/pay\/([\w-]+)$/.exec(path);
    const setup = /^\/setup\/e\/([\w-]+)\/([\w-]+)$/.exec(path);
    const work = portalPath
      ? portal(req, res, portalPath[1]!, portalPath[2] ?? "")
      : pay
        ? hostedPage(req, res, pay[1]!)
        : setup
          ? onboarding(req, res, setup[1]!, setup[2]!)
          : api(req, res, requestId);
    work.catch((err: unknown) => {
      const e =
        err instanceof StripeApiError
          ? err
          : new StripeApiError(500, "api_error", "An unknown error occurred in the stand-in.");
      if (!(err instanceof StripeApiError)) console.error("stripe stand-in:", err);
      if (!res.headersSent) send(res, e.status, JSON.stringify(e.body(requestId)), { "request-id": requestId });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  const sweep = setInterval(() => store.sweepExpired(), options.expirySweepMs ?? 5_000);
  sweep.unref();

  return {
    host,
    port,
    url: baseUrl,
    secretKey,
    webhookSecret,
    store,
    billing,
    connect,
    delivery,
    addWebhookEndpoint: (url, secret) => delivery.addEndpoint(url, ["*"], secret ?? newWebhookSecret()),
    close: async () => {
      clearInterval(sweep);
      delivery.close();
      await delivery.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      saver?.flush();
    },
  };
}
