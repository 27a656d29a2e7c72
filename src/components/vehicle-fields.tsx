"use client";

import { SelectField, TextField } from "~/components/ui/field";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";

export type TVehicleDraft = { vehicleType: string; capacityKg: string; plate: string };

/** The schema's input: capacity as a number (blank → undefined, so the schema asks for it), the rest as typed. */
export function toVehicleInput(draft: TVehicleDraft) {
  const capacity = draft.capacityKg.trim();
  return { ...draft, capacityKg: capacity === "" ? undefined : Number(capacity) };
}

const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));

/** A driver's vehicle: used when registering and on the account page. */
export function VehicleFields(props: {
  value: TVehicleDraft;
  onChange: (next: TVehicleDraft) => void;
  errors: Partial<Record<keyof TVehicleDraft, string>>;
  className: string;
  legendClassName: string;
  showHints?: boolean;
}) {
  const { value, onChange, errors } = props;
  const set = (key: keyof TVehicleDraft) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: e.target.value });
  return (
    <fieldset className={props.className}>
      <legend className={props.legendClassName}>Your vehicle</legend>
      <SelectField
        label="Vehicle type"
        name="vehicleType"
        required
        placeholder={value.vehicleType ? undefined : "Choose a vehicle"}
        options={vehicleOptions}
        value={value.vehicleType}
        onChange={set("vehicleType")}
        error={errors.vehicleType}
      />
      <TextField
        label="Capacity (kg)"
        name="capacityKg"
        type="number"
        inputMode="numeric"
        min={50}
        max={40000}
        step={1}
        hint={props.showHints ? "The heaviest load you can carry, 50–40,000 kg." : undefined}
        required
        value={value.capacityKg}
        onChange={set("capacityKg")}
        error={errors.capacityKg}
      />
      <TextField
        label="Licence plate"
        name="plate"
        autoComplete="off"
        autoCapitalize="characters"
        required
        value={value.plate}
        onChange={set("plate")}
        error={errors.plate}
      />
    </fieldset>
  );
}
