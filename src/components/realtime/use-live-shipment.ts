"use client";

// Keeps the page's `shipment.get` copy of one shipment current without polling: a `status` event on the shipment's
// channel with a newer version, each (re)subscription and each return to the tab ask `shipment.changesSince` with
// the version on screen, which answers "unchanged" for one indexed read or the new shipment, written into the cache.
import { useEffect, useRef } from "react";

import { REALTIME_EVENTS, type TStatusEvent } from "~/lib/realtime";
import { api } from "~/trpc/react";
import { useChannel } from "./realtime-provider";
import { useShipmentChannel } from "./use-shipment-channel";

/**
 * Subscribes the page to the shipment's channel (useShipmentChannel: it follows the assignment) while mounted and keeps the `shipment.get({ id })` cache (which the
 * page must already hold, e.g. hydrated from its prefetch) at the newest version: one `changesSince` read per
 * signal, never overlapping (a signal during a read runs one more read after it), and none for an event whose
 * version the page already shows. A changed shipment also marks the shipper's and driver's lists stale. When the
 * viewer lost access (a released or reassigned driver), `shipment.get` is refetched so the page sees its NOT_FOUND.
 */
export function useLiveShipment(id: string): void {
  const utils = api.useUtils();
  const state = useRef({ running: false, again: false });
  const latest = useRef({ id, utils });
  useEffect(() => {
    latest.current = { id, utils };
  });

  const catchUp = async (eventVersion?: number) => {
    const { id: shipmentId, utils: u } = latest.current;
    const shown = u.shipment.get.getData({ id: shipmentId });
    if (shown && eventVersion !== undefined && eventVersion <= shown.version) return;
    if (state.current.running) {
      state.current.again = true;
      return;
    }
    state.current.running = true;
    try {
      do {
        state.current.again = false;
        const current = u.shipment.get.getData({ id: shipmentId });
        if (!current) {
          await u.shipment.get.invalidate({ id: shipmentId });
          continue;
        }
        try {
          const result = await u.client.shipment.changesSince.query({ id: shipmentId, sinceVersion: current.version });
          if (!result.changed) continue;
          // Only move forward: a slower answer must never replace a newer copy.
          const now = u.shipment.get.getData({ id: shipmentId });
          if (!now || result.shipment.version > now.version)
            u.shipment.get.setData({ id: shipmentId }, result.shipment);
          void u.shipment.list.invalidate();
          void u.driver.jobs.invalidate();
        } catch {
          // NOT_FOUND (access lost) or a network failure: let the page's own query show the outcome.
          await u.shipment.get.invalidate({ id: shipmentId });
        }
      } while (state.current.again);
    } finally {
      state.current.running = false;
    }
  };

  const channel = useShipmentChannel(id);
  useChannel(
    channel,
    { [REALTIME_EVENTS.status]: (data) => void catchUp((data as TStatusEvent).version) },
    // Refused: the shipment moved to another assignment's channel between the page's read and its subscription
    // (accepted, released, reassigned); the re-read brings the new channel, or the page's NOT_FOUND.
    { onSync: () => void catchUp(), onRefused: () => void catchUp() },
  );
}
