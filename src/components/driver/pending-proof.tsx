"use client";

// The browser side of the proof-of-delivery queue (~/lib/offline/pod-outbox.ts): the sender that uploads through
// UploadThing and delivers through tRPC, sorting failures into "no answer, try later" and "refused"; the sync that
// sends waiting proofs when the page opens, when the network returns and every half minute while any wait; and the
// notice on the job page saying where the proof is.
import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";

import { uploadPodFile } from "~/components/files/upload-pod";
import { Alert } from "~/components/ui/alert";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage, getFieldErrors } from "~/components/ui/form-errors";
import { idbProofStore, POD_OUTBOX_EVENT } from "~/lib/offline/pod-outbox-idb";
import {
  ProofRefused,
  ProofRetryLater,
  sendAllPendingProofs,
  sendPendingProof,
  type TPendingProof,
  type TProofSender,
  type TProofStore,
} from "~/lib/offline/pod-outbox";
import { api } from "~/trpc/react";

/** While a proof waits, the queue is tried this often (ms) besides on the "online" event (which can be missed). */
const RETRY_EVERY_MS = 30_000;

/** Whether `error` (or one of its causes) is a network failure: fetch rejects with a TypeError when nothing answers. */
function isNetworkFailure(error: unknown): boolean {
  if (typeof navigator !== "undefined" && !navigator.onLine) return true;
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof TypeError) return true;
  }
  return false;
}

let store: TProofStore | null = null;
/** The phone's store (IndexedDB), opened on first use in the browser. */
export function proofStore(): TProofStore {
  store ??= idbProofStore();
  return store;
}

/** The sender for the queue: uploads through the official client, delivers through tRPC. */
export function useProofSender(): TProofSender {
  const utils = api.useUtils();
  return useMemo(
    () => ({
      async upload(route, file, shipmentId) {
        try {
          return await uploadPodFile(route, file, shipmentId);
        } catch (error) {
          if (isNetworkFailure(error)) throw new ProofRetryLater("No connection.", { cause: error });
          const field = route === "podPhoto" ? "photo" : "signature";
          const message = (error as Error).message;
          throw new ProofRefused(message, { [field]: message });
        }
      },
      async deliver(input) {
        try {
          await utils.client.driver.deliver.mutate(input);
        } catch (error) {
          const status =
            error instanceof TRPCClientError
              ? (error.data as { httpStatus?: number } | undefined)?.httpStatus
              : undefined;
          // No answer, a server error, a rate limit or a lapsed session: the proof stays on the phone for later.
          if (isNetworkFailure(error) || status === undefined || status >= 500 || status === 429 || status === 401) {
            throw new ProofRetryLater("No answer from the server.", { cause: error });
          }
          throw new ProofRefused(getErrorMessage(error), getFieldErrors(error));
        }
      },
    }),
    [utils],
  );
}

/** Re-reads the driver's pages once a proof has gone through. */
function useAfterSent() {
  const utils = api.useUtils();
  return useCallback(
    (shipmentId: string) =>
      Promise.all([
        utils.shipment.get.invalidate({ id: shipmentId }),
        utils.driver.jobs.invalidate(),
        utils.driver.history.invalidate(),
        utils.driver.earnings.invalidate(),
      ]),
    [utils],
  );
}

/**
 * Sends the proofs waiting on this phone: when a driver page opens (also after the tab was closed and reopened),
 * when the browser says it is back online, and every RETRY_EVERY_MS while any proof waits. Renders nothing; mounted
 * once in the driver layout.
 */
export function PendingProofSync() {
  const sender = useProofSender();
  const afterSent = useAfterSent();
  const [waiting, setWaiting] = useState(false);

  const sendAll = useCallback(async () => {
    if (typeof indexedDB === "undefined") return;
    const before = await proofStore().list();
    const after = await sendAllPendingProofs(proofStore(), sender);
    for (const p of after) {
      if (p.state === "sent" && before.find((b) => b.shipmentId === p.shipmentId)?.state === "waiting") {
        void afterSent(p.shipmentId);
      }
    }
    setWaiting(after.some((p) => p.state === "waiting"));
  }, [sender, afterSent]);

  useEffect(() => {
    void sendAll();
    const onOnline = () => void sendAll();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [sendAll]);

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void sendAll(), RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [waiting, sendAll]);

  return null;
}

/** The proof of load `shipmentId` kept on this phone, following the store (undefined while reading, null for none). */
export function usePendingProof(shipmentId: string): TPendingProof | null | undefined {
  const [proof, setProof] = useState<TPendingProof | null | undefined>(undefined);
  useEffect(() => {
    if (typeof indexedDB === "undefined") {
      setProof(null);
      return;
    }
    let live = true;
    const read = () =>
      void proofStore()
        .get(shipmentId)
        .then((p) => live && setProof(p ?? null));
    read();
    window.addEventListener(POD_OUTBOX_EVENT, read);
    return () => {
      live = false;
      window.removeEventListener(POD_OUTBOX_EVENT, read);
    };
  }, [shipmentId]);
  return proof;
}

