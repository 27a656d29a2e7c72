"use client";

import { numberInput } from "~/components/forms/values";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";
import { useUnits } from "~/components/units/units-context";
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
        <TextField
          {...field("cargo.lengthCm", numberInput)}
          type="number"
          inputMode="numeric"
          step={1}
          min={1}
          max={2000}
          hint="Optional"
        />
        <TextField
          {...field("cargo.widthCm", numberInput)}
          type="number"
          inputMode="numeric"
          step={1}
          min={1}
          max={300}
          hint="Optional"
        />
        <TextField
          {...field("cargo.heightCm", numberInput)}
          type="number"
          inputMode="numeric"
          step={1}
          min={1}
          max={450}
          hint="Optional"
        />
      </div>
    </FormSection>
  );
}
