"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { ReasonForm } from "~/components/forms/reason-form";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { TextareaField, TextField } from "~/components/ui/field";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { ZReasonSchema } from "~/lib/schemas/shipment";
import { activeStatuses, showsDeliveryCode } from "~/lib/shipment-state";
import { nextFullHourWall, toWallTime } from "~/lib/stop-zone";
import { formatInZone, zoneName } from "~/lib/viewer-zone";
import { api } from "~/trpc/react";

type TIntervention =
  "unlockCode" | "reissueCode" | "markPickedUp" | "markDelivered" | "hold" | "releaseHold" | "extend";

type TInterventionsProps = {
  id: string;
  status: ShipmentStatus;
  hold: { at: Date; reason: string } | null;
  codeLocked: boolean;
  codeAttempts: number;
  pickup: { windowEnd: Date; timeZone: string };
  /** Refetches the shipment; awaited so a form stays busy until the new state is on screen. */
  onChanged: () => Promise<unknown>;
};

const copy: Record<
  Exclude<TIntervention, "extend">,
  { label: string; title: string; description: string; pending: string; done: string }
> = {
  unlockCode: {
    label: "Unlock delivery code",
    title: "Unlock the delivery code",
    description: "The wrong tries are forgotten and the driver can enter the same code again.",
    pending: "Unlocking…",
    done: "Delivery code unlocked. The driver can enter it again.",
  },
  reissueCode: {
    label: "Re-issue delivery code",
    title: "Issue a new delivery code",
    description: "The old code stops working. The shipper sees the new one on their page and is told.",
    pending: "Issuing…",
    done: "A new delivery code was issued.",
  },
  markPickedUp: {
    label: "Mark picked up",
    title: "Mark picked up on the driver's behalf",
    description: "Use when the driver cannot. The note is recorded in the timeline.",
    pending: "Marking…",
    done: "Marked picked up.",
  },
  markDelivered: {
    label: "Mark delivered",
    title: "Mark delivered on the driver's behalf",
    description: "No delivery code is asked. Use when the handover is confirmed another way; the note is recorded.",
    pending: "Marking…",
    done: "Marked delivered.",
  },
  hold: {
    label: "Put on hold",
    title: "Put this shipment on hold",
    description: "The driver cannot take the next step until the hold is released. Both parties are told why.",
    pending: "Holding…",
    done: "The shipment is on hold.",
  },
  releaseHold: {
    label: "Release hold",
    title: "Release the hold",
    description: "The driver may go on. Both parties are told.",
    pending: "Releasing…",
    done: "The hold was released.",
  },
};

/** Which interventions make sense now (the server checks again). */
function allowedNow(p: TInterventionsProps): TIntervention[] {
  const out: TIntervention[] = [];
  if (showsDeliveryCode(p.status) && p.status !== "DRAFT") {
    if (p.codeLocked || p.codeAttempts > 0) out.push("unlockCode");
    out.push("reissueCode");
  }
  if (p.status === "ASSIGNED") out.push("markPickedUp");
  if (p.status === "PICKED_UP" || p.status === "IN_TRANSIT") out.push("markDelivered");
  if (activeStatuses.includes(p.status)) out.push(p.hold ? "releaseHold" : "hold");
  if (p.status === "POSTED" || p.status === "ASSIGNED") out.push("extend");
  return out;
}

const ZExtendForm = z.object({
  windowEnd: z.string().min(1, { error: "Enter a date and time." }),
  reason: ZReasonSchema,
});

