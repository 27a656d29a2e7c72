"use client";

// A number field for a weight or a length typed in the viewer's units (lb or kg, in or cm) while the form holds the
// stored value (whole kg or cm, src/lib/units.ts). The stored value changes only when the person types: a length
// shown in whole inches and left alone is saved back as the same centimetres, not as its rounded inches.
import { type Ref, useState } from "react";

import { TextField } from "~/components/ui/field";
import { useUnits } from "~/components/units/units-context";
import { quantityFromText, quantityText, quantityUnit, type TQuantityKind } from "~/lib/units";

export type TQuantityFieldProps = {
  kind: TQuantityKind;
  /** The label without its unit ("Capacity"): the unit is added, "Capacity (lb)". */
  label: string;
  /** The stored value (kg or cm), or undefined/null when empty. */
  value: unknown;
  onChange: (stored: number | undefined) => void;
  onBlur?: () => void;
  name: string;
  id?: string;
  inputRef?: Ref<HTMLInputElement>;
  error?: string | null;
  hint?: string;
  required?: boolean;
  optional?: boolean;
  /** Bounds in stored units (kg or cm); shown converted on the input. */
  minStored?: number;
  maxStored?: number;
};

export function QuantityField({ kind, label, value, onChange, minStored, maxStored, ...rest }: TQuantityFieldProps) {
  const units = useUnits();
  const unit = quantityUnit(kind, units);
  const stored = typeof value === "number" && Number.isFinite(value) ? value : null;
  // What was typed, with the stored value it became: a reset of the form shows the new value instead.
  const [typed, setTyped] = useState<{ text: string; stored: unknown } | null>(null);
  const text = typed && Object.is(typed.stored, value) ? typed.text : quantityText(kind, stored, units);
  const bound = (v: number | undefined, round: (n: number) => number) =>
    v === undefined ? undefined : round(Number(quantityText(kind, v, units)));
  return (
    <TextField
      id={rest.id}
      name={rest.name}
      ref={rest.inputRef}
      label={`${label} (${unit})`}
      hint={rest.hint}
      required={rest.required}
      optional={rest.optional}
      type="number"
      inputMode="numeric"
      step={1}
      min={bound(minStored, Math.ceil)}
      max={bound(maxStored, Math.floor)}
      value={text}
      onChange={(e) => {
        const next = quantityFromText(kind, e.target.value, units);
        setTyped({ text: e.target.value, stored: next });
        onChange(next);
      }}
      onBlur={rest.onBlur}
      error={rest.error}
    />
  );
}
