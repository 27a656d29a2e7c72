// The local push service's contract, driven as the app drives a push service: the official `web-push` library's
// generateRequestDetails (VAPID JWT + aes128gcm payload) sent with fetch. Every refusal a real push service makes
// and the stand-in copies is pinned here.
import webpush from "web-push";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startWebPushStandIn, type TStandInSubscription, type TWebPushStandIn } from "./server";

let standIn: TWebPushStandIn;
const vapid = webpush.generateVAPIDKeys();
const vapidDetails = { subject: "mailto:ops@example.test", ...vapid };

beforeAll(async () => {
  standIn = await startWebPushStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.clear());

async function send(
  sub: TStandInSubscription,
  payload: string | null,
  opts: { details?: typeof vapidDetails; drop?: string[]; headers?: Record<string, string> } = {},
): Promise<number> {
  const d = webpush.generateRequestDetails(sub, payload ?? undefined, {
    vapidDetails: opts.details ?? vapidDetails,
    TTL: 60,
    urgency: "high",
  });
  const headers = { ...(d.headers as Record<string, string>), ...opts.headers };
  for (const h of opts.drop ?? []) delete headers[h];
  const res = await fetch(d.endpoint, { method: "POST", headers, body: d.body ? new Uint8Array(d.body) : undefined });
  return res.status;
}

describe("push", () => {
  it("accepts a VAPID-signed encrypted push and decrypts the payload", async () => {
    const sub = standIn.subscribe(vapid.publicKey);
    expect(sub.endpoint).toMatch(new RegExp(`^${standIn.url}/push/`));
    expect(await send(sub, JSON.stringify({ title: "Picked up", body: "TT-1", url: "/shipper/1" }))).toBe(201);
    const [message] = standIn.messages();
    expect(JSON.parse(message!.payload)).toEqual({ title: "Picked up", body: "TT-1", url: "/shipper/1" });
    expect(message).toMatchObject({ ttl: 60, urgency: "high", vapidSubject: "mailto:ops@example.test" });
  });

  it("takes a subscription made over HTTP like a browser's, and a push without payload", async () => {
    const res = await fetch(`${standIn.url}/subscriptions`, {
      method: "POST",
      body: JSON.stringify({ applicationServerKey: vapid.publicKey }),
    });
    const sub = (await res.json()) as TStandInSubscription;
    expect(await send(sub, null)).toBe(201);
    expect(standIn.messages()[0]?.payload).toBe("");
  });

  it("refuses a push signed with another VAPID key than the subscription's (403)", async () => {
    const sub = standIn.subscribe(vapid.publicKey);
    const other = { subject: "mailto:x@example.test", ...webpush.generateVAPIDKeys() };
    expect(await send(sub, "x", { details: other })).toBe(403);
    expect(standIn.messages()).toEqual([]);
  });

  it("refuses missing or forged VAPID authorisation (401)", async () => {
    const sub = standIn.subscribe();
    expect(await send(sub, "x", { drop: ["Authorization"] })).toBe(401);
    const d = webpush.generateRequestDetails(sub, "x", { vapidDetails });
    const auth = (d.headers as Record<string, string>).Authorization!;
    const forged = auth.replace(/t=([^.]+)\.([^.]+)\./, (_m, h: string) => {
      const claims = { aud: "http://elsewhere.test", exp: Math.floor(Date.now() / 1000) + 60, sub: "mailto:a@b.c" };
      return `t=${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    });
    expect(await send(sub, "x", { headers: { Authorization: forged } })).toBe(401);
    expect(standIn.messages()).toEqual([]);
  });

  it("requires TTL (400) and aes128gcm (415)", async () => {
    const sub = standIn.subscribe();
    expect(await send(sub, "x", { drop: ["TTL"] })).toBe(400);
    expect(await send(sub, "x", { headers: { "Content-Encoding": "aesgcm" } })).toBe(415);
  });

  it("refuses a payload encrypted for another subscription (400)", async () => {
    const sub = standIn.subscribe();
    const other = standIn.subscribe();
    expect(await send({ ...sub, keys: other.keys }, "secret")).toBe(400);
  });

  it("answers 410 Gone for an expired subscription and 404 for an unknown one", async () => {
    const sub = standIn.subscribe();
    standIn.expire(sub.endpoint);
    expect(await send(sub, "x")).toBe(410);
    expect(await send({ ...sub, endpoint: `${standIn.url}/push/nope` }, "x")).toBe(404);
    const viaHttp = standIn.subscribe();
    const id = viaHttp.endpoint.slice(viaHttp.endpoint.lastIndexOf("/") + 1);
    expect((await fetch(`${standIn.url}/subscriptions/${id}`, { method: "DELETE" })).status).toBe(200);
    expect(await send(viaHttp, "x")).toBe(410);
  });
});
