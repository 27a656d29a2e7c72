// Web push end to end: a subscription saved through tRPC (as the account page does), sendPushToUser signing and
// encrypting with the app's VAPID keys, and the local push service (devstack/webpush) checking and decrypting it.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startWebPushStandIn, type TWebPushStandIn } from "../../../../devstack/webpush/server";
import { signedIn } from "../../../../scripts/test/helpers";
import { db } from "~/server/db";
import { ChannelError } from "~/server/integrations/channel-error";
import { sendPushToUser } from "./send-push";
import { vapidKeys } from "./vapid";

let push: TWebPushStandIn;
beforeAll(async () => {
  push = await startWebPushStandIn();
});
afterAll(() => push.close());

const payload = { title: "Load picked up", body: "TT-7K3F9Q is on its way", url: "/shipper/abc" };

describe("sendPushToUser", () => {
  it("delivers to each subscribed browser, encrypted and VAPID-signed with the app's keys", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const { publicKey } = await caller.push.config();
    expect(publicKey).toBe(vapidKeys()?.publicKey);
    const phone = push.subscribe(publicKey ?? undefined);
    const laptop = push.subscribe(publicKey ?? undefined);
    await caller.push.subscribe(phone);
    await caller.push.subscribe(laptop);
    expect((await caller.push.config()).subscriptions).toBe(2);

    expect(await sendPushToUser(user.id, payload)).toEqual({ sent: 2, removed: 0 });
    const received = push.messages().filter((m) => [phone.endpoint, laptop.endpoint].includes(m.endpoint));
    expect(received).toHaveLength(2);
    for (const m of received) expect(JSON.parse(m.payload)).toEqual(payload);
  });

  it("deletes a subscription the push service reports gone (410) and still sends to the others", async () => {
    const { user, caller } = await signedIn({ role: "DRIVER" });
    const key = vapidKeys()?.publicKey;
    const gone = push.subscribe(key);
    const alive = push.subscribe(key);
    await caller.push.subscribe(gone);
    await caller.push.subscribe(alive);
    push.expire(gone.endpoint);

    expect(await sendPushToUser(user.id, payload)).toEqual({ sent: 1, removed: 1 });
    const rows = await db.pushSubscription.findMany({ where: { userId: user.id }, select: { endpoint: true } });
    expect(rows.map((r) => r.endpoint)).toEqual([alive.endpoint]);
  });

  it("with only gone subscriptions: removes them and sends nothing, without an error", async () => {
    const { user, caller } = await signedIn({ role: "DRIVER" });
    const gone = push.subscribe(vapidKeys()?.publicKey);
    await caller.push.subscribe(gone);
    push.expire(gone.endpoint);
    expect(await sendPushToUser(user.id, payload)).toEqual({ sent: 0, removed: 1 });
    expect(await db.pushSubscription.count({ where: { userId: user.id } })).toBe(0);
  });

  it("throws a permanent ChannelError when the push service refuses (subscription made for another key)", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    await caller.push.subscribe(
      push.subscribe("BNotTheAppKey0000000000000000000000000000000000000000000000000000000000000000000000000"),
    );
    const error = await sendPushToUser(user.id, payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ permanent: true, code: "http_403" });
    expect(await db.pushSubscription.count({ where: { userId: user.id } })).toBe(1);
  });

  it("throws a retryable ChannelError when the push service is unreachable", async () => {
    const { user } = await signedIn({ role: "SHIPPER" });
    const sub = push.subscribe();
    await db.pushSubscription.create({
      data: { userId: user.id, endpoint: "http://127.0.0.1:9/push/x", p256dh: sub.keys.p256dh, auth: sub.keys.auth },
    });
    const error = await sendPushToUser(user.id, payload).catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: false, code: "unreachable" });
  });

  it("sends nothing to a user without subscriptions", async () => {
    const { user } = await signedIn({ role: "SHIPPER" });
    expect(await sendPushToUser(user.id, payload)).toEqual({ sent: 0, removed: 0 });
  });
});

describe("push procedures", () => {
  it("refuse an endpoint that is not a push service (no requests to internal addresses)", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const keys = push.subscribe().keys;
    for (const endpoint of [
      "http://10.0.0.5/push/x",
      "https://evil.example/push",
      "https://fcm.googleapis.com:8443/x",
      "file:///etc/passwd",
    ]) {
      const outcome = await caller.push.subscribe({ endpoint, keys }).catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(TRPCError);
      expect((outcome as TRPCError).code).toBe("BAD_REQUEST");
    }
    const ok = await caller.push.subscribe({ endpoint: "https://fcm.googleapis.com/fcm/send/abc123", keys });
    expect(ok.id).toBeTruthy();
  });

  it("unsubscribe removes only the caller's own subscription; a browser re-subscribing moves to the new account", async () => {
    const a = await signedIn({ role: "SHIPPER" });
    const b = await signedIn({ role: "DRIVER" });
    const sub = push.subscribe(vapidKeys()?.publicKey);
    await a.caller.push.subscribe(sub);
    expect(await b.caller.push.unsubscribe({ endpoint: sub.endpoint })).toEqual({ removed: 0 });
    expect(await db.pushSubscription.count({ where: { endpoint: sub.endpoint, userId: a.user.id } })).toBe(1);

    await b.caller.push.subscribe(sub);
    expect(await db.pushSubscription.count({ where: { endpoint: sub.endpoint, userId: b.user.id } })).toBe(1);
    expect(await b.caller.push.unsubscribe({ endpoint: sub.endpoint })).toEqual({ removed: 1 });
    expect(await db.pushSubscription.count({ where: { endpoint: sub.endpoint } })).toBe(0);
  });
});
