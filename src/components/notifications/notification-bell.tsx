"use client";

// The bell in the top bar: the unread notification count, raised live by the `notification` hint on the person's
// user channel (and re-read on every (re)subscription, so a dropped connection misses nothing).
import Link from "next/link";

import { useChannel } from "~/components/realtime/realtime-provider";
import { REALTIME_EVENTS, userChannel } from "~/lib/realtime";
import { api } from "~/trpc/react";

export function NotificationBell({ userId }: { userId: string }) {
  const utils = api.useUtils();
  const count = api.notifications.unreadCount.useQuery();
  const refresh = () => {
    void utils.notifications.unreadCount.invalidate();
    void utils.notifications.list.invalidate();
  };
  useChannel(userChannel(userId), { [REALTIME_EVENTS.notification]: refresh }, { onSync: refresh });

  const unread = count.data?.unread ?? 0;
  const label = unread === 0 ? "Notifications" : `Notifications: ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      data-unread={unread}
      className="relative flex min-h-11 min-w-11 items-center justify-center rounded-lg text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700"
    >
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden
          className="absolute top-1 right-0.5 rounded-full bg-red-700 px-1.5 text-[11px] leading-4 font-semibold text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
