// The stand-in's state on disk, so a restarted `npm run dev` still knows the customers, sessions, PaymentIntents,
// subscriptions, Connect accounts and transfers whose ids the app's database kept (as UploadThing keeps its files
// under .data/uploadthing). One JSON file in the data dir, rewritten atomically (a temp file, then a rename) shortly
// after each change and at once on close. Without a data dir nothing is written: tests run in memory.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import type { TBillingState } from "./billing";
import type { TConnectState } from "./connect";
import type { TStoreState } from "./store";
import type { TDeliveryState } from "./webhooks";

/** A saved idempotency record: the first response to a key, replayed for 24 h (pending requests are not saved). */
export type TSavedIdempotency = [
  key: string,
  record: { fingerprint: string; status: number; body: string; at: number },
];

export type TStripeState = {
  version: 1;
  /** The account's keys, kept so the app's STRIPE_SECRET_KEY and webhook secret stay valid across a restart. */
  secretKey: string;
  webhookSecret: string;
  /** The endpoint made for the `webhookUrl` option (re-pointed at the option's URL on the next start). */
  configuredEndpointId: string | null;
  idempotency: TSavedIdempotency[];
  store: TStoreState;
  billing: TBillingState;
  connect: TConnectState;
  delivery: TDeliveryState;
};

/** The state file in `dataDir`. */
export function stateFile(dataDir: string): string {
  return join(dataDir, "stripe.json");
}

/** Reads the saved state; null when there is none yet. A corrupt file is an error (never silently discarded). */
export function loadState(dataDir: string): TStripeState | null {
  const file = stateFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let parsed: TStripeState;
  try {
    parsed = JSON.parse(text) as TStripeState;
  } catch (err) {
    throw new Error(`stripe stand-in: ${file} is not valid JSON (delete it to start empty): ${String(err)}`, {
      cause: err,
    });
  }
  if (parsed.version !== 1) throw new Error(`stripe stand-in: ${file}: unknown version ${String(parsed.version)}`);
  return parsed;
}

/** Writes the state atomically: a crash leaves the old file or the new one, never half of one. */
export function saveState(dataDir: string, state: TStripeState): void {
  const file = stateFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

/**
 * Saves `snapshot()` to `dataDir` `delayMs` after the first change of a burst (`changed()`), and at once on
 * `flush()`. A failed write is logged and tried again on the next change (the stand-in keeps serving).
 */
export class StateSaver {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly snapshot: () => TStripeState,
    private readonly delayMs = 100,
  ) {}

  changed(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => this.write(), this.delayMs);
  }

  private write(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      saveState(this.dataDir, this.snapshot());
    } catch (err) {
      console.error("stripe stand-in: could not save its state:", err);
    }
  }

  /** Writes now and stops saving (the stand-in is closing). */
  flush(): void {
    this.write();
    this.closed = true;
  }
}
