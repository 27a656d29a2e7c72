"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { ReasonForm } from "~/components/forms/reason-form";
import { buttonClasses } from "~/components/ui/button";
import { transitions } from "~/lib/shipment-state";
import { api } from "~/trpc/react";

/** "Release job" with an inline confirmation (and an optional reason); sends the driver back to the load board. */
export function ReleaseJob({ id, onFailed }: { id: string; onFailed: () => void }) {
  const router = useRouter();
  const utils = api.useUtils();
  const openerRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const wasOpen = useRef(false);
  const release = api.driver.release.useMutation();

  // Closing the form returns focus to the button that opened it (the form focuses its own heading).
  useEffect(() => {
    if (!open && wasOpen.current) openerRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  async function onSubmit(reason: string | undefined) {
    try {
      await release.mutateAsync({ id, reason });
    } catch (error) {
      onFailed();
      throw error;
    }
    void utils.driver.jobs.invalidate();
    void utils.driver.loadBoard.invalidate();
    router.push("/driver");
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
    <ReasonForm
      title="Release this job?"
      description="It goes back on the load board for other drivers."
      hint="Helps us and the shipper, e.g. “Truck broke down”."
      optional
      size="lg"
      submitLabel={transitions.release.label}
      pendingLabel="Releasing…"
      keepLabel="Keep job"
      className="rounded-xl border border-red-200 bg-red-50/50 p-4"
      onSubmit={onSubmit}
      onKeep={() => setOpen(false)}
    />
  );
}
