// The shipment form's state: one string per input, keyed by the same dotted path Zod reports errors on
// (`pickup.city`), so client-side and server-side errors land beside the right field. Not a client module: the
// edit page (a server component) may use the types and `formInitialFrom`.
import type { ShipmentStatus, VehicleType } from "~/generated/prisma/enums";
import type { TShipmentFormInput } from "~/lib/schemas/shipment";

type TLoose<T> = { [K in keyof T]: T[K] extends Date | number | string ? T[K] | undefined : TLoose<T[K]> };
/** The shipment input as the form builds it: blank fields undefined until the schema reports them. */
export type TShipmentDraft = TLoose<TShipmentFormInput>;

const stopFields = [
  "address",
  "city",
  "lat",
  "lng",
  "windowStart",
  "windowEnd",
  "contactName",
  "contactPhone",
] as const;
type TStopField = (typeof stopFields)[number];

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
] as const;

export type TShipmentFieldPath = (typeof shipmentFieldPaths)[number];
export type TShipmentFormValues = Record<TShipmentFieldPath, string>;

export function isShipmentFieldPath(key: string): key is TShipmentFieldPath {
  return (shipmentFieldPaths as readonly string[]).includes(key);
}

/** The id of a field's control, for labels, error summaries and focus. */
export function fieldId(path: TShipmentFieldPath): string {
  return `shipment-${path.replace(".", "-")}`;
}

export function emptyShipmentFormValues(): TShipmentFormValues {
  return Object.fromEntries(shipmentFieldPaths.map((p) => [p, ""])) as TShipmentFormValues;
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
};

/** Shape of `shipment.get` that an owner sees (details present). */
type TGetOutputLike = {
  status: ShipmentStatus;
  pickup: { city: string; lat: number; lng: number; windowStart: Date; windowEnd: Date };
  dropoff: { city: string; lat: number; lng: number; windowStart: Date; windowEnd: Date };
  cargo: TShipmentFormInitial["cargo"];
  details: {
    pickupAddress: string;
    pickupContactName: string | null;
    pickupContactPhone: string | null;
    dropoffAddress: string;
    dropoffContactName: string | null;
    dropoffContactPhone: string | null;
    recipientName: string;
    recipientPhone: string | null;
    recipientEmail: string | null;
  } | null;
};

export function formInitialFrom(s: TGetOutputLike): TShipmentFormInitial | null {
  const d = s.details;
  if (!d) return null;
  return {
    pickup: {
      ...s.pickup,
      address: d.pickupAddress,
      contactName: d.pickupContactName,
      contactPhone: d.pickupContactPhone,
    },
    dropoff: {
      ...s.dropoff,
      address: d.dropoffAddress,
      contactName: d.dropoffContactName,
      contactPhone: d.dropoffContactPhone,
    },
    cargo: s.cargo,
    recipient: { name: d.recipientName, phone: d.recipientPhone, email: d.recipientEmail },
  };
}

/** Edits are possible until a driver accepts (the service refuses them afterwards with CONFLICT). */
export const editableStatuses: readonly ShipmentStatus[] = ["DRAFT", "POSTED"];

export function isEditable(status: ShipmentStatus): boolean {
  return editableStatuses.includes(status);
}

// ─── Dates: <input type="datetime-local"> speaks local wall-clock time ──────────

const pad = (n: number) => String(n).padStart(2, "0");

/** Date → "2026-03-10T08:00" in the browser's time zone. Call in the browser only (time zones differ). */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "2026-03-10T08:00" → Date in local time; undefined when empty or malformed (the schema then asks for it). */
export function fromLocalInput(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function valuesFromInitial(initial: TShipmentFormInitial): TShipmentFormValues {
  const out = emptyShipmentFormValues();
  for (const stop of ["pickup", "dropoff"] as const) {
    const s = initial[stop];
    const set = (f: TStopField, v: string) => (out[`${stop}.${f}`] = v);
    set("address", s.address);
    set("city", s.city);
    set("lat", String(s.lat));
    set("lng", String(s.lng));
    set("windowStart", toLocalInput(s.windowStart));
    set("windowEnd", toLocalInput(s.windowEnd));
    set("contactName", s.contactName ?? "");
    set("contactPhone", s.contactPhone ?? "");
  }
  const c = initial.cargo;
  out["cargo.description"] = c.description;
  out["cargo.weightKg"] = String(c.weightKg);
  out["cargo.lengthCm"] = c.lengthCm === null ? "" : String(c.lengthCm);
  out["cargo.widthCm"] = c.widthCm === null ? "" : String(c.widthCm);
  out["cargo.heightCm"] = c.heightCm === null ? "" : String(c.heightCm);
  out["cargo.vehicleType"] = c.vehicleType;
  out["recipient.name"] = initial.recipient.name;
  out["recipient.phone"] = initial.recipient.phone ?? "";
  out["recipient.email"] = initial.recipient.email ?? "";
  return out;
}

/**
 * A number input's text → the number the schema takes (procedures accept JSON numbers only). Blank → undefined,
 * so the schema says "Enter …"; text that is not a number → NaN, which the schema refuses with the same message.
 */
export function numberOrUndefined(value: string): number | undefined {
  const v = value.trim();
  return v === "" ? undefined : Number(v);
}

/**
 * The schema's input, built from the form's strings. Blank required fields stay undefined so that the schema
 * names them; hence the looser type until it is parsed.
 */
export function toShipmentInput(v: TShipmentFormValues): TShipmentDraft {
  const stop = (s: "pickup" | "dropoff") => ({
    address: v[`${s}.address`],
    city: v[`${s}.city`],
    lat: numberOrUndefined(v[`${s}.lat`]),
    lng: numberOrUndefined(v[`${s}.lng`]),
    windowStart: fromLocalInput(v[`${s}.windowStart`]),
    windowEnd: fromLocalInput(v[`${s}.windowEnd`]),
    contactName: v[`${s}.contactName`],
    contactPhone: v[`${s}.contactPhone`],
  });
  return {
    pickup: stop("pickup"),
    dropoff: stop("dropoff"),
    cargo: {
      description: v["cargo.description"],
      weightKg: numberOrUndefined(v["cargo.weightKg"]),
      lengthCm: numberOrUndefined(v["cargo.lengthCm"]),
      widthCm: numberOrUndefined(v["cargo.widthCm"]),
      heightCm: numberOrUndefined(v["cargo.heightCm"]),
      // Undefined when none is chosen: the schema then says "Choose a vehicle type."
      vehicleType: (v["cargo.vehicleType"] || undefined) as VehicleType | undefined,
    },
    recipient: { name: v["recipient.name"], phone: v["recipient.phone"], email: v["recipient.email"] },
  };
}

/**
 * After a stale edit: the latest server values, except where the user had changed a field (their input wins).
 * Returns the merged values and how many untouched fields the other edit changed.
 */
export function mergeLatest(
  current: TShipmentFormValues,
  loadedBase: TShipmentFormValues,
  latest: TShipmentFormValues,
): { values: TShipmentFormValues; updated: number } {
  const values = { ...current };
  let updated = 0;
  for (const p of shipmentFieldPaths) {
    if (current[p] === loadedBase[p] && latest[p] !== current[p]) {
      values[p] = latest[p];
      updated++;
    }
  }
  return { values, updated };
}
