// SMS end to end against the Twilio stand-in (scripts/test/global-setup.ts): sendSms through the official SDK,
// phone verification by a texted code (read back from the stand-in's outbox), the rule that SMS only go to a
// verified, not opted-out number, and the signed webhooks (STOP/START replies, status callbacks) through the real
// route handlers, signed by the stand-in's own signer.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import type { TTwilioMessage } from "../../../../devstack/twilio/server";
import { twilioSignature } from "../../../../devstack/twilio/signature";
import { signedIn } from "../../../../scripts/test/helpers";
import { POST as inbound } from "~/app/api/twilio/inbound/route";
import { POST as status } from "~/app/api/twilio/status/route";
import { db } from "~/server/db";
import { ChannelError } from "~/server/integrations/channel-error";
import { sendSms } from "~/server/integrations/twilio/send-sms";
import { smsAddressFor } from "./sms-address";

const TWILIO = process.env.TWILIO_BASE_URL ?? "";
const TOKEN = process.env.TWILIO_AUTH_TOKEN ?? "";
const APP_URL = process.env.APP_URL ?? "";

/** A fresh US number per test, so tests sharing the stand-in never read each other's messages. */
const newPhone = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

async function messagesTo(phone: string): Promise<TTwilioMessage[]> {
  const res = await fetch(`${TWILIO}/__outbox`);
  const { messages } = (await res.json()) as { messages: TTwilioMessage[] };
  return messages.filter((m) => m.to === phone);
}

async function codeSentTo(phone: string): Promise<string> {
  const [latest] = await messagesTo(phone);
  const code = /\b(\d{6})\b/.exec(latest?.body ?? "")?.[1];
  if (!code) throw new Error(`no code texted to ${phone}`);
  return code;
}

async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const outcome = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(outcome)}`);
  return outcome;
}

const fieldErrors = (e: TRPCError) => (e.cause as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;

/** A webhook request as Twilio sends it: form body, X-Twilio-Signature over APP_URL + path (unless `signature`). */
function twilioRequest(path: string, params: Record<string, string>, signature?: string): Request {
  const url = `${APP_URL}${path}`;
  return new Request(`http://127.0.0.1:3999${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": signature ?? twilioSignature(TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe("sendSms", () => {
  it("sends through the SDK to the stand-in and asks for status callbacks at APP_URL", async () => {
    const phone = newPhone();
    const { providerId } = await sendSms({ to: phone, body: "Load TT-ABC123 picked up" });
    expect(providerId).toMatch(/^SM[0-9a-f]{32}$/);
    const [message] = await messagesTo(phone);
    expect(message).toMatchObject({ sid: providerId, body: "Load TT-ABC123 picked up", from: "+15005550006" });
  });

  it.each([
    ["+15005550001", "21211"],
    ["+15005550009", "21614"],
    ["+15005550004", "21610"],
  ])("turns Twilio's refusal of %s into a permanent ChannelError %s", async (to, code) => {
    const error = await sendSms({ to, body: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ permanent: true, code });
  });
});

