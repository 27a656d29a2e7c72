// Shipment input schemas shared by the form (live hints) and the procedures (the truth).
import { z } from "zod";

import {
  ZCursorSchema,
  ZDate,
  ZIdSchema,
  ZInt,
  ZLatitudeSchema,
  ZLongitudeSchema,
  ZOptionalPhoneSchema,
  ZOptionalText,
  ZText,
  ZUrlTokenSchema,
} from "~/lib/schemas/primitives";
import { shipmentStatuses } from "~/lib/shipment-state";
import { vehicleTypes } from "~/lib/vehicles";

/**
 * Where a stop's point came from: Google Places/Geocoding, the offline gazetteer, the map pin moved to the dock, or
 * coordinates typed by hand (the default when none is given).
 */
export const geocodeSources = ["google", "gazetteer", "pin", "coordinates"] as const;
export type TGeocodeSource = (typeof geocodeSources)[number];

export const ZStopSchema = z
  .object({
    address: ZText({ min: 3, max: 200, required: "Enter the street address." }),
    city: ZText({ min: 2, max: 80, required: "Enter the city." }),
    lat: ZLatitudeSchema,
    lng: ZLongitudeSchema,
    windowStart: ZDate(),
    windowEnd: ZDate(),
    contactName: ZOptionalText({ max: 100 }),
    contactPhone: ZOptionalPhoneSchema,
    // From the address search (places.resolve); all optional: a stop may be placed by typed coordinates alone.
    formattedAddress: ZOptionalText({ max: 300 }),
    region: ZOptionalText({ max: 80 }),
    postalCode: ZOptionalText({ max: 20 }),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, { error: "Use a two-letter country code." })
      .transform((v) => v.toUpperCase())
      .optional()
      .or(z.literal("").transform(() => undefined)),
    geocodeSource: z.enum(geocodeSources, { error: "Choose where the point came from." }).optional(),
  })
  .refine((s) => s.windowEnd > s.windowStart, { error: "The window must end after it starts.", path: ["windowEnd"] });

export const ZCargoSchema = z.object({
  description: ZText({ min: 3, max: 500, required: "Describe the cargo.", multiline: true }),
  // The limits name both units: the field is typed in lb or kg (the viewer's units) and stored in kg.
  weightKg: ZInt("Enter the weight.", "Use a whole number.")
    .min(1, { error: "Weight must be at least 1 kg (about 2 lb)." })
    .max(40_000, { error: "Weight must be at most 40,000 kg (about 88,185 lb)." }),
  lengthCm: ZInt("Enter the length in cm.", "Use whole centimetres.").min(1).max(2_000).optional(),
  widthCm: ZInt("Enter the width in cm.", "Use whole centimetres.").min(1).max(300).optional(),
  heightCm: ZInt("Enter the height in cm.", "Use whole centimetres.").min(1).max(450).optional(),
  vehicleType: z.enum(vehicleTypes, { error: "Choose a vehicle type." }),
});

export const ZRecipientSchema = z.object({
  name: ZText({ min: 2, max: 100, required: "Enter the recipient's name." }),
  phone: ZOptionalPhoneSchema,
  email: z
    .email({ error: "Enter a valid email address." })
    .max(254)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** Proof a driver can give at delivery: the recipient's 6-digit code, a photo of the cargo, a name and signature. */
export const proofMethods = ["CODE", "PHOTO", "SIGNATURE"] as const;
export type TProofMethod = (typeof proofMethods)[number];

/** What the shipment form preselects (issue 12 §5): a photo and the recipient's signature; the code on request. */
export const DEFAULT_POD_REQUIRES: readonly TProofMethod[] = ["PHOTO", "SIGNATURE"];

/**
 * The proof of delivery the shipper requires (at least one of `proofMethods`; repeats dropped, kept in that order)
 * and whether the public tracking page may show the delivery photo. Optional on the API: a shipment created without
 * it requires the code alone (the check before this choice existed) and shows no photo; an update without it keeps
 * what was chosen.
 */
export const ZProofOptionsSchema = z.object({
  requires: z
    .array(z.enum(proofMethods, { error: "Choose code, photo or signature." }), {
      error: "Choose at least one proof of delivery.",
    })
    .min(1, { error: "Choose at least one proof of delivery." })
    .max(proofMethods.length * 2, { error: "Choose at most three proofs of delivery." })
    .transform((v) => proofMethods.filter((m) => v.includes(m))),
  photoPublic: z.boolean({ error: "Choose whether to show the photo." }).default(false),
});

export const ZShipmentInputSchema = z
  .object({
    pickup: ZStopSchema,
    dropoff: ZStopSchema,
    cargo: ZCargoSchema,
    recipient: ZRecipientSchema,
    proof: ZProofOptionsSchema.optional(),
  })
  .refine((s) => s.dropoff.windowEnd > s.pickup.windowStart, {
    error: "Drop-off must end after pick-up starts.",
    path: ["dropoff", "windowEnd"],
  })
  .refine((s) => s.pickup.lat !== s.dropoff.lat || s.pickup.lng !== s.dropoff.lng, {
    error: "Pick-up and drop-off must be different places.",
    path: ["dropoff", "lat"],
  });
export type TShipmentInput = z.infer<typeof ZShipmentInputSchema>;
export type TShipmentFormInput = z.input<typeof ZShipmentInputSchema>;

export const ZQuoteInputSchema = z.object({
  pickup: z.object({ lat: ZLatitudeSchema, lng: ZLongitudeSchema }),
  dropoff: z.object({ lat: ZLatitudeSchema, lng: ZLongitudeSchema }),
  weightKg: ZCargoSchema.shape.weightKg,
  vehicleType: ZCargoSchema.shape.vehicleType,
});

export const ZShipmentIdSchema = z.object({ id: ZIdSchema });

/** A public tracking link's token (24 base64url characters as issued; 10–100 accepted). */
export const ZTrackingTokenSchema = ZUrlTokenSchema({ min: 10, max: 100 });

export const ZShipmentListSchema = z.object({
  status: z.enum(shipmentStatuses).optional(),
  from: ZDate("Enter a valid start date.").optional(),
  to: ZDate("Enter a valid end date.").optional(),
  search: ZText({ max: 40 }).optional(),
  cursor: ZCursorSchema.nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** The most characters a reason may have (ZReasonSchema, ZOptionalReasonSchema; the reason form counts down to it). */
export const REASON_MAX = 500;

export const ZReasonSchema = ZText({
  min: 3,
  max: REASON_MAX,
  required: "Give a reason (at least 3 characters).",
  multiline: true,
});

export const ZDeliveryCodeSchema = z
  .string({ error: "The delivery code has 6 digits." })
  .max(32, { error: "The delivery code has 6 digits.", abort: true })
  // Codes are read out and pasted as " 738 412" or "738-412": only the digits count.
  .overwrite((v) => v.replace(/[\s-]/g, ""))
  .regex(/^\d{6}$/, { error: "The delivery code has 6 digits." });

/**
 * A reason the person may leave out (a driver releasing a job, an admin disabling an account): blank text means none.
 * A procedure whose caller may omit the field takes `ZOptionalReasonSchema.optional()`.
 */
export const ZOptionalReasonSchema = z
  .string()
  .trim()
  .max(REASON_MAX, { error: `Use at most ${REASON_MAX} characters.` })
  .transform((v) => (v ? v : undefined));
