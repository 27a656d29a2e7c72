// The stand-in's objects and what Stripe does to them: Checkout Sessions (open → complete | expired), the
// PaymentIntent a paid session creates, refunds against it, and the Event each change emits. In memory; with a data
// dir the server saves `dump()` to a file and `restore()`s it on start (persist.ts).
import { randomBytes } from "node:crypto";

import type { BillingStore, TDecline } from "./billing";
import { invalidParam, missingParam, noSuch, StripeApiError } from "./errors";
import type { TFormObject, TFormValue } from "./form";

export const API_VERSION = "2026-10-28.endive";

export function stripeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "0")}`;
}

type TMetadata = Record<string, string>;

export type TLineItem = { name: string; description: string | null; unit_amount: number; quantity: number };

export type TCheckoutSession = {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: TMetadata;
  mode: "payment" | "subscription";
  payment_intent: string | null;
  payment_status: "paid" | "unpaid";
  status: "complete" | "expired" | "open";
  /** Subscription mode: the Subscription the paid session created. */
  subscription: string | null;
  success_url: string;
  url: string | null;
};

export type TPaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  created: number;
  latest_charge: string | null;
  livemode: false;
  metadata: TMetadata;
  status: "succeeded" | "requires_payment_method";
  last_payment_error: { code: string; decline_code?: string; message: string; type: "card_error" } | null;
};

/** A card charge: the stand-in makes one per succeeded PaymentIntent (`latest_charge`). */
export type TCharge = {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: true;
  created: number;
  currency: string;
  livemode: false;
  metadata: TMetadata;
  paid: true;
  payment_intent: string;
  refunded: boolean;
  status: "succeeded";
};

export type TRefund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: TMetadata;
  payment_intent: string;
  reason: string | null;
  status: "succeeded" | "pending" | "failed";
};

export type TEvent = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: unknown };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

/** Stripe's test cards the hosted page understands (https://docs.stripe.com/testing). */
export const TEST_CARDS = {
  succeeds: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  requiresAction: "4000002500003155",
  /** Attaches to a customer, then every charge fails (renewals of a subscription paid with it fail). */
  attachesThenFails: "4000000000000341",
} as const;

const DECLINES: Record<string, TDecline> = {
  [TEST_CARDS.declined]: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  [TEST_CARDS.insufficientFunds]: {
    code: "card_declined",
    decline_code: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  [TEST_CARDS.attachesThenFails]: {
    code: "card_declined",
    decline_code: "generic_decline",
    message: "Your card was declined.",
  },
};

/** What charging a test card answers: null when it pays, else Stripe's decline. */
export function declineFor(cardNumber: string): TDecline | null {
  return DECLINES[cardNumber.replace(/\D/g, "")] ?? null;
}

const MIN_CHARGE = 50; // cents, Stripe's minimum for USD
const nowSeconds = () => Math.floor(Date.now() / 1000);

// ─── Reading parameters ─────────────────────────────────────────────────────

export function str(params: TFormObject, key: string, path = key): string | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidParam(path, `Invalid string: ${path} must be a string.`);
  return v;
}

export function int(params: TFormObject, key: string, path = key): number | undefined {
  const v = str(params, key, path);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParam(path, `Invalid integer: ${v}`, "parameter_invalid_integer");
  return Number(v);
}

export function obj(params: TFormObject, key: string, path = key): TFormObject | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalidParam(path, `Invalid object: ${path}`);
  return v;
}

export function url(params: TFormObject, key: string): string | undefined {
  const v = str(params, key);
  if (v === undefined) return undefined;
  try {
    const u = new URL(v.replace("{CHECKOUT_SESSION_ID}", "x"));
    if (u.protocol === "http:" || u.protocol === "https:") return v;
  } catch {
    // refused below
  }
  throw invalidParam(key, "Not a valid URL", "url_invalid");
}

/** Stripe's metadata rules: at most 50 keys, keys up to 40 characters, values up to 500. */
export function metadata(params: TFormObject, key = "metadata"): TMetadata {
  const m = obj(params, key) ?? {};
  const out: TMetadata = {};
  const keys = Object.keys(m);
  if (keys.length > 50) throw invalidParam(key, "Metadata can have at most 50 keys.");
  for (const k of keys) {
    const v = m[k];
    if (typeof v !== "string") throw invalidParam(`${key}[${k}]`, "Metadata values must be strings.");
    if (k.length > 40) throw invalidParam(`${key}[${k}]`, "Metadata keys can be at most 40 characters.");
    if (v.length > 500) throw invalidParam(`${key}[${k}]`, "Metadata values can be at most 500 characters.");
    if (v !== "") out[k] = v;
  }
  return out;
}

export function currency(v: string | undefined, param: string): string {
  if (!v) throw missingParam(param);
  if (!/^[a-zA-Z]{3}$/.test(v)) throw invalidParam(param, `Invalid currency: ${v}.`);
  return v.toLowerCase();
}

// ─── The store ──────────────────────────────────────────────────────────────

/** Stripe keeps events for 30 days (GET /v1/events lists those); a restored store drops older ones. */
const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/** What `StripeStore.dump()` returns: its maps as entry lists; a session's recurring prices by id. */
export type TStoreState = {
  sessions: TCheckoutSession[];
  lineItems: (readonly [string, TLineItem[]])[];
  paymentIntentMetadata: (readonly [string, TMetadata])[];
  paymentIntents: TPaymentIntent[];
  refunds: TRefund[];
  events: TEvent[];
  subscriptionItems: (readonly [string, { price: string; quantity: number }[]])[];
  subscriptionMetadata: (readonly [string, TMetadata])[];
};

export type TStoreHooks = {
  /** Called with every new event (the server delivers it to webhook endpoints). */
  emit(event: TEvent): void;
  /** Where the hosted checkout page lives: `http://host:port`. */
  baseUrl(): string;
};

