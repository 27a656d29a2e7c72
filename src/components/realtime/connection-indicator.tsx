"use client";

// How fresh what the page shows is, in words, for every live page: "Live", "Connecting…", "Reconnecting: updates
// paused" or "Live updates off". Announced politely to screen readers when it changes.
import { cx } from "~/components/ui/cx";

import { type TRealtimeStatus, useRealtimeStatus } from "./realtime-provider";

const look: Record<TRealtimeStatus, { dot: string; text: string; title: string }> = {
  live: { dot: "bg-green-600", text: "Live", title: "Connected: changes appear as they happen." },
  connecting: { dot: "bg-amber-500", text: "Connecting…", title: "Connecting to live updates." },
  offline: {
    dot: "bg-red-600",
    text: "Reconnecting: updates paused",
    title: "The live connection dropped. What you see may be out of date; it catches up when the connection returns.",
  },
  off: {
    dot: "bg-slate-400",
    text: "Live updates off",
    title: "Live updates are not configured on this server; the page refreshes when you come back to it.",
  },
};

/** A small dot and label for the page's real-time connection (`useRealtimeStatus`). */
export function ConnectionIndicator({ className }: { className?: string }) {
  const status = useRealtimeStatus();
  const l = look[status];
  return (
    <span
      role="status"
      aria-live="polite"
      title={l.title}
      data-realtime={status}
      className={cx("inline-flex items-center gap-1.5 text-xs font-medium text-slate-600", className)}
    >
      <span
        aria-hidden
        className={cx(
          "inline-block h-2 w-2 rounded-full",
          l.dot,
          status === "live" && "animate-pulse motion-reduce:animate-none",
        )}
      />
      {l.text}
    </span>
  );
}
