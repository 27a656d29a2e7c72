"use client";

import { get, useController, useFormContext } from "react-hook-form";

import { cx } from "~/components/ui/cx";
import { proofMethods, type TProofMethod } from "~/lib/schemas/shipment";
import { fieldId, fieldLabels, type TShipmentFormValues } from "./form-values";

const OPTIONS: Record<TProofMethod, { label: string; description: string }> = {
  PHOTO: { label: "Photo of the delivered cargo", description: "Taken by the driver at the drop-off." },
  SIGNATURE: { label: "Recipient's name and signature", description: "Signed with a finger on the driver's phone." },
  CODE: { label: "Delivery code", description: "A 6-digit code you give the recipient; they read it to the driver." },
};

/** Shown in this order: the default first. */
const ORDER: TProofMethod[] = ["PHOTO", "SIGNATURE", "CODE"];

/**
 * What proof of delivery the shipper requires (at least one: photo, signature, code; photo and signature preselected)
 * and whether the public tracking page may show the delivery photo. The driver sees the choice before delivering and
 * the server refuses a delivery without it.
 */
export function ProofSection() {
  const { control, register, formState } = useFormContext<TShipmentFormValues>();
  const { field } = useController({ control, name: "proof.requires" });
  const chosen = new Set<TProofMethod>(
    Array.isArray(field.value) ? (field.value as TProofMethod[]).filter((m) => proofMethods.includes(m)) : [],
  );
  const error = (get(formState.errors, "proof.requires") as { message?: string } | undefined)?.message;
  const id = fieldId("proof.requires");
  const toggle = (m: TProofMethod, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(m);
    else next.delete(m);
    field.onChange(proofMethods.filter((x) => next.has(x)));
  };
  return (
    <fieldset className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <legend className="float-left mb-4 w-full text-lg font-semibold">Proof of delivery</legend>
      <p id={`${id}-hint`} className="clear-both -mt-2 mb-4 text-sm text-slate-600">
        What the driver must give before the load counts as delivered. Choose at least one.
      </p>
      <div
        role="group"
        aria-labelledby={`${id}-legend`}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="clear-both grid gap-2 sm:grid-cols-3"
      >
        <span id={`${id}-legend`} className="sr-only">
          {fieldLabels["proof.requires"]}
        </span>
        {ORDER.map((m, index) => {
          const checked = chosen.has(m);
          return (
            <label
              key={m}
              htmlFor={index === 0 ? id : `${id}-${m}`}
              className={cx(
                "flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border bg-white px-3 py-2.5 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500",
                checked ? "border-brand-600 bg-brand-50" : "border-slate-300 hover:bg-slate-50",
              )}
            >
              <input
                ref={index === 0 ? field.ref : undefined}
                id={index === 0 ? id : `${id}-${m}`}
                type="checkbox"
                name={field.name}
                value={m}
                checked={checked}
                aria-invalid={error ? true : undefined}
                onChange={(e) => toggle(m, e.target.checked)}
                onBlur={field.onBlur}
                className="mt-0.5 size-4 accent-brand-600"
              />
              <span className="space-y-0.5">
                <span className="block text-sm font-medium text-slate-900">{OPTIONS[m].label}</span>
                <span className="block text-sm text-slate-600">{OPTIONS[m].description}</span>
              </span>
            </label>
          );
        })}
      </div>
      <p id={`${id}-error`} role="alert" className="mt-2 text-sm font-medium text-red-700 empty:hidden">
        {error ?? ""}
      </p>
      <label
        htmlFor={fieldId("proof.photoPublic")}
        className="mt-4 flex min-h-11 cursor-pointer items-start gap-3 text-sm text-slate-900"
      >
        <input
          id={fieldId("proof.photoPublic")}
          type="checkbox"
          {...register("proof.photoPublic")}
          className="mt-0.5 size-4 accent-brand-600"
        />
        <span>
          Show the delivery photo on the public tracking page
          <span className="block text-slate-600">
            Anyone with the tracking link sees a small version of it. The signature is never shown there.
          </span>
        </span>
      </label>
    </fieldset>
  );
}