export class StripeStore {
  readonly sessions = new Map<string, TCheckoutSession>();
  readonly lineItems = new Map<string, TLineItem[]>();
  readonly paymentIntentMetadata = new Map<string, TMetadata>();
  readonly paymentIntents = new Map<string, TPaymentIntent>();
  readonly refunds = new Map<string, TRefund>();
  readonly events: TEvent[] = [];
  /** Subscription mode: the recurring prices of each session, and the metadata its Subscription will carry. */
  readonly subscriptionItems = new Map<string, ReturnType<BillingStore["subscriptionLineItems"]>>();
  readonly subscriptionMetadata = new Map<string, TMetadata>();
  /** Products, prices, customers, subscriptions and invoices (billing.ts); set by the server. */
  billing: BillingStore | null = null;

  constructor(private readonly hooks: TStoreHooks) {}

  /** Everything this store holds, as plain JSON (persist.ts writes it to the data dir). */
  dump(): TStoreState {
    return {
      sessions: [...this.sessions.values()],
      lineItems: [...this.lineItems],
      paymentIntentMetadata: [...this.paymentIntentMetadata],
      paymentIntents: [...this.paymentIntents.values()],
      refunds: [...this.refunds.values()],
      events: this.events,
      subscriptionItems: [...this.subscriptionItems].map(
        ([id, items]) => [id, items.map((it) => ({ price: it.price.id, quantity: it.quantity }))] as const,
      ),
      subscriptionMetadata: [...this.subscriptionMetadata],
    };
  }

  /**
   * Replaces the store's contents with a `dump()`; call after `billing.restore()` (a session's recurring prices are
   * the billing store's own objects again). Events older than 30 days are dropped, as Stripe keeps them 30 days.
   */
  restore(state: TStoreState): void {
    this.sessions.clear();
    for (const s of state.sessions) this.sessions.set(s.id, s);
    this.lineItems.clear();
    for (const [id, items] of state.lineItems) this.lineItems.set(id, items);
    this.paymentIntentMetadata.clear();
    for (const [id, m] of state.paymentIntentMetadata) this.paymentIntentMetadata.set(id, m);
    this.paymentIntents.clear();
    for (const pi of state.paymentIntents) this.paymentIntents.set(pi.id, pi);
    this.refunds.clear();
    for (const r of state.refunds) this.refunds.set(r.id, r);
    const cutoff = nowSeconds() - EVENT_RETENTION_SECONDS;
    this.events.splice(0, this.events.length, ...state.events.filter((e) => e.created >= cutoff));
    this.subscriptionItems.clear();
    for (const [id, items] of state.subscriptionItems) {
      this.subscriptionItems.set(
        id,
        items.flatMap((it) => {
          const price = this.billing?.prices.get(it.price);
          return price ? [{ price, quantity: it.quantity }] : [];
        }),
      );
    }
    this.subscriptionMetadata.clear();
    for (const [id, m] of state.subscriptionMetadata) this.subscriptionMetadata.set(id, m);
  }

