"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { TextareaField } from "~/components/ui/field";
import { splitErrors } from "~/components/ui/form-errors";
import { transitions } from "~/lib/shipment-state";
import { api } from "~/trpc/react";
import { BigButton } from "./big-button";

/** "Release job" with an inline confirmation (and an optional reason); sends the driver back to the load board. */
export function ReleaseJob({ id, onFailed }: { id: string; onFailed: () => void }) {
  const router = useRouter();
  const utils = api.useUtils();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) headingRef.current?.focus();
    else if (wasOpen.current) openerRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const release = api.driver.release.useMutation({
    onSuccess: () => {
      void utils.driver.jobs.invalidate();
      void utils.driver.loadBoard.invalidate();
      router.push("/driver");
    },
    onError: (error) => {
      const split = splitErrors(error, ["reason"]);
      setReasonError(split.fieldErrors.reason ?? null);
      setFormError(split.formError);
      onFailed();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setReasonError(null);
    setFormError(null);
    const trimmed = reason.trim();
    release.mutate({ id, ...(trimmed ? { reason: trimmed } : {}) });
  }

  if (!open) {
    return (
      <button
        ref={openerRef}
        type="button"
        className={buttonClasses({ variant: "secondary", className: "w-full sm:w-auto" })}
        onClick={() => setOpen(true)}
      >
        {transitions.release.label}
      </button>
    );
  }

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-red-200 bg-red-50/50 p-4"
    >
      <div className="space-y-1">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none">
          Release this job?
        </h2>
        <p className="text-sm text-slate-700">It goes back on the load board for other drivers.</p>
      </div>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextareaField
        label="Reason"
        optional
        hint="Helps us and the shipper, e.g. “Truck broke down”."
        name="reason"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={reasonError}
      />
      <div className="flex flex-col gap-3 sm:flex-row-reverse">
        <BigButton
          type="submit"
          variant="danger"
          pending={release.isPending}
          pendingLabel="Releasing…"
          className="sm:w-auto"
        >
          {transitions.release.label}
        </BigButton>
        <BigButton
          variant="secondary"
          className="sm:w-auto"
          onClick={() => setOpen(false)}
          disabled={release.isPending}
        >
          Keep job
        </BigButton>
      </div>
    </form>
  );
}
