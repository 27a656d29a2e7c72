import { describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "unit-test-secret-that-is-at-least-32-characters";
  process.env.AUTH_SECRET = value;
  process.env.APP_URL = "http://localhost:3000";
  return value;
});

import { encodeJwt } from "./jwt";
import {
  clearedSessionCookie,
  cookieValue,
  readSessionCookie,
  SESSION_COOKIE_NAME,
  withoutSessionCookie,
} from "./session-cookie";

const claims = { sub: "user-1", sid: "session-1", role: "DRIVER" };
const header = (value: string) => `theme=dark; ${SESSION_COOKIE_NAME}=${value}; other=%41`;

describe("session cookie reader", () => {
  it("reads a valid token's session, user and role", async () => {
    const token = await encodeJwt({ token: claims, secret });
    expect(await readSessionCookie(header(token))).toEqual({
      state: "valid",
      sid: "session-1",
      userId: "user-1",
      role: "DRIVER",
    });
  });

  it("reports an absent cookie", async () => {
    expect(await readSessionCookie(null)).toEqual({ state: "absent" });
    expect(await readSessionCookie("theme=dark")).toEqual({ state: "absent" });
  });

  it.each([
    ["bad percent-encoding", "%"],
    ["an unfinished escape", "abc%E0%A4%A"],
    ["empty", ""],
    ["not a JWT", "hello"],
    ["a signed JWS instead of our JWE", "eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln"],
  ])("never throws on %s: the cookie is invalid", async (_label, value) => {
    expect(await readSessionCookie(header(value))).toEqual({ state: "invalid" });
  });

  it("treats another secret, a truncated token, an expired token and a token without a session as invalid", async () => {
    const token = await encodeJwt({ token: claims, secret });
    const cases = [
      await encodeJwt({ token: claims, secret: `${secret}-rotated` }),
      token.slice(0, -5),
      await encodeJwt({ token: claims, secret, maxAge: -60 }),
      await encodeJwt({ token: { sub: "user-1" }, secret }),
    ];
    for (const value of cases) expect(await readSessionCookie(header(value))).toEqual({ state: "invalid" });
  });

  it("parses values, percent-decoding them, and tells absent from undecodable", () => {
    expect(cookieValue("a=1; b=x%20y", "b")).toBe("x y");
    expect(cookieValue("a=1", "b")).toBeUndefined();
    expect(cookieValue("b=%", "b")).toBeNull();
    expect(cookieValue("ab=1; b=2", "b")).toBe("2");
  });

  it("removes only the session cookie from a Cookie header, and clears it in the browser", () => {
    expect(withoutSessionCookie(header("%"))).toBe("theme=dark; other=%41");
    expect(withoutSessionCookie(`${SESSION_COOKIE_NAME}=%`)).toBe("");
    expect(clearedSessionCookie()).toBe(
      `${SESSION_COOKIE_NAME}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax`,
    );
  });
});
