"use client";

import type { ReactNode } from "react";
import { get, type RegisterOptions, useController, useFormContext } from "react-hook-form";

import { TextField } from "~/components/ui/field";
import {
  fieldId,
  fieldLabels,
  fromLocalInput,
  toLocalInput,
  type TShipmentFieldPath,
  type TShipmentFormValues,
} from "./form-values";

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
 * A stop's window edge: the input speaks local wall-clock text, the form holds a Date (or nothing while the input is
 * empty or incomplete), so the schema sees the type it validates.
 */
export function DateTimeField({ path }: { path: TShipmentFieldPath }) {
  const { control } = useFormContext<TShipmentFormValues>();
  const { field, fieldState } = useController({ control, name: path });
  const value: unknown = field.value;
  return (
    <TextField
      id={fieldId(path)}
      label={fieldLabels[path]}
      type="datetime-local"
      name={field.name}
      ref={field.ref}
      value={value instanceof Date ? toLocalInput(value) : ""}
      onChange={(e) => field.onChange(fromLocalInput(e.target.value))}
      onBlur={field.onBlur}
      error={fieldState.error?.message}
    />
  );
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
