"use client";

// "Messages 3" in the navigation: unread chat messages across the person's shipments, kept current by the `unread`
// hint on their user channel (sent when someone writes to them, or when they read in another tab).
import Link from "next/link";

import { useChannel } from "~/components/realtime/realtime-provider";
import type { Role } from "~/generated/prisma/enums";
import { REALTIME_EVENTS, userChannel } from "~/lib/realtime";
import { api } from "~/trpc/react";

/** Where each role reads one shipment's chat. */
const shipmentHref: Record<Role, (id: string) => string> = {
  SHIPPER: (id) => `/shipper/${id}`,
  DRIVER: (id) => `/driver/jobs/${id}`,
  ADMIN: (id) => `/admin/shipments/${id}`,
};

/** The unread count with a list of the conversations it comes from; nothing while there is nothing unread. */
export function UnreadMessages({ userId, role }: { userId: string; role: Role }) {
  const utils = api.useUtils();
  const counts = api.chat.unreadCounts.useQuery();
  const refresh = () => void utils.chat.unreadCounts.invalidate();
  useChannel(userChannel(userId), { [REALTIME_EVENTS.unread]: refresh }, { onSync: refresh });

  const total = counts.data?.total ?? 0;
  if (total === 0) return null;
  return (
    <details className="relative" data-testid="unread-messages">
      <summary
        className="flex min-h-11 cursor-pointer list-none items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-slate-700 hover:bg-slate-100"
        aria-label={`Messages: ${total} unread`}
      >
        Messages
        <span className="rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold text-white" aria-hidden>
          {total > 99 ? "99+" : total}
        </span>
      </summary>
      <ul className="absolute right-0 z-20 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
        {counts.data?.byShipment.map((s) => (
          <li key={s.shipmentId}>
            <Link
              href={shipmentHref[role](s.shipmentId)}
              className="flex min-h-11 items-center justify-between gap-2 rounded-md px-3 text-sm hover:bg-slate-100"
            >
              <span className="font-medium">{s.reference}</span>
              <span className="text-slate-600">{s.count} unread</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
