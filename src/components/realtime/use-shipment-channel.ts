"use client";

import { skipToken } from "@tanstack/react-query";

import { api } from "~/trpc/react";

/**
 * The Pusher channel of shipment `id`'s parties for its current assignment, as the server names it in
 * `shipment.get`'s `channel` (see shipmentChannel in src/lib/realtime.ts); null while the shipment is loading or
 * when the viewer has no channel (an open load), and for `id` null (reads nothing). Shares the page's `shipment.get({ id })` query, so when a status
 * event brings a new driver (accept, release, reassign) every hook using it moves to the new channel together, and
 * each catches up on its new subscription.
 */
export function useShipmentChannel(id: string | null): string | null {
  const { data } = api.shipment.get.useQuery(id === null ? skipToken : { id });
  return data?.channel ?? null;
}
