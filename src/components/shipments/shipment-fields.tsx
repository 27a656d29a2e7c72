"use client";

import { type ReactNode, useEffect, useState } from "react";
import { get, type RegisterOptions, useController, useFormContext } from "react-hook-form";

import { ChoiceGroup, TextField } from "~/components/ui/field";
import { fromWallTime, toWallTime } from "~/lib/stop-zone";
import { kgToUnit, unitToKg } from "~/lib/units";
import { zoneName } from "~/lib/viewer-zone";
import { fieldId, fieldLabels, type TShipmentFieldPath, type TShipmentFormValues } from "./form-values";

/** Props that tie a shipment field's control to the form: id, label, error and react-hook-form's registration. */
export function useShipmentField() {
  const { register, formState } = useFormContext<TShipmentFormValues>();
  return (path: TShipmentFieldPath, options?: RegisterOptions<TShipmentFormValues, TShipmentFieldPath>) => ({
    id: fieldId(path),
    label: fieldLabels[path],
    error: (get(formState.errors, path) as { message?: string } | undefined)?.message,
    ...register(path, options),
  });
}

/**
 * A stop's window edge, entered as wall-clock time in the stop's zone `zone` (IANA; the hint names it) whoever
 * types it and wherever they are. The form holds the instant (a Date), or nothing while the text is empty,
 * incomplete, a time that does not exist there (the spring-forward gap: refused with a field error) or one that
 * happens twice (the fall-back hour: the field asks which, and holds nothing until answered). A stored instant is
 * never moved by anything but an edit of this field: when the zone changes, the same instant reads in the new zone.
 */
export function DateTimeField({
  path,
  zone,
  place,
}: {
  path: TShipmentFieldPath;
  zone: string;
  /** The stop's city (or zone) for the hint and messages; null while the stop has no coordinates (viewer's zone). */
  place: string | null;
}) {
  const { control, setError } = useFormContext<TShipmentFormValues>();
  const { field, fieldState } = useController({ control, name: path });
  const value: unknown = field.value;
  // What the person typed while it is not (yet) one instant: a gap, a repeated hour, or half a date.
  const [typed, setTyped] = useState<{ text: string; zone: string; problem: TWallProblem | null } | null>(null);
  const stored = value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
  const text = typed && typed.zone === zone ? typed.text : stored ? toWallTime(stored, zone) : "";
  const problem = typed && typed.zone === zone ? typed.problem : null;
  const name = zoneName(stored ?? new Date(), zone);

  const onText = (next: string) => {
    const r = fromWallTime(next, zone);
    if (r.kind === "ok") {
      setTyped(null);
      field.onChange(r.instant);
      return;
    }
    setTyped({ text: next, zone, problem: r.kind === "gap" || r.kind === "ambiguous" ? r : null });
    field.onChange(undefined);
  };

  const where = place ?? "your time zone";
  const gapMessage = `That time does not exist in ${where}: the clocks skip that hour when daylight saving time starts. Choose another time.`;
  const ambiguousMessage = "That time happens twice: choose which one below.";
  // The form's validation sees only "no instant yet" here and would say so ("This value is missing"), in the error
  // summary too; the field knows why, so the form's error says that instead.
  const specific =
    problem?.kind === "gap" ? gapMessage : problem?.kind === "ambiguous" && !stored ? ambiguousMessage : null;
  const formMessage = fieldState.error?.message;
  useEffect(() => {
    if (specific && formMessage && formMessage !== specific) setError(path, { type: "manual", message: specific });
  }, [specific, formMessage, path, setError]);
  return (
    <div className="space-y-2">
      <TextField
        id={fieldId(path)}
        label={fieldLabels[path]}
        hint={place ? `${place} time (${name})` : `Your time (${name}) until the stop's place is set`}
        type="datetime-local"
        name={field.name}
        ref={field.ref}
        value={text}
        onChange={(e) => onText(e.target.value)}
        onBlur={field.onBlur}
        error={
          problem?.kind === "gap"
            ? gapMessage
            : problem?.kind === "ambiguous" && !stored
              ? null
              : fieldState.error?.message
        }
      />
      {problem?.kind === "ambiguous" ? (
        <ChoiceGroup
          legend={`${format12(problem.earlier, zone)} happens twice in ${where} that night, as the clocks go back. Which one?`}
          name={`${field.name}-occurrence`}
          value={
            stored?.getTime() === problem.earlier.getTime()
              ? "earlier"
              : stored?.getTime() === problem.later.getTime()
                ? "later"
                : undefined
          }
          options={[
            {
              value: "earlier",
              label: `${format12(problem.earlier, zone)} ${zoneName(problem.earlier, zone)}`,
              description: "The first time, before the clocks go back",
            },
            {
              value: "later",
              label: `${format12(problem.later, zone)} ${zoneName(problem.later, zone)}`,
              description: "The second time, after the clocks go back",
            },
          ]}
          onChange={(which) => field.onChange(which === "earlier" ? problem.earlier : problem.later)}
          error={stored ? null : "Choose which one."}
        />
      ) : null}
    </div>
  );
}

type TWallProblem = { kind: "gap" } | { kind: "ambiguous"; earlier: Date; later: Date };

/** "1:30 AM" in `zone`. */
function format12(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(instant);
}

export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <legend className="float-left mb-4 w-full text-lg font-semibold">{title}</legend>
      {description ? <p className="clear-both -mt-2 mb-4 text-sm text-slate-600">{description}</p> : null}
      <div className="clear-both grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/**
 * The cargo weight for US customary units (src/lib/units.ts): a "Weight (lb)" field whose whole pounds are stored
 * as whole kilograms (rounded; 1 lb = 0.45359237 kg). A stored weight shows as its pounds and, untouched, is saved
 * back as the same kilograms (kg → lb → kg rounds back). Metric forms register the kilogram field directly.
 */
export function PoundsField({ maxKg }: { maxKg: number }) {
  const { control } = useFormContext<TShipmentFormValues>();
  const { field, fieldState } = useController({ control, name: "cargo.weightKg" });
  // What was typed, with the kilograms it stood for: a reset of the form (Reload) shows the new value instead.
  const [typed, setTyped] = useState<{ text: string; kg: unknown } | null>(null);
  const value: unknown = field.value;
  const kg = typeof value === "number" && Number.isFinite(value) ? value : null;
  const text =
    typed && Object.is(typed.kg, value) ? typed.text : kg === null ? "" : String(Math.round(kgToUnit(kg, "us")));
  const wholePounds = text === "" || /^\d+$/.test(text);
  return (
    <TextField
      id={fieldId("cargo.weightKg")}
      label="Weight (lb)"
      hint="Whole pounds; stored in kilograms"
      type="number"
      inputMode="numeric"
      step={1}
      min={1}
      max={Math.floor(kgToUnit(maxKg, "us"))}
      name={field.name}
      ref={field.ref}
      value={text}
      onChange={(e) => {
        const next = e.target.value.trim();
        const lb = Number(next);
        const stored = next === "" ? undefined : Number.isFinite(lb) ? Math.round(unitToKg(lb, "us")) : Number.NaN;
        setTyped({ text: next, kg: stored });
        field.onChange(stored);
      }}
      onBlur={field.onBlur}
      error={wholePounds ? fieldState.error?.message?.replace("whole kilograms", "whole pounds") : "Use whole pounds."}
    />
  );
}
