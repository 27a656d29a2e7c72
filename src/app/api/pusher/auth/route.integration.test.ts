// Channel authorisation at /api/pusher/auth, called as the browser calls it: the exported POST with a real session
// cookie (an AuthSession row behind a signed next-auth JWT). Every allowed answer is proven by the stand-in itself:
// pusher-js signs in and subscribes with the signatures the routes returned. Every refusal is a bare 403 (or 400
// for a malformed request), never a 500 and never a hint. A private channel needs a socket signed in as the same
// session first (/api/pusher/user-auth), so that revoking the session reaches every connection holding one.
import PusherJS from "pusher-js";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";

import { sessionFor } from "../../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../../prisma/factories";
import { env } from "~/env";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { OPS_CHANNEL, shipmentChannel, trackingChannel, userChannel } from "~/lib/realtime";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { releaseJob } from "~/server/services/shipments/lifecycle";
import { POST as signInSocket } from "../user-auth/route";
import { POST } from "./route";

const APP_ORIGIN = new URL(env.APP_URL).origin;

/** The `Cookie` header of a browser signed in as `userId` (null: signed out). */
async function cookieOf(userId: string | null): Promise<string | undefined> {
  if (!userId) return undefined;
  const session = await sessionFor(userId);
  const token = await encodeJwt({ token: { sub: userId, sid: session.id }, secret: env.AUTH_SECRET });
  return `${SESSION_COOKIE_NAME}=${token}`;
}

const appHeaders = (cookie: string | undefined, headers: Record<string, string> = {}) => ({
  "content-type": "application/x-www-form-urlencoded",
  origin: APP_ORIGIN,
  "sec-fetch-site": "same-origin",
  "x-trpc-source": "pusher",
  ...(cookie ? { cookie } : {}),
  ...headers,
});

let socketSeq = 0;
/** A socket id ("digits.digits") no other call has used, in this run or an earlier one on the same database. */
const freshSocketId = () => `${Date.now()}.${process.pid}${++socketSeq}`;

/** POST /api/pusher/user-auth for `socketId` with `cookie`, as pusher-js's signin() does; the HTTP status. */
async function signIn(cookie: string | undefined, socketId: string): Promise<number> {
  const res = await signInSocket(
    new Request(`${APP_ORIGIN}/api/pusher/user-auth`, {
      method: "POST",
      headers: appHeaders(cookie),
      body: new URLSearchParams({ socket_id: socketId }).toString(),
    }),
  );
  return res.status;
}

type TCall = {
  cookie?: string;
  socketId?: string;
  channel: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sign the socket in with `cookie` first, as the app's pages do (default true; nothing to do signed out). */
  signedIn?: boolean;
};

/** POST /api/pusher/auth as pusher-js sends it from the app's page (same origin, the app's client header). */
async function authorize({ cookie, socketId, channel, headers = {}, body, signedIn = true }: TCall): Promise<Response> {
  const socket = socketId ?? freshSocketId();
  if (cookie && signedIn) await signIn(cookie, socket);
  return POST(
    new Request(`${APP_ORIGIN}/api/pusher/auth`, {
      method: "POST",
      headers: appHeaders(cookie, headers),
      body: body ?? new URLSearchParams({ socket_id: socket, channel_name: channel }).toString(),
    }),
  );
}

async function expectBareRefusal(res: Response, status = 403) {
  expect(res.status).toBe(status);
  expect(await res.text()).toBe("");
}

/**
 * A pusher-js connection to the stand-in that signs in through the app's route with `cookie` (unless signed out or
 * `signedIn` is false) and asks the app's route for each channel with the same cookie.
 */
