// The chat's offline outbox: every message is written here (IndexedDB, so it survives a reload) before it is sent,
// and removed once the server has stored it. A message whose send failed on the network stays "waiting" and is sent
// again when the connection returns; the server dedupes on its clientId, so a retry after an answer that never
// arrived cannot store it twice. A refusal (4xx) marks it "failed" until the person retries or deletes it.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export type TOutboxEntry = {
  /** The message's id, made in the browser before the first try (a UUID); the server's idempotency key. */
  clientId: string;
  shipmentId: string;
  senderId: string;
  /** The text; "" for a message that is only an attachment. */
  body: string;
  /** An attachment already uploaded (route chatAttachment) to send with it, and its name to show while pending. */
  fileId?: string;
  attachmentName?: string;
  /** When it was written (ISO-8601 UTC, the browser's clock): the order it is sent in. */
  queuedAt: string;
  state: "waiting" | "failed";
  /** Why the server refused it (state "failed"). */
  error?: string;
};

type TOutboxDb = DBSchema & {
  outbox: { key: string; value: TOutboxEntry; indexes: { byShipment: string } };
};

const DB_NAME = "tt-chat";
let opening: Promise<IDBPDatabase<TOutboxDb>> | null = null;

function outboxDb(): Promise<IDBPDatabase<TOutboxDb>> {
  opening ??= openDB<TOutboxDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("outbox", { keyPath: "clientId" }).createIndex("byShipment", "shipmentId");
    },
  });
  return opening;
}

/** Closes the connection (tests, to prove entries survive a new one). */
export async function closeOutbox(): Promise<void> {
  const db = await opening;
  opening = null;
  db?.close();
}

/** Adds a message to send (state "waiting"). */
export async function enqueue(entry: Omit<TOutboxEntry, "state" | "queuedAt">): Promise<TOutboxEntry> {
  const full: TOutboxEntry = { ...entry, state: "waiting", queuedAt: new Date().toISOString() };
  await (await outboxDb()).put("outbox", full);
  return full;
}

/** The entries of one sender on one shipment, oldest first. */
export async function outboxFor(shipmentId: string, senderId: string): Promise<TOutboxEntry[]> {
  const all = await (await outboxDb()).getAllFromIndex("outbox", "byShipment", shipmentId);
  return all.filter((e) => e.senderId === senderId).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

/** Forgets an entry (sent, or deleted by the person). */
export async function removeFromOutbox(clientId: string): Promise<void> {
  await (await outboxDb()).delete("outbox", clientId);
}

/** Puts a failed entry back in line ("Retry"). */
export async function retryEntry(clientId: string): Promise<void> {
  const db = await outboxDb();
  const entry = await db.get("outbox", clientId);
  if (entry) await db.put("outbox", { ...entry, state: "waiting", error: undefined });
}

/** The outcome of one try: stored (with the server's answer), not reached (try later) or refused (a 4xx). */
export type TSendOutcome<T> =
  { ok: true; value: T } | { ok: false; retry: true } | { ok: false; retry: false; error: string };

/** Entries being sent right now by this tab, so overlapping flushes (online + resubscribe) send each once. */
const inFlight = new Set<string>();

/**
 * Sends the waiting entries of `shipmentId` by `senderId` in order with `send`, removing each one the server stored
 * and marking refused ones failed. Stops at the first network failure (the rest would fail too, and order matters).
 * Returns what was stored, in order. Entries another flush of this tab is sending are skipped.
 */
export function flushOutbox<T>(
  shipmentId: string,
  senderId: string,
  send: (entry: TOutboxEntry) => Promise<TSendOutcome<T>>,
): Promise<T[]> {
  // One flush at a time, in this tab (a chain) and across this browser's tabs (a Web Lock where there is one):
  // otherwise a flush started by the next message sends it while the one before is still in flight, and the server
  // stores them out of order.
  const run = flushChain.then(async (): Promise<T[]> => {
    if (typeof navigator !== "undefined" && navigator.locks) {
      return await navigator.locks.request(`tt-chat-outbox-${senderId}`, () => flushOnce(shipmentId, senderId, send));
    }
    return flushOnce(shipmentId, senderId, send);
  });
  flushChain = run.catch(() => undefined);
  return run;
}

let flushChain: Promise<unknown> = Promise.resolve();

async function flushOnce<T>(
  shipmentId: string,
  senderId: string,
  send: (entry: TOutboxEntry) => Promise<TSendOutcome<T>>,
): Promise<T[]> {
  const sent: T[] = [];
  for (const entry of await outboxFor(shipmentId, senderId)) {
    if (entry.state !== "waiting" || inFlight.has(entry.clientId)) continue;
    inFlight.add(entry.clientId);
    try {
      const outcome = await send(entry);
      if (outcome.ok) {
        await removeFromOutbox(entry.clientId);
        sent.push(outcome.value);
      } else if (outcome.retry) {
        break;
      } else {
        await (await outboxDb()).put("outbox", { ...entry, state: "failed", error: outcome.error });
      }
    } finally {
      inFlight.delete(entry.clientId);
    }
  }
  return sent;
}
