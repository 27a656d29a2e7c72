"use client";

import { useController, useFormContext } from "react-hook-form";

import { numberInput } from "~/components/forms/values";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";
import { QuantityField } from "~/components/units/quantity-field";
import { useUnits } from "~/components/units/units-context";
import { fieldId, fieldLabels, type TShipmentFormValues } from "./form-values";
import { FormSection, PoundsField, useShipmentField } from "./shipment-fields";

const MAX_WEIGHT_KG = 40000;

const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));

/** What is carried: description, weight, optional dimensions and the vehicle it needs. */
export function CargoSection() {
  const field = useShipmentField();
  const units = useUnits();
  return (
    <FormSection title="Cargo">
      <TextareaField
        {...field("cargo.description")}
        rows={3}
        className="sm:col-span-2"
        hint="What it is and how it is packed, e.g. 12 pallets of canned goods."
      />
      {units === "us" ? (
        <PoundsField maxKg={MAX_WEIGHT_KG} />
      ) : (
        <TextField
          {...field("cargo.weightKg", numberInput)}
          type="number"
          inputMode="numeric"
          step={1}
          min={1}
          max={MAX_WEIGHT_KG}
        />
      )}
      <SelectField {...field("cargo.vehicleType")} options={vehicleOptions} placeholder="Choose a vehicle type" />
      <div className="grid grid-cols-3 gap-3 sm:col-span-2">
        <DimensionField path="cargo.lengthCm" maxCm={2000} />
        <DimensionField path="cargo.widthCm" maxCm={300} />
        <DimensionField path="cargo.heightCm" maxCm={450} />
      </div>
    </FormSection>
  );
}

/** A side of the cargo, typed in inches or centimetres (the viewer's units) and stored in whole centimetres. */
function DimensionField({
  path,
  maxCm,
}: {
  path: "cargo.lengthCm" | "cargo.widthCm" | "cargo.heightCm";
  maxCm: number;
}) {
  const { control } = useFormContext<TShipmentFormValues>();
  const { field, fieldState } = useController({ control, name: path });
  return (
    <QuantityField
      kind="length"
      id={fieldId(path)}
      label={fieldLabels[path].replace(/ \(cm\)$/, "")}
      name={field.name}
      inputRef={field.ref}
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      hint="Optional"
      minStored={1}
      maxStored={maxCm}
      error={fieldState.error?.message}
    />
  );
}
