// The shipment form's values and the pure helpers around them. Values have the schema's input types (numbers as
// numbers, windows as Dates), keyed by the same dotted paths Zod reports errors on (`pickup.city`), so client- and
// server-side errors land beside the right field. Not a client module: the edit page (a server component) uses
// `formInitialFrom` and `isEditable`.
import type { DeepPartial } from "react-hook-form";
import type { z } from "zod";

import type { ShipmentStatus, VehicleType } from "~/generated/prisma/enums";
import {
  DEFAULT_POD_REQUIRES,
  geocodeSources,
  type TGeocodeSource,
  type TProofMethod,
  type ZShipmentInputSchema,
} from "~/lib/schemas/shipment";
import { editableStatuses } from "~/lib/shipment-state";
import type { TUnitSystem } from "~/lib/units";

const stopFields = [
  "address",
  "city",
  "lat",
  "lng",
  "windowStart",
  "windowEnd",
  "contactName",
  "contactPhone",
  "formattedAddress",
  "region",
  "postalCode",
  "country",
  "geocodeSource",
] as const;

export const shipmentFieldPaths = [
  ...stopFields.map((f) => `pickup.${f}` as const),
  ...stopFields.map((f) => `dropoff.${f}` as const),
  "cargo.description",
  "cargo.weightKg",
  "cargo.lengthCm",
  "cargo.widthCm",
  "cargo.heightCm",
  "cargo.vehicleType",
  "recipient.name",
  "recipient.phone",
  "recipient.email",
  "proof.requires",
  "proof.photoPublic",
] as const;

export type TShipmentFieldPath = (typeof shipmentFieldPaths)[number];

/** What the form holds: the schema's input, any part of which may still be missing while it is filled in. */
export type TShipmentFormValues = DeepPartial<z.input<typeof ZShipmentInputSchema>>;

export function isShipmentFieldPath(key: string): key is TShipmentFieldPath {
  return (shipmentFieldPaths as readonly string[]).includes(key);
}

/** The id of a field's control, for labels, the error summary's links and focus. */
export function fieldId(path: TShipmentFieldPath): string {
  return `shipment-${path.replace(".", "-")}`;
}

export const fieldLabels: Record<TShipmentFieldPath, string> = {
  "pickup.address": "Pick-up address",
  "pickup.city": "Pick-up city",
  "pickup.lat": "Pick-up latitude",
  "pickup.lng": "Pick-up longitude",
  "pickup.windowStart": "Pick-up window start",
  "pickup.windowEnd": "Pick-up window end",
  "pickup.contactName": "Pick-up contact name",
  "pickup.contactPhone": "Pick-up contact phone",
  "pickup.formattedAddress": "Pick-up place",
  "pickup.region": "Pick-up state or region",
  "pickup.postalCode": "Pick-up postal code",
  "pickup.country": "Pick-up country",
  "pickup.geocodeSource": "Pick-up point source",
  "dropoff.address": "Drop-off address",
  "dropoff.city": "Drop-off city",
  "dropoff.lat": "Drop-off latitude",
  "dropoff.lng": "Drop-off longitude",
  "dropoff.windowStart": "Drop-off window start",
  "dropoff.windowEnd": "Drop-off window end",
  "dropoff.contactName": "Drop-off contact name",
  "dropoff.contactPhone": "Drop-off contact phone",
  "dropoff.formattedAddress": "Drop-off place",
  "dropoff.region": "Drop-off state or region",
  "dropoff.postalCode": "Drop-off postal code",
  "dropoff.country": "Drop-off country",
  "dropoff.geocodeSource": "Drop-off point source",
  "cargo.description": "Cargo description",
  "cargo.weightKg": "Weight (kg)",
  "cargo.lengthCm": "Length (cm)",
  "cargo.widthCm": "Width (cm)",
  "cargo.heightCm": "Height (cm)",
  "cargo.vehicleType": "Vehicle type",
  "recipient.name": "Recipient name",
  "recipient.phone": "Recipient phone",
  "recipient.email": "Recipient email",
  "proof.requires": "Proof of delivery",
  "proof.photoPublic": "Delivery photo on the tracking page",
};

/** A new shipment: text fields empty, numbers, dates and the vehicle type missing, the default proof of delivery. */
export function emptyShipmentFormValues(): TShipmentFormValues {
  const stop = { address: "", city: "", contactName: "", contactPhone: "" };
  return {
    pickup: { ...stop },
    dropoff: { ...stop },
    cargo: { description: "" },
    recipient: { name: "", phone: "", email: "" },
    proof: { requires: [...DEFAULT_POD_REQUIRES], photoPublic: false },
  };
}

/** What the edit page loads: the parts of `shipment.get` the form shows. */
export type TShipmentFormInitial = {
  pickup: TInitialStop;
  dropoff: TInitialStop;
  cargo: {
    description: string;
    weightKg: number;
    lengthCm: number | null;
    widthCm: number | null;
    heightCm: number | null;
    vehicleType: VehicleType;
  };
  recipient: { name: string; phone: string | null; email: string | null };
  /** The proof of delivery chosen; missing means the form's default. */
  proof?: { requires: TProofMethod[]; photoPublic: boolean };
};

type TInitialStop = {
  address: string;
  city: string;
  lat: number;
  lng: number;
  windowStart: Date;
  windowEnd: Date;
  contactName: string | null;
  contactPhone: string | null;
  /** From the address search; missing or null when the point was typed (and on loads from before them). */
  formattedAddress?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  geocodeSource?: TGeocodeSource | null;
};

