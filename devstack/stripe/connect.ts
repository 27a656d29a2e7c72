// Stripe Connect in the stand-in: Express accounts (created restricted, with Stripe's onboarding requirements due),
// account links to a local onboarding page (connect.stripe.com's, served here) that completes onboarding and emits
// `account.updated`, and transfers from the platform balance to a connected account. Field names follow Stripe's
// OpenAPI spec (github:stripe/openapi): Account, AccountLink, Transfer. In memory; with a data dir the server saves
// `dump()` and `restore()`s it on start (persist.ts).
import { invalidParam, missingParam, noSuch, StripeApiError } from "./errors";
import type { TFormObject } from "./form";
import { currency, int, metadata, obj, str, stripeId, url, type TEvent } from "./store";

type TMetadata = Record<string, string>;

export type TRequirements = {
  currently_due: string[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
  disabled_reason: string | null;
  current_deadline: number | null;
  errors: { code: string; reason: string; requirement: string }[];
};

export type TAccount = {
  id: string;
  object: "account";
  type: "express";
  business_type: string | null;
  capabilities: { transfers?: "active" | "inactive" | "pending"; card_payments?: "active" | "inactive" | "pending" };
  charges_enabled: boolean;
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  metadata: TMetadata;
  payouts_enabled: boolean;
  requirements: TRequirements;
};

export type TAccountLink = { object: "account_link"; created: number; expires_at: number; url: string };

export type TTransfer = {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: TMetadata;
  reversed: boolean;
  source_type: "card";
  transfer_group: string | null;
};

/** What an Express account in the US must provide before Stripe enables payouts to it (a representative subset). */
export const ONBOARDING_REQUIREMENTS = [
  "business_profile.mcc",
  "external_account",
  "individual.dob.day",
  "individual.first_name",
  "individual.last_name",
  "individual.ssn_last_4",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

/** Account links live five minutes, as Stripe's do, and work once. */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

/** A refusal queued by a test for the next transfer to an account (`POST /__control/transfers/fail`). */
export type TTransferFailure = { code: string; message: string };

export const BALANCE_INSUFFICIENT: TTransferFailure = {
  code: "balance_insufficient",
  message:
    "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.",
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What `ConnectStore.dump()` returns. */
export type TConnectState = {
  accounts: TAccount[];
  links: TLink[];
  transfers: TTransfer[];
  failNext: [string, TTransferFailure[]][];
};

type TLink = {
  id: string;
  account: string;
  type: "account_onboarding" | "account_update";
  return_url: string;
  refresh_url: string;
  expires_at: number;
  used: boolean;
};

export class ConnectStore {
  readonly accounts = new Map<string, TAccount>();
  readonly links = new Map<string, TLink>();
  readonly transfers = new Map<string, TTransfer>();
  /** Refusals queued per destination account, used up one per transfer attempt. */
  readonly failNext = new Map<string, TTransferFailure[]>();

  constructor(
    private readonly emit: (type: string, object: unknown, request?: TEvent["request"]) => TEvent,
    private readonly baseUrl: () => string,
  ) {}

  /** Everything this store holds, as plain JSON (persist.ts writes it to the data dir). */
  dump(): TConnectState {
    return {
      accounts: [...this.accounts.values()],
      links: [...this.links.values()],
      transfers: [...this.transfers.values()],
      failNext: [...this.failNext],
    };
  }

  /** Replaces the store's contents with a `dump()`. */
  restore(state: TConnectState): void {
    this.accounts.clear();
    for (const a of state.accounts) this.accounts.set(a.id, a);
    this.links.clear();
    for (const l of state.links) this.links.set(l.id, l);
    this.transfers.clear();
    for (const t of state.transfers) this.transfers.set(t.id, t);
    this.failNext.clear();
    for (const [id, queue] of state.failNext) this.failNext.set(id, queue);
  }

  /** POST /v1/accounts: `type=express` with the `transfers` capability requested; starts restricted. */
  createAccount(params: TFormObject, request: TEvent["request"]): TAccount {
    const type = str(params, "type");
    if (!type) throw missingParam("type");
    if (type !== "express") {
      throw invalidParam(
        "type",
        `The stand-in serves Express accounts only; got '${type}'.`,
        "parameter_invalid_string",
      );
    }
    const country = (str(params, "country") ?? "US").toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw invalidParam("country", `Invalid country: ${country}`);
    const caps = obj(params, "capabilities") ?? {};
    const transfers = caps.transfers;
    const requested = typeof transfers === "object" && !Array.isArray(transfers) && transfers.requested === "true";
    if (!requested) {
      throw invalidParam(
        "capabilities",
        "Express accounts must request the `transfers` capability (capabilities[transfers][requested]=true).",
        "parameter_missing",
      );
    }
    const email = str(params, "email") ?? null;
    if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email))
      throw invalidParam("email", "Invalid email address.", "email_invalid");
    const account: TAccount = {
      id: stripeId("acct"),
      object: "account",
      type: "express",
      business_type: str(params, "business_type") ?? null,
      capabilities: { transfers: "inactive" },
      charges_enabled: false,
      country,
      created: nowSeconds(),
      default_currency: currency(str(params, "default_currency") ?? "usd", "default_currency"),
      details_submitted: false,
      email,
      metadata: metadata(params),
      payouts_enabled: false,
      requirements: {
        currently_due: [...ONBOARDING_REQUIREMENTS],
        eventually_due: [...ONBOARDING_REQUIREMENTS],
        past_due: [...ONBOARDING_REQUIREMENTS],
        pending_verification: [],
        disabled_reason: "requirements.past_due",
        current_deadline: null,
        errors: [],
      },
    };
    this.accounts.set(account.id, account);
    void request;
    return account;
  }

  getAccount(id: string): TAccount {
    const a = this.accounts.get(id);
    if (!a) {
      // Stripe answers an unknown connected account id this way (a permission error, not a 404).
      throw new StripeApiError(
        403,
        "invalid_request_error",
        `The provided key does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
        { code: "account_invalid" },
      );
    }
    return a;
  }

  /** POST /v1/account_links: a single-use onboarding URL for `account`, valid ACCOUNT_LINK_TTL_SECONDS. */
  createAccountLink(params: TFormObject): TAccountLink {
    const account = str(params, "account");
    if (!account) throw missingParam("account");
    this.getAccount(account);
    const type = str(params, "type");
    if (!type) throw missingParam("type");
    if (type !== "account_onboarding" && type !== "account_update") {
      throw invalidParam("type", `Invalid type: must be one of account_onboarding or account_update`);
    }
    const returnUrl = url(params, "return_url");
    const refreshUrl = url(params, "refresh_url");
    if (!refreshUrl) throw missingParam("refresh_url");
    if (!returnUrl) throw missingParam("return_url");
    const link: TLink = {
      id: stripeId("link"),
      account,
      type,
      return_url: returnUrl,
      refresh_url: refreshUrl,
      expires_at: nowSeconds() + ACCOUNT_LINK_TTL_SECONDS,
      used: false,
    };
    this.links.set(link.id, link);
    return {
      object: "account_link",
      created: nowSeconds(),
      expires_at: link.expires_at,
      url: `${this.baseUrl()}/setup/e/${account}/${link.id}`,
    };
  }

  /**
   * The link behind the onboarding page, or where to send the browser instead: an expired or used link goes to
   * its refresh_url (Stripe's behaviour; the app makes a new link there).
   */
  openLink(accountId: string, linkId: string): { link: TLink } | { redirect: string } | null {
    const link = this.links.get(linkId);
    if (!link || link.account !== accountId) return null;
    if (link.used || link.expires_at < nowSeconds()) return { redirect: link.refresh_url };
    return { link };
  }

  /** The onboarding form was submitted: requirements met, payouts enabled, `account.updated` sent. */
  completeOnboarding(linkId: string): string {
    const link = this.links.get(linkId);
    if (!link) throw noSuch("account_link", linkId);
    link.used = true;
    const account = this.getAccount(link.account);
    account.details_submitted = true;
    account.payouts_enabled = true;
    account.charges_enabled = true;
    account.capabilities = { ...account.capabilities, transfers: "active" };
    account.business_type = "individual";
    account.requirements = {
      currently_due: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
      disabled_reason: null,
      current_deadline: null,
      errors: [],
    };
    this.emit("account.updated", account);
    return link.return_url;
  }

  /** Not Stripe's: Stripe restricting an account again (e.g. a verification failed), for tests. */
  restrict(accountId: string, requirements: string[] = ["individual.verification.document"]): TAccount {
    const account = this.getAccount(accountId);
    account.payouts_enabled = false;
    account.capabilities = { ...account.capabilities, transfers: "inactive" };
    account.requirements = {
      ...account.requirements,
      currently_due: requirements,
      past_due: requirements,
      disabled_reason: "requirements.past_due",
    };
    this.emit("account.updated", account);
    return account;
  }

  /** Not Stripe's: the next transfer to `destination` is refused with `failure` (once per call). */
  failNextTransfer(destination: string, failure: TTransferFailure = BALANCE_INSUFFICIENT): void {
    const queue = this.failNext.get(destination) ?? [];
    queue.push(failure);
    this.failNext.set(destination, queue);
  }

  /**
   * POST /v1/transfers: `amount` (integer, smallest unit), `currency`, `destination` (a connected account whose
   * `transfers` capability is active, else 400 insufficient_capabilities_for_transfer as Stripe answers),
   * optional `transfer_group`, `description`, `metadata`.
   */
  createTransfer(params: TFormObject, request: TEvent["request"]): TTransfer {
    const amount = int(params, "amount");
    if (amount === undefined) throw missingParam("amount");
    if (amount < 1) throw invalidParam("amount", "Invalid positive integer", "parameter_invalid_integer");
    const cur = currency(str(params, "currency"), "currency");
    const destination = str(params, "destination");
    if (!destination) throw missingParam("destination");
    const account = this.accounts.get(destination);
    if (!account) {
      throw new StripeApiError(400, "invalid_request_error", `No such destination: '${destination}'`, {
        code: "resource_missing",
        param: "destination",
      });
    }
    if (account.capabilities.transfers !== "active" || !account.payouts_enabled) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
        { code: "insufficient_capabilities_for_transfer", param: "destination" },
      );
    }
    const failure = this.failNext.get(destination)?.shift();
    if (failure) throw new StripeApiError(400, "invalid_request_error", failure.message, { code: failure.code });
    const transfer: TTransfer = {
      id: stripeId("tr"),
      object: "transfer",
      amount,
      amount_reversed: 0,
      balance_transaction: stripeId("txn"),
      created: nowSeconds(),
      currency: cur,
      description: str(params, "description") ?? null,
      destination,
      destination_payment: stripeId("py"),
      livemode: false,
      metadata: metadata(params),
      reversed: false,
      source_type: "card",
      transfer_group: str(params, "transfer_group") ?? null,
    };
    this.transfers.set(transfer.id, transfer);
    this.emit("transfer.created", transfer, request);
    return transfer;
  }

  getTransfer(id: string): TTransfer {
    const t = this.transfers.get(id);
    if (!t) throw noSuch("transfer", id);
    return t;
  }

  /** GET /v1/transfers: newest first, filtered by `destination` and `transfer_group`. */
  listTransfers(params: TFormObject) {
    const limit = Math.min(Math.max(Number(params.limit ?? 10) || 10, 1), 100);
    const destination = typeof params.destination === "string" ? params.destination : null;
    const group = typeof params.transfer_group === "string" ? params.transfer_group : null;
    const all = [...this.transfers.values()]
      .reverse()
      .filter((t) => (!destination || t.destination === destination) && (!group || t.transfer_group === group));
    return { object: "list", data: all.slice(0, limit), has_more: all.length > limit, url: "/v1/transfers" };
  }
}
