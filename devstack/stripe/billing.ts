// Stripe Billing in the stand-in: Products, recurring Prices, Customers with saved cards, Subscriptions (created by a
// Checkout Session in `subscription` mode), their Invoices with a hosted page, and Billing Portal sessions. Field
// names follow Stripe's OpenAPI spec (github:stripe/openapi) at the SDK's API version: the period lives on the
// subscription item, an invoice names its subscription under `parent.subscription_details`. In memory; with a data
// dir the server saves `dump()` and `restore()`s it on start (persist.ts).
import { invalidParam, missingParam, noSuch, StripeApiError } from "./errors";
import type { TFormObject } from "./form";
import { currency, int, metadata, obj, str, stripeId, url, type TCheckoutSession, type TEvent } from "./store";

type TMetadata = Record<string, string>;
type TEmit = (type: string, object: unknown, request?: TEvent["request"]) => void;

export type TProduct = {
  id: string;
  object: "product";
  active: boolean;
  created: number;
  description: string | null;
  livemode: false;
  metadata: TMetadata;
  name: string;
};

export type TInterval = "day" | "week" | "month" | "year";

export type TPrice = {
  id: string;
  object: "price";
  active: boolean;
  created: number;
  currency: string;
  livemode: false;
  lookup_key: string | null;
  metadata: TMetadata;
  nickname: string | null;
  product: string;
  recurring: { interval: TInterval; interval_count: number; usage_type: "licensed" } | null;
  type: "one_time" | "recurring";
  unit_amount: number;
};

export type TPaymentMethod = {
  id: string;
  object: "payment_method";
  type: "card";
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
  customer: string | null;
  created: number;
  livemode: false;
};

export type TCustomer = {
  id: string;
  object: "customer";
  created: number;
  email: string | null;
  name: string | null;
  livemode: false;
  metadata: TMetadata;
  invoice_settings: { default_payment_method: string | null };
  /** Cents owed (positive) or held as credit (negative), applied to the next invoice; a downgrade's proration credits it. */
  balance: number;
};

export type TSubscriptionItem = {
  id: string;
  object: "subscription_item";
  created: number;
  current_period_start: number;
  current_period_end: number;
  metadata: TMetadata;
  price: TPrice;
  quantity: number;
  subscription: string;
};

export type TSubscriptionStatus = "active" | "past_due" | "canceled" | "incomplete" | "unpaid";

export type TSubscription = {
  id: string;
  object: "subscription";
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  created: number;
  currency: string;
  customer: string;
  default_payment_method: string | null;
  ended_at: number | null;
  items: { object: "list"; data: TSubscriptionItem[]; has_more: false; url: string };
  latest_invoice: string | null;
  livemode: false;
  metadata: TMetadata;
  start_date: number;
  status: TSubscriptionStatus;
};

export type TInvoice = {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  billing_reason: "subscription_create" | "subscription_cycle" | "subscription_update";
  /** The customer's balance before and after this invoice (negative: credit), as Stripe reports them. */
  starting_balance: number;
  ending_balance: number;
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  hosted_invoice_url: string;
  invoice_pdf: string;
  lines: {
    object: "list";
    data: {
      id: string;
      object: "line_item";
      amount: number;
      currency: string;
      description: string;
      period: { start: number; end: number };
      quantity: number;
    }[];
    has_more: false;
    url: string;
  };
  livemode: false;
  metadata: TMetadata;
  number: string;
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { metadata: TMetadata; subscription: string };
  };
  period_start: number;
  period_end: number;
  status: "open" | "paid" | "void";
  status_transitions: { finalized_at: number; paid_at: number | null; voided_at: number | null };
  subtotal: number;
  total: number;
};

export type TPortalSession = {
  id: string;
  object: "billing_portal.session";
  created: number;
  customer: string;
  livemode: false;
  return_url: string | null;
  url: string;
};

/** What `BillingStore.dump()` returns: its maps as value or entry lists. */
export type TBillingState = {
  products: TProduct[];
  prices: TPrice[];
  customers: TCustomer[];
  paymentMethods: TPaymentMethod[];
  cardNumbers: [string, string][];
  subscriptions: TSubscription[];
  invoices: TInvoice[];
  portalSessions: TPortalSession[];
  invoiceCounter: number;
  pendingProrations: [string, TInvoice["lines"]["data"]][];
};

/** Stripe's test PaymentMethods (https://docs.stripe.com/testing#cards) the stand-in attaches: the card behind each. */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  /** Attaches, then every charge fails (card 0341). */
  pm_card_chargeCustomerFail: "4000000000000341",
};

/** Stripe's test cards for Billing (https://docs.stripe.com/testing): 0341 attaches to a customer, then every charge fails. */
export const BILLING_TEST_CARDS = { attachesThenFails: "4000000000000341" } as const;

