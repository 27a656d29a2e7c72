import { AppError } from "~/lib/app-error";
import type { TRegisterInput } from "~/lib/schemas/auth";
import { hashPassword, passwordProblem } from "~/server/auth/password";
import { db } from "~/server/db";
import { consume, limits } from "~/server/services/rate-limit/rate-limit";
import { issueVerificationToken, sendVerificationEmailLater } from "./verification";

export async function registerUser(opts: { input: TRegisterInput; ip: string }): Promise<{ userId: string }> {
  const { input } = opts;
  await consume(limits.register(opts.ip), "sign-ups from this network");

  const problem = passwordProblem(input.password);
  if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { password: [problem] } });

  const taken = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) throw emailTaken();

  const passwordHash = await hashPassword(input.password);
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
    return { userId: user.id };
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw emailTaken();
    throw error;
  }
}

function emailTaken() {
  const message = "An account with this email already exists. Sign in or reset your password.";
  return new AppError("CONFLICT", message, { fieldErrors: { email: [message] } });
}
