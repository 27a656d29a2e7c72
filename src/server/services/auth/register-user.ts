// Sign-up. Its answer never tells whether an email is registered (OWASP ASVS 5.0 6.3.7): a taken address gets the
// same answer after the same work, and its owner gets an email instead of the caller getting an error.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import type { TRegisterInput } from "~/lib/schemas/auth";
import { hashPassword, passwordProblem } from "~/server/auth/password";
import { db } from "~/server/db";
import { sendEmail } from "~/server/services/email/send-email";
import { accountExistsEmail } from "~/server/services/email/templates";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { consume, limits } from "~/server/services/rate-limit/rate-limit";
import type { TEmailOutcome } from "./verification";

/**
 * Creates an unverified account (with a driver profile for drivers) and emits `user/registered`, whose function
 * emails the verification link; for an address that already has an account, changes nothing but emits
 * `user/registration.attempted`, whose function emails its owner a notice. Either way it resolves
 * with nothing after one bcrypt hash. Throws TOO_MANY_REQUESTS past 10 sign-ups an hour per IP, and
 * BAD_REQUEST with a `password` field error for a weak or common password. `hash` is the password hasher
 * (bcrypt's hashPassword; a test passes a counting wrapper to prove the taken-address path does the same work).
 */
export async function registerUser(opts: {
  input: TRegisterInput;
  ip: string;
  hash?: (password: string) => Promise<string>;
}): Promise<void> {
  const { input } = opts;
  await consume(limits.register(opts.ip), "sign-ups from this network");

  const problem = passwordProblem(input.password);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { password: [problem] } });

  // Hashed before the lookup, so a taken address costs the same time as a new one.
  const passwordHash = await (opts.hash ?? hashPassword)(input.password);
  const taken = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) return notifyOwner(input.email);

  try {
    await transactionWithEvents(async (tx, emit) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          passwordHash,
          driverProfile:
            input.role === "DRIVER"
              ? {
                  create: {
                    ...input.driver,
                    ...(input.homeBase
                      ? { baseLabel: input.homeBase.label, baseLat: input.homeBase.lat, baseLng: input.homeBase.lng }
                      : {}),
                  },
                }
              : undefined,
        },
        select: { id: true },
      });
      await emit({ name: "user/registered", data: { userId: user.id } });
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, and the loser is told like any taken address.
    if ((error as { code?: string }).code === "P2002") return notifyOwner(input.email);
    throw error;
  }
}

/** Asks for a notice to the owner of `email` that someone tried to sign up with it (not for disabled accounts). */
async function notifyOwner(email: string): Promise<void> {
  const owner = await db.user.findUnique({ where: { email }, select: { id: true, disabledAt: true } });
  if (!owner || owner.disabledAt) return;
  await transactionWithEvents((_tx, emit) => emit({ name: "user/registration.attempted", data: { userId: owner.id } }));
}

/**
 * Sends the notice one `user/registration.attempted` event asks for. Idempotent: Resend gets the idempotency key
 * `account-exists/<eventId>`, so a retried call sends at most one email. Nothing for a deleted or disabled account.
 * Throws when Resend refuses or is unreachable (the function's step retries).
 */
export async function sendAccountExistsEmail(opts: { userId: string; eventId: string }): Promise<TEmailOutcome> {
  const owner = await db.user.findUnique({
    where: { id: opts.userId },
    select: { email: true, name: true, disabledAt: true },
  });
  if (!owner) return { sent: false, reason: "account deleted" };
  if (owner.disabledAt) return { sent: false, reason: "account disabled" };
  const mail = accountExistsEmail(owner.name, {
    signInUrl: `${env.APP_URL}/sign-in`,
    resetUrl: `${env.APP_URL}/forgot-password`,
  });
  const { id } = await sendEmail({ to: owner.email, ...mail, idempotencyKey: `account-exists/${opts.eventId}` });
  return { sent: true, emailId: id };
}
