import { unstable_doesMiddlewareMatch as matches } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "unit-test-secret-that-is-at-least-32-characters";
  process.env.AUTH_SECRET = value;
  process.env.APP_URL = "http://localhost:3000";
  return value;
});

import { config, proxy } from "./proxy";
import { encodeJwt } from "./server/auth/jwt";
import { SESSION_COOKIE_NAME } from "./server/auth/session-cookie";

const request = (path: string, cookie?: string) =>
  new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} });

/** The Cookie header the app will see (Next.js passes overridden request headers this way). */
const forwardedCookie = (res: Response) =>
  res.headers.get("x-middleware-override-headers")?.split(",").includes("cookie")
    ? res.headers.get("x-middleware-request-cookie")
    : null;

describe("proxy", () => {
  it("drops an unreadable session cookie from the request and tells the browser to forget it", async () => {
    for (const path of ["/", "/sign-in", "/register"]) {
      const res = await proxy(request(path, `a=1; ${SESSION_COOKIE_NAME}=%`));
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=;.*Max-Age=0`));
      expect(forwardedCookie(res)).toBe("a=1");
    }
  });

  it("leaves a valid session cookie alone", async () => {
    const token = await encodeJwt({ token: { sub: "u", sid: "s", role: "SHIPPER" }, secret });
    const res = await proxy(request("/shipper", `${SESSION_COOKIE_NAME}=${token}`));
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("sets a fresh script nonce on every response", async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => {
        const csp = (await proxy(request("/"))).headers.get("content-security-policy") ?? "";
        expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{22,}' 'strict-dynamic'/);
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
        return /'nonce-([^']+)'/.exec(csp)?.[1];
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("still redirects out of the role areas: signed out to sign-in, wrong role to forbidden", async () => {
    const signedOut = await proxy(request("/driver/jobs?x=1", `${SESSION_COOKIE_NAME}=garbage`));
    expect(signedOut.headers.get("location")).toBe(
      "http://localhost:3000/sign-in?callbackUrl=%2Fdriver%2Fjobs%3Fx%3D1",
    );
    expect(signedOut.headers.get("set-cookie")).toMatch(/Max-Age=0/);

    const token = await encodeJwt({ token: { sub: "u", sid: "s", role: "SHIPPER" }, secret });
    const wrongRole = await proxy(request("/admin", `${SESSION_COOKIE_NAME}=${token}`));
    expect(wrongRole.headers.get("location")).toBe("http://localhost:3000/forbidden");
  });

  it("runs for every page and API route (the client-address rule), for no build asset", () => {
    const routes = ["/", "/sign-in", "/track/abc", "/shipper/new", "/driver/jobs/1", "/admin"];
    for (const url of [...routes, "/api/trpc/health.status", "/api/auth/session"]) {
      expect(matches({ config, url }), url).toBe(true);
    }
    for (const url of ["/_next/static/chunks/a.js", "/_next/image", "/favicon.svg"]) {
      expect(matches({ config, url }), url).toBe(false);
    }
  });

  it("on an API route only applies the address rule: no CSP, no cookie work", async () => {
    const res = await proxy(request("/api/trpc/account.me", `${SESSION_COOKIE_NAME}=garbage`));
    expect(res.headers.get("content-security-policy")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("location")).toBeNull();
  });
});