async function tab(cookie: string | undefined, { signedIn = true } = {}): Promise<PusherJS> {
  const cfg = inject("pusher");
  const respond =
    (call: () => Promise<Response>) =>
    (callback: (error: Error | null, data: { auth: string; user_data: string } | null) => void) =>
      call()
        .then(async (res) =>
          res.status === 200
            ? callback(null, (await res.json()) as { auth: string; user_data: string })
            : callback(new Error(`HTTP ${res.status}`), null),
        )
        .catch((error: Error) => callback(error, null));
  const client = new PusherJS(cfg.key, {
    cluster: "local",
    wsHost: cfg.host,
    wsPort: cfg.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    enableStats: false,
    userAuthentication: {
      customHandler: ({ socketId }, callback) =>
        void respond(() =>
          signInSocket(
            new Request(`${APP_ORIGIN}/api/pusher/user-auth`, {
              method: "POST",
              headers: appHeaders(cookie),
              body: new URLSearchParams({ socket_id: socketId }).toString(),
            }),
          ),
        )(callback),
    },
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) =>
        void respond(() => authorize({ cookie, socketId, channel: channelName, signedIn: false }))(callback),
    },
  });
  await new Promise<void>((resolve) => client.connection.bind("connected", () => resolve()));
  if (cookie && signedIn) {
    client.signin();
    await client.user.signinDonePromise;
  }
  return client;
}

/** Subscribes through the route with `cookie` on a new tab; resolves "subscribed" once the stand-in accepted it. */
async function subscribeAs(
  cookie: string | undefined,
  channelName: string,
  opts: { signedIn?: boolean } = {},
): Promise<"subscribed" | string> {
  const client = await tab(cookie, opts);
  try {
    return await new Promise((resolve) => {
      const channel = client.subscribe(channelName);
      channel.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
      channel.bind("pusher:subscription_error", (e: { error?: string; status?: number }) =>
        resolve(`refused ${e.status ?? ""} ${e.error ?? ""}`.trim()),
      );
    });
  } finally {
    client.disconnect();
  }
}

/** The parties' channel of the shipment `party()` made, for its current assignment. */
const partiesChannel = (p: { shipment: { id: string; driverId: string | null } }) =>
  shipmentChannel(p.shipment.id, p.shipment.driverId);

async function party(status: ShipmentStatus = "ASSIGNED") {
  const [owner, otherShipper, driver, otherDriver, admin] = await Promise.all([
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "SHIPPER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "DRIVER" }),
    createUser(db, { role: "ADMIN" }),
  ]);
  const made = await createShipment(db, { shipperId: owner.id, status, driverId: driver.id });
  return { owner, otherShipper, driver, otherDriver, admin, ...made };
}

