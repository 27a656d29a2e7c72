// What an edit of a shipment changed: computed by the update service from the row before and after, stored in the
// UPDATED event's `data`, and turned into the timeline's sentence ("Price changed from $1,200.00 to $1,350.00;
// pick-up window moved; cargo weight 800 → 900 kg"). Shared by server and client, so it stays pure.
import { z } from "zod";

import type { VehicleType } from "~/generated/prisma/enums";
import { formatMoney } from "~/lib/money";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";

/** Parts of a shipment whose change is told without values (addresses, contacts and texts can be long). */
export const changedParts = [
  "price",
  "pickupAddress",
  "pickupWindow",
  "pickupContact",
  "dropoffAddress",
  "dropoffWindow",
  "dropoffContact",
  "cargoDescription",
  "dimensions",
  "recipient",
] as const;
export type TChangedPart = (typeof changedParts)[number];

const ZStopSchema = z.enum(["pickup", "dropoff"]);

/** One change; money in integer cents, weights in kilograms. */
export const ZShipmentChangeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("price"),
    fromCents: z.number().int(),
    toCents: z.number().int(),
    currency: z.string().length(3),
  }),
  z.object({ kind: z.literal("weight"), fromKg: z.number(), toKg: z.number() }),
  z.object({ kind: z.literal("vehicle"), from: z.enum(vehicleTypes), to: z.enum(vehicleTypes) }),
  z.object({ kind: z.literal("city"), stop: ZStopSchema, from: z.string(), to: z.string() }),
  z.object({ kind: z.literal("changed"), part: z.enum(changedParts) }),
]);
export type TShipmentChange = z.infer<typeof ZShipmentChangeSchema>;

/** The `data` of an UPDATED shipment event. */
export const ZShipmentEditDataSchema = z.object({ changes: z.array(ZShipmentChangeSchema) });
export type TShipmentEditData = z.infer<typeof ZShipmentEditDataSchema>;

/** The fields of a shipment row that an edit can change (the columns of the same names). */
export type TEditableShipment = {
  priceCents: number;
  currency: string;
  pickupCity: string;
  pickupAddress: string;
  pickupLat: number;
  pickupLng: number;
  pickupWindowStart: Date;
  pickupWindowEnd: Date;
  pickupContactName: string | null;
  pickupContactPhone: string | null;
  dropoffCity: string;
  dropoffAddress: string;
  dropoffLat: number;
  dropoffLng: number;
  dropoffWindowStart: Date;
  dropoffWindowEnd: Date;
  dropoffContactName: string | null;
  dropoffContactPhone: string | null;
  cargoDescription: string;
  weightKg: number;
  lengthCm: number | null;
  widthCm: number | null;
  heightCm: number | null;
  requiredVehicleType: VehicleType;
  recipientName: string;
  recipientPhone: string | null;
  recipientEmail: string | null;
};

const differs = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() !== b.getTime() : a !== b;

/** The changes from `before` to `after`, in the order the timeline tells them (price first, then stops, cargo). */
export function diffShipment(before: TEditableShipment, after: TEditableShipment): TShipmentChange[] {
  const changes: TShipmentChange[] = [];
  const any = (...keys: (keyof TEditableShipment)[]) => keys.some((k) => differs(before[k], after[k]));
  if (before.priceCents !== after.priceCents || before.currency !== after.currency) {
    changes.push({ kind: "price", fromCents: before.priceCents, toCents: after.priceCents, currency: after.currency });
  }
  for (const stop of ["pickup", "dropoff"] as const) {
    if (before[`${stop}City`] !== after[`${stop}City`]) {
      changes.push({ kind: "city", stop, from: before[`${stop}City`], to: after[`${stop}City`] });
    } else if (any(`${stop}Address`, `${stop}Lat`, `${stop}Lng`)) {
      changes.push({ kind: "changed", part: `${stop}Address` });
    }
    if (any(`${stop}WindowStart`, `${stop}WindowEnd`)) changes.push({ kind: "changed", part: `${stop}Window` });
    if (any(`${stop}ContactName`, `${stop}ContactPhone`)) changes.push({ kind: "changed", part: `${stop}Contact` });
  }
  if (any("cargoDescription")) changes.push({ kind: "changed", part: "cargoDescription" });
  if (before.weightKg !== after.weightKg)
    changes.push({ kind: "weight", fromKg: before.weightKg, toKg: after.weightKg });
  if (any("lengthCm", "widthCm", "heightCm")) changes.push({ kind: "changed", part: "dimensions" });
  if (before.requiredVehicleType !== after.requiredVehicleType) {
    changes.push({ kind: "vehicle", from: before.requiredVehicleType, to: after.requiredVehicleType });
  }
  if (any("recipientName", "recipientPhone", "recipientEmail")) changes.push({ kind: "changed", part: "recipient" });
  return changes;
}

const stopLabel = { pickup: "pick-up", dropoff: "drop-off" } as const;
const partText: Record<TChangedPart, string> = {
  price: "price changed",
  pickupAddress: "pick-up address changed",
  pickupWindow: "pick-up window moved",
  pickupContact: "pick-up contact changed",
  dropoffAddress: "drop-off address changed",
  dropoffWindow: "drop-off window moved",
  dropoffContact: "drop-off contact changed",
  cargoDescription: "cargo description changed",
  dimensions: "cargo dimensions changed",
  recipient: "recipient details changed",
};
const kg = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

function changeText(c: TShipmentChange): string {
  switch (c.kind) {
    case "price":
      return `price changed from ${formatMoney(c.fromCents, c.currency)} to ${formatMoney(c.toCents, c.currency)}`;
    case "weight":
      return `cargo weight ${kg.format(c.fromKg)} → ${kg.format(c.toKg)} kg`;
    case "vehicle":
      return `vehicle ${vehicleLabel[c.from]} → ${vehicleLabel[c.to]}`;
    case "city":
      return `${stopLabel[c.stop]} moved from ${c.from} to ${c.to}`;
    case "changed":
      return partText[c.part];
  }
}

/**
 * The sentence for an UPDATED event. `data` is the event's stored JSON: events written before changes were recorded
 * (or with data this version cannot read) get `fallback`.
 */
export function describeShipmentEdit(data: unknown, fallback: string): string {
  const parsed = ZShipmentEditDataSchema.safeParse(data);
  if (!parsed.success) return fallback;
  if (parsed.data.changes.length === 0) return "Saved without changes";
  const text = parsed.data.changes.map(changeText).join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The event data for a viewer who may not see the shipper's price (the assigned driver): amounts are dropped, the
 * fact that the price changed stays. Data this version cannot read becomes null (the timeline's generic text).
 */
export function withoutPriceAmounts(data: unknown): TShipmentEditData | null {
  const parsed = ZShipmentEditDataSchema.safeParse(data);
  if (!parsed.success) return null;
  return {
    changes: parsed.data.changes.map((c) => (c.kind === "price" ? { kind: "changed" as const, part: "price" } : c)),
  };
}
