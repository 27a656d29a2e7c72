// Input schemas shared by the forms (client-side hints) and the tRPC procedures (the truth).
import { z } from "zod";

import {
  ZInt,
  ZLatitudeSchema,
  ZLongitudeSchema,
  ZOptionalPhoneSchema,
  ZText,
  ZUrlTokenSchema,
} from "~/lib/schemas/primitives";
import { vehicleTypes } from "~/lib/vehicles";

export const ZEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }).max(254, { error: "Email is too long." }));

/** Length only: the common-password check needs the server's list. */
export const ZPasswordSchema = z
  .string()
  .min(8, { error: "Use at least 8 characters." })
  .max(128, { error: "Use at most 128 characters." });

export const ZNameSchema = ZText({ min: 1, max: 100, required: "Enter your name.", tooLong: "Name is too long." });

export const ZDriverDetailsSchema = z.object({
  vehicleType: z.enum(vehicleTypes, { error: "Choose a vehicle type." }),
  // The limits name both units: the field is typed in lb or kg (the viewer's units) and stored in kg.
  capacityKg: ZInt("Enter the capacity.", "Use a whole number.")
    .min(50, { error: "Capacity must be at least 50 kg (about 110 lb)." })
    .max(40_000, { error: "Capacity must be at most 40,000 kg (about 88,185 lb)." }),
  plate: ZText({ min: 2, max: 16, required: "Enter the licence plate.", tooLong: "Plate is too long." }),
});

/**
 * A driver's home base, as chosen in the address search: the place's label ("Chicago, IL, USA") and its point in
 * degrees. The load board measures deadhead from it when the driver has no recent position.
 */
export const ZHomeBaseSchema = z.object({
  label: ZText({
    min: 1,
    max: 200,
    required: "Choose your home base from the suggestions.",
    tooLong: "Home base name is too long.",
  }),
  lat: ZLatitudeSchema,
  lng: ZLongitudeSchema,
});
export type THomeBase = z.infer<typeof ZHomeBaseSchema>;

export const ZRegisterSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("SHIPPER"), name: ZNameSchema, email: ZEmailSchema, password: ZPasswordSchema }),
  z.object({
    role: z.literal("DRIVER"),
    name: ZNameSchema,
    email: ZEmailSchema,
    password: ZPasswordSchema,
    driver: ZDriverDetailsSchema,
    /** Optional at sign-up; set or changed later on the account page. */
    homeBase: ZHomeBaseSchema.optional(),
  }),
]);
export type TRegisterInput = z.infer<typeof ZRegisterSchema>;

/** Email verification and password reset tokens: 32 random bytes in base64url (43 characters). */
export const ZTokenSchema = ZUrlTokenSchema({ min: 20, max: 200 });

export const ZResetPasswordSchema = z.object({ token: ZTokenSchema, password: ZPasswordSchema });

export const ZChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(128),
  newPassword: ZPasswordSchema,
});

export const ZUpdateProfileSchema = z.object({
  name: ZNameSchema,
  /** Blank or missing clears the phone number. */
  phone: ZOptionalPhoneSchema,
  driver: ZDriverDetailsSchema.optional(),
});
