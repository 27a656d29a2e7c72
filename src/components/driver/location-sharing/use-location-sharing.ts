"use client";

// The driver's phone sharing its position for one job: watches the position while the job is active, turns each
// fix into a queued ping and lets the tab's one sender (ping-sender.ts) deliver them. The sender lives as long as
// the tab, so pings left by an earlier session are sent as soon as any job page opens, and a backlog keeps
// draining after the driver moves on to another page of the app.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

import { fixToPing, isNewFix } from "./fix-to-ping";
import { createMemoryPingQueue, openPingQueue, pingQueueName } from "./ping-queue";
import { PingSender, type TSenderState } from "./ping-sender";

/**
 * The position watch. "idle": not sharing (no active job: the browser is never asked); "locating": waiting for the
 * first fix; "on": fixes arrive (`lastFixAt` epoch ms); "denied": the permission is refused; "unavailable": the
 * device cannot find its position; "timeout": no fix in time; "unsupported": the browser has no Geolocation API.
 */
export type TWatchState =
  | { state: "idle" }
  | { state: "locating" }
  /** Another tab of this browser holds the watch (one watcher per browser: two would store each move twice). */
  | { state: "other-tab" }
  | { state: "on"; lastFixAt: number }
  | { state: "denied" | "unavailable" | "timeout" | "unsupported" };

/**
 * Fresh fixes only (a cached one at most 5 s old), from GPS when the phone has it; a fix that takes more than 30 s
 * is reported as a timeout (the watch goes on, and the next fix clears it).
 */
/** The Web Lock a tab holds while it watches the position (see the effect below). */
const WATCH_LOCK = "tt-location-watch";

const WATCH_OPTIONS: PositionOptions = { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 };

type TShared = { sender: PingSender; durable: boolean };
/** The tab's sender, for one driver (signing out reloads the page, so a tab serves one driver at a time). */
let shared: { driverId: string; ready: Promise<TShared> } | null = null;

/**
 * The tab's one sender for driver `driverId`, created on first use: that driver's IndexedDB outbox (or, without
 * IndexedDB, one in memory), Web Locks when the browser has them, and the browser events that drive it: back online
 * or back in the tab → send now; tab hidden → send what waits while the page still runs; `pagehide` → a last
 * `keepalive` send. Each driver has an outbox of their own (pingQueueName): on a phone shared by two drivers, one's
 * waiting positions are never sent under the other's session (the server would refuse them as "not your job" and
 * the phone would drop them); they wait until their driver signs in again.
 */
function sharedSender(driverId: string): Promise<TShared> {
  if (shared?.driverId === driverId) return shared.ready;
  const ready = openPingQueue(pingQueueName(driverId))
    .then((queue) => ({ queue, durable: true }))
    .catch((error: unknown) => {
      console.warn("Location sharing: IndexedDB is not available; waiting positions are kept in memory.", error);
      return { queue: createMemoryPingQueue(), durable: false };
    })
    .then(({ queue, durable }) => {
      const sender = new PingSender({
        queue,
        fetch: (input, init) => fetch(input, init),
        locks: "locks" in navigator ? navigator.locks : null,
      });
      window.addEventListener("online", () => void sender.wake());
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") void sender.wake();
        else void sender.flush();
      });
      window.addEventListener("pagehide", () => sender.flushOnPageHide());
      void sender.start();
      return { sender, durable };
    });
  shared = { driverId, ready };
  return ready;
}

const idleSender: TSenderState = { pending: 0, lastSentAt: null, problem: null, retryAt: null };
const noSubscription = () => () => {};

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export type TLocationSharing = {
  watch: TWatchState;
  sender: TSenderState;
  /** False when the browser says it has no network (`navigator.onLine`). */
  online: boolean;
  /** False when positions waiting to be sent are kept in memory only (no IndexedDB): lost if the tab closes. */
  durable: boolean;
  /** Asks for the position again (after denied / unavailable / timeout) and sends what waits now. */
  retry: () => void;
};

