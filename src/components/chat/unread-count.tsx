"use client";

import { api } from "~/trpc/react";

/**
 * "2 new messages" beside one shipment in a list; nothing when none. Shares the `chat.unreadCounts` query with the
 * navigation badge (UnreadMessages), which keeps it current from the user channel.
 */
export function UnreadCount({ shipmentId }: { shipmentId: string }) {
  const counts = api.chat.unreadCounts.useQuery();
  const count = counts.data?.byShipment.find((s) => s.shipmentId === shipmentId)?.count ?? 0;
  if (count === 0) return null;
  return (
    <>
      <span className="sr-only">, </span>
      <span className="ml-2 inline-block rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-white">
        {count} new message{count === 1 ? "" : "s"}
      </span>
    </>
  );
}
