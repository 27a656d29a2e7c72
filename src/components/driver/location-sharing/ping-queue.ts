// The phone's outbox of pings, in IndexedDB (through `idb`) so that nothing is lost to a reload, a closed tab or a
// tunnel. Keyed by `recordedAt`: IndexedDB keeps keys sorted, so reading from the start replays in recorded order,
// and the same fix queued twice is stored once (it is also the ping's identity on the server, with the driver).
import { type DBSchema, type IDBPDatabase, openDB } from "idb";

import type { TPingInput } from "~/lib/schemas/tracking";

/** The database's name stem: one outbox per driver (pingQueueName), shared by every tab of the app. */
export const PING_DB_NAME = "trial-transport-pings";

/**
 * The outbox database of driver `driverId`. Per driver, not per origin: a phone shared by two drivers must never
 * send one's waiting positions under the other's session (the server refuses them as "not your job", and the phone
 * would then drop them for good).
 */
export function pingQueueName(driverId: string): string {
  return `${PING_DB_NAME}:${driverId}`;
}
const STORE = "pings";

type TPingDb = DBSchema & {
  [STORE]: { key: number; value: TPingInput };
};

/** A persistent, ordered outbox of pings. Every method may reject with the browser's IndexedDB error. */
export type TPingQueue = {
  /** Stores `ping` (replacing one with the same `recordedAt`). */
  add(ping: TPingInput): Promise<void>;
  /** Up to `limit` pings, oldest `recordedAt` first, without removing them. */
  peek(limit: number): Promise<TPingInput[]>;
  /** Removes exactly the pings recorded at these times (epoch ms); unknown times are ignored. One transaction. */
  remove(recordedAts: readonly number[]): Promise<void>;
  /** Removes every ping recorded before `before` (epoch ms); returns how many. */
  removeOlderThan(before: number): Promise<number>;
  /** How many pings wait. */
  count(): Promise<number>;
  /** Closes the connection (the data stays). */
  close(): void;
};

/**
 * Opens (creating on first use) the ping outbox `name` in this origin's IndexedDB. Rejects when IndexedDB is not
 * available (some private modes) or the database is blocked by a newer version in another tab.
 */
export async function openPingQueue(name: string = PING_DB_NAME): Promise<TPingQueue> {
  const db: IDBPDatabase<TPingDb> = await openDB<TPingDb>(name, 1, {
    upgrade(database) {
      database.createObjectStore(STORE, { keyPath: "recordedAt" });
    },
  });
  return {
    async add(ping) {
      await db.put(STORE, ping);
    },
    async peek(limit) {
      return db.getAll(STORE, null, limit);
    },
    async remove(recordedAts) {
      if (recordedAts.length === 0) return;
      const tx = db.transaction(STORE, "readwrite");
      await Promise.all([...recordedAts.map((at) => tx.store.delete(at)), tx.done]);
    },
    async removeOlderThan(before) {
      const range = IDBKeyRange.upperBound(before, true);
      const tx = db.transaction(STORE, "readwrite");
      const [count] = await Promise.all([tx.store.count(range), tx.store.delete(range), tx.done]);
      return count;
    },
    async count() {
      return db.count(STORE);
    },
    close() {
      db.close();
    },
  };
}

/**
 * The same outbox in this tab's memory, for a browser without usable IndexedDB (some private modes): sharing still
 * works while the page is open, but what waits is lost with the tab, and the page says so.
 */
export function createMemoryPingQueue(): TPingQueue {
  const pings = new Map<number, TPingInput>();
  const sorted = () => [...pings.values()].sort((a, b) => a.recordedAt - b.recordedAt);
  return {
    async add(ping) {
      pings.set(ping.recordedAt, ping);
    },
    async peek(limit) {
      return sorted().slice(0, limit);
    },
    async remove(recordedAts) {
      for (const at of recordedAts) pings.delete(at);
    },
    async removeOlderThan(before) {
      const old = [...pings.keys()].filter((at) => at < before);
      for (const at of old) pings.delete(at);
      return old.length;
    },
    async count() {
      return pings.size;
    },
    close() {},
  };
}
