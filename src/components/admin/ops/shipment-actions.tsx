"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { focusFirstInvalid, splitErrors, type TFieldErrors } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { ZReasonSchema } from "~/lib/schemas/shipment";
import { availableActions, statusLabel, transitions } from "~/lib/shipment-state";
import { vehicleLabel } from "~/lib/vehicles";
import { api } from "~/trpc/react";

type TAdminAction = "forceCancel" | "reassign";
const adminActions: readonly TAdminAction[] = ["forceCancel", "reassign"];

type TShipmentActionsProps = {
  id: string;
  status: ShipmentStatus;
  currentDriverId: string | null;
  /** Refetches the shipment; awaited so a form stays busy until the new state is on screen. */
  onChanged: () => Promise<unknown>;
};

/** The interventions the state machine allows an admin in this status; one form open at a time. */
export function ShipmentActions({ id, status, currentDriverId, onChanged }: TShipmentActionsProps) {
  const allowed = availableActions(status, "ADMIN").filter((a): a is TAdminAction =>
    adminActions.includes(a as TAdminAction),
  );
  const [open, setOpen] = useState<TAdminAction | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (allowed.length === 0) {
    return (
      <div className="space-y-3">
        {done ? <Alert tone="success">{done}</Alert> : null}
        <p className="text-sm text-slate-600">
          No interventions are possible: this shipment is {statusLabel[status].toLowerCase()}.
        </p>
      </div>
    );
  }

  async function finished(message: string) {
    await onChanged();
    setOpen(null);
    setDone(message);
  }

  return (
    <div className="space-y-4">
      {done ? <Alert tone="success">{done}</Alert> : null}
      {/* Openers are hidden while their own form is open, so each form's submit button carries the action's name. */}
      <div className="flex flex-wrap gap-2">
        {allowed
          .filter((a) => a !== open)
          .map((a) => (
            <Button
              key={a}
              variant={a === "forceCancel" ? "danger" : "secondary"}
              onClick={() => {
                setDone(null);
                setOpen(a);
              }}
            >
              {transitions[a].label}
            </Button>
          ))}
      </div>
      {open === "forceCancel" ? (
        <ForceCancelForm
          id={id}
          onCancel={() => setOpen(null)}
          onDone={() => finished("Shipment cancelled.")}
          onFailed={onChanged}
        />
      ) : null}
      {open === "reassign" ? (
        <ReassignForm
          id={id}
          currentDriverId={currentDriverId}
          onCancel={() => setOpen(null)}
          onDone={(name) => finished(`Shipment reassigned to ${name}.`)}
          onFailed={onChanged}
        />
      ) : null}
    </div>
  );
}

type TFormProps = { id: string; onCancel: () => void; onFailed: () => Promise<unknown> };