function ExtendPickupForm({
  id,
  pickup,
  onClose,
  onDone,
}: {
  id: string;
  pickup: TInterventionsProps["pickup"];
  onClose: () => void;
  onDone: (text: string) => Promise<void>;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const zone = zoneName(pickup.windowEnd, pickup.timeZone);
  const form = useForm({
    resolver: zodResolver(ZExtendForm),
    defaultValues: {
      // An hour past the current end, or the next full hour from now when that is already past (a missed window).
      windowEnd:
        pickup.windowEnd.getTime() + 3600_000 > Date.now() + 3600_000
          ? toWallTime(new Date(pickup.windowEnd.getTime() + 3600_000), pickup.timeZone)
          : nextFullHourWall(new Date(), pickup.timeZone),
      reason: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const extend = api.adminOps.extendPickupWindow.useMutation();
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const r = await extend.mutateAsync({ id, ...values });
      await onDone(`Pick-up window extended to ${r.toText}.`);
    } catch (error) {
      applyServerErrors(form.setError, error, ["windowEnd", "reason"]);
    }
  });
  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-slate-200 bg-slate-50 p-4"
    >
      <div className="space-y-1">
        <h3 id={headingId} ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
          Extend the pick-up window
        </h3>
        <p className="text-sm text-slate-700">
          It now ends {formatInZone(pickup.windowEnd, "datetime", pickup.timeZone)}. It can only be made later.
        </p>
      </div>
      <FormError errors={errors} />
      <TextField
        label={`New end (${zone}, the pick-up's time)`}
        type="datetime-local"
        required
        {...form.register("windowEnd")}
        error={errors.windowEnd?.message}
      />
      <TextareaField
        label="Reason"
        required
        maxLength={500}
        hint="At least 3 characters. The shipper and driver are told."
        {...form.register("reason")}
        error={errors.reason?.message}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={isSubmitting} pendingLabel="Extending…">
          Extend window
        </Button>
        <Button variant="ghost" onClick={onClose} disabled={isSubmitting}>
          Close
        </Button>
      </div>
    </form>
  );
}

/**
 * The operations interventions on one shipment (issue 14 §1), each with a reason: unlock or re-issue the delivery
 * code, mark picked up or delivered on the driver's behalf, hold and release, extend the pick-up window.
 */
export function ShipmentInterventions(props: TInterventionsProps) {
  const { id, onChanged } = props;
  const [open, setOpen] = useState<TIntervention | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const utils = api.useUtils();
  const mutations = {
    unlockCode: api.adminOps.unlockDeliveryCode.useMutation(),
    reissueCode: api.adminOps.reissueDeliveryCode.useMutation(),
    markPickedUp: api.adminOps.markPickedUp.useMutation(),
    markDelivered: api.adminOps.markDelivered.useMutation(),
    hold: api.adminOps.hold.useMutation(),
    releaseHold: api.adminOps.releaseHold.useMutation(),
  };
  const allowed = allowedNow(props);
  const finished = async (message: string) => {
    await onChanged();
    void utils.adminOps.exceptions.invalidate();
    setOpen(null);
    setDone(message);
  };

  return (
    <div className="space-y-4">
      {done ? <Alert tone="success">{done}</Alert> : null}
      {allowed.length === 0 ? (
        <p className="text-sm text-slate-600">No operations interventions apply in this status.</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {allowed
            .filter((a) => a !== open)
            .map((a) => (
              <Button
                key={a}
                variant="secondary"
                onClick={() => {
                  setDone(null);
                  setOpen(a);
                }}
              >
                {a === "extend" ? "Extend pick-up window" : copy[a].label}
              </Button>
            ))}
        </div>
      )}
      {open === "extend" ? (
        <ExtendPickupForm id={id} pickup={props.pickup} onClose={() => setOpen(null)} onDone={finished} />
      ) : open ? (
        <ReasonForm
          key={open}
          title={copy[open].title}
          headingLevel={3}
          description={
            open === "markDelivered" && props.hold
              ? `This shipment is on hold (${props.hold.reason}). Marking it delivered overrides the hold and ends it; the note says so. ${copy.markDelivered.description}`
              : copy[open].description
          }
          hint="At least 3 characters. Recorded in the timeline and the audit log; the shipper and driver are told."
          submitLabel={copy[open].label}
          pendingLabel={copy[open].pending}
          keepLabel="Close"
          variant="primary"
          className="rounded-xl border border-slate-200 bg-slate-50 p-4"
          onKeep={() => setOpen(null)}
          onSubmit={async (reason) => {
            try {
              await mutations[open].mutateAsync({ id, reason });
            } catch (error) {
              void onChanged();
              throw error;
            }
            await finished(
              open === "markDelivered" && props.hold ? "Marked delivered. The hold has ended." : copy[open].done,
            );
          }}
        />
      ) : null}
    </div>
  );
}
