// Sign-up. Its answer never tells whether an email is registered (OWASP ASVS 5.0 6.3.7): a taken address gets the
// same answer after the same work, and its owner gets an email instead of the caller getting an error.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import type { TRegisterInput } from "~/lib/schemas/auth";
import { hashPassword, passwordProblem } from "~/server/auth/password";
import { db } from "~/server/db";
import { runAfterResponse } from "~/server/services/background";
import { sendEmail } from "~/server/services/email/send-email";
import { accountExistsEmail } from "~/server/services/email/templates";
import { consume, limits } from "~/server/services/rate-limit/rate-limit";
import { issueVerificationToken, sendVerificationEmailLater } from "./verification";

/**
 * Creates an unverified account (with a driver profile for drivers) and emails its verification link; for an
 * address that already has an account, changes nothing and emails its owner a notice. Either way it resolves
 * with nothing after one bcrypt hash. Throws TOO_MANY_REQUESTS past 10 sign-ups an hour per IP, and
 * BAD_REQUEST with a `password` field error for a weak or common password.
 */
export async function registerUser(opts: { input: TRegisterInput; ip: string }): Promise<void> {
  const { input } = opts;
  await consume(limits.register(opts.ip), "sign-ups from this network");

  const problem = passwordProblem(input.password);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { password: [problem] } });

  // Hashed before the lookup, so a taken address costs the same time as a new one.
  const passwordHash = await hashPassword(input.password);
  const taken = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) return notifyOwner(input.email);

  try {
    const { user, url } = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          passwordHash,
          driverProfile: input.role === "DRIVER" ? { create: { ...input.driver } } : undefined,
        },
      });
      const url = await issueVerificationToken(tx, user.id);
      return { user, url };
    });
    sendVerificationEmailLater(user, url);
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, and the loser is told like any taken address.
    if ((error as { code?: string }).code === "P2002") return notifyOwner(input.email);
    throw error;
  }
}

/** Tells the owner of `email` that someone tried to sign up with it (not for disabled accounts). */
async function notifyOwner(email: string): Promise<void> {
  const owner = await db.user.findUnique({ where: { email }, select: { name: true, disabledAt: true } });
  if (!owner || owner.disabledAt) return;
  const mail = accountExistsEmail(owner.name, {
    signInUrl: `${env.APP_URL}/sign-in`,
    resetUrl: `${env.APP_URL}/forgot-password`,
  });
  runAfterResponse(() => sendEmail({ to: email, ...mail }), "account exists email");
}
