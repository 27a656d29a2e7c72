import type { VehicleType } from "~/generated/prisma/enums";

export const vehicleTypes = ["VAN", "BOX_TRUCK", "FLATBED", "REEFER", "SEMI"] as const satisfies readonly VehicleType[];

export const vehicleLabel: Record<VehicleType, string> = {
  VAN: "Cargo van",
  BOX_TRUCK: "Box truck",
  FLATBED: "Flatbed",
  REEFER: "Refrigerated",
  SEMI: "Semi-trailer",
};

/** Which vehicles can carry a load that requires `required` (a semi can take any van load, not the reverse). */
export const vehiclesThatCanCarry: Record<VehicleType, readonly VehicleType[]> = {
  VAN: ["VAN", "BOX_TRUCK", "SEMI"],
  BOX_TRUCK: ["BOX_TRUCK", "SEMI"],
  FLATBED: ["FLATBED"],
  REEFER: ["REEFER"],
  SEMI: ["SEMI"],
};

export function canCarry(driverVehicle: VehicleType, required: VehicleType): boolean {
  return vehiclesThatCanCarry[required].includes(driverVehicle);
}