/** What a charge of a saved card answers: null when it succeeded, else Stripe's decline. */
export type TDecline = { code: string; decline_code: string; message: string };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** `from` plus `count` intervals, in UTC calendar units as Stripe bills (a month from 31 Jan is 28/29 Feb... 3 Mar). */
export function addInterval(from: number, interval: TInterval, count = 1): number {
  const d = new Date(from * 1000);
  if (interval === "day") d.setUTCDate(d.getUTCDate() + count);
  if (interval === "week") d.setUTCDate(d.getUTCDate() + 7 * count);
  if (interval === "month") d.setUTCMonth(d.getUTCMonth() + count);
  if (interval === "year") d.setUTCFullYear(d.getUTCFullYear() + count);
  return Math.floor(d.getTime() / 1000);
}

function list<T>(data: T[], path: string, limit: number) {
  return { object: "list" as const, data: data.slice(0, limit), has_more: data.length > limit, url: path };
}

function limitOf(params: TFormObject): number {
  const limit = int(params, "limit") ?? 10;
  if (limit < 1 || limit > 100)
    throw invalidParam("limit", "Limit must be between 1 and 100.", "parameter_invalid_integer");
  return limit;
}

export class BillingStore {
  readonly products = new Map<string, TProduct>();
  readonly prices = new Map<string, TPrice>();
  readonly customers = new Map<string, TCustomer>();
  readonly paymentMethods = new Map<string, TPaymentMethod>();
  /** The card number behind each saved payment method (never returned): what a renewal charges. */
  private readonly cardNumbers = new Map<string, string>();
  readonly subscriptions = new Map<string, TSubscription>();
  readonly invoices = new Map<string, TInvoice>();
  readonly portalSessions = new Map<string, TPortalSession>();
  private invoiceCounter = 0;
  /** Proration lines waiting for a subscription's next invoice (`proration_behavior: create_prorations`). */
  private readonly pendingProrations = new Map<string, TInvoice["lines"]["data"]>();

  constructor(
    private readonly emit: TEmit,
    private readonly baseUrl: () => string,
    /** Charges a card number: null when it pays, else the decline (the checkout page's test-card rules). */
    private readonly charge: (cardNumber: string) => TDecline | null,
  ) {}

  /** Everything this store holds, as plain JSON (persist.ts writes it to the data dir), saved card numbers included. */
  dump(): TBillingState {
    return {
      products: [...this.products.values()],
      prices: [...this.prices.values()],
      customers: [...this.customers.values()],
      paymentMethods: [...this.paymentMethods.values()],
      cardNumbers: [...this.cardNumbers],
      subscriptions: [...this.subscriptions.values()],
      invoices: [...this.invoices.values()],
      portalSessions: [...this.portalSessions.values()],
      invoiceCounter: this.invoiceCounter,
      pendingProrations: [...this.pendingProrations],
    };
  }

  /**
   * Replaces the store's contents with a `dump()`. A subscription item's price is the Price object itself again (as
   * before the restart), so a later change to the price (its lookup key moved away) shows through the item.
   */
  restore(state: TBillingState): void {
    const fill = <T extends { id: string }>(map: Map<string, T>, values: T[]) => {
      map.clear();
      for (const v of values) map.set(v.id, v);
    };
    fill(this.products, state.products);
    fill(this.prices, state.prices);
    fill(this.customers, state.customers);
    fill(this.paymentMethods, state.paymentMethods);
    this.cardNumbers.clear();
    for (const [id, number] of state.cardNumbers) this.cardNumbers.set(id, number);
    fill(this.subscriptions, state.subscriptions);
    for (const sub of this.subscriptions.values()) {
      for (const item of sub.items.data) item.price = this.prices.get(item.price.id) ?? item.price;
    }
    fill(this.invoices, state.invoices);
    fill(this.portalSessions, state.portalSessions);
    this.invoiceCounter = state.invoiceCounter;
    this.pendingProrations.clear();
    for (const [id, lines] of state.pendingProrations) this.pendingProrations.set(id, lines);
  }

  // ─── Products and prices ────────────────────────────────────────────────

  createProduct(params: TFormObject): TProduct {
    const name = str(params, "name");
    if (!name) throw missingParam("name");
    const product: TProduct = {
      id: str(params, "id") ?? stripeId("prod"),
      object: "product",
      active: str(params, "active") !== "false",
      created: nowSeconds(),
      description: str(params, "description") ?? null,
      livemode: false,
      metadata: metadata(params),
      name,
    };
    if (this.products.has(product.id)) {
      throw new StripeApiError(400, "invalid_request_error", `Product already exists.`, {
        code: "resource_already_exists",
        param: "id",
      });
    }
    this.products.set(product.id, product);
    return product;
  }

