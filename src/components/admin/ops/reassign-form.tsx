"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { Spinner } from "~/components/ui/spinner";
import { useUnits } from "~/components/units/units-context";
import { ZReasonSchema } from "~/lib/schemas/shipment";
import { transitions } from "~/lib/shipment-state";
import { vehicleLabel } from "~/lib/vehicles";
import { formatWeight } from "~/lib/units";
import { api } from "~/trpc/react";

const ZReassignForm = z.object({ driverId: z.string().min(1, { error: "Choose a driver." }), reason: ZReasonSchema });

/** Drivers who could take the load, narrowed by a search typed into the form (debounced). */
function useFittingDrivers(id: string) {
  const units = useUnits();
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
  const options = choices.map((d) => {
    const p = d.driverProfile;
    return {
      value: d.id,
      label: [d.name, p ? `${vehicleLabel[p.vehicleType]}, ${formatWeight(p.capacityKg, units)}` : null]
        .filter(Boolean)
        .join(" · "),
    };
  });
  return { search, setSearch, searched, drivers, choices, options };
}

/** Assign or reassign the load to a fitting driver, with a reason for the timeline and the audit log. */
export function ReassignForm({
  id,
  currentDriverId,
  onClose,
  onDone,
  onFailed,
}: {
  id: string;
  currentDriverId: string | null;
  onClose: () => void;
  onDone: (driverName: string) => Promise<void>;
  onFailed: () => Promise<unknown>;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const { search, setSearch, searched, drivers, choices, options } = useFittingDrivers(id);
  const form = useForm({ resolver: zodResolver(ZReassignForm), defaultValues: { driverId: "", reason: "" } });
  const { errors, isSubmitting } = form.formState;
  const reassign = api.admin.reassign.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await reassign.mutateAsync({ id, ...values });
    } catch (error) {
      applyServerErrors(form.setError, error, ["driverId", "reason"]);
      void onFailed();
      return;
    }
    await onDone(choices.find((d) => d.id === values.driverId)?.name ?? "the new driver");
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
          {currentDriverId ? "Reassign to another driver" : "Assign a driver"}
        </h3>
        <p className="text-sm text-slate-700">
          {currentDriverId
            ? "The new driver gets the job; the current driver loses it."
            : "The load leaves the board and the driver gets it as an assigned job."}
        </p>
      </div>
      <FormError errors={errors} />
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
          // The choice may drop out of the narrowed list; it is picked again from the new one.
          form.setValue("driverId", "");
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
        <Controller
          control={form.control}
          name="driverId"
          render={({ field, fieldState }) => (
            <SelectField
              label="Driver"
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
              {...field}
              error={fieldState.error?.message}
            />
          )}
        />
      )}
      <TextareaField
        label="Reason"
        required
        maxLength={500}
        hint="At least 3 characters. Recorded in the timeline and the audit log."
        {...form.register("reason")}
        error={errors.reason?.message}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={isSubmitting} pendingLabel="Reassigning…" disabled={!drivers.data}>
          {transitions.reassign.label}
        </Button>
        <Button variant="ghost" onClick={onClose} disabled={isSubmitting}>
          Close
        </Button>
      </div>
    </form>
  );
}
