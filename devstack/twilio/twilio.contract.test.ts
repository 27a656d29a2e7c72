// The Twilio stand-in's contract, driven only as production code drives Twilio: the official `twilio` SDK (with
// the app's BaseUrlRequestClient, its only way to reach another host) and `twilio.validateRequest` for the
// webhooks it signs. Every refusal the stand-in makes is pinned here with Twilio's own error code.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { BaseUrlRequestClient } from "~/server/integrations/twilio/base-url-client";
import { startTwilioStandIn, type TTwilioStandIn } from "./server";

const ACCOUNT_SID = `AC${"1".repeat(32)}`;
const AUTH_TOKEN = "f".repeat(32);
const FROM = "+15017122661";
const PHONE = "+14155550123";

let standIn: TTwilioStandIn;
let hook: {
  server: Server;
  url: string;
  received: { path: string; headers: IncomingMessage["headers"]; body: string }[];
};

function sdk(token = AUTH_TOKEN, sid = ACCOUNT_SID) {
  return twilio(sid, token, { httpClient: new BaseUrlRequestClient(standIn.url) });
}

/** The RestException the SDK threw, as `{ status, code }`. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; code: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status: number; code?: number; message: string };
    return { status: err.status, code: err.code, message: err.message };
  }
  throw new Error("expected the SDK to throw");
}

async function until<T>(read: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const received: { path: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
  standIn = await startTwilioStandIn({
    port: 0,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    phoneNumbers: [FROM],
    inboundUrl: `${hook.url}/inbound?x=1`,
    statusStepMs: 5,
  });
});

afterAll(async () => {
  await standIn.close();
  await new Promise<void>((r) => hook.server.close(() => r()));
});

beforeEach(() => {
  standIn.clear();
  hook.received.length = 0;
});

describe("messages", () => {
  it("creates a message, then fetches and lists it, and the outbox shows it", async () => {
    const client = sdk();
    const created = await client.messages.create({ to: PHONE, from: FROM, body: "Your code is 123456" });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe("queued");
    expect(created.to).toBe(PHONE);
    expect(created.accountSid).toBe(ACCOUNT_SID);
    expect(created.direction).toBe("outbound-api");
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(created.dateCreated.getTime())).toBe(false);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.body).toBe("Your code is 123456");

    const listed = await client.messages.list({ to: PHONE, limit: 10 });
    expect(listed.map((m) => m.sid)).toEqual([created.sid]);

    const outbox = (await (await fetch(`${standIn.url}/__outbox`)).json()) as { messages: { sid: string }[] };
    expect(outbox.messages.map((m) => m.sid)).toEqual([created.sid]);
  });

  it("moves a message to delivered", async () => {
    const created = await sdk().messages.create({ to: PHONE, from: FROM, body: "hello" });
    await until(() => (standIn.outbox()[0]?.status === "delivered" ? true : undefined), "delivered");
    expect((await sdk().messages(created.sid).fetch()).status).toBe("delivered");
  });

  it("answers 404 (20404) for a message it does not have", async () => {
    const r = await refusal(
      sdk()
        .messages(`SM${"0".repeat(32)}`)
        .fetch(),
    );
    expect(r).toMatchObject({ status: 404, code: 20404 });
  });
});

describe("refusals", () => {
  it("refuses a wrong auth token and an unknown account (401, 20003)", async () => {
    expect(await refusal(sdk("0".repeat(32)).messages.create({ to: PHONE, from: FROM, body: "x" }))).toMatchObject({
      status: 401,
      code: 20003,
    });
    const other = `AC${"2".repeat(32)}`;
    expect(await refusal(sdk(AUTH_TOKEN, other).messages.create({ to: PHONE, from: FROM, body: "x" }))).toMatchObject({
      status: 401,
      code: 20003,
    });
    expect(standIn.outbox()).toEqual([]);
  });

  it.each([
    ["12345", 21211],
    ["+1 415 555 0123", 21211],
    ["+15005550001", 21211],
    ["+15005550009", 21614],
    ["+15005550004", 21610],
  ])("refuses the To number %s with %i", async (to, code) => {
    expect(await refusal(sdk().messages.create({ to, from: FROM, body: "x" }))).toMatchObject({ status: 400, code });
    expect(standIn.outbox()).toEqual([]);
  });

  it("refuses a sender the account does not own (21606), an empty body (21602) and one over 1600 characters (21617)", async () => {
    expect(await refusal(sdk().messages.create({ to: PHONE, from: "+15550000000", body: "x" }))).toMatchObject({
      code: 21606,
    });
    expect(await refusal(sdk().messages.create({ to: PHONE, from: FROM, body: "  " }))).toMatchObject({
      code: 21602,
    });
    expect(await refusal(sdk().messages.create({ to: PHONE, from: FROM, body: "x".repeat(1601) }))).toMatchObject({
      code: 21617,
    });
  });
});

describe("webhooks", () => {
  it("POSTs each status to the StatusCallback, signed so that twilio.validateRequest accepts it", async () => {
    const callback = `${hook.url}/status?n=1`;
    const created = await sdk().messages.create({ to: PHONE, from: FROM, body: "hi", statusCallback: callback });
    const calls = await until(() => (hook.received.length >= 2 ? hook.received.slice() : undefined), "2 callbacks");
    const params = calls.map((c) => Object.fromEntries(new URLSearchParams(c.body)));
    expect(params.map((p) => p.MessageStatus)).toEqual(["sent", "delivered"]);
    for (const [i, call] of calls.entries()) {
      expect(call.path).toBe("/status?n=1");
      expect(params[i]).toMatchObject({ MessageSid: created.sid, AccountSid: ACCOUNT_SID, To: PHONE, From: FROM });
      const signature = String(call.headers["x-twilio-signature"]);
      expect(twilio.validateRequest(AUTH_TOKEN, signature, callback, params[i]!)).toBe(true);
      expect(twilio.validateRequest("0".repeat(32), signature, callback, params[i]!)).toBe(false);
      expect(twilio.validateRequest(AUTH_TOKEN, signature, callback, { ...params[i], MessageStatus: "failed" })).toBe(
        false,
      );
    }
  });

  it("pushes a chosen failure status with its error code", async () => {
    const callback = `${hook.url}/status`;
    const created = await sdk().messages.create({ to: PHONE, from: FROM, body: "hi", statusCallback: callback });
    await until(() => (hook.received.length >= 2 ? true : undefined), "the normal callbacks");
    const res = await fetch(`${standIn.url}/__status`, {
      method: "POST",
      body: JSON.stringify({ sid: created.sid, status: "undelivered", errorCode: 30003 }),
    });
    expect(res.status).toBe(200);
    const last = Object.fromEntries(new URLSearchParams(hook.received.at(-1)!.body));
    expect(last).toMatchObject({ MessageStatus: "undelivered", ErrorCode: "30003" });
    expect((await sdk().messages(created.sid).fetch()).errorCode).toBe(30003);
  });

  it("STOP from a phone opts it out (21610 on the next send) and is forwarded signed; START opts it back in", async () => {
    const stop = await fetch(`${standIn.url}/__inbound`, {
      method: "POST",
      body: JSON.stringify({ from: PHONE, body: " stop " }),
    });
    expect(((await stop.json()) as { optOutType: string }).optOutType).toBe("STOP");
    const forwarded = hook.received[0]!;
    const params = Object.fromEntries(new URLSearchParams(forwarded.body));
    expect(params).toMatchObject({ From: PHONE, To: FROM, Body: " stop ", OptOutType: "STOP" });
    expect(
      twilio.validateRequest(
        AUTH_TOKEN,
        String(forwarded.headers["x-twilio-signature"]),
        `${hook.url}/inbound?x=1`,
        params,
      ),
    ).toBe(true);

    expect(await refusal(sdk().messages.create({ to: PHONE, from: FROM, body: "x" }))).toMatchObject({
      status: 400,
      code: 21610,
    });

    await fetch(`${standIn.url}/__inbound`, { method: "POST", body: JSON.stringify({ from: PHONE, body: "START" }) });
    expect(Object.fromEntries(new URLSearchParams(hook.received[1]!.body)).OptOutType).toBe("START");
    const again = await sdk().messages.create({ to: PHONE, from: FROM, body: "welcome back" });
    expect(again.status).toBe("queued");
  });

  it("forwards an ordinary reply without OptOutType", async () => {
    await fetch(`${standIn.url}/__inbound`, {
      method: "POST",
      body: JSON.stringify({ from: PHONE, body: "on my way" }),
    });
    const params = Object.fromEntries(new URLSearchParams(hook.received[0]!.body));
    expect(params.OptOutType).toBeUndefined();
    expect(standIn.optOuts()).toEqual([]);
  });
});

describe("outboxFile option", () => {
  it("a restarted stand-in with resumeOutbox lists the texts sent before (latest status) and keeps STOPs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "twilio-outbox-"));
    const file = join(dir, "nested", "outbox.jsonl");
    const account = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumbers: [FROM], statusStepMs: 5 };
    try {
      const first = await startTwilioStandIn({ ...account, outboxFile: file, resumeOutbox: true });
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new BaseUrlRequestClient(first.url) });
      const sent = await client.messages.create({ to: PHONE, from: FROM, body: "Your delivery was picked up" });
      await until(() => (first.outbox()[0]?.status === "delivered" ? true : undefined), "delivered");
      const optOut = await fetch(`${first.url}/__inbound`, {
        method: "POST",
        body: JSON.stringify({ from: "+14155550999", to: FROM, body: "STOP" }),
      });
      expect(optOut.status).toBe(200);
      await first.close();

      const second = await startTwilioStandIn({ ...account, outboxFile: file, resumeOutbox: true });
      try {
        const outbox = second.outbox();
        expect(outbox.map((m) => [m.sid, m.direction, m.status])).toEqual([
          [expect.stringMatching(/^SM/), "inbound", "received"],
          [sent.sid, "outbound-api", "delivered"],
        ]);
        expect(second.optOuts()).toEqual([`${FROM}|+14155550999`]);
        // Read back through the API as before the restart, and the opted-out phone is still refused (21610).
        const again = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new BaseUrlRequestClient(second.url) });
        expect((await again.messages(sent.sid).fetch()).body).toBe("Your delivery was picked up");
        expect(
          await refusal(again.messages.create({ to: "+14155550999", from: FROM, body: "Still there?" })),
        ).toMatchObject({ status: 400, code: 21610 });
        await again.messages.create({ to: PHONE, from: FROM, body: "after the restart" });
      } finally {
        await second.close();
      }
      const lines = (await readFile(file, "utf8")).trim().split("\n");
      expect(lines.every((l) => JSON.parse(l) as unknown)).toBe(true);

      // Without resumeOutbox the file starts empty, as before this option.
      const fresh = await startTwilioStandIn({ ...account, outboxFile: file });
      expect(fresh.outbox()).toEqual([]);
      await fresh.close();
      expect(await readFile(file, "utf8")).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("clearing the outbox empties the file too", async () => {
    const dir = await mkdtemp(join(tmpdir(), "twilio-outbox-"));
    const file = join(dir, "outbox.jsonl");
    try {
      const s = await startTwilioStandIn({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        phoneNumbers: [FROM],
        outboxFile: file,
        resumeOutbox: true,
      });
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new BaseUrlRequestClient(s.url) });
      await client.messages.create({ to: PHONE, from: FROM, body: "one" });
      s.clear();
      await s.close();
      const back = await startTwilioStandIn({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        phoneNumbers: [FROM],
        outboxFile: file,
        resumeOutbox: true,
      });
      expect(back.outbox()).toEqual([]);
      await back.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
