// Opening an email verification link again: a link whose goal is reached says so; one that is not still refuses.
import { describe, expect, it } from "vitest";

import { anonymous } from "../../../../scripts/test/helpers";
import { createUser } from "../../../../prisma/factories";
import { sha256 } from "~/server/auth/tokens";
import { db } from "~/server/db";
import { issueVerificationToken } from "./verification";

async function unverifiedUserWithLink() {
  const user = await createUser(db, { role: "SHIPPER", verified: false });
  const token = new URL(await issueVerificationToken(db, user.id)).searchParams.get("token")!;
  return { user, token };
}

describe("verifyEmail", () => {
  it("confirms once, then answers 'already confirmed' for the same link", async () => {
    const { user, token } = await unverifiedUserWithLink();
    await expect(anonymous().auth.verifyEmail({ token })).resolves.toEqual({
      email: user.email,
      alreadyVerified: false,
    });
    const verifiedAt = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt;
    expect(verifiedAt).not.toBeNull();

    await expect(anonymous().auth.verifyEmail({ token })).resolves.toEqual({
      email: user.email,
      alreadyVerified: true,
    });
    // Nothing changed the second time.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toEqual(verifiedAt);
  });

  it("answers 'already confirmed' for a replaced or expired link of a confirmed account", async () => {
    const { user, token: first } = await unverifiedUserWithLink();
    const second = new URL(await issueVerificationToken(db, user.id)).searchParams.get("token")!;
    await anonymous().auth.verifyEmail({ token: second });
    await expect(anonymous().auth.verifyEmail({ token: first })).resolves.toMatchObject({ alreadyVerified: true });

    await db.verificationToken.update({
      where: { tokenHash: sha256(second) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(anonymous().auth.verifyEmail({ token: second })).resolves.toMatchObject({ alreadyVerified: true });
  });

  it("still refuses a replaced or expired link while the account is unconfirmed, and an unknown one", async () => {
    const { user, token: first } = await unverifiedUserWithLink();
    const second = new URL(await issueVerificationToken(db, user.id)).searchParams.get("token")!;
    await expect(anonymous().auth.verifyEmail({ token: first })).rejects.toThrow(/already been used/);
    await db.verificationToken.update({
      where: { tokenHash: sha256(second) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(anonymous().auth.verifyEmail({ token: second })).rejects.toThrow(/expired/);
    await expect(anonymous().auth.verifyEmail({ token: "x".repeat(43) })).rejects.toThrow(/not valid/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
  });

  it("confirms exactly once under concurrent clicks; the other click is told it is already confirmed", async () => {
    const { token } = await unverifiedUserWithLink();
    const results = await Promise.all([0, 1, 2].map(() => anonymous().auth.verifyEmail({ token })));
    expect(results.filter((r) => !r.alreadyVerified)).toHaveLength(1);
  });
});
