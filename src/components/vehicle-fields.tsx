"use client";

import type { ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

import { SelectField, TextField } from "~/components/ui/field";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";

type TVehicleField = "vehicleType" | "capacityKg" | "plate";
type TRegisteredField = Exclude<TVehicleField, "capacityKg">;

const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));

/**
 * A driver's vehicle: used when registering and on the account page. The type and plate come registered with the
 * parent's react-hook-form; the capacity is the parent's CapacityField (typed in the viewer's units, stored in kg).
 */
export function VehicleFields(props: {
  fields: Record<TRegisteredField, UseFormRegisterReturn>;
  /** The capacity control (CapacityField), between the type and the plate. */
  capacity: ReactNode;
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
      {props.capacity}
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

/** The heaviest load the vehicle carries, kg (ZDriverDetailsSchema's bounds). */
export const CAPACITY_KG = { min: 50, max: 40_000 } as const;