describe("private-shipment-{id}", () => {
  it("the shipper who owns it, the assigned driver and admins get a signature the stand-in accepts", async () => {
    const p = await party("IN_TRANSIT");
    for (const user of [p.owner, p.driver, p.admin]) {
      expect(await subscribeAs(await cookieOf(user.id), partiesChannel(p))).toBe("subscribed");
    }
  });

  it("another shipper, another driver and a signed-out browser get a bare 403", async () => {
    const p = await party();
    for (const userId of [p.otherShipper.id, p.otherDriver.id, null]) {
      await expectBareRefusal(await authorize({ cookie: await cookieOf(userId), channel: partiesChannel(p) }));
    }
    expect(await subscribeAs(await cookieOf(p.otherDriver.id), partiesChannel(p))).toMatch(/^refused/);
  });

  it("a driver who sees a posted load on the board does not get its channel", async () => {
    const p = await party("POSTED");
    await expectBareRefusal(await authorize({ cookie: await cookieOf(p.otherDriver.id), channel: partiesChannel(p) }));
  });

  it("the driver who released the job loses the channel at once, and the new one is not theirs", async () => {
    const p = await party("ASSIGNED");
    const cookie = await cookieOf(p.driver.id);
    expect((await authorize({ cookie, channel: partiesChannel(p) })).status).toBe(200);
    await releaseJob({ driverId: p.driver.id, id: p.shipment.id });
    await expectBareRefusal(await authorize({ cookie, channel: partiesChannel(p) }));
    await expectBareRefusal(await authorize({ cookie, channel: shipmentChannel(p.shipment.id, null) }));
    // The former assignment's channel is closed to everyone, so nobody keeps talking where the driver still listens.
    for (const user of [p.owner, p.admin]) {
      await expectBareRefusal(await authorize({ cookie: await cookieOf(user.id), channel: partiesChannel(p) }));
      expect(await subscribeAs(await cookieOf(user.id), shipmentChannel(p.shipment.id, null))).toBe("subscribed");
    }
  });

  it("a channel naming another driver than the assigned one is refused, even to the shipper and admins", async () => {
    const p = await party("IN_TRANSIT");
    for (const user of [p.owner, p.admin, p.otherDriver]) {
      const cookie = await cookieOf(user.id);
      await expectBareRefusal(await authorize({ cookie, channel: shipmentChannel(p.shipment.id, p.otherDriver.id) }));
      await expectBareRefusal(await authorize({ cookie, channel: shipmentChannel(p.shipment.id, null) }));
    }
  });

  it("an unknown shipment is refused the same way, even to an admin", async () => {
    const admin = await createUser(db, { role: "ADMIN" });
    await expectBareRefusal(
      await authorize({ cookie: await cookieOf(admin.id), channel: shipmentChannel("nope123", null) }),
    );
  });

  it("a revoked session or a disabled account is signed out", async () => {
    const p = await party();
    const cookie = await cookieOf(p.owner.id);
    await db.authSession.updateMany({ where: { userId: p.owner.id }, data: { revokedAt: new Date() } });
    await expectBareRefusal(await authorize({ cookie, channel: partiesChannel(p) }));

    const driverCookie = await cookieOf(p.driver.id);
    await db.user.update({ where: { id: p.driver.id }, data: { disabledAt: new Date() } });
    await expectBareRefusal(await authorize({ cookie: driverCookie, channel: partiesChannel(p) }));
  });
});

describe("a private channel needs a connection signed in as the same session", () => {
  it("a socket that never signed in is refused, even for the shipment's owner; once signed in it subscribes", async () => {
    const p = await party("IN_TRANSIT");
    const cookie = await cookieOf(p.owner.id);
    await expectBareRefusal(await authorize({ cookie, channel: partiesChannel(p), signedIn: false }));
    expect(await subscribeAs(cookie, partiesChannel(p), { signedIn: false })).toMatch(/^refused/);
    expect(await subscribeAs(cookie, userChannel(p.owner.id), { signedIn: false })).toMatch(/^refused/);
    expect(await subscribeAs(cookie, partiesChannel(p))).toBe("subscribed");
    expect(await subscribeAs(cookie, userChannel(p.owner.id))).toBe("subscribed");
  });

  it("the sign-in must be the same session's, not just the same user's", async () => {
    const p = await party("IN_TRANSIT");
    const [first, second] = [await cookieOf(p.owner.id), await cookieOf(p.owner.id)];
    const socketId = freshSocketId();
    expect(await signIn(first, socketId)).toBe(200);
    await expectBareRefusal(await authorize({ cookie: second, socketId, channel: partiesChannel(p), signedIn: false }));
    expect((await authorize({ cookie: first, socketId, channel: partiesChannel(p), signedIn: false })).status).toBe(
      200,
    );
  });

  it("a socket stays bound to the first session that signed it in: another session cannot take it over", async () => {
    const p = await party("IN_TRANSIT");
    const [mine, theirs] = [await cookieOf(p.otherShipper.id), await cookieOf(p.owner.id)];
    const socketId = freshSocketId();
    expect(await signIn(mine, socketId)).toBe(200);
    // Signed in (at Pusher) as the other shipper, the socket would escape the owner's revocation: refused.
    expect(await signIn(theirs, socketId)).toBe(403);
    await expectBareRefusal(await authorize({ cookie: theirs, socketId, channel: partiesChannel(p), signedIn: false }));
    // The same session signing in again (pusher-js does after each reconnect, with a new socket id) is fine.
    expect(await signIn(mine, socketId)).toBe(200);
    expect(await signIn(undefined, freshSocketId())).toBe(403);
  });
});

