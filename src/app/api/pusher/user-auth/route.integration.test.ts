// Pusher user authentication at /api/pusher/user-auth, and the point of it: when a user's sessions change (revoked,
// password changed, account disabled), the server ends their signed-in connections, so a revoked tab stops hearing
// chat and positions at once instead of at its next reconnect. pusher-js signs in through the real route.
import PusherJS from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";

import { sessionFor } from "../../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../../prisma/factories";
import { env } from "~/env";
import { shipmentChannel } from "~/lib/realtime";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { publish } from "~/server/realtime/publish";
import { revokeSession } from "~/server/services/auth/sessions";
import { POST as authorizeChannel } from "../auth/route";
import { POST } from "./route";

const APP_ORIGIN = new URL(env.APP_URL).origin;
const headers = (cookie?: string) => ({
  "content-type": "application/x-www-form-urlencoded",
  origin: APP_ORIGIN,
  "sec-fetch-site": "same-origin",
  "x-trpc-source": "pusher",
  ...(cookie ? { cookie } : {}),
});

async function signedInCookie(userId: string): Promise<{ cookie: string; sessionId: string }> {
  const session = await sessionFor(userId);
  const token = await encodeJwt({ token: { sub: userId, sid: session.id }, secret: env.AUTH_SECRET });
  return { cookie: `${SESSION_COOKIE_NAME}=${token}`, sessionId: session.id };
}

const call = (handler: (req: Request) => Promise<Response>, path: string, body: string, cookie?: string) =>
  handler(new Request(`${APP_ORIGIN}${path}`, { method: "POST", headers: headers(cookie), body }));

const clients: PusherJS[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

/**
 * A browser tab: pusher-js on the stand-in, signing in and subscribing through the app's routes with `cookie`. As
 * in the app's provider, a subscription of a tab that asked to sign in waits for the sign-in to finish (pusher-js
 * starts both at once after a reconnect).
 */
function tab(cookie: string): PusherJS {
  const cfg = inject("pusher");
  const client: PusherJS = new PusherJS(cfg.key, {
    cluster: "local",
    wsHost: cfg.host,
    wsPort: cfg.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    enableStats: false,
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        call(POST, "/api/pusher/user-auth", new URLSearchParams({ socket_id: socketId }).toString(), cookie)
          .then(async (res) =>
            res.status === 200
              ? callback(null, (await res.json()) as { auth: string; user_data: string })
              : callback(new Error(`HTTP ${res.status}`), null),
          )
          .catch((e: Error) => callback(e, null));
      },
    },
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const body = new URLSearchParams({ socket_id: socketId, channel_name: channelName }).toString();
        Promise.resolve(client.user.signin_requested ? client.user.signinDonePromise : null)
          .then(() => call(authorizeChannel, "/api/pusher/auth", body, cookie))
          .then(async (res) =>
            res.status === 200
              ? callback(null, (await res.json()) as { auth: string })
              : callback(new Error(`HTTP ${res.status}`), null),
          )
          .catch((e: Error) => callback(e, null));
      },
    },
  });
  clients.push(client);
  return client;
}

describe("POST /api/pusher/user-auth", () => {
  it("signs in a signed-in user's socket as that user; refuses the signed out, cross-site and malformed", async () => {
    const user = await createUser(db, { role: "SHIPPER" });
    const { cookie } = await signedInCookie(user.id);
    const ok = await call(POST, "/api/pusher/user-auth", "socket_id=123.456", cookie);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { auth: string; user_data: string };
    expect(JSON.parse(body.user_data)).toEqual({ id: user.id });
    expect(body.auth).toMatch(/^[^:]+:[0-9a-f]{64}$/);

    expect((await call(POST, "/api/pusher/user-auth", "socket_id=123.456")).status).toBe(403);
    expect((await call(POST, "/api/pusher/user-auth", "socket_id=abc", cookie)).status).toBe(400);
    const crossSite = await POST(
      new Request(`${APP_ORIGIN}/api/pusher/user-auth`, {
        method: "POST",
        headers: { ...headers(cookie), origin: "https://evil.example" },
        body: "socket_id=123.456",
      }),
    );
    expect(crossSite.status).toBe(403);
  });
});

describe("ending a revoked session's live connection", () => {
  it("a revoked tab stops hearing the shipment's chat at once; the user's other tab carries on", async () => {
    const [shipper, driver] = await Promise.all([
      createUser(db, { role: "SHIPPER" }),
      createUser(db, { role: "DRIVER" }),
    ]);
    const { shipment } = await createShipment(db, { shipperId: shipper.id, driverId: driver.id, status: "IN_TRANSIT" });
    const channelName = shipmentChannel(shipment.id, driver.id);
    const stolen = await signedInCookie(shipper.id);
    const kept = await signedInCookie(shipper.id);

    // A script holding the stolen cookie that subscribes without signing in (Pusher could not end its connection)
    // is refused the channel.
    const unsignedTab = tab(stolen.cookie);
    await new Promise<void>((resolve) => unsignedTab.connection.bind("connected", () => resolve()));
    const unsigned = await new Promise<string>((resolve) => {
      const channel = unsignedTab.subscribe(channelName);
      channel.bind("pusher:subscription_error", (e: { error?: string }) => resolve(`refused: ${e.error}`));
      channel.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
    });
    expect(unsigned).toBe("refused: HTTP 403");

    const [revokedTab, keptTab] = [tab(stolen.cookie), tab(kept.cookie)];
    const closeCodes: number[] = [];
    revokedTab.connection.bind("error", (e: { data?: { code?: number } }) => {
      if (e.data?.code) closeCodes.push(e.data.code);
    });
    const heard: Record<string, string[]> = { revoked: [], kept: [] };
    for (const [name, client] of [
      ["revoked", revokedTab],
      ["kept", keptTab],
    ] as const) {
      client.signin();
      await client.user.signinDonePromise;
      const channel = client.subscribe(channelName);
      await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
      channel.bind("message", (m: { body: string }) => heard[name]!.push(m.body));
    }

    await revokeSession({ userId: shipper.id, sessionId: stolen.sessionId });
    await expect.poll(() => revokedTab.connection.state).not.toBe("connected");
    expect(closeCodes).toContain(4009);
    // The kept tab was ended too (Pusher ends a user's connections, not one session's): it reconnects, signs in and
    // subscribes again, as the app's provider does.
    await expect.poll(() => keptTab.connection.state, { timeout: 10_000 }).not.toBe("connected");
    keptTab.connect();
    await expect.poll(() => keptTab.connection.state, { timeout: 10_000 }).toBe("connected");
    await new Promise<void>((resolve) => {
      const again = keptTab.channel(channelName);
      if (again?.subscribed) resolve();
      else again?.bind("pusher:subscription_succeeded", () => resolve());
    });

    // The revoked tab comes back too, but its session is gone: the channel is refused.
    revokedTab.connect();
    await expect.poll(() => revokedTab.connection.state, { timeout: 10_000 }).toBe("connected");
    const refused = await new Promise<string>((resolve) => {
      const channel = revokedTab.subscribe(channelName);
      channel.bind("pusher:subscription_error", () => resolve("refused"));
      channel.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
    });
    expect(refused).toBe("refused");

    await publish(channelName, "message", { body: "new gate code 1234" });
    await expect.poll(() => heard.kept).toEqual(["new gate code 1234"]);
    expect(heard.revoked).toEqual([]);
  });
});
