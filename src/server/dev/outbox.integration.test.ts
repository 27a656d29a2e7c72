// The /dev/outbox page's data: emails from the Resend stand-in and texts from the Twilio stand-in of the test run,
// sent by the app's own senders (official SDKs), merged newest first and filtered by recipient.
import { describe, expect, it } from "vitest";

import { uniqueEmail } from "../../../scripts/test/helpers";
import { sendSms } from "~/server/integrations/twilio/send-sms";
import { sendEmail } from "~/server/services/email/send-email";
import { loadDevOutbox } from "./outbox";

const urls = () => ({ resendUrl: process.env.RESEND_BASE_URL ?? null, twilioUrl: process.env.TWILIO_BASE_URL ?? null });
const newPhone = () => `+1312${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe("dev outbox", () => {
  it("lists texts beside emails, newest first, with recipient, body, status and an instant", async () => {
    const email = uniqueEmail("dev-outbox");
    const phone = newPhone();
    await sendEmail({ to: email, subject: "Your delivery is on its way", text: "Track it", html: "<p>Track it</p>" });
    // Twilio's dates have whole seconds: the text goes out in a later second than the email.
    await new Promise((r) => setTimeout(r, 1100));
    const { providerId } = await sendSms({
      to: phone,
      body: "Trial Transport: picked up. http://localhost:3000/track/x",
    });

    const all = await loadDevOutbox(urls());
    expect(all.email).toMatchObject({ ok: true });
    expect(all.sms).toMatchObject({ ok: true });
    const mine = all.items.filter((i) => (i.kind === "sms" ? i.to === phone : i.to.includes(email)));
    expect(mine.map((i) => i.kind)).toEqual(["sms", "email"]);
    expect(mine[0]).toMatchObject({
      kind: "sms",
      id: providerId,
      to: phone,
      from: process.env.TWILIO_FROM_NUMBER,
      body: "Trial Transport: picked up. http://localhost:3000/track/x",
      status: expect.stringMatching(/^(queued|sent|delivered)$/),
      direction: "outbound",
      errorCode: null,
    });
    // An ISO-8601 instant (the page shows it in the viewer's zone, named).
    expect(mine[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(mine[1]).toMatchObject({ kind: "email", subject: "Your delivery is on its way", text: "Track it" });
    const times = all.items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Filtered by the phone as people write it: only that number's texts; by the email: only its emails.
    const byPhone = await loadDevOutbox({
      ...urls(),
      to: `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5)}`,
    });
    expect(byPhone.items.map((i) => [i.kind, i.id])).toEqual([["sms", providerId]]);
    const byEmail = await loadDevOutbox({ ...urls(), to: email });
    expect(byEmail.items.map((i) => i.kind)).toEqual(["email"]);
  });

  it("a stand-in that is down or not configured is reported, and the other's list still shows", async () => {
    const phone = newPhone();
    await sendSms({ to: phone, body: "still listed" });
    const down = await loadDevOutbox({ resendUrl: "http://127.0.0.1:9", twilioUrl: urls().twilioUrl, to: phone });
    expect(down.email).toMatchObject({ ok: false, message: expect.stringMatching(/Could not reach/) });
    expect(down.items.map((i) => (i.kind === "sms" ? i.body : null))).toEqual(["still listed"]);
    const unset = await loadDevOutbox({ resendUrl: null, twilioUrl: null });
    expect(unset).toEqual({ items: [], email: null, sms: null });
  });
});