  getProduct(id: string): TProduct {
    const p = this.products.get(id);
    if (!p) throw noSuch("product", id);
    return p;
  }

  /** POST /v1/prices: `unit_amount`, `currency`, `product` or `product_data[name]`, optional `recurring[interval]`. */
  createPrice(params: TFormObject): TPrice {
    const cur = currency(str(params, "currency"), "currency");
    const unit = int(params, "unit_amount");
    if (unit === undefined) throw missingParam("unit_amount");
    if (unit < 0)
      throw invalidParam("unit_amount", "This value must be greater than or equal to 0.", "parameter_invalid_integer");
    let productId = str(params, "product");
    const productData = obj(params, "product_data");
    if (productId) this.getProduct(productId);
    else if (productData) productId = this.createProduct(productData).id;
    else throw missingParam("product");
    const recurringParams = obj(params, "recurring");
    let recurring: TPrice["recurring"] = null;
    if (recurringParams) {
      const interval = str(recurringParams, "interval", "recurring[interval]");
      if (!interval) throw missingParam("recurring[interval]");
      if (!["day", "week", "month", "year"].includes(interval)) {
        throw invalidParam(
          "recurring[interval]",
          `Invalid recurring[interval]: must be one of day, week, month, or year`,
        );
      }
      const count = int(recurringParams, "interval_count", "recurring[interval_count]") ?? 1;
      if (count < 1)
        throw invalidParam(
          "recurring[interval_count]",
          "interval_count must be at least 1.",
          "parameter_invalid_integer",
        );
      recurring = { interval: interval as TInterval, interval_count: count, usage_type: "licensed" };
    }
    const lookupKey = str(params, "lookup_key") ?? null;
    if (lookupKey) {
      const holder = [...this.prices.values()].find((p) => p.lookup_key === lookupKey);
      if (holder && str(params, "transfer_lookup_key") !== "true") {
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `A price (\`${holder.id}\`) already uses that lookup key.`,
          { param: "lookup_key" },
        );
      }
      if (holder) holder.lookup_key = null;
    }
    const price: TPrice = {
      id: stripeId("price"),
      object: "price",
      active: true,
      created: nowSeconds(),
      currency: cur,
      livemode: false,
      lookup_key: lookupKey,
      metadata: metadata(params),
      nickname: str(params, "nickname") ?? null,
      product: productId,
      recurring,
      type: recurring ? "recurring" : "one_time",
      unit_amount: unit,
    };
    this.prices.set(price.id, price);
    return price;
  }

  getPrice(id: string, param = "id"): TPrice {
    const p = this.prices.get(id);
    if (!p) throw noSuch("price", id, param);
    return p;
  }

  /** GET /v1/prices: newest first, filtered by `lookup_keys[]`, `active`, `product`, `type`. */
  listPrices(params: TFormObject) {
    const keys = params.lookup_keys;
    const wanted =
      keys === undefined ? null : (Array.isArray(keys) ? keys : [keys]).filter((k) => typeof k === "string");
    const active = str(params, "active");
    const product = str(params, "product");
    const type = str(params, "type");
    const data = [...this.prices.values()]
      .reverse()
      .filter((p) => !wanted || (p.lookup_key !== null && wanted.includes(p.lookup_key)))
      .filter((p) => active === undefined || String(p.active) === active)
      .filter((p) => !product || p.product === product)
      .filter((p) => !type || p.type === type);
    return list(data, "/v1/prices", limitOf(params));
  }

  // ─── Customers and cards ────────────────────────────────────────────────

  /**
   * POST /v1/customers: `email`, `name`, `metadata`, and `payment_method` naming one of Stripe's test PaymentMethods
   * (`pm_card_visa`, `pm_card_mastercard`, `pm_card_chargeCustomerFail`), attached as a new card; it becomes the
   * default when `invoice_settings[default_payment_method]` names it too, as in Stripe's Billing testing guide.
   */
  createCustomer(params: TFormObject): TCustomer {
    const email = str(params, "email") ?? null;
    if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw invalidParam("email", "Invalid email address: " + email, "email_invalid");
    }
    const pmToken = str(params, "payment_method");
    const card = pmToken === undefined ? undefined : TEST_PAYMENT_METHODS[pmToken];
    if (pmToken !== undefined && !card) throw noSuch("PaymentMethod", pmToken, "payment_method");
    const settings = obj(params, "invoice_settings") ?? {};
    const defaultPm = str(settings, "default_payment_method", "invoice_settings[default_payment_method]");
    if (defaultPm !== undefined && defaultPm !== pmToken) {
      throw noSuch("PaymentMethod", defaultPm, "invoice_settings[default_payment_method]");
    }
    const customer: TCustomer = {
      id: stripeId("cus"),
      object: "customer",
      created: nowSeconds(),
      email,
      name: str(params, "name") ?? null,
      livemode: false,
      metadata: metadata(params),
      invoice_settings: { default_payment_method: null },
      balance: 0,
    };
    this.customers.set(customer.id, customer);
    this.emit("customer.created", customer);
    if (card) this.attachCard(customer.id, card, { month: 12, year: new Date().getUTCFullYear() + 3 }, !!defaultPm);
    return customer;
  }

  getCustomer(id: string, param = "id"): TCustomer {
    const c = this.customers.get(id);
    if (!c) throw noSuch("customer", id, param);
    return c;
  }

  /** Saves `cardNumber` on the customer as its default card (attaching never charges, as with card 0341). */
  attachCard(
    customerId: string,
    cardNumber: string,
    exp: { month: number; year: number },
    makeDefault = true,
  ): TPaymentMethod {
    const customer = this.getCustomer(customerId);
    const last4 = cardNumber.slice(-4);
    const pm: TPaymentMethod = {
      id: stripeId("pm"),
      object: "payment_method",
      type: "card",
      card: {
        brand: cardNumber.startsWith("4") ? "visa" : cardNumber.startsWith("5") ? "mastercard" : "unknown",
        last4,
        exp_month: exp.month,
        exp_year: exp.year,
      },
      customer: customerId,
      created: nowSeconds(),
      livemode: false,
    };
    this.paymentMethods.set(pm.id, pm);
    this.cardNumbers.set(pm.id, cardNumber);
    if (!makeDefault) {
      this.emit("payment_method.attached", pm);
      return pm;
    }
    customer.invoice_settings.default_payment_method = pm.id;
    this.emit("payment_method.attached", pm);
    this.emit("customer.updated", customer);
    for (const sub of this.subscriptions.values()) {
      if (sub.customer === customerId && sub.status !== "canceled") sub.default_payment_method = pm.id;
    }
    return pm;
  }

  // ─── Subscriptions ──────────────────────────────────────────────────────

  /** Checks a subscription-mode Checkout Session's `line_items`: recurring prices in one currency. */
  subscriptionLineItems(params: TFormObject) {
    const raw = params.line_items;
    if (raw === undefined) throw missingParam("line_items");
    if (!Array.isArray(raw) || raw.length === 0)
      throw invalidParam("line_items", "line_items must be a non-empty list.");
    return raw.map((value, i) => {
      const p = `line_items[${i}]`;
      if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(p, `Invalid object: ${p}`);
      const priceId = str(value, "price", `${p}[price]`);
      if (!priceId) throw missingParam(`${p}[price]`);
      const price = this.getPrice(priceId, `${p}[price]`);
      if (!price.recurring) {
        throw invalidParam(
          `${p}[price]`,
          "You must provide at least one recurring price in `subscription` mode when using prices.",
        );
      }
      const quantity = int(value, "quantity", `${p}[quantity]`) ?? 1;
      if (quantity < 1)
        throw invalidParam(`${p}[quantity]`, "quantity must be at least 1.", "parameter_invalid_integer");
      return { price, quantity };
    });
  }

  /**
   * The hosted page paid a subscription-mode session with `cardNumber`: a customer (the session's, else a new one
   * with its email), the card saved as default, an active Subscription and its paid first Invoice. Emits
   * customer.subscription.created, invoice.paid and invoice.payment_succeeded; the caller then completes the session.
   */
  startSubscription(
    session: TCheckoutSession,
    items: { price: TPrice; quantity: number }[],
    subscriptionMetadata: TMetadata,
    card: { number: string; exp: { month: number; year: number } },
  ): TSubscription {
    const customerId =
      session.customer ??
      this.createCustomer({ ...(session.customer_email ? { email: session.customer_email } : {}) }).id;
    session.customer = customerId;
    const pm = this.attachCard(customerId, card.number, card.exp);
    const sub = this.newSubscription(customerId, items, subscriptionMetadata, pm.id);
    const invoice = this.createInvoice(sub, "subscription_create");
    this.markInvoicePaid(invoice);
    this.emit("customer.subscription.created", sub);
    this.emit("invoice.paid", invoice);
    this.emit("invoice.payment_succeeded", invoice);
    return sub;
  }

  /** An active Subscription of `items` starting now (its period from now), stored but not yet invoiced or emitted. */
  private newSubscription(
    customerId: string,
    items: { price: TPrice; quantity: number }[],
    subscriptionMetadata: TMetadata,
    paymentMethod: string | null,
  ): TSubscription {
    const now = nowSeconds();
    const id = stripeId("sub");
    const sub: TSubscription = {
      id,
      object: "subscription",
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      created: now,
      currency: items[0]!.price.currency,
      customer: customerId,
      default_payment_method: paymentMethod,
      ended_at: null,
      items: {
        object: "list",
        data: items.map(({ price, quantity }) => ({
          id: stripeId("si"),
          object: "subscription_item",
          created: now,
          current_period_start: now,
          current_period_end: addInterval(now, price.recurring!.interval, price.recurring!.interval_count),
          metadata: {},
          price,
          quantity,
          subscription: id,
        })),
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
      },
      latest_invoice: null,
      livemode: false,
      metadata: subscriptionMetadata,
      start_date: now,
      status: "active",
    };
    this.subscriptions.set(id, sub);
    return sub;
  }

  /**
   * POST /v1/subscriptions: `customer`, `items[i][price]` (recurring, one currency) with `items[i][quantity]`,
   * `metadata`, `default_payment_method` (one of the customer's cards; else the customer's default), and
   * `payment_behavior`: `allow_incomplete` (Stripe's default) charges the first invoice now: paid → `active`,
   * declined → `incomplete` with the invoice open and `invoice.payment_failed`; `error_if_incomplete` answers a
   * decline with 402 `card_error` and keeps no subscription; `default_incomplete` leaves it `incomplete` with the
   * invoice open, uncharged. Refusals as Stripe's: a missing `customer` or `items` (parameter_missing), an unknown
   * customer or price (resource_missing), a one-time price, mixed currencies, and no card to charge.
   */
  createSubscription(params: TFormObject): TSubscription {
    const customerId = str(params, "customer");
    if (!customerId) throw missingParam("customer");
    const customer = this.getCustomer(customerId, "customer");
    const raw = params.items;
    if (raw === undefined) throw missingParam("items");
    if (!Array.isArray(raw) || raw.length === 0) throw invalidParam("items", "items must be a non-empty list.");
    const items = raw.map((value, i) => {
      const p = `items[${i}]`;
      if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(p, `Invalid object: ${p}`);
      const priceId = str(value, "price", `${p}[price]`);
      if (!priceId) throw missingParam(`${p}[price]`);
      const price = this.getPrice(priceId, `${p}[price]`);
      if (!price.recurring) {
        throw invalidParam(
          `${p}[price]`,
          "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
        );
      }
      const quantity = int(value, "quantity", `${p}[quantity]`) ?? 1;
      if (quantity < 1)
        throw invalidParam(`${p}[quantity]`, "quantity must be at least 1.", "parameter_invalid_integer");
      return { price, quantity };
    });
    if (items.some((it) => it.price.currency !== items[0]!.price.currency)) {
      throw invalidParam("items", "All prices on a subscription must have the same `currency`.");
    }
    const behavior = str(params, "payment_behavior") ?? "allow_incomplete";
    if (!["allow_incomplete", "default_incomplete", "error_if_incomplete"].includes(behavior)) {
      throw invalidParam(
        "payment_behavior",
        "Invalid payment_behavior: must be one of allow_incomplete, default_incomplete, error_if_incomplete, or pending_if_incomplete",
      );
    }
    const pmParam = str(params, "default_payment_method");
    if (pmParam !== undefined) {
      const pm = this.paymentMethods.get(pmParam);
      if (!pm || pm.customer !== customerId) throw noSuch("PaymentMethod", pmParam, "default_payment_method");
    }
    const pmId = pmParam ?? customer.invoice_settings.default_payment_method;
    if (!pmId && behavior !== "default_incomplete") {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.",
      );
    }
    const declined =
      behavior === "error_if_incomplete" ? this.charge(this.cardNumbers.get(pmId!) ?? "") : (null as TDecline | null);
    if (declined) {
      throw new StripeApiError(402, "card_error", declined.message, {
        code: declined.code,
        decline_code: declined.decline_code,
      });
    }
    const sub = this.newSubscription(customerId, items, metadata(params), pmId ?? null);
    sub.status = "incomplete";
    const invoice = this.createInvoice(sub, "subscription_create");
    this.emit("customer.subscription.created", sub);
    if (behavior === "default_incomplete") return sub;
    const card = this.cardNumbers.get(pmId!);
    invoice.attempt_count += 1;
    invoice.attempted = true;
    const decline = card ? this.charge(card) : { code: "card_declined", decline_code: "no_card", message: "No card." };
    if (decline) {
      this.emit("invoice.payment_failed", invoice);
      return sub;
    }
    this.markInvoicePaid(invoice);
    sub.status = "active";
    this.emit("invoice.paid", invoice);
    this.emit("invoice.payment_succeeded", invoice);
    this.emit("customer.subscription.updated", sub);
    return sub;
  }

  getSubscription(id: string): TSubscription {
    const s = this.subscriptions.get(id);
    if (!s) throw noSuch("subscription", id);
    return s;
  }

  /** GET /v1/subscriptions: newest first; `status` defaults to every status but canceled, as Stripe's does. */
  listSubscriptions(params: TFormObject) {
    const customer = str(params, "customer");
    const status = str(params, "status");
    const price = str(params, "price");
    const statuses = ["active", "past_due", "canceled", "incomplete", "unpaid", "all", "ended"];
    if (status && !statuses.includes(status)) {
      throw invalidParam("status", `Invalid status: must be one of ${statuses.join(", ")}`);
    }
    const data = [...this.subscriptions.values()]
      .reverse()
      .filter((s) => !customer || s.customer === customer)
      .filter((s) => !price || s.items.data.some((it) => it.price.id === price))
      .filter((s) =>
        status === "all"
          ? true
          : status === "ended"
            ? s.status === "canceled"
            : status
              ? s.status === status
              : s.status !== "canceled",
      );
    return list(data, "/v1/subscriptions", limitOf(params));
  }

  /**
   * POST /v1/subscriptions/:id: `cancel_at_period_end`, `metadata`, `default_payment_method`, or a new price for its
   * one item with `proration_behavior` as Stripe reads it: `create_prorations` (the default) adds a credit for the
   * unused time on the old price and a charge for the rest of the period on the new one to the next invoice,
   * `always_invoice` invoices them now and charges the default card (a credit total is owed, the invoice paid at 0),
   * `none` changes the price from the next period's invoice on. Proration is by the second, as Stripe's.
   */
  updateSubscription(id: string, params: TFormObject): TSubscription {
    const sub = this.getSubscription(id);
    if (sub.status === "canceled") {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "A canceled subscription can only update its cancellation_details and metadata.",
      );
    }
    const cape = str(params, "cancel_at_period_end");
    if (cape !== undefined) {
      if (cape !== "true" && cape !== "false") throw invalidParam("cancel_at_period_end", "Invalid boolean: " + cape);
      this.setCancelAtPeriodEnd(sub, cape === "true", false);
    }
    if (params.metadata !== undefined) sub.metadata = { ...sub.metadata, ...metadata(params) };
    const pmId = str(params, "default_payment_method");
    if (pmId) {
      const pm = this.paymentMethods.get(pmId);
      if (!pm || pm.customer !== sub.customer) throw noSuch("PaymentMethod", pmId, "default_payment_method");
      sub.default_payment_method = pmId;
    }
    const behavior = str(params, "proration_behavior") ?? "create_prorations";
    if (!["create_prorations", "always_invoice", "none"].includes(behavior)) {
      throw invalidParam(
        "proration_behavior",
        `Invalid proration_behavior: must be one of create_prorations, always_invoice, or none`,
      );
    }
    const items = params.items;
    if (items !== undefined) {
      if (!Array.isArray(items) || items.length !== 1 || typeof items[0] !== "object" || Array.isArray(items[0])) {
        throw invalidParam("items", "The stand-in changes one item at a time: items[0][id] and items[0][price].");
      }
      const itemId = str(items[0], "id", "items[0][id]");
      const item = sub.items.data.find((it) => it.id === itemId);
      if (!item) throw noSuch("subscription_item", itemId ?? "", "items[0][id]");
      const priceId = str(items[0], "price", "items[0][price]");
      if (priceId) {
        const price = this.getPrice(priceId, "items[0][price]");
        if (!price.recurring) throw invalidParam("items[0][price]", "The price must be recurring.");
        if (price.currency !== item.price.currency) {
          throw invalidParam("items[0][price]", "The price's currency must match the subscription's.");
        }
        const lines = price.id === item.price.id || behavior === "none" ? [] : this.prorationLines(item, price);
        item.price = price;
        if (behavior === "always_invoice" && lines.length > 0) {
          this.emit("customer.subscription.updated", sub);
          const invoice = this.createInvoice(sub, "subscription_update", lines);
          if (invoice.amount_due > 0) this.collect(sub, invoice);
          else {
            this.markInvoicePaid(invoice);
            this.emit("invoice.paid", invoice);
          }
          return sub;
        }
        if (lines.length > 0)
          this.pendingProrations.set(sub.id, [...(this.pendingProrations.get(sub.id) ?? []), ...lines]);
      }
    }
    this.emit("customer.subscription.updated", sub);
    return sub;
  }

  /**
   * Stripe's proration lines for moving `item` to `price` now: the unused share of the period on the old price as a
   * credit (negative) and the same share on the new price as a charge, each rounded to the cent.
   */
  private prorationLines(item: TSubscriptionItem, price: TPrice): TInvoice["lines"]["data"] {
    const now = nowSeconds();
    const start = item.current_period_start;
    const end = item.current_period_end;
    const share = end > start ? Math.min(1, Math.max(0, (end - now) / (end - start))) : 0;
    const line = (amount: number, description: string) => ({
      id: stripeId("il"),
      object: "line_item" as const,
      amount,
      currency: price.currency,
      description,
      period: { start: now, end },
      quantity: item.quantity,
    });
    const name = (p: TPrice) => this.products.get(p.product)?.name ?? p.product;
    return [
      line(-Math.round(item.price.unit_amount * item.quantity * share), `Unused time on ${name(item.price)}`),
      line(Math.round(price.unit_amount * item.quantity * share), `Remaining time on ${name(price)}`),
    ];
  }

  /** Sets or clears "cancel at the end of the period"; emits customer.subscription.updated when asked to. */
  setCancelAtPeriodEnd(sub: TSubscription, value: boolean, emit = true): void {
    sub.cancel_at_period_end = value;
    sub.cancel_at = value ? periodEnd(sub) : null;
    sub.canceled_at = value ? nowSeconds() : null;
    if (emit) this.emit("customer.subscription.updated", sub);
  }

  /** DELETE /v1/subscriptions/:id: ends it now; emits customer.subscription.deleted. */
  cancelSubscription(id: string): TSubscription {
    const sub = this.getSubscription(id);
    if (sub.status === "canceled") {
      throw new StripeApiError(400, "invalid_request_error", `This subscription has already been canceled: ${id}`, {
        code: "resource_missing",
      });
    }
    const now = nowSeconds();
    sub.status = "canceled";
    sub.canceled_at = sub.canceled_at ?? now;
    sub.ended_at = now;
    for (const inv of this.invoices.values()) {
      if (inv.parent.subscription_details.subscription === id && inv.status === "open") {
        inv.status = "void";
        inv.status_transitions.voided_at = now;
      }
    }
    this.emit("customer.subscription.deleted", sub);
    return sub;
  }

  /**
   * Not Stripe's API (a test clock in miniature): the subscription reaches the end of its period. One set to cancel
   * then ends (customer.subscription.deleted); otherwise a new period starts and its invoice charges the default
   * card: paid → invoice.paid + customer.subscription.updated (active); declined → invoice.payment_failed +
   * customer.subscription.updated (past_due), the invoice left open.
   */
  advancePeriod(id: string): { subscription: TSubscription; invoice: TInvoice | null } {
    const sub = this.getSubscription(id);
    if (sub.status === "canceled") throw invalidParam("subscription", "This subscription is canceled.");
    if (sub.cancel_at_period_end) return { subscription: this.cancelSubscription(id), invoice: null };
    for (const item of sub.items.data) {
      item.current_period_start = item.current_period_end;
      item.current_period_end = addInterval(
        item.current_period_end,
        item.price.recurring!.interval,
        item.price.recurring!.interval_count,
      );
    }
    const invoice = this.createInvoice(sub, "subscription_cycle");
    this.collect(sub, invoice);
    return { subscription: sub, invoice };
  }

  /** Charges the subscription's default card for an open invoice, and moves the subscription's status with it. */
  private collect(sub: TSubscription, invoice: TInvoice): boolean {
    const pmId = sub.default_payment_method;
    const card = pmId ? this.cardNumbers.get(pmId) : undefined;
    invoice.attempt_count += 1;
    invoice.attempted = true;
    const decline = card ? this.charge(card) : { code: "card_declined", decline_code: "no_card", message: "No card." };
    if (!decline) {
      this.markInvoicePaid(invoice);
      sub.status = "active";
      this.emit("invoice.paid", invoice);
      this.emit("invoice.payment_succeeded", invoice);
      this.emit("customer.subscription.updated", sub);
      return true;
    }
    sub.status = "past_due";
    this.emit("invoice.payment_failed", invoice);
    this.emit("customer.subscription.updated", sub);
    return false;
  }

  /**
   * A finalized invoice for `sub`: `lines` when given (a proration invoice), else one line per item for its period
   * plus any proration lines waiting for this invoice. The customer's balance applies at finalization, as Stripe's:
   * `amount_due` is the total plus the balance, never below 0, and what is left below 0 stays as credit.
   */
  private createInvoice(
    sub: TSubscription,
    reason: TInvoice["billing_reason"],
    given?: TInvoice["lines"]["data"],
  ): TInvoice {
    const now = nowSeconds();
    const customer = this.getCustomer(sub.customer);
    const id = stripeId("in");
    const pending = given ? [] : (this.pendingProrations.get(sub.id) ?? []);
    if (!given) this.pendingProrations.delete(sub.id);
    const lines = given ?? [
      ...pending,
      ...sub.items.data.map((it) => ({
        id: stripeId("il"),
        object: "line_item" as const,
        amount: it.price.unit_amount * it.quantity,
        currency: it.price.currency,
        description: `${it.quantity} × ${this.products.get(it.price.product)?.name ?? it.price.product}`,
        period: { start: it.current_period_start, end: it.current_period_end },
        quantity: it.quantity,
      })),
    ];
    const total = lines.reduce((sum, l) => sum + l.amount, 0);
    const startingBalance = customer.balance;
    const due = Math.max(0, total + startingBalance);
    customer.balance = Math.min(0, total + startingBalance);
    this.invoiceCounter += 1;
    const invoice: TInvoice = {
      id,
      object: "invoice",
      amount_due: due,
      amount_paid: 0,
      amount_remaining: due,
      attempt_count: 0,
      attempted: false,
      billing_reason: reason,
      created: now,
      currency: sub.currency,
      customer: sub.customer,
      customer_email: customer.email,
      hosted_invoice_url: `${this.baseUrl()}/i/${id}`,
      invoice_pdf: `${this.baseUrl()}/i/${id}/pdf`,
      lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
      livemode: false,
      metadata: {},
      number: `STANDIN-${String(this.invoiceCounter).padStart(4, "0")}`,
      parent: {
        type: "subscription_details",
        quote_details: null,
        subscription_details: { metadata: sub.metadata, subscription: sub.id },
      },
      period_start: sub.items.data[0]!.current_period_start,
      period_end: sub.items.data[0]!.current_period_end,
      status: "open",
      status_transitions: { finalized_at: now, paid_at: null, voided_at: null },
      subtotal: total,
      total,
      starting_balance: startingBalance,
      ending_balance: customer.balance,
    };
    this.invoices.set(id, invoice);
    sub.latest_invoice = id;
    this.emit("invoice.finalized", invoice);
    return invoice;
  }

  private markInvoicePaid(invoice: TInvoice): void {
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.attempted = true;
    invoice.attempt_count = Math.max(invoice.attempt_count, 1);
    invoice.status_transitions.paid_at = nowSeconds();
  }

  getInvoice(id: string): TInvoice {
    const i = this.invoices.get(id);
    if (!i) throw noSuch("invoice", id);
    return i;
  }

  /** GET /v1/invoices: newest first, by `customer`, `subscription`, `status`. */
  listInvoices(params: TFormObject) {
    const customer = str(params, "customer");
    const subscription = str(params, "subscription");
    const status = str(params, "status");
    if (customer) this.getCustomer(customer, "customer");
    const data = [...this.invoices.values()]
      .reverse()
      .filter((i) => !customer || i.customer === customer)
      .filter((i) => !subscription || i.parent.subscription_details.subscription === subscription)
      .filter((i) => !status || i.status === status);
    return list(data, "/v1/invoices", limitOf(params));
  }

  // ─── Billing portal ─────────────────────────────────────────────────────

  /** POST /v1/billing_portal/sessions: `customer` (required), `return_url`. */
  createPortalSession(params: TFormObject): TPortalSession {
    const customer = str(params, "customer");
    if (!customer) throw missingParam("customer");
    this.getCustomer(customer, "customer");
    const id = stripeId("bps");
    const session: TPortalSession = {
      id,
      object: "billing_portal.session",
      created: nowSeconds(),
      customer,
      livemode: false,
      return_url: url(params, "return_url") ?? null,
      url: `${this.baseUrl()}/p/session/${id}`,
    };
    this.portalSessions.set(id, session);
    return session;
  }

  /**
   * The portal saved a new card: it becomes the default, and open invoices of past-due subscriptions are charged
   * again with it (Stripe's portal pays what is outstanding when the card changes).
   */
  portalChangeCard(customerId: string, cardNumber: string, exp: { month: number; year: number }): void {
    this.attachCard(customerId, cardNumber, exp);
    for (const sub of this.subscriptions.values()) {
      if (sub.customer !== customerId || sub.status !== "past_due") continue;
      const open = sub.latest_invoice ? this.invoices.get(sub.latest_invoice) : undefined;
      if (open?.status === "open") this.collect(sub, open);
    }
  }

  /** The customer's card on file, for the portal page. */
  defaultCard(customerId: string): TPaymentMethod | null {
    const pm = this.getCustomer(customerId).invoice_settings.default_payment_method;
    return pm ? (this.paymentMethods.get(pm) ?? null) : null;
  }
}

/** When the subscription's current period ends (its first item's, as all items share one cycle here). */
export function periodEnd(sub: TSubscription): number {
  return sub.items.data[0]?.current_period_end ?? sub.created;
}
