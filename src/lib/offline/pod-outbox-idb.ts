// The phone's store of pending proofs of delivery (pod-outbox.ts): IndexedDB through `idb`, so photo and signature
// blobs survive closing the tab, a reload and a restart of the browser. Every write tells this tab's listeners
// (POD_OUTBOX_EVENT) and the other tabs (a BroadcastChannel) so what the pages show follows the store.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

import type { TPendingProof, TProofStore } from "./pod-outbox";

const DB_NAME = "trial-transport-pod";
const STORE = "proofs";
const CHANNEL = "trial-transport-pod";

/** Dispatched on window after every change to the store (in this tab, or in another tab of the same site). */
export const POD_OUTBOX_EVENT = "pod-outbox-change";

type TSchema = DBSchema & { proofs: { key: string; value: TPendingProof } };

let dbPromise: Promise<IDBPDatabase<TSchema>> | null = null;
let channel: BroadcastChannel | null = null;

function database() {
  dbPromise ??= openDB<TSchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: "shipmentId" });
    },
  });
  return dbPromise;
}

function announce() {
  window.dispatchEvent(new Event(POD_OUTBOX_EVENT));
  channel?.postMessage("changed");
}

/** Other tabs' writes arrive as POD_OUTBOX_EVENT here too. Idempotent. */
function listenToOtherTabs() {
  if (channel || typeof BroadcastChannel === "undefined") return;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => window.dispatchEvent(new Event(POD_OUTBOX_EVENT));
}

/** The browser's pending-proof store (IndexedDB). Call in the browser only. */
export function idbProofStore(): TProofStore {
  listenToOtherTabs();
  return {
    async get(shipmentId) {
      return (await database()).get(STORE, shipmentId);
    },
    async put(proof) {
      await (await database()).put(STORE, proof);
      announce();
    },
    async delete(shipmentId) {
      await (await database()).delete(STORE, shipmentId);
      announce();
    },
    async list() {
      return (await database()).getAll(STORE);
    },
  };
}
