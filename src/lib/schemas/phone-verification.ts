// Inputs of phone verification (account page): shared by the form and the tRPC procedures.
import { z } from "zod";

const E164_MESSAGE = "Enter the number with its country code, like +1 312 555 0100.";

/**
 * A phone number as people write it with its country code ("+1 (312) 555-0100"), normalised to E.164
 * ("+13125550100": "+", a non-zero first digit, 8 to 15 digits in all). Without the "+" the country is unknown, so
 * the number is refused rather than guessed.
 */
export const ZE164PhoneSchema = z
  .string({ error: E164_MESSAGE })
  .trim()
  .regex(/^\+[0-9 ()-]{7,24}$/, { error: E164_MESSAGE })
  .transform((v) => `+${v.replace(/\D/g, "")}`)
  .refine((v) => /^\+[1-9]\d{7,14}$/.test(v), { error: E164_MESSAGE });

/** Normalises `value` to E.164 (see ZE164PhoneSchema), or null when it is not a number with its country code. */
export function toE164(value: string): string | null {
  const parsed = ZE164PhoneSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export const ZStartPhoneVerificationSchema = z.object({ phone: ZE164PhoneSchema });
export type TStartPhoneVerification = z.infer<typeof ZStartPhoneVerificationSchema>;

export const ZConfirmPhoneVerificationSchema = z.object({
  phone: ZE164PhoneSchema,
  code: z
    .string({ error: "Enter the 6-digit code." })
    .trim()
    .regex(/^\d{6}$/, { error: "Enter the 6-digit code." }),
});
export type TConfirmPhoneVerification = z.infer<typeof ZConfirmPhoneVerificationSchema>;
