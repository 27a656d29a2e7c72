"use client";

// The job page's word on location sharing: that it is on and when a position last reached the server, how many
// positions wait for signal, and what to do when the phone cannot share (with a Retry button).
import Link from "next/link";
import { useId, useRef } from "react";

import { useNow } from "~/components/time/use-now";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { relativeTime } from "~/components/ui/date-time";
import { Spinner } from "~/components/ui/spinner";

import type { TSendProblem } from "./ping-sender";
import { type TWatchState, useLocationSharing } from "./use-location-sharing";

/** "Nov 30, 2026, 2:05:09 PM GMT+1": the full time with its zone, for titles. */
function formatWithZone(epochMs: number): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "long" }).format(epochMs);
}

function positions(n: number): string {
  return n === 1 ? "1 position" : `${n.toLocaleString("en")} positions`;
}

const watchProblems: Record<
  Extract<TWatchState["state"], "denied" | "unavailable" | "timeout" | "unsupported">,
  { title: string; text: string; canRetry: boolean }
> = {
  denied: {
    title: "Location is blocked for this site",
    text: "The shipper cannot see where the load is. Allow location for this site in your browser's site settings (tap the icon next to the address), then tap Retry.",
    canRetry: true,
  },
  unavailable: {
    title: "Your phone cannot find its position",
    text: "Turn on location (GPS) in your phone's settings, then tap Retry.",
    canRetry: true,
  },
  timeout: {
    title: "No position yet",
    text: "Finding your position is taking too long. Move to where the phone can see the sky, then tap Retry.",
    canRetry: true,
  },
  unsupported: {
    title: "This browser cannot share your location",
    text: "Open this page in your phone's main browser (Chrome or Safari) to share your position with the shipper.",
    canRetry: false,
  },
};

const sendProblems: Record<Exclude<TSendProblem, "offline" | "signed-out">, string> = {
  "rate-limited": "The server asked us to slow down",
  server: "The server is not answering",
  refused: "The server did not accept them",
};

/**
 * Location sharing for job `shipmentId` of the signed-in driver `driverId`: shares while `active` (see
 * useLocationSharing) and says so; when not active, only reports positions from earlier that are still being sent.
 * Renders nothing when there is nothing to say (no active job, nothing waiting).
 */
export function LocationSharing({
  driverId,
  shipmentId,
  active,
}: {
  driverId: string;
  shipmentId: string;
  active: boolean;
}) {
  const { watch, sender, online, durable, retry } = useLocationSharing({ driverId, shipmentId, active });
  const now = useNow(15_000);
  const headingId = useId();
  // Retry removes the alert and its button: focus moves to the section, so the keyboard and the screen reader stay
  // where the outcome will be announced instead of falling back to the top of the page.
  const sectionRef = useRef<HTMLElement>(null);

  const waiting = sender.pending;
  if (!active && waiting === 0) return null;

  const watchProblem =
    watch.state === "denied" ||
    watch.state === "unavailable" ||
    watch.state === "timeout" ||
    watch.state === "unsupported"
      ? watchProblems[watch.state]
      : null;
  const noSignal = !online || sender.problem === "offline";
  const sendProblem =
    sender.problem === null || sender.problem === "offline" || sender.problem === "signed-out"
      ? null
      : sendProblems[sender.problem];

  return (
    <section
      ref={sectionRef}
      tabIndex={-1}
      aria-labelledby={headingId}
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 focus:outline-none"
    >
      <h2 id={headingId} className="sr-only">
        Location sharing
      </h2>

      {watchProblem ? (
        <Alert tone="error" title={watchProblem.title}>
          <p>{watchProblem.text}</p>
          {watchProblem.canRetry ? (
            <p className="pt-2">
              <Button
                variant="secondary"
                onClick={() => {
                  sectionRef.current?.focus();
                  retry();
                }}
              >
                Retry
              </Button>
            </p>
          ) : null}
        </Alert>
      ) : active && watch.state === "locating" ? (
        <Spinner label="Finding your location…" />
      ) : active && watch.state === "other-tab" ? (
        <p role="status" className="text-sm font-medium text-slate-900">
          Sharing your location from another tab of this browser. Close that tab and this one takes over.
        </p>
      ) : active ? (
        <p role="status" className="flex flex-wrap items-center gap-x-2 text-sm font-medium text-slate-900">
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-green-600" />
          <span>Sharing your location</span>
          {sender.lastSentAt !== null ? (
            <span className="text-slate-600">
              · last sent{" "}
              <time dateTime={new Date(sender.lastSentAt).toISOString()} title={formatWithZone(sender.lastSentAt)}>
                {relativeTime(new Date(sender.lastSentAt), new Date(Math.max(now, sender.lastSentAt)))}
              </time>
            </span>
          ) : (
            <span className="text-slate-600">· first position on its way</span>
          )}
        </p>
      ) : (
        <p className="text-sm text-slate-700">Sending the positions saved earlier on this phone.</p>
      )}

      {sender.problem === "signed-out" ? (
        <Alert tone="warning" title="Sign in again to keep sharing">
          <p>
            Your session has ended. {waiting > 0 ? `${positions(waiting)} saved on this phone will be sent then.` : ""}
          </p>
          <p>
            <Link
              href={`/sign-in?callbackUrl=${encodeURIComponent(`/driver/jobs/${shipmentId}`)}`}
              className="font-semibold underline"
            >
              Sign in
            </Link>
          </p>
        </Alert>
      ) : waiting > 0 && noSignal ? (
        <p role="status" className="text-sm font-medium text-amber-900">
          {positions(waiting)} waiting for signal
        </p>
      ) : waiting > 0 && sendProblem ? (
        <p role="status" className="text-sm font-medium text-amber-900">
          {positions(waiting)} waiting. {sendProblem}; trying again
          {sender.retryAt !== null ? (
            <>
              {" "}
              <time dateTime={new Date(sender.retryAt).toISOString()} title={formatWithZone(sender.retryAt)}>
                {sender.retryAt - now < 60_000 ? "in a moment" : relativeTime(new Date(sender.retryAt), new Date(now))}
              </time>
            </>
          ) : null}
          .
        </p>
      ) : null}

      {!durable ? (
        <p className="text-sm text-slate-700">
          This browser cannot save positions: keep this page open until they are sent.
        </p>
      ) : null}
    </section>
  );
}
