// The daily summary honours the shipper's DAILY_SUMMARY email preference (off: not sent, the day recorded as
// skipped) and carries the signed one-click unsubscribe link and List-Unsubscribe headers, like every notification
// email; the link turns the summary off.
import { describe, expect, it } from "vitest";

import { createShipment, createUser } from "../../../../prisma/factories";
import { outboxFor, uniqueEmail } from "../../../../scripts/test/helpers";
import { db } from "~/server/db";
import { listPreferences, setPreference } from "~/server/notifications/preferences";
import { readUnsubscribeToken, unsubscribe } from "~/server/notifications/unsubscribe";
import { sendDailySummaries, sendDailySummary } from "./send-daily-summaries";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A local midnight (UTC+1) after the shipments' histories, and 07:00 that morning, past the 06:00 send hour. */
const today = Math.floor(Date.now() / DAY) * DAY + DAY - HOUR;
const morning = new Date(today + 7 * HOUR);
const day = new Date(today - DAY + HOUR).toISOString().slice(0, 10);

/** A verified shipper whose load changed status five times yesterday (in Etc/GMT-1). */
async function busyShipper() {
  const shipper = await createUser(db, { role: "SHIPPER", email: uniqueEmail("summary") });
  const driver = await createUser(db, { role: "DRIVER" });
  const { shipment } = await createShipment(db, {
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
    createdAt: new Date(today - 15 * HOUR),
    stepMinutes: 30,
  });
  await db.shipment.update({ where: { id: shipment.id }, data: { pickupTimeZone: "Etc/GMT-1" } });
  return shipper;
}

describe("daily summary preferences", () => {
  it("turned off, the summary is not sent and the day is recorded as skipped", async () => {
    const shipper = await busyShipper();
    await setPreference({ userId: shipper.id, type: "DAILY_SUMMARY", channel: "EMAIL", enabled: false });
    await expect(sendDailySummary({ shipperId: shipper.id, now: morning })).resolves.toEqual({
      sent: false,
      reason: "turned off",
    });
    expect(
      await db.dailySummary.findUniqueOrThrow({ where: { shipperId_day: { shipperId: shipper.id, day } } }),
    ).toMatchObject({ skipped: "turned off", sentAt: null, emailId: null });
    expect(await outboxFor(shipper.email)).toEqual([]);

    // Turned on again before the next hourly run: that run sends the day after all, and clears the mark.
    await setPreference({ userId: shipper.id, type: "DAILY_SUMMARY", channel: "EMAIL", enabled: true });
    await expect(sendDailySummary({ shipperId: shipper.id, now: morning })).resolves.toMatchObject({ sent: true });
    expect(
      await db.dailySummary.findUniqueOrThrow({ where: { shipperId_day: { shipperId: shipper.id, day } } }),
    ).toMatchObject({ skipped: null, sentAt: expect.any(Date) });
  });

  it("the batch counts a turned-off shipper as skipped and emails the others", async () => {
    const off = await busyShipper();
    const on = await busyShipper();
    await setPreference({ userId: off.id, type: "DAILY_SUMMARY", channel: "EMAIL", enabled: false });
    const after = [off.id, on.id].sort()[0]!.slice(0, -1);
    let sent: string[] = [];
    for (let cursor: string | null = after; ;) {
      const batch = await sendDailySummaries({ now: morning, after: cursor, batchSize: 50 });
      sent = [...sent, ...batch.sent];
      if (batch.done) break;
      cursor = batch.cursor;
    }
    expect(sent).toContain(on.id);
    expect(sent).not.toContain(off.id);
    expect(await outboxFor(off.email)).toEqual([]);
    expect(await outboxFor(on.email)).toHaveLength(1);
  });

  it("the email carries the one-click unsubscribe (link and headers), and using it turns the summary off", async () => {
    const shipper = await busyShipper();
    await expect(sendDailySummary({ shipperId: shipper.id, now: morning })).resolves.toMatchObject({ sent: true });
    const [mail] = await outboxFor(shipper.email);
    expect(mail?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const target = /<(.+)>/.exec(mail?.headers?.["List-Unsubscribe"] ?? "")?.[1] ?? "";
    expect(target).toMatch(/\/api\/unsubscribe\?token=/);
    const token = new URL(target).searchParams.get("token") ?? "";
    expect(readUnsubscribeToken(token)).toEqual({ userId: shipper.id, type: "DAILY_SUMMARY" });
    expect(mail?.text).toContain(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(mail?.html).toContain("Unsubscribe");

    await expect(unsubscribe(token)).resolves.toEqual({ userId: shipper.id, type: "DAILY_SUMMARY" });
    expect((await listPreferences(shipper.id)).filter((c) => c.type === "DAILY_SUMMARY")).toEqual([
      { type: "DAILY_SUMMARY", channel: "EMAIL", enabled: false, locked: false },
    ]);
  });
});
