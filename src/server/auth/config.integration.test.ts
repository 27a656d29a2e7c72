// next-auth's credentials sign-in as next-auth calls it (`authorize(credentials, req)`), with the browser's
// cookie in the request headers.
import type { RequestInternal } from "next-auth";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { describe, expect, it } from "vitest";

import { createUser, DEMO_PASSWORD } from "../../../prisma/factories";
import { env } from "~/env";
import { authOptions } from "~/server/auth/config";
import { encodeJwt } from "~/server/auth/jwt";
import { loadActiveSession } from "~/server/auth/session";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";

const credentials = authOptions.providers[0] as CredentialsConfig;

async function signInWithCookie(email: string, cookie?: string): Promise<{ id: string; sid: string }> {
  const req: Pick<RequestInternal, "headers"> = {
    headers: { "user-agent": "vitest", "x-forwarded-for": "10.9.8.7", ...(cookie ? { cookie } : {}) },
  };
  const user = await credentials.options.authorize!({ email, password: DEMO_PASSWORD }, req);
  if (!user) throw new Error("sign-in failed");
  return user as unknown as { id: string; sid: string };
}

async function cookieFor(user: { id: string; sid: string }): Promise<string> {
  const token = await encodeJwt({ token: { sub: user.id, sid: user.sid }, secret: env.AUTH_SECRET });
  return `other=1; ${SESSION_COOKIE_NAME}=${token}`;
}

describe("signing in again in the same browser", () => {
  it("ends the session the new one replaces", async () => {
    const user = await createUser(db, { role: "SHIPPER" });
    const first = await signInWithCookie(user.email);
    const second = await signInWithCookie(user.email, await cookieFor(first));

    expect(second.sid).not.toBe(first.sid);
    expect(await loadActiveSession(first.sid)).toBeNull();
    expect(await loadActiveSession(second.sid)).not.toBeNull();
  });

  it("ends another account's session when a different account signs in", async () => {
    const alice = await createUser(db, { role: "SHIPPER" });
    const bob = await createUser(db, { role: "DRIVER" });
    const first = await signInWithCookie(alice.email);
    const second = await signInWithCookie(bob.email, await cookieFor(first));

    expect(await loadActiveSession(first.sid)).toBeNull();
    expect(await loadActiveSession(second.sid)).toMatchObject({ user: { id: bob.id } });
  });

  it("keeps the session when the new sign-in fails, and ignores an unreadable or already ended cookie", async () => {
    const user = await createUser(db, { role: "SHIPPER" });
    const first = await signInWithCookie(user.email);
    const cookie = await cookieFor(first);
    await expect(
      credentials.options.authorize!(
        { email: user.email, password: "not-the-password" },
        { headers: { cookie, "x-forwarded-for": "10.9.8.6" } },
      ),
    ).rejects.toThrow(/incorrect/);
    expect(await loadActiveSession(first.sid)).not.toBeNull();

    await expect(signInWithCookie(user.email, `${SESSION_COOKIE_NAME}=%`)).resolves.toMatchObject({ id: user.id });
    await db.authSession.update({ where: { id: first.sid }, data: { revokedAt: new Date() } });
    await expect(signInWithCookie(user.email, cookie)).resolves.toMatchObject({ id: user.id });
  });
});