/**
 * Shares the phone's position, for the signed-in driver `driverId` (their own outbox), for shipment `shipmentId`
 * while `active` (the job is ASSIGNED, PICKED_UP or IN_TRANSIT and still this driver's): `watchPosition` with high
 * accuracy; each fix at least 1 s after the last kept one becomes a ping in the outbox. When `active` turns false the watch is cleared at once; pings already queued are
 * still delivered. The sender starts on mount even when not active, so an earlier session's leftovers go out.
 */
export function useLocationSharing({
  driverId,
  shipmentId,
  active,
}: {
  driverId: string;
  shipmentId: string;
  active: boolean;
}): TLocationSharing {
  const [ready, setReady] = useState<TShared | null>(null);
  useEffect(() => {
    let cancelled = false;
    void sharedSender(driverId).then((s) => {
      if (!cancelled) setReady(s);
    });
    return () => {
      cancelled = true;
    };
  }, [driverId]);

  const sender = useSyncExternalStore(
    ready?.sender.subscribe ?? noSubscription,
    () => ready?.sender.getState() ?? idleSender,
    () => idleSender,
  );
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );

  // Each (re)start of the watch has its own key, so a callback of a cleared watch cannot overwrite a newer state.
  const [attempt, setAttempt] = useState(0);
  const key = `${shipmentId}:${attempt}`;
  const [reported, setReported] = useState<{ key: string; watch: TWatchState } | null>(null);
  const lastKeptAt = useRef<number | null>(null);

  useEffect(() => {
    if (!active) return;
    const report = (watch: TWatchState) => setReported({ key, watch });
    if (!("geolocation" in navigator)) {
      queueMicrotask(() => report({ state: "unsupported" }));
      return;
    }
    // After a first fix, a timeout only means the phone has not moved: not worth a warning.
    let hadFix = false;
    let id: number | null = null;
    const start = () => {
      id = navigator.geolocation.watchPosition(
        (position) => {
          hadFix = true;
          report({ state: "on", lastFixAt: position.timestamp });
          if (!isNewFix(lastKeptAt.current, position.timestamp)) return;
          const ping = fixToPing(shipmentId, position);
          if (!ping) return;
          lastKeptAt.current = ping.recordedAt;
          void sharedSender(driverId)
            .then(({ sender: s }) => s.enqueue(ping))
            .catch((error: unknown) => console.error("Location sharing: could not save a position.", error));
        },
        (error) => {
          if (hadFix && error.code === error.TIMEOUT) return;
          report({
            state:
              error.code === error.PERMISSION_DENIED
                ? "denied"
                : error.code === error.TIMEOUT
                  ? "timeout"
                  : "unavailable",
          });
        },
        WATCH_OPTIONS,
      );
    };
    // One watch per browser: each tab's watch would get its own fixes a few milliseconds apart, all stored (a
    // ping's identity is its time). A Web Lock held while watching makes other tabs wait, and hands over to one of
    // them when this tab closes.
    const stopped = new AbortController();
    let releaseLock: (() => void) | null = null;
    if (navigator.locks) {
      const locks = navigator.locks;
      const hold = () => {
        start();
        return new Promise<void>((resolve) => (releaseLock = resolve));
      };
      void locks
        .request(WATCH_LOCK, { ifAvailable: true }, (lock) => {
          if (stopped.signal.aborted) return;
          if (lock) return hold();
          report({ state: "other-tab" });
          void locks
            .request(WATCH_LOCK, { signal: stopped.signal }, () => {
              report({ state: "locating" });
              return hold();
            })
            .catch(() => undefined); // aborted while waiting: this tab stopped sharing first
        })
        .catch(() => undefined);
    } else {
      start();
    }
    return () => {
      stopped.abort();
      if (id !== null) navigator.geolocation.clearWatch(id);
      releaseLock?.();
    };
  }, [active, driverId, shipmentId, key]);

  const watch: TWatchState = !active
    ? { state: "idle" }
    : reported?.key === key
      ? reported.watch
      : { state: "locating" };

  const retry = useCallback(() => {
    setAttempt((n) => n + 1);
    void ready?.sender.wake();
  }, [ready]);

  return { watch, sender, online, durable: ready?.durable ?? true, retry };
}