function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function ForceCancelForm({ id, onCancel, onDone, onFailed }: TFormProps & { onDone: () => Promise<void> }) {
  const headingId = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const formRef = useRef<HTMLFormElement>(null);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const forceCancel = api.admin.forceCancel.useMutation({
    onSuccess: onDone,
    onError: (error) => {
      const split = splitErrors(error, ["reason"]);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
      focusFirstInvalid(formRef.current);
      // A CONFLICT means the status moved on: show the new state behind the message.
      void onFailed();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = ZReasonSchema.safeParse(reason);
    if (!parsed.success) {
      setErrors({ reason: parsed.error.issues[0]?.message ?? "Give a reason." });
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    forceCancel.mutate({ id, reason: parsed.data });
  }

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-red-200 bg-red-50/40 p-4"
    >
      <div className="space-y-1">
        <h3 id={headingId} ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
          Force cancel this shipment
        </h3>
        <p className="text-sm text-slate-700">
          It stops for everyone: the driver loses the job and the shipper is told. The reason is recorded in the
          timeline and the audit log.
        </p>
      </div>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextareaField
        label="Reason"
        name="reason"
        required
        maxLength={500}
        hint="At least 3 characters. The shipper and driver may see it."
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.reason}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" pending={forceCancel.isPending} pendingLabel="Cancelling…">
          {transitions.forceCancel.label}
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={forceCancel.isPending}>
          Keep shipment
        </Button>
      </div>
    </form>
  );
}

function ReassignForm({
  id,
  currentDriverId,
  onCancel,
  onDone,
  onFailed,
}: TFormProps & {
  currentDriverId: string | null;
  onDone: (driverName: string) => Promise<void>;
}) {
  const headingId = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const formRef = useRef<HTMLFormElement>(null);
  const [search, setSearch] = useState("");
  const [searched, setSearched] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearched(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  // Only drivers who could take the load come back (the server checks again on reassign).
  const drivers = api.admin.drivers.useQuery(
    { id, search: searched || undefined },
    { placeholderData: keepPreviousData },
  );
  const choices = drivers.data?.drivers ?? [];
  const [driverId, setDriverId] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const options = choices.map((d) => {
    const p = d.driverProfile;
    return {
      value: d.id,
      label: [d.name, p ? `${vehicleLabel[p.vehicleType]}, ${p.capacityKg.toLocaleString("en-US")} kg` : null]
        .filter(Boolean)
        .join(" · "),
    };
  });

  const reassign = api.admin.reassign.useMutation({
    onSuccess: () => onDone(choices.find((d) => d.id === driverId)?.name ?? "the new driver"),
    onError: (error) => {
      const split = splitErrors(error, ["driverId", "reason"]);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
      focusFirstInvalid(formRef.current);
      void onFailed();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const next: TFieldErrors = {};
    if (!driverId) next.driverId = "Choose a driver.";
    const parsed = ZReasonSchema.safeParse(reason);
    if (!parsed.success) next.reason = parsed.error.issues[0]?.message ?? "Give a reason.";
    setErrors(next);
    if (Object.keys(next).length > 0 || !parsed.success) {
      focusFirstInvalid(formRef.current);
      return;
    }
    reassign.mutate({ id, driverId, reason: parsed.data });
  }

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-slate-200 bg-slate-50 p-4"
    >
      <div className="space-y-1">
        <h3 id={headingId} ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
          {currentDriverId ? "Reassign to another driver" : "Assign a driver"}
        </h3>
        <p className="text-sm text-slate-700">
          {currentDriverId
            ? "The new driver gets the job; the current driver loses it."
            : "The load leaves the board and the driver gets it as an assigned job."}
        </p>
      </div>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField
        label="Find a driver"
        name="driverSearch"
        type="search"
        autoComplete="off"
        optional
        hint="Name or email. Only active drivers whose vehicle fits this load are listed."
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setDriverId("");
        }}
      />
      {drivers.isPending ? (
        <Spinner label="Loading drivers…" />
      ) : drivers.isError ? (
        <Alert tone="error" title="Could not load drivers">
          <p>{drivers.error.message}</p>
          <p>
            <button type="button" className="font-semibold underline" onClick={() => void drivers.refetch()}>
              Try again
            </button>
          </p>
        </Alert>
      ) : (
        <SelectField
          label="Driver"
          name="driverId"
          required
          placeholder={
            options.length > 0 ? "Choose a driver" : searched ? "No fitting driver matches" : "No fitting drivers"
          }
          hint={
            drivers.data.more
              ? `Showing the first ${options.length} by name; type part of a name or email to narrow the list.`
              : undefined
          }
          options={options}
          value={driverId}
          onChange={(e) => setDriverId(e.target.value)}
          error={errors.driverId}
        />
      )}
      <TextareaField
        label="Reason"
        name="reason"
        required
        maxLength={500}
        hint="At least 3 characters. Recorded in the timeline and the audit log."
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={errors.reason}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={reassign.isPending} pendingLabel="Reassigning…" disabled={!drivers.data}>
          {transitions.reassign.label}
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={reassign.isPending}>
          Close
        </Button>
      </div>
    </form>
  );
}