describe("private-user-{id}", () => {
  it("only the user themself", async () => {
    const [me, other] = await Promise.all([createUser(db, { role: "DRIVER" }), createUser(db, { role: "ADMIN" })]);
    const cookie = await cookieOf(me.id);
    expect(await subscribeAs(cookie, userChannel(me.id))).toBe("subscribed");
    await expectBareRefusal(await authorize({ cookie, channel: userChannel(other.id) }));
    // Not even an admin listens on someone else's user channel.
    await expectBareRefusal(await authorize({ cookie: await cookieOf(other.id), channel: userChannel(me.id) }));
    await expectBareRefusal(await authorize({ channel: userChannel(me.id) }));
  });
});

describe("the public tracking channel track-{token}", () => {
  it("needs no authorisation: pusher-js subscribes signed out without asking the app", async () => {
    const p = await party("IN_TRANSIT");
    // Signed out and not signed in: the customHandler (the app's route) is not even called for a public channel.
    expect(await subscribeAs(undefined, trackingChannel(p.trackingToken))).toBe("subscribed");
    // The auth endpoint has nothing to sign for it, nor for the old private name.
    await expectBareRefusal(await authorize({ channel: trackingChannel(p.trackingToken) }));
    await expectBareRefusal(await authorize({ channel: `private-track-${p.trackingToken}` }));
  });

  it("takes no client events: a link holder cannot send anything to the link's other viewers", async () => {
    const p = await party("IN_TRANSIT");
    const cfg = inject("pusher");
    const viewer = () =>
      new PusherJS(cfg.key, {
        cluster: "local",
        wsHost: cfg.host,
        wsPort: cfg.port,
        forceTLS: false,
        enabledTransports: ["ws"],
        enableStats: false,
      });
    const [sender, other] = [viewer(), viewer()];
    try {
      const subscribe = (c: PusherJS) =>
        new Promise<ReturnType<PusherJS["subscribe"]>>((resolve) => {
          const ch = c.subscribe(trackingChannel(p.trackingToken));
          ch.bind("pusher:subscription_succeeded", () => resolve(ch));
        });
      const [mine, theirs] = await Promise.all([subscribe(sender), subscribe(other)]);
      let heard = false;
      theirs.bind("client-location", () => (heard = true));
      const refusals: string[] = [];
      sender.connection.bind("error", (e: { data?: { message?: string } }) => refusals.push(e.data?.message ?? ""));
      mine.trigger("client-location", { lat: 1, lng: 2 });
      await expect.poll(() => refusals.join(" ")).toMatch(/only allowed on private and presence channels/);
      expect(heard).toBe(false);
    } finally {
      sender.disconnect();
      other.disconnect();
    }
  });
});

describe("names the app never uses", () => {
  it("presence, public, malformed and look-alike names are refused with a bare 403, signed in as admin", async () => {
    const admin = await createUser(db, { role: "ADMIN" });
    const cookie = await cookieOf(admin.id);
    for (const channel of [
      `presence-shipment-abc`,
      "public-news",
      "shipment-abc",
      "private-shipment-",
      "private-shipment-abc",
      "private-shipment-abc.",
      "private-shipment-abc.open.x",
      "private-shipment-../abc",
      "private-shipment-abc;drop",
      `private-user-${admin.id}-x`.replace(/-x$/, ".x"),
      "private-encrypted-shipment-abc",
      "private-other-abc",
      "x".repeat(164),
    ]) {
      await expectBareRefusal(await authorize({ cookie, channel }));
    }
  });
});

