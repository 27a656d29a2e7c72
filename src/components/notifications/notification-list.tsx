"use client";

// /notifications: the person's notifications, newest first, a page at a time; open one (marks it read), or mark
// one or all read. Times in the viewer's zone, named.
import Link from "next/link";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { LoadMore } from "~/components/ui/load-more";
import { Spinner } from "~/components/ui/spinner";
import type { Role } from "~/generated/prisma/enums";
import { api } from "~/trpc/react";

const shipmentHref: Record<Role, (id: string) => string> = {
  SHIPPER: (id) => `/shipper/${id}`,
  DRIVER: (id) => `/driver/jobs/${id}`,
  ADMIN: (id) => `/admin/shipments/${id}`,
};

export function NotificationList({ role }: { role: Role }) {
  const utils = api.useUtils();
  const list = api.notifications.list.useInfiniteQuery(
    {},
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const refresh = () => {
    void utils.notifications.list.invalidate();
    void utils.notifications.unreadCount.invalidate();
  };
  const markRead = api.notifications.markRead.useMutation({ onSuccess: refresh });
  const markAll = api.notifications.markAllRead.useMutation({ onSuccess: refresh });
  // The server's count (the bell's), not the loaded pages: older unread ones may not be loaded yet.
  const unread = api.notifications.unreadCount.useQuery();

  if (list.isPending) return <Spinner label="Loading notifications…" />;
  if (list.isError) return <Alert tone="error">Could not load your notifications: {list.error.message}</Alert>;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <EmptyState
        title="No notifications yet"
        description="Shipment updates, messages and reminders will appear here."
      />
    );
  }
  const anyUnread = items.some((i) => !i.readAt) || (unread.data?.unread ?? 0) > 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-end gap-2">
        {markAll.isError ? <p className="text-sm text-red-700">{markAll.error.message}</p> : null}
        <Button
          variant="secondary"
          size="sm"
          disabled={!anyUnread}
          pending={markAll.isPending}
          pendingLabel="Marking…"
          onClick={() => markAll.mutate()}
        >
          Mark all as read
        </Button>
      </div>
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" aria-label="Notifications">
        {items.map((n) => (
          <li key={n.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0">
              <p className="flex items-center gap-2 font-medium text-slate-900">
                {n.readAt ? null : (
                  <span className="h-2 w-2 shrink-0 rounded-full bg-brand-700" aria-label="Unread" role="img" />
                )}
                {n.shipmentId ? (
                  <Link
                    href={shipmentHref[role](n.shipmentId)}
                    className="underline-offset-2 hover:underline"
                    onClick={() => (n.readAt ? undefined : markRead.mutate({ id: n.id }))}
                  >
                    {n.title}
                  </Link>
                ) : (
                  <span>{n.title}</span>
                )}
              </p>
              <p className="text-sm break-words text-slate-700">{n.body}</p>
              <DateTime value={n.createdAt} format="relative" className="text-xs text-slate-500" />
            </div>
            {n.readAt ? null : (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => markRead.mutate({ id: n.id })}
                pending={markRead.isPending && markRead.variables.id === n.id}
                pendingLabel="Marking…"
                aria-label={`Mark "${n.title}" as read`}
              >
                Mark read
              </Button>
            )}
          </li>
        ))}
      </ul>
      <LoadMore query={list} />
    </div>
  );
}