describe("phone verification", () => {
  it("texts a 6-digit code; the right code verifies the number, which then gets SMS", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const phone = newPhone();
    expect(await smsAddressFor(user.id)).toBeNull();

    const typed = `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    const started = await caller.phone.startVerification({ phone: typed });
    expect(started.phone).toBe(phone);
    expect(started.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    const code = await codeSentTo(phone);

    const wrong = code === "000000" ? "000001" : "000000";
    const refused = await failure(caller.phone.confirm({ phone, code: wrong }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(fieldErrors(refused)?.code?.[0]).toMatch(/wrong or has expired/);
    expect(await smsAddressFor(user.id)).toBeNull();

    const confirmed = await caller.phone.confirm({ phone, code });
    expect(confirmed.phone).toBe(phone);
    expect(await smsAddressFor(user.id)).toBe(phone);

    // Single use.
    expect((await failure(caller.phone.confirm({ phone, code }))).code).toBe("BAD_REQUEST");
    // The form sending the same number back, written differently, keeps it verified; another number does not.
    await caller.account.updateProfile({ name: "Sam", phone: typed });
    expect(await smsAddressFor(user.id)).toBe(phone);
    await caller.account.updateProfile({ name: "Sam", phone: newPhone() });
    expect(await smsAddressFor(user.id)).toBeNull();
  });

  it("a code works only for the number it was sent to, and only the latest one", async () => {
    const { user, caller } = await signedIn({ role: "DRIVER" });
    const phone = newPhone();
    await caller.phone.startVerification({ phone });
    const first = await codeSentTo(phone);
    await caller.phone.startVerification({ phone });
    const second = await codeSentTo(phone);
    if (first !== second) {
      expect((await failure(caller.phone.confirm({ phone, code: first }))).code).toBe("BAD_REQUEST");
    }
    expect((await failure(caller.phone.confirm({ phone: newPhone(), code: second }))).code).toBe("BAD_REQUEST");
    await caller.phone.confirm({ phone, code: second });
    expect(await smsAddressFor(user.id)).toBe(phone);
  });

  it("another account cannot use my code", async () => {
    const me = await signedIn({ role: "SHIPPER" });
    const other = await signedIn({ role: "SHIPPER" });
    const phone = newPhone();
    await me.caller.phone.startVerification({ phone });
    const code = await codeSentTo(phone);
    expect((await failure(other.caller.phone.confirm({ phone, code }))).code).toBe("BAD_REQUEST");
    expect(await smsAddressFor(other.user.id)).toBeNull();
  });

  it("refuses a number without country code, one Twilio cannot text, and one that opted out, beside the field", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const noCountry = await failure(caller.phone.startVerification({ phone: "415 555 0123" }));
    expect(noCountry.code).toBe("BAD_REQUEST");
    const landline = await failure(caller.phone.startVerification({ phone: "+15005550009" }));
    expect(fieldErrors(landline)?.phone?.[0]).toMatch(/cannot receive text messages/);
    const optedOut = await failure(caller.phone.startVerification({ phone: "+15005550004" }));
    expect(fieldErrors(optedOut)?.phone?.[0]).toMatch(/opted out/);
  });

  it("sends at most 3 codes an hour per account", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    for (let i = 0; i < 3; i++) await caller.phone.startVerification({ phone: newPhone() });
    const phone = newPhone();
    const limited = await failure(caller.phone.startVerification({ phone }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(await messagesTo(phone)).toEqual([]);
  });

  it("allows 5 guesses per 15 minutes: after them even the right code is refused", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const phone = newPhone();
    await caller.phone.startVerification({ phone });
    const code = await codeSentTo(phone);
    const wrong = code === "123456" ? "654321" : "123456";
    for (let i = 0; i < 5; i++)
      expect((await failure(caller.phone.confirm({ phone, code: wrong }))).code).toBe("BAD_REQUEST");
    expect((await failure(caller.phone.confirm({ phone, code }))).code).toBe("TOO_MANY_REQUESTS");
    expect(await smsAddressFor(user.id)).toBeNull();
  });

  it("an expired code is refused", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const phone = newPhone();
    await caller.phone.startVerification({ phone });
    const code = await codeSentTo(phone);
    await db.verificationToken.updateMany({
      where: { userId: user.id, purpose: "PHONE_VERIFY", usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await failure(caller.phone.confirm({ phone, code }))).code).toBe("BAD_REQUEST");
  });
});

describe("smsAddressFor", () => {
  it("is null for a disabled account even with a verified number", async () => {
    const phone = newPhone();
    const { user } = await signedIn({ role: "DRIVER", phone });
    await db.user.update({ where: { id: user.id }, data: { phoneVerifiedAt: new Date(), disabledAt: new Date() } });
    expect(await smsAddressFor(user.id)).toBeNull();
  });
});

describe("/api/twilio/inbound", () => {
  it("a signed STOP opts the number out, START opts it back in; replies are empty TwiML", async () => {
    const phone = newPhone();
    const { user } = await signedIn({ role: "DRIVER", phone });
    await db.user.update({ where: { id: user.id }, data: { phoneVerifiedAt: new Date() } });
    expect(await smsAddressFor(user.id)).toBe(phone);

    const base = {
      AccountSid: process.env.TWILIO_ACCOUNT_SID ?? "",
      From: phone,
      To: "+15005550006",
      MessageSid: "SM1",
    };
    const res = await inbound(twilioRequest("/api/twilio/inbound", { ...base, Body: "Stop" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/xml/);
    expect(await res.text()).toContain("<Response/>");
    expect(await smsAddressFor(user.id)).toBeNull();

    // Twilio repeats webhooks: a second STOP changes nothing.
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { smsOptedOutAt: true } });
    await inbound(twilioRequest("/api/twilio/inbound", { ...base, Body: "STOP", OptOutType: "STOP" }));
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { smsOptedOutAt: true } });
    expect(after.smsOptedOutAt).toEqual(before.smsOptedOutAt);

    await inbound(twilioRequest("/api/twilio/inbound", { ...base, Body: "start" }));
    expect(await smsAddressFor(user.id)).toBe(phone);
  });

  it("refuses an unsigned, wrongly signed or tampered request and changes nothing", async () => {
    const phone = newPhone();
    const { user } = await signedIn({ role: "DRIVER", phone });
    await db.user.update({ where: { id: user.id }, data: { phoneVerifiedAt: new Date() } });
    const params = { From: phone, To: "+15005550006", Body: "STOP" };

    expect((await inbound(twilioRequest("/api/twilio/inbound", params, ""))).status).toBe(403);
    const wrongKey = twilioSignature("0".repeat(32), `${APP_URL}/api/twilio/inbound`, params);
    expect((await inbound(twilioRequest("/api/twilio/inbound", params, wrongKey))).status).toBe(403);
    const signedForOther = twilioSignature(TOKEN, `${APP_URL}/api/twilio/inbound`, { ...params, From: newPhone() });
    expect((await inbound(twilioRequest("/api/twilio/inbound", params, signedForOther))).status).toBe(403);
    expect(await smsAddressFor(user.id)).toBe(phone);
  });
});

describe("/api/twilio/status", () => {
  it("a signed 'undelivered' callback marks the SMS delivery FAILED with Twilio's code; 'delivered' changes nothing", async () => {
    const { user } = await signedIn({ role: "SHIPPER" });
    const { providerId } = await sendSms({ to: newPhone(), body: "Your load was delivered" });
    const notification = await db.notification.create({
      data: {
        userId: user.id,
        type: "SHIPMENT_STATUS",
        title: "Delivered",
        body: "Your load was delivered",
        deliveries: { create: { channel: "SMS", status: "SENT", providerId, sentAt: new Date() } },
      },
      include: { deliveries: true },
    });
    const delivery = notification.deliveries[0]!;

    const delivered = await status(
      twilioRequest("/api/twilio/status", { MessageSid: providerId, MessageStatus: "delivered" }),
    );
    expect(delivered.status).toBe(204);
    expect((await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("SENT");

    const forged = twilioRequest("/api/twilio/status", { MessageSid: providerId, MessageStatus: "failed" }, "bad");
    expect((await status(forged)).status).toBe(403);
    expect((await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("SENT");

    const failed = await status(
      twilioRequest("/api/twilio/status", { MessageSid: providerId, MessageStatus: "undelivered", ErrorCode: "30003" }),
    );
    expect(failed.status).toBe(204);
    const row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row.status).toBe("FAILED");
    expect(row.error).toContain("30003");
  });
});