/** Sends load `shipmentId`'s waiting proof now (the form calls it right after saving); see sendPendingProof. */
export function useSendPendingProof() {
  const sender = useProofSender();
  return useCallback((shipmentId: string) => sendPendingProof(proofStore(), sender, shipmentId), [sender]);
}

// The loads whose delivery form is on the page now: that form shows a refusal beside its fields, so the notice
// below must not show it a second time (both did, for a wrong code, one above the other).
const formsShown = new Map<string, number>();
const formListeners = new Set<() => void>();
function subscribeForms(listener: () => void): () => void {
  formListeners.add(listener);
  return () => formListeners.delete(listener);
}

/** Marks load `shipmentId`'s delivery form as on the page while the calling component is mounted. */
export function useDeliveryFormShown(shipmentId: string): void {
  useEffect(() => {
    formsShown.set(shipmentId, (formsShown.get(shipmentId) ?? 0) + 1);
    formListeners.forEach((l) => l());
    return () => {
      const left = (formsShown.get(shipmentId) ?? 1) - 1;
      if (left > 0) formsShown.set(shipmentId, left);
      else formsShown.delete(shipmentId);
      formListeners.forEach((l) => l());
    };
  }, [shipmentId]);
}

/**
 * Where the proof of load `shipmentId` is: saved on this phone and waiting for the network (with when it was
 * saved), sent (with when, and whether it waited), or refused (its message, until dismissed; the delivery form
 * shows it beside its fields instead when it is on the page). `onSent` runs when a waiting proof goes through while
 * the page is open, so the job shows as delivered.
 */
export function PendingProofNotice({ shipmentId, onSent }: { shipmentId: string; onSent: () => void }) {
  const proof = usePendingProof(shipmentId);
  const send = useSendPendingProof();
  const [trying, setTrying] = useState(false);
  const lastState = useRef<TPendingProof["state"] | null>(null);
  const formShown = useSyncExternalStore(
    subscribeForms,
    () => formsShown.has(shipmentId),
    () => false,
  );

  useEffect(() => {
    if (proof?.state === "sent" && lastState.current === "waiting") onSent();
    lastState.current = proof?.state ?? null;
  }, [proof?.state, onSent]);

  if (!proof) return null;
  if (proof.state === "refused") {
    if (formShown) return null;
    // Shown (and then forgotten) by the delivery form when it is on the page; otherwise here, e.g. when the load
    // was cancelled while the proof waited on the phone.
    return (
      <Alert tone="error" title="The proof saved on this phone was not accepted">
        <p>{proof.message ?? "The server refused it."}</p>
        <button
          type="button"
          onClick={() => void proofStore().delete(shipmentId)}
          className="mt-2 min-h-11 rounded-lg border border-red-300 bg-white px-4 py-2 font-semibold text-red-900"
        >
          Dismiss
        </button>
      </Alert>
    );
  }
  if (proof.state === "waiting" && proof.attempts === 0) {
    // On its way for the first time (the usual case, online): not a warning, and nothing to do.
    return (
      <p role="status" className="rounded-lg bg-slate-100 px-4 py-3 text-base font-semibold text-slate-800">
        Sending the proof of delivery… It is saved on this phone, so nothing is lost if the connection drops.
      </p>
    );
  }
  if (proof.state === "waiting") {
    return (
      <Alert tone="warning" title="Proof of delivery not sent yet">
        <p className="text-base font-semibold">Saved on this phone, will be sent when you&apos;re back online.</p>
        <p>
          Saved <DateTime value={new Date(proof.capturedAt)} />. Keep this phone. It is sent once, automatically, when
          the phone has a connection and a driver page of Trial Transport is open.
          {proof.attempts > 0 ? ` Tried ${proof.attempts} ${proof.attempts === 1 ? "time" : "times"} so far.` : ""}
        </p>
        <button
          type="button"
          disabled={trying}
          onClick={() => {
            setTrying(true);
            void send(shipmentId).finally(() => setTrying(false));
          }}
          className="mt-2 min-h-11 rounded-lg border border-amber-400 bg-white px-4 py-2 font-semibold text-amber-950 disabled:opacity-60"
        >
          {trying ? "Trying…" : "Try sending now"}
        </button>
      </Alert>
    );
  }
  // It waited on the phone when a try found no network before it went through.
  const waited = proof.attempts > 0;
  return (
    <Alert tone="success" title="Proof of delivery sent">
      <p>
        Sent <DateTime value={new Date(proof.sentAt ?? proof.capturedAt)} />
        {waited ? (
          <>
            {" "}
            (saved on this phone <DateTime value={new Date(proof.capturedAt)} /> while offline)
          </>
        ) : null}
        .
      </p>
    </Alert>
  );
}
