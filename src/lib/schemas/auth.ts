// Input schemas shared by the forms (client-side hints) and the tRPC procedures (the truth).
import { z } from "zod";

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

export const ZNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter your name." })
  .max(100, { error: "Name is too long." });

export const ZPhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, { error: "Enter a phone number like +1 312 555 0100." });

export const ZDriverDetailsSchema = z.object({
  vehicleType: z.enum(vehicleTypes, { error: "Choose a vehicle type." }),
  capacityKg: z.coerce
    .number({ error: "Enter the capacity in kg." })
    .int({ error: "Use whole kilograms." })
    .min(50, { error: "Capacity must be at least 50 kg." })
    .max(40_000, { error: "Capacity must be at most 40,000 kg." }),
  plate: z.string().trim().min(2, { error: "Enter the licence plate." }).max(16, { error: "Plate is too long." }),
});

export const ZRegisterSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("SHIPPER"), name: ZNameSchema, email: ZEmailSchema, password: ZPasswordSchema }),
  z.object({
    role: z.literal("DRIVER"),
    name: ZNameSchema,
    email: ZEmailSchema,
    password: ZPasswordSchema,
    driver: ZDriverDetailsSchema,
  }),
]);
export type TRegisterInput = z.infer<typeof ZRegisterSchema>;

export const ZTokenSchema = z.string().min(20).max(200);

export const ZResetPasswordSchema = z.object({ token: ZTokenSchema, password: ZPasswordSchema });

export const ZChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(128),
  newPassword: ZPasswordSchema,
});

export const ZUpdateProfileSchema = z.object({
  name: ZNameSchema,
  phone: ZPhoneSchema.or(z.literal("")).optional(),
  driver: ZDriverDetailsSchema.optional(),
});
