// The tRPC route handler as the browser reaches it: session cookie, cross-site request refusal, cache headers.
// Requests go straight to the route's GET/POST, so everything but the network is real.
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import SuperJSON from "superjson";
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../scripts/test/helpers";
import { GET, POST } from "~/app/api/trpc/[trpc]/route";
import { POST as nextAuthPost } from "~/app/api/auth/[...nextauth]/route";
import { env } from "~/env";
import { TRPC_CLIENT_HEADER } from "~/lib/csrf";
import type { AppRouter } from "~/server/api/root";
import { encodeJwt } from "~/server/auth/jwt";
import { loadActiveSession } from "~/server/auth/session";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";

const origin = new URL(env.APP_URL).origin;

async function cookieFor(user: { id: string; role: string }, sessionId: string): Promise<string> {
  const token = await encodeJwt({ token: { sub: user.id, sid: sessionId, role: user.role }, secret: env.AUTH_SECRET });
  return `${SESSION_COOKIE_NAME}=${token}`;
}

/** The app's own client (the links and header of src/trpc/react.tsx), sending what a browser adds itself. */
function appClient(cookie: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchStreamLink({
        transformer: SuperJSON,
        url: `${origin}/api/trpc`,
        headers: () => ({ [TRPC_CLIENT_HEADER]: "nextjs-react" }),
        fetch: (url, init) => {
          const headers = new Headers(init?.headers);
          headers.set("cookie", cookie);
          if (init?.method === "POST") headers.set("origin", origin);
          headers.set("sec-fetch-site", "same-origin");
          const req = new Request(url, { ...init, headers } as RequestInit);
          return req.method === "POST" ? POST(req) : GET(req);
        },
      }),
    ],
  });
}

/** What `<form method="post" enctype="multipart/form-data" action=".../account.revokeAllSessions">` sends. */
function formPost(cookie: string, headers: Record<string, string>) {
  const body = new FormData();
  body.set("anything", "1");
  return POST(
    new Request(`${origin}/api/trpc/account.revokeAllSessions`, {
      method: "POST",
      body,
      headers: { cookie, ...headers },
    }),
  );
}

describe("session cookie on the tRPC route", () => {
  it.each([
    ["a lone %", "%"],
    ["not a JWT", "hello"],
    ["a truncated JWT", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc"],
  ])("treats %s as signed out instead of failing", async (_label, value) => {
    const res = await GET(
      new Request(`${origin}/api/trpc/health.status`, { headers: { cookie: `${SESSION_COOKIE_NAME}=${value}` } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=;.*Max-Age=0`));
    const me = await GET(
      new Request(`${origin}/api/trpc/account.me`, { headers: { cookie: `${SESSION_COOKIE_NAME}=${value}` } }),
    );
    expect(me.status).toBe(401);
  });

  it("treats a token sealed with another secret as signed out", async () => {
    const token = await encodeJwt({ token: { sub: "u", sid: "s" }, secret: `${env.AUTH_SECRET}-other` });
    const res = await GET(
      new Request(`${origin}/api/trpc/account.me`, { headers: { cookie: `${SESSION_COOKIE_NAME}=${token}` } }),
    );
    expect(res.status).toBe(401);
  });
});

describe("personal answers are not cached", () => {
  it("sends Cache-Control: no-store on account.me", async () => {
    const { user, session } = await signedIn({ role: "SHIPPER" });
    const res = await GET(
      new Request(`${origin}/api/trpc/account.me`, { headers: { cookie: await cookieFor(user, session.id) } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("cross-site request forgery", () => {
  it("refuses a multipart form post without the client header, and the sessions stay alive", async () => {
    const { user, session } = await signedIn({ role: "SHIPPER" });
    const cookie = await cookieFor(user, session.id);

    const res = await formPost(cookie, {});
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json).toMatchObject({
      message: expect.stringMatching(/did not come from the app/),
      data: { code: "FORBIDDEN" },
    });
    expect(await loadActiveSession(session.id)).not.toBeNull();
  });

  it.each([
    ["another origin of the same site", { origin: "http://evil.localhost:3000", "sec-fetch-site": "same-site" }],
    ["another site", { origin: "https://attacker.example", "sec-fetch-site": "cross-site" }],
    ["a null origin (sandboxed frame)", { origin: "null" }],
    ["cross-site fetch metadata alone", { "sec-fetch-site": "cross-site" }],
  ])("refuses a post from %s even with the client header", async (_label, headers) => {
    const { user, session } = await signedIn({ role: "SHIPPER" });
    const res = await formPost(await cookieFor(user, session.id), { [TRPC_CLIENT_HEADER]: "x", ...headers });
    expect(res.status).toBe(403);
    expect(await loadActiveSession(session.id)).not.toBeNull();
  });

  it("lets the app's own client run the same mutation", async () => {
    const { user, session } = await signedIn({ role: "SHIPPER" });
    const client = appClient(await cookieFor(user, session.id));
    await expect(client.account.me.query()).resolves.toMatchObject({ id: user.id });
    await expect(client.account.revokeAllSessions.mutate()).resolves.toEqual({ revoked: 1 });
    expect(await loadActiveSession(session.id)).toBeNull();
  });

  it("refuses a cross-site post to next-auth's routes before next-auth runs", async () => {
    const res = await nextAuthPost(
      new Request(`${origin}/api/auth/signout`, {
        method: "POST",
        body: new URLSearchParams({ csrfToken: "x" }),
        headers: { origin: "https://attacker.example", "sec-fetch-site": "cross-site" },
      }),
      {},
    );
    expect(res.status).toBe(403);
  });
});

describe("input errors over HTTP", () => {
  it("say the field's own message, not the validator's JSON, and keep the field messages", async () => {
    const { user, session } = await signedIn({ role: "SHIPPER" });
    const client = appClient(await cookieFor(user, session.id));
    type TClientError = { message: string; data?: { zodError?: { fieldErrors: Record<string, string[]> } } };
    const error = (await client.account.updateProfile
      .mutate({ name: "", phone: null } as never)
      .then(() => null)
      .catch((e: unknown) => e)) as TClientError;
    expect(error.message).not.toMatch(/^\s*\[/);
    expect(error.message).not.toContain('"code"');
    const fields = error.data?.zodError?.fieldErrors ?? {};
    expect(Object.values(fields).flat()).toContain(error.message);
  });
});
