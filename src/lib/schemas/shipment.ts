// Shipment input schemas shared by the form (live hints) and the procedures (the truth).
import { z } from "zod";

import { shipmentStatuses } from "~/lib/shipment-state";
import { vehicleTypes } from "~/lib/vehicles";

const ZLat = z.coerce
  .number({ error: "Enter a latitude." })
  .min(-90, { error: "Latitude is between -90 and 90." })
  .max(90, { error: "Latitude is between -90 and 90." });
const ZLng = z.coerce
  .number({ error: "Enter a longitude." })
  .min(-180, { error: "Longitude is between -180 and 180." })
  .max(180, { error: "Longitude is between -180 and 180." });
const ZDate = z.coerce.date({ error: "Enter a date and time." });
const ZOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const ZStopSchema = z
  .object({
    address: z.string().trim().min(3, { error: "Enter the street address." }).max(200),
    city: z.string().trim().min(2, { error: "Enter the city." }).max(80),
    lat: ZLat,
    lng: ZLng,
    windowStart: ZDate,
    windowEnd: ZDate,
    contactName: ZOptionalText(100),
    contactPhone: ZOptionalText(30),
  })
  .refine((s) => s.windowEnd > s.windowStart, { error: "The window must end after it starts.", path: ["windowEnd"] });

export const ZCargoSchema = z.object({
  description: z.string().trim().min(3, { error: "Describe the cargo." }).max(500),
  weightKg: z.coerce
    .number({ error: "Enter the weight." })
    .int({ error: "Use whole kilograms." })
    .min(1, { error: "Weight must be at least 1 kg." })
    .max(40_000, { error: "Weight must be at most 40,000 kg." }),
  lengthCm: z.coerce.number().int().min(1).max(2_000).optional(),
  widthCm: z.coerce.number().int().min(1).max(300).optional(),
  heightCm: z.coerce.number().int().min(1).max(450).optional(),
  vehicleType: z.enum(vehicleTypes, { error: "Choose a vehicle type." }),
});

export const ZRecipientSchema = z.object({
  name: z.string().trim().min(2, { error: "Enter the recipient's name." }).max(100),
  phone: ZOptionalText(30),
  email: z
    .email({ error: "Enter a valid email address." })
    .max(254)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const ZShipmentInputSchema = z
  .object({ pickup: ZStopSchema, dropoff: ZStopSchema, cargo: ZCargoSchema, recipient: ZRecipientSchema })
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
  pickup: z.object({ lat: ZLat, lng: ZLng }),
  dropoff: z.object({ lat: ZLat, lng: ZLng }),
  weightKg: ZCargoSchema.shape.weightKg,
  vehicleType: ZCargoSchema.shape.vehicleType,
});

export const ZShipmentIdSchema = z.object({ id: z.string().min(1).max(64) });

export const ZShipmentListSchema = z.object({
  status: z.enum(shipmentStatuses).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  search: z.string().trim().max(40).optional(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});

export const ZReasonSchema = z.string().trim().min(3, { error: "Give a reason (at least 3 characters)." }).max(500);

export const ZDeliveryCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { error: "The delivery code has 6 digits." });

/**
 * A reason the person may leave out (a driver releasing a job, an admin disabling an account): blank text means none.
 * A procedure whose caller may omit the field takes `ZOptionalReasonSchema.optional()`.
 */
export const ZOptionalReasonSchema = z
  .string()
  .trim()
  .max(500, { error: "Use at most 500 characters." })
  .transform((v) => (v ? v : undefined));
