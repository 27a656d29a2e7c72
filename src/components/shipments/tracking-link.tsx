"use client";

import { useRef, useState, useSyncExternalStore } from "react";

import { Button } from "~/components/ui/button";
import { cx } from "~/components/ui/cx";
import { controlClasses, Field } from "~/components/ui/field";

const noopSubscribe = () => () => {};

export type TTrackingLinkProps = {
  token: string;
  /** The origin for the server render; the browser uses its own location once hydrated. */
  serverOrigin: string;
};

/** The public tracking link in a read-only field, with a "Copy link" button and "Copied" feedback. */
export function TrackingLink({ token, serverOrigin }: TTrackingLinkProps) {
  const origin = useSyncExternalStore(
    noopSubscribe,
    () => window.location.origin,
    () => serverOrigin,
  );
  const url = `${origin}/track/${token}`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  async function copy() {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(url);
      setFeedback({ ok: true, text: "Copied" });
      timer.current = setTimeout(() => setFeedback(null), 3000);
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select the text so it can be copied by hand.
      inputRef.current?.select();
      setFeedback({
        ok: false,
        text: "Could not copy automatically. The link is selected: copy it with your keyboard or menu.",
      });
    }
  }

  return (
    <div className="space-y-3">
      <Field
        label="Tracking link"
        hint="Anyone with this link can follow the delivery. It shows no names, phones or addresses."
      >
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            className={cx(controlClasses, "border-slate-300 bg-slate-50 font-mono")}
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Button variant="secondary" onClick={() => void copy()}>
          Copy link
        </Button>
        <a href={url} target="_blank" rel="noopener" className="text-sm font-medium text-brand-700 underline">
          Open the tracking page<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </div>
      <p
        aria-live="polite"
        className={feedback?.ok === false ? "text-sm text-red-700" : "text-sm font-medium text-emerald-800"}
      >
        {feedback?.text ?? ""}
      </p>
    </div>
  );
}
