// next-auth's credentials sign-in as next-auth calls it (`authorize(credentials, req)`), with the browser's
// cookie in the request headers.
import type { RequestInternal } from "next-auth";
import NextAuth from "next-auth";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterEach, describe, expect, it, vi } from "vitest";

import { createUser, DEMO_PASSWORD } from "../../../prisma/factories";
import { env } from "~/env";
import { authLog, authLogger, authOptions } from "~/server/auth/config";
import { encodeJwt } from "~/server/auth/jwt";
import { loadActiveSession } from "~/server/auth/session";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";

const credentials = authOptions.providers[0] as CredentialsConfig;

async function signInWithCookie(
  email: string,
  cookie?: string,
  csrfToken?: string,
): Promise<{ id: string; sid: string }> {
  // next-auth passes the form's body (with its checked CSRF token) as `req.body`.
  const req: Pick<RequestInternal, "headers" | "body"> = {
    headers: { "user-agent": "vitest", "x-forwarded-for": "10.9.8.7", ...(cookie ? { cookie } : {}) },
    body: { email, csrfToken },
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

describe("a double-submitted sign-in", () => {
  const activeSessions = (userId: string) =>
    db.authSession.findMany({ where: { userId, revokedAt: null }, select: { id: true }, orderBy: { id: "asc" } });
  const browser = () => `csrf-${Math.random().toString(36).slice(2)}`;

  it("hands both answers the same session, so the browser holds the only one", async () => {
    const user = await createUser(db, { role: "SHIPPER" });
    const csrf = browser();
    const [a, b] = await Promise.all([
      signInWithCookie(user.email, undefined, csrf),
      signInWithCookie(user.email, undefined, csrf),
    ]);
    expect(a.sid).toBe(b.sid);
    expect(await activeSessions(user.id)).toEqual([{ id: a.sid }]);
  });

  it("with the browser's old cookie: ends the old session and leaves exactly one", async () => {
    const user = await createUser(db, { role: "SHIPPER" });
    const csrf = browser();
    const first = await signInWithCookie(user.email, undefined, csrf);
    const cookie = await cookieFor(first);
    const [a, b] = await Promise.all([
      signInWithCookie(user.email, cookie, csrf),
      signInWithCookie(user.email, cookie, csrf),
    ]);
    expect(a.sid).toBe(b.sid);
    expect(a.sid).not.toBe(first.sid);
    expect(await activeSessions(user.id)).toEqual([{ id: a.sid }]);
  });

  it("still gives two browsers on the same address and user agent a session each", async () => {
    const user = await createUser(db, { role: "SHIPPER" });
    const [a, b] = await Promise.all([
      signInWithCookie(user.email, undefined, browser()),
      signInWithCookie(user.email, undefined, browser()),
    ]);
    expect(a.sid).not.toBe(b.sid);
    expect(await activeSessions(user.id)).toHaveLength(2);
  });
});

describe("an unreadable session cookie", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is answered as signed out and cleared, without an error in the log", async () => {
    const error = vi.spyOn(authLog, "error").mockImplementation(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // next-auth's own handler (its pages-router form, which takes plain request and response objects).
    const headers = new Map<string, unknown>();
    let body: unknown;
    const res = {
      status: () => res,
      getHeader: (name: string) => headers.get(name.toLowerCase()),
      setHeader: (name: string, value: unknown) => (headers.set(name.toLowerCase(), value), res),
      send: (b: unknown) => void (body = b),
      json: (b: unknown) => void (body = b),
      end: () => undefined,
    };
    const req = {
      method: "GET",
      query: { nextauth: ["session"] },
      cookies: { [SESSION_COOKIE_NAME]: "abc" },
      headers: { host: new URL(env.APP_URL).host, cookie: `${SESSION_COOKIE_NAME}=abc` },
    };
    await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(
      req,
      res,
      authOptions,
    );

    expect(body).toEqual({});
    const setCookie = [headers.get("set-cookie")].flat().join("\n");
    expect(setCookie).toMatch(new RegExp(`${SESSION_COOKIE_NAME}=;.*Max-Age=0`, "i"));
    expect(error).not.toHaveBeenCalled();
    // (Here next-auth may also warn once that NEXTAUTH_URL is unset: the app sets it, this test does not.)
    expect(warn.mock.calls.flat().join(" ")).not.toMatch(/JWT_SESSION_ERROR/);
  });

  it("leaves next-auth's other errors in the log", () => {
    const error = vi.spyOn(authLog, "error").mockImplementation(() => undefined);
    authLogger.error!("SIGNIN_EMAIL_ERROR", new Error("mail down"));
    expect(error).toHaveBeenCalledWith(
      { code: "SIGNIN_EMAIL_ERROR", err: expect.any(Error) },
      "next-auth error SIGNIN_EMAIL_ERROR",
    );
  });
});