  emit(type: string, object: unknown, request: TEvent["request"] = { id: null, idempotency_key: null }) {
    const event: TEvent = {
      id: stripeId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: nowSeconds(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 0,
      request,
      type,
    };
    this.events.push(event);
    this.hooks.emit(event);
    return event;
  }

  /** POST /v1/checkout/sessions, payment mode with inline `price_data` line items. */
  createCheckoutSession(params: TFormObject): TCheckoutSession {
    const mode = str(params, "mode");
    if (!mode) throw missingParam("mode");
    if (mode === "subscription" && this.billing) return this.createSubscriptionSession(params);
    if (mode !== "payment") {
      throw invalidParam(
        "mode",
        `Invalid mode: must be one of payment, setup, or subscription`,
        "parameter_invalid_string",
      );
    }
    const successUrl = url(params, "success_url");
    if (!successUrl) throw missingParam("success_url");
    const cancelUrl = url(params, "cancel_url") ?? null;
    const raw = params.line_items;
    if (raw === undefined) throw missingParam("line_items");
    if (!Array.isArray(raw) || raw.length === 0)
      throw invalidParam("line_items", "line_items must be a non-empty list.");
    let cur: string | null = null;
    const items: TLineItem[] = raw.map((value: TFormValue, i) => {
      const p = `line_items[${i}]`;
      if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(p, `Invalid object: ${p}`);
      if (value.price !== undefined) throw noSuch("price", String(value.price), `${p}[price]`);
      const pd = obj(value, "price_data", `${p}[price_data]`);
      if (!pd) throw missingParam(`${p}[price_data]`);
      const c = currency(str(pd, "currency", `${p}[price_data][currency]`), `${p}[price_data][currency]`);
      if (cur && c !== cur)
        throw invalidParam(`${p}[price_data][currency]`, "All line items must use the same currency.");
      cur = c;
      const unit = int(pd, "unit_amount", `${p}[price_data][unit_amount]`);
      if (unit === undefined) throw missingParam(`${p}[price_data][unit_amount]`);
      if (unit < 0) throw invalidParam(`${p}[price_data][unit_amount]`, "unit_amount must be 0 or more.");
      const product = obj(pd, "product_data", `${p}[price_data][product_data]`);
      const name = product ? str(product, "name", `${p}[price_data][product_data][name]`) : undefined;
      if (!name) throw missingParam(`${p}[price_data][product_data][name]`);
      const quantity = int(value, "quantity", `${p}[quantity]`);
      if (quantity === undefined) throw missingParam(`${p}[quantity]`);
      if (quantity < 1) throw invalidParam(`${p}[quantity]`, "quantity must be at least 1.");
      const description = product
        ? (str(product, "description", `${p}[price_data][product_data][description]`) ?? null)
        : null;
      return { name, description, unit_amount: unit, quantity };
    });
    const total = items.reduce((sum, it) => sum + it.unit_amount * it.quantity, 0);
    if (total < MIN_CHARGE) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "The Checkout Session's total amount due must add up to at least $0.50 usd",
        {
          code: "amount_too_small",
        },
      );
    }
    const now = nowSeconds();
    const expiresAt = int(params, "expires_at") ?? now + 24 * 3600;
    if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5) {
      throw invalidParam(
        "expires_at",
        "The `expires_at` timestamp must be at least 30 minutes and at most 24 hours from Checkout Session creation.",
        "parameter_invalid_integer",
      );
    }
    const pid = obj(params, "payment_intent_data") ?? {};
    const id = stripeId("cs_test");
    const session: TCheckoutSession = {
      id,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      cancel_url: cancelUrl,
      client_reference_id: str(params, "client_reference_id") ?? null,
      created: now,
      currency: cur ?? "usd",
      customer: null,
      customer_email: str(params, "customer_email") ?? null,
      expires_at: expiresAt,
      livemode: false,
      metadata: metadata(params),
      mode: "payment",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      subscription: null,
      success_url: successUrl,
      url: `${this.hooks.baseUrl()}/c/pay/${id}`,
    };
    this.sessions.set(id, session);
    this.lineItems.set(id, items);
    this.paymentIntentMetadata.set(id, metadata(pid, "metadata"));
    return session;
  }

  /** The session, expiring it first when its `expires_at` has passed (Stripe expires lazily too, then emits). */
  getSession(id: string): TCheckoutSession {
    const s = this.sessions.get(id);
    if (!s) throw noSuch("checkout.session", id);
    if (s.status === "open" && s.expires_at <= nowSeconds()) this.expireSession(id);
    return s;
  }

  /** POST /v1/checkout/sessions/:id/expire: only an open session can be expired. */
  expireSession(id: string): TCheckoutSession {
    const s = this.sessions.get(id);
    if (!s) throw noSuch("checkout.session", id);
    if (s.status !== "open") {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
        { code: "checkout_session_not_open" },
      );
    }
    s.status = "expired";
    s.url = null;
    this.emit("checkout.session.expired", s);
    return s;
  }

  /** Expires every open session whose time is up (the server sweeps every few seconds). */
  sweepExpired(): void {
    const now = nowSeconds();
    for (const s of this.sessions.values()) if (s.status === "open" && s.expires_at <= now) this.expireSession(s.id);
  }

  /**
   * The hosted page's "Pay": a succeeding card completes the session, creates a succeeded PaymentIntent with a
   * charge, and emits payment_intent.succeeded then checkout.session.completed. A declining card returns the
   * decline (the session stays open, as on Stripe's page) and emits payment_intent.payment_failed.
   */
  paySession(
    id: string,
    cardNumber: string,
    threeDSecure?: "complete" | "fail",
    exp = "12 / 34",
  ): { ok: true; session: TCheckoutSession } | { ok: false; message: string; needsAction?: true } {
    const s = this.getSession(id);
    if (s.status !== "open") return { ok: false, message: `This checkout session is ${s.status}.` };
    const card = cardNumber.replace(/\D/g, "");
    // 3D Secure: the card asks the payer to authenticate first (a second page); failing it declines the payment.
    if (card === TEST_CARDS.requiresAction && threeDSecure === undefined) {
      return { ok: false, message: "Authentication required.", needsAction: true };
    }
    const decline =
      card === TEST_CARDS.requiresAction && threeDSecure === "fail"
        ? {
            code: "payment_intent_authentication_failure",
            decline_code: "authentication_failure",
            message:
              "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
          }
        : declineFor(card);
    if (!decline && !luhn(card)) return { ok: false, message: "Your card number is invalid." };
    if (s.mode === "subscription") return this.paySubscriptionSession(s, card, decline, exp);
    const pi: TPaymentIntent = {
      id: s.payment_intent ?? stripeId("pi"),
      object: "payment_intent",
      amount: s.amount_total,
      amount_received: 0,
      currency: s.currency,
      created: nowSeconds(),
      latest_charge: null,
      livemode: false,
      metadata: this.paymentIntentMetadata.get(id) ?? {},
      status: "requires_payment_method",
      last_payment_error: null,
    };
    s.payment_intent = pi.id;
    this.paymentIntents.set(pi.id, pi);
    if (decline) {
      pi.last_payment_error = { type: "card_error", ...decline };
      this.emit("payment_intent.payment_failed", pi);
      return { ok: false, message: decline.message };
    }
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.latest_charge = stripeId("ch");
    pi.last_payment_error = null;
    s.status = "complete";
    s.payment_status = "paid";
    s.url = null;
    this.emit("payment_intent.succeeded", pi);
    this.emit("checkout.session.completed", s);
    return { ok: true, session: s };
  }

  /**
   * POST /v1/checkout/sessions in `subscription` mode: `line_items[i][price]` naming recurring prices, `customer` or
   * `customer_email`, `subscription_data[metadata]`. Paying it on the hosted page starts the Subscription (billing.ts).
   */
  private createSubscriptionSession(params: TFormObject): TCheckoutSession {
    const billing = this.billing!;
    const successUrl = url(params, "success_url");
    if (!successUrl) throw missingParam("success_url");
    const cancelUrl = url(params, "cancel_url") ?? null;
    const customer = str(params, "customer") ?? null;
    if (customer) billing.getCustomer(customer, "customer");
    const customerEmail = str(params, "customer_email") ?? null;
    if (customer && customerEmail) {
      throw invalidParam("customer_email", "You may only specify one of these parameters: customer, customer_email.");
    }
    const items = billing.subscriptionLineItems(params);
    const cur = items[0]!.price.currency;
    if (items.some((it) => it.price.currency !== cur)) {
      throw invalidParam("line_items", "All prices on a subscription must have the same `currency`.");
    }
    const total = items.reduce((sum, it) => sum + it.price.unit_amount * it.quantity, 0);
    const now = nowSeconds();
    const expiresAt = int(params, "expires_at") ?? now + 24 * 3600;
    if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5) {
      throw invalidParam(
        "expires_at",
        "The `expires_at` timestamp must be at least 30 minutes and at most 24 hours from Checkout Session creation.",
        "parameter_invalid_integer",
      );
    }
    const id = stripeId("cs_test");
    const session: TCheckoutSession = {
      id,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      cancel_url: cancelUrl,
      client_reference_id: str(params, "client_reference_id") ?? null,
      created: now,
      currency: cur,
      customer,
      customer_email: customer ? (billing.getCustomer(customer).email ?? null) : customerEmail,
      expires_at: expiresAt,
      livemode: false,
      metadata: metadata(params),
      mode: "subscription",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      subscription: null,
      success_url: successUrl,
      url: `${this.hooks.baseUrl()}/c/pay/${id}`,
    };
    this.sessions.set(id, session);
    this.lineItems.set(
      id,
      items.map(({ price, quantity }) => ({
        name: billing.products.get(price.product)?.name ?? price.product,
        description: `Billed every ${price.recurring!.interval_count > 1 ? `${price.recurring!.interval_count} ` : ""}${price.recurring!.interval}${price.recurring!.interval_count > 1 ? "s" : ""}`,
        unit_amount: price.unit_amount,
        quantity,
      })),
    );
    this.subscriptionItems.set(id, items);
    this.subscriptionMetadata.set(id, metadata(obj(params, "subscription_data") ?? {}, "metadata"));
    return session;
  }

  /** Subscription mode's "Subscribe": a declined first charge leaves the session open; a paid one starts the plan. */
  private paySubscriptionSession(
    s: TCheckoutSession,
    card: string,
    decline: TDecline | null,
    exp: string,
  ): { ok: true; session: TCheckoutSession } | { ok: false; message: string } {
    if (decline) return { ok: false, message: decline.message };
    const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(exp);
    const expiry = m
      ? { month: Number(m[1]), year: Number(m[2]!.length === 2 ? `20${m[2]}` : m[2]) }
      : { month: 12, year: 2034 };
    const sub = this.billing!.startSubscription(
      s,
      this.subscriptionItems.get(s.id) ?? [],
      this.subscriptionMetadata.get(s.id) ?? {},
      { number: card, exp: expiry },
    );
    s.subscription = sub.id;
    s.status = "complete";
    s.payment_status = "paid";
    s.url = null;
    this.emit("checkout.session.completed", s);
    return { ok: true, session: s };
  }

  getPaymentIntent(id: string): TPaymentIntent {
    const pi = this.paymentIntents.get(id);
    if (!pi) throw noSuch("payment_intent", id);
    return pi;
  }

  /**
   * GET /v1/charges/:id: the charge a succeeded PaymentIntent made (its `latest_charge`), with what has been refunded
   * of it so far. Built from the PaymentIntent and its refunds, so it is never out of step with them.
   */
  getCharge(id: string): TCharge {
    const pi = [...this.paymentIntents.values()].find((p) => p.latest_charge === id);
    if (!pi) throw noSuch("charge", id);
    const refunded = [...this.refunds.values()]
      .filter((r) => r.payment_intent === pi.id && r.status !== "failed")
      .reduce((sum, r) => sum + r.amount, 0);
    return {
      id,
      object: "charge",
      amount: pi.amount,
      amount_captured: pi.amount_received,
      amount_refunded: refunded,
      captured: true,
      created: pi.created,
      currency: pi.currency,
      livemode: false,
      metadata: pi.metadata,
      paid: true,
      payment_intent: pi.id,
      refunded: refunded >= pi.amount_received,
      status: "succeeded",
    };
  }

  /**
   * Stripe's `expand[]` for the objects a payment links: `payment_intent` (and `payment_intent.latest_charge`) on a
   * Checkout Session, `latest_charge` on a PaymentIntent. Unknown paths are refused as Stripe refuses them.
   */
  expand(object: TCheckoutSession | TPaymentIntent, params: TFormObject): unknown {
    const raw = params.expand;
    if (raw === undefined) return object;
    const paths = (Array.isArray(raw) ? raw : [raw]).filter((p): p is string => typeof p === "string");
    const copy: Record<string, unknown> = { ...object };
    for (const path of paths) {
      const [head, ...rest] = path.split(".");
      if (object.object === "checkout.session" && head === "payment_intent") {
        if (rest.length > 0 && rest.join(".") !== "latest_charge") throw cannotExpand(path);
        const pi = object.payment_intent ? this.getPaymentIntent(object.payment_intent) : null;
        copy.payment_intent = pi && rest.length > 0 ? this.expand(pi, { expand: ["latest_charge"] }) : pi;
      } else if (object.object === "payment_intent" && head === "latest_charge" && rest.length === 0) {
        copy.latest_charge = object.latest_charge ? this.getCharge(object.latest_charge) : null;
      } else {
        throw cannotExpand(path);
      }
    }
    return copy;
  }

  /** POST /v1/refunds: against a succeeded PaymentIntent, at most what is left unrefunded. */
  createRefund(params: TFormObject, request: TEvent["request"]): TRefund {
    const piId = str(params, "payment_intent");
    const charge = str(params, "charge");
    if (!piId && !charge) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "One of the following params should be provided for this request: payment_intent or charge.",
        {
          code: "parameter_missing",
        },
      );
    }
    const pi = piId
      ? this.getPaymentIntent(piId)
      : [...this.paymentIntents.values()].find((p) => p.latest_charge === charge);
    if (!pi) throw noSuch("charge", charge ?? "", "charge");
    if (pi.status !== "succeeded" || !pi.latest_charge) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
        {
          code: "charge_not_refundable",
          param: "payment_intent",
        },
      );
    }
    const refunded = [...this.refunds.values()]
      .filter((r) => r.payment_intent === pi.id && r.status !== "failed")
      .reduce((sum, r) => sum + r.amount, 0);
    const left = pi.amount_received - refunded;
    if (left <= 0) {
      throw new StripeApiError(400, "invalid_request_error", `Charge ${pi.latest_charge} has already been refunded.`, {
        code: "charge_already_refunded",
      });
    }
    const amount = int(params, "amount") ?? left;
    if (amount < 1)
      throw invalidParam("amount", "Refund amount must be a positive integer.", "parameter_invalid_integer");
    if (amount > left) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Refund amount (${money(amount, pi.currency)}) is greater than unrefunded amount on charge (${money(left, pi.currency)})`,
        { code: "amount_too_large", param: "amount" },
      );
    }
    const reason = str(params, "reason") ?? null;
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
      throw invalidParam("reason", `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`);
    }
    const refund: TRefund = {
      id: stripeId("re"),
      object: "refund",
      amount,
      charge: pi.latest_charge,
      created: nowSeconds(),
      currency: pi.currency,
      metadata: metadata(params),
      payment_intent: pi.id,
      reason,
      status: "succeeded",
    };
    this.refunds.set(refund.id, refund);
    this.emit("refund.created", refund, request);
    this.emit(
      "charge.refunded",
      {
        id: pi.latest_charge,
        object: "charge",
        amount: pi.amount_received,
        amount_refunded: refunded + amount,
        currency: pi.currency,
        payment_intent: pi.id,
        refunded: refunded + amount === pi.amount_received,
        metadata: pi.metadata,
      },
      request,
    );
    return refund;
  }

  getRefund(id: string): TRefund {
    const r = this.refunds.get(id);
    if (!r) throw noSuch("refund", id);
    return r;
  }

  getEvent(id: string): TEvent {
    const e = this.events.find((ev) => ev.id === id);
    if (!e) throw noSuch("event", id);
    return e;
  }
}

/** Stripe's answer to an `expand[]` path it cannot follow. */
function cannotExpand(path: string): StripeApiError {
  return invalidParam("expand", `This property cannot be expanded (${path}).`);
}

function money(cents: number, cur: string): string {
  return `${cur === "usd" ? "$" : ""}${(cents / 100).toFixed(2)}${cur === "usd" ? "" : ` ${cur}`}`;
}

/** The Luhn check digit test Stripe's page applies before anything else. */
export function luhn(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
