"use client";

import type { UseFormRegisterReturn } from "react-hook-form";

import { SelectField, TextField } from "~/components/ui/field";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";

type TVehicleField = "vehicleType" | "capacityKg" | "plate";

const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));

/**
 * A driver's vehicle: used when registering and on the account page. The fields come registered with the parent's
 * react-hook-form (`register("driver.capacityKg", numberInput)`), so their values already have the schema's types.
 */
export function VehicleFields(props: {
  fields: Record<TVehicleField, UseFormRegisterReturn>;
  errors: Partial<Record<TVehicleField, string>>;
  /** Whether a vehicle type is chosen; until then the picker offers an empty "Choose a vehicle". */
  chosen: boolean;
  className: string;
  legendClassName: string;
  showHints?: boolean;
}) {
  const { fields, errors } = props;
  return (
    <fieldset className={props.className}>
      <legend className={props.legendClassName}>Your vehicle</legend>
      <SelectField
        label="Vehicle type"
        required
        placeholder={props.chosen ? undefined : "Choose a vehicle"}
        options={vehicleOptions}
        {...fields.vehicleType}
        error={errors.vehicleType}
      />
      <TextField
        label="Capacity (kg)"
        type="number"
        inputMode="numeric"
        min={50}
        max={40000}
        step={1}
        hint={props.showHints ? "The heaviest load you can carry, 50–40,000 kg." : undefined}
        required
        {...fields.capacityKg}
        error={errors.capacityKg}
      />
      <TextField
        label="Licence plate"
        autoComplete="off"
        autoCapitalize="characters"
        required
        {...fields.plate}
        error={errors.plate}
      />
    </fieldset>
  );
}