/** Shape of `shipment.get` that an owner sees (details present). */
type TGetOutputLike = {
  status: ShipmentStatus;
  pickup: { city: string; lat: number; lng: number; windowStart: Date; windowEnd: Date };
  dropoff: { city: string; lat: number; lng: number; windowStart: Date; windowEnd: Date };
  cargo: TShipmentFormInitial["cargo"];
  podRequires: TProofMethod[];
  podPhotoPublic: boolean;
  details: {
    pickupAddress: string;
    pickupFormattedAddress: string | null;
    pickupRegion: string | null;
    pickupPostalCode: string | null;
    pickupCountry: string | null;
    pickupGeocodeSource: string | null;
    pickupContactName: string | null;
    pickupContactPhone: string | null;
    dropoffAddress: string;
    dropoffFormattedAddress: string | null;
    dropoffRegion: string | null;
    dropoffPostalCode: string | null;
    dropoffCountry: string | null;
    dropoffGeocodeSource: string | null;
    dropoffContactName: string | null;
    dropoffContactPhone: string | null;
    recipientName: string;
    recipientPhone: string | null;
    recipientEmail: string | null;
  } | null;
};

function asGeocodeSource(v: string | null): TGeocodeSource | null {
  return (geocodeSources as readonly string[]).includes(v ?? "") ? (v as TGeocodeSource) : null;
}

export function formInitialFrom(s: TGetOutputLike): TShipmentFormInitial | null {
  const d = s.details;
  if (!d) return null;
  return {
    pickup: {
      ...s.pickup,
      address: d.pickupAddress,
      formattedAddress: d.pickupFormattedAddress,
      region: d.pickupRegion,
      postalCode: d.pickupPostalCode,
      country: d.pickupCountry,
      geocodeSource: asGeocodeSource(d.pickupGeocodeSource),
      contactName: d.pickupContactName,
      contactPhone: d.pickupContactPhone,
    },
    dropoff: {
      ...s.dropoff,
      address: d.dropoffAddress,
      formattedAddress: d.dropoffFormattedAddress,
      region: d.dropoffRegion,
      postalCode: d.dropoffPostalCode,
      country: d.dropoffCountry,
      geocodeSource: asGeocodeSource(d.dropoffGeocodeSource),
      contactName: d.dropoffContactName,
      contactPhone: d.dropoffContactPhone,
    },
    cargo: s.cargo,
    recipient: { name: d.recipientName, phone: d.recipientPhone, email: d.recipientEmail },
    proof: { requires: s.podRequires, photoPublic: s.podPhotoPublic },
  };
}

/** Edits are possible until a driver accepts (the service refuses them afterwards with CONFLICT). */
export function isEditable(status: ShipmentStatus): boolean {
  return editableStatuses.includes(status);
}

/** The form's values for a loaded shipment; missing optional parts become empty text or a missing number. */
export function valuesFromInitial(initial: TShipmentFormInitial): TShipmentFormValues {
  const stop = (s: TInitialStop) => ({
    ...s,
    contactName: s.contactName ?? "",
    contactPhone: s.contactPhone ?? "",
    formattedAddress: s.formattedAddress ?? "",
    region: s.region ?? "",
    postalCode: s.postalCode ?? "",
    country: s.country ?? "",
    geocodeSource: s.geocodeSource ?? undefined,
  });
  const c = initial.cargo;
  return {
    pickup: stop(initial.pickup),
    dropoff: stop(initial.dropoff),
    cargo: {
      description: c.description,
      weightKg: c.weightKg,
      lengthCm: c.lengthCm ?? undefined,
      widthCm: c.widthCm ?? undefined,
      heightCm: c.heightCm ?? undefined,
      vehicleType: c.vehicleType,
    },
    recipient: {
      name: initial.recipient.name,
      phone: initial.recipient.phone ?? "",
      email: initial.recipient.email ?? "",
    },
    proof: initial.proof
      ? { requires: [...initial.proof.requires], photoPublic: initial.proof.photoPublic }
      : { requires: [...DEFAULT_POD_REQUIRES], photoPublic: false },
  };
}

// ─── After a stale edit ─────────────────────────────────────────────────────────

function valueAt(values: TShipmentFormValues, path: TShipmentFieldPath): unknown {
  const [group, field] = path.split(".") as [keyof TShipmentFormValues, string];
  return (values[group] as Record<string, unknown> | undefined)?.[field];
}

/** Equal as the person sees them: dates by instant, lists by their items, empty text and a missing value alike. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join() === [...b].sort().join();
  return (a ?? "") === (b ?? "");
}

/**
 * After a stale edit: the latest server value for each field the person had not changed (still equal to what was
 * loaded); their own input wins elsewhere. Returns those updates by path.
 */
export function latestUpdates(
  current: TShipmentFormValues,
  loadedBase: TShipmentFormValues,
  latest: TShipmentFormValues,
): { path: TShipmentFieldPath; value: unknown }[] {
  return shipmentFieldPaths
    .filter((p) => sameValue(valueAt(current, p), valueAt(loadedBase, p)))
    .filter((p) => !sameValue(valueAt(latest, p), valueAt(current, p)))
    .map((path) => ({ path, value: valueAt(latest, path) }));
}

/**
 * A field's label as the viewer's form shows it: weight in lb and dimensions in inches for US customary units (the
 * stored fields are kg and cm, src/lib/units.ts), so the error summary names the field the person sees.
 */
export function fieldLabelIn(path: TShipmentFieldPath, units: TUnitSystem): string {
  const label = fieldLabels[path];
  return units === "us" ? label.replace(/ \(kg\)$/, " (lb)").replace(/ \(cm\)$/, " (in)") : label;
}