describe("requests that are not the app's", () => {
  it("cross-site: another Origin, a cross-site fetch, or no client header is a bare 403", async () => {
    const p = await party();
    const cookie = await cookieOf(p.owner.id);
    const channel = partiesChannel(p);
    expect((await authorize({ cookie, channel })).status).toBe(200);
    await expectBareRefusal(await authorize({ cookie, channel, headers: { origin: "https://evil.example" } }));
    await expectBareRefusal(await authorize({ cookie, channel, headers: { "sec-fetch-site": "cross-site" } }));
    await expectBareRefusal(await authorize({ cookie, channel, headers: { "x-trpc-source": "" } }));
  });

  it("a malformed socket id, channel or body is a bare 400, never a 500", async () => {
    const p = await party();
    const cookie = await cookieOf(p.owner.id);
    const channel = partiesChannel(p);
    for (const socketId of ["", "abc", "1.2.3", "1", "-1.2", "1.2 ", "1".repeat(21) + ".1"]) {
      await expectBareRefusal(await authorize({ cookie, channel, socketId }), 400);
    }
    await expectBareRefusal(await authorize({ cookie, channel: "" }), 400);
    await expectBareRefusal(await authorize({ cookie, channel: "x".repeat(165) }), 400);
    await expectBareRefusal(await authorize({ cookie, channel, body: "not a form at all %%%" }), 400);
    await expectBareRefusal(
      await authorize({ cookie, channel, body: `socket_id=1.2&channel_name=${"a".repeat(2000)}` }),
      400,
    );
  });

  it("a forged or tampered session cookie counts as signed out", async () => {
    const p = await party();
    const cookie = (await cookieOf(p.owner.id))!;
    await expectBareRefusal(await authorize({ cookie: `${cookie.slice(0, -4)}AAAA`, channel: partiesChannel(p) }));
    const forged = await encodeJwt({
      token: { sub: p.owner.id, sid: "made-up" },
      secret: "another-secret-entirely-32-bytes!!",
    });
    await expectBareRefusal(
      await authorize({ cookie: `${SESSION_COOKIE_NAME}=${forged}`, channel: partiesChannel(p) }),
    );
  });

  it("the signature is bound to the socket: a signature for one socket is refused on another", async () => {
    const p = await party();
    const res = await authorize({
      cookie: await cookieOf(p.owner.id),
      channel: partiesChannel(p),
      socketId: freshSocketId(),
    });
    const { auth } = (await res.json()) as { auth: string };
    const replayed = await new Promise<string>((resolve) => {
      const other = new PusherJS(inject("pusher").key, {
        cluster: "local",
        wsHost: inject("pusher").host,
        wsPort: inject("pusher").port,
        forceTLS: false,
        enabledTransports: ["ws"],
        enableStats: false,
        channelAuthorization: { customHandler: (_params, callback) => callback(null, { auth }) },
      });
      const channel = other.subscribe(partiesChannel(p));
      channel.bind("pusher:subscription_succeeded", () => {
        other.disconnect();
        resolve("subscribed");
      });
      channel.bind("pusher:subscription_error", () => {
        other.disconnect();
        resolve("refused");
      });
    });
    expect(replayed).toBe("refused");
  });
});

describe("the admins' operations channel private-ops", () => {
  it("admins get it and hear every shipment's status there", async () => {
    const p = await party("IN_TRANSIT");
    const client = await tab(await cookieOf(p.admin.id));
    try {
      const channel = client.subscribe(OPS_CHANNEL);
      await new Promise<void>((resolve, reject) => {
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind("pusher:subscription_error", () => reject(new Error("refused")));
      });
      const heard = new Promise<{ shipmentId: string; status: string }>((resolve) =>
        channel.bind("status", (e: { shipmentId: string; status: string }) => {
          if (e.shipmentId === p.shipment.id) resolve(e);
        }),
      );
      expect(await publishShipmentChanged(p.shipment.id)).toBe(true);
      expect(await heard).toMatchObject({ shipmentId: p.shipment.id, status: "IN_TRANSIT" });
    } finally {
      client.disconnect();
    }
  });

  it("a shipper, a driver (even on the shipment) and a signed-out browser get a bare 403", async () => {
    const p = await party("IN_TRANSIT");
    for (const userId of [p.owner.id, p.driver.id, p.otherShipper.id, null]) {
      await expectBareRefusal(await authorize({ cookie: await cookieOf(userId), channel: OPS_CHANNEL }));
    }
    expect(await subscribeAs(await cookieOf(p.driver.id), OPS_CHANNEL)).toMatch(/^refused/);
  });
});
