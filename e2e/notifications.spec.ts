// Notifications as people meet them: the shipper's bell counts up live when the driver picks the load up (no
// reload), the list shows it and marks it read; the email's unsubscribe link works signed out and turns that type's
// email off; quick changes to one preference are saved in order, and a failed save shows the saved value again.
// "No reload" is proven by a marker on `window` that a navigation would wipe.
import type { APIRequestContext } from "@playwright/test";

import { db, expect, makeShipment, test } from "./fixtures";

type TOutboxEmail = { subject: string; text?: string | null; headers?: Record<string, string> | null };

/** Polls the Resend stand-in's outbox (scripts/e2e.ts sets RESEND_BASE_URL) for an email to `to` whose subject matches. */
async function waitForEmail(to: string, subject: RegExp): Promise<TOutboxEmail> {
  const base = process.env.RESEND_BASE_URL;
  if (!base) throw new Error("RESEND_BASE_URL is not set: run this spec through `npm run test:e2e`.");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/__outbox?to=${encodeURIComponent(to)}`, { signal: AbortSignal.timeout(2_000) });
    const { emails } = (await res.json()) as { emails: TOutboxEmail[] };
    const email = emails.find((e) => subject.test(e.subject));
    if (email) return email;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No email matching ${subject} reached ${to} within 30 s.`);
}

async function pickUp(request: APIRequestContext, baseURL: string, id: string) {
  const res = await request.post(`/api/trpc/driver.pickUp`, {
    headers: { "content-type": "application/json", "x-trpc-source": "e2e", origin: baseURL },
    data: { json: { id } },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test("a driver's pick-up raises the shipper's bell without a reload; the list marks it read", async ({
  baseURL,
  pageAs,
  shipper,
  driver,
}) => {
  test.setTimeout(180_000);
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "ASSIGNED", driverId: driver.id });
  const s = await pageAs(shipper);
  const d = await pageAs(driver);
  await s.goto(`/shipper/${shipment.id}`);
  const bell = s.getByTestId("notification-bell");
  await expect(bell).toHaveAttribute("data-unread", "0");
  await expect(s.locator("[data-realtime]").first()).toHaveAttribute("data-realtime", "live");
  await s.evaluate(() => Object.assign(window, { __bellMarker: "kept" }));

  await pickUp(d.request, baseURL!, shipment.id);
  await expect(bell).toHaveAttribute("data-unread", "1", { timeout: 30_000 });
  await expect(bell).toHaveAccessibleName("Notifications: 1 unread");
  expect(await s.evaluate(() => Reflect.get(window, "__bellMarker") as unknown)).toBe("kept");

  await bell.click();
  await expect(s.getByRole("heading", { name: "Notifications" })).toBeVisible();
  const list = s.getByRole("list", { name: "Notifications" });
  await expect(list.getByText(`${shipment.reference} was picked up`)).toBeVisible();
  await s.getByRole("button", { name: "Mark all as read" }).click();
  await expect(bell).toHaveAttribute("data-unread", "0");
  await expect(list.getByRole("img", { name: "Unread" })).toHaveCount(0);
});

test("the email's unsubscribe link works signed out and stops that type's email", async ({
  browser,
  baseURL,
  pageAs,
  shipper,
  driver,
}) => {
  test.setTimeout(180_000);
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "ASSIGNED", driverId: driver.id });
  const d = await pageAs(driver);
  await pickUp(d.request, baseURL!, shipment.id);
  const email = await waitForEmail(shipper.email, /was picked up/);
  expect(email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const link = /https?:\/\/\S+\/unsubscribe\?token=[A-Za-z0-9_.%-]+/.exec(email.text ?? "")?.[0];
  expect(link, email.text ?? "").toBeTruthy();
  const url = new URL(link!);

  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${url.pathname}${url.search}`);
    // Opening the link changes nothing: mail scanners follow links.
    expect(await db.notificationPreference.count({ where: { userId: shipper.id } })).toBe(0);
    await visitor.getByRole("button", { name: "Unsubscribe from shipment updates emails" }).click();
    await expect(visitor.getByText("You are unsubscribed")).toBeVisible();
    const pref = await db.notificationPreference.findUnique({
      where: { userId_type_channel: { userId: shipper.id, type: "SHIPMENT_STATUS", channel: "EMAIL" } },
    });
    expect(pref?.enabled).toBe(false);
  } finally {
    await visitorContext.close();
  }

  // The shipper sees it off in their settings.
  const s = await pageAs(shipper);
  await s.goto("/settings/notifications");
  await expect(s.getByRole("checkbox", { name: "Shipment updates by email" })).not.toBeChecked();
  // SMS is on by default for the shipper's time-critical type; driver-only types are not offered to a shipper.
  await expect(s.getByRole("checkbox", { name: "Delivery code locked by SMS" })).toBeChecked();
  await expect(s.getByRole("checkbox", { name: "Pick-up reminders by SMS" })).toHaveCount(0);
  await s.getByRole("checkbox", { name: "Shipment updates by email" }).check();
  await expect(s.getByTestId("preferences-status")).toContainText("Saved: Shipment updates by email on.");
});

test("quick changes to one box are saved in order and the last one wins; a save that fails shows the saved value again", async ({
  pageAs,
  shipper,
}) => {
  const s = await pageAs(shipper);
  // The first save is slow (a phone on a poor connection); the ones after it are not.
  let calls = 0;
  await s.route("**/api/trpc/notifications.setPreference*", async (route) => {
    calls += 1;
    if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await s.goto("/settings/notifications");
  const box = s.getByRole("checkbox", { name: "Shipment updates by email" });
  await expect(box).toBeChecked();
  await box.uncheck();
  await box.check();
  // Sent one after the other: the slow "off" could otherwise land after the quick "on" and be what is kept.
  await expect(s.getByTestId("preferences-status")).toContainText("Saved: Shipment updates by email on.");
  await expect(box).toBeChecked();
  const pref = () =>
    db.notificationPreference.findUnique({
      where: { userId_type_channel: { userId: shipper.id, type: "SHIPMENT_STATUS", channel: "EMAIL" } },
    });
  expect((await pref())?.enabled).toBe(true);
  expect(calls).toBe(2);

  // The connection drops during a save: it says so in words, and the box shows what is saved again.
  await s.unroute("**/api/trpc/notifications.setPreference*");
  await s.route("**/api/trpc/notifications.setPreference*", (route) => route.abort("internetdisconnected"));
  await box.uncheck();
  await expect(s.getByTestId("preferences-status")).toContainText(
    "Not saved: Shipment updates by email off. Could not reach the server. Check your connection and try again.",
  );
  await expect(box).toBeChecked();
  expect((await pref())?.enabled).toBe(true);
  await s.reload();
  await expect(s.getByRole("checkbox", { name: "Shipment updates by email" })).toBeChecked();
});

test("a reload of the preferences that was on its way when a box was saved does not undo it", async ({
  pageAs,
  shipper,
}) => {
  const s = await pageAs(shipper);
  await s.clock.install();
  await s.goto("/settings/notifications");
  const box = s.getByRole("checkbox", { name: "Shipment updates by email" });
  await expect(box).toBeChecked();
  // Back in the tab after a while: the page reads the preferences again, and that answer is slow to arrive.
  let slow = true;
  // Matched by procedure: the reload may be batched with the bell's count into one request, in either order.
  const readsPreferences = (url: URL) =>
    url.pathname.startsWith("/api/trpc/") &&
    url.pathname.split("/").pop()!.split(",").includes("notifications.preferences");
  await s.route(readsPreferences, async (route) => {
    if (!slow) return route.continue();
    slow = false;
    const response = await route.fetch(); // read now, before the save: the box is on
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await route.fulfill({ response }).catch(() => undefined); // the page may have dropped this request
  });
  await s.clock.fastForward(31_000); // the preferences are 30 s old: read again on return
  await s.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
  await expect.poll(() => slow).toBe(false);
  await box.uncheck();
  await expect(s.getByTestId("preferences-status")).toContainText("Saved: Shipment updates by email off.");
  await s.waitForTimeout(3_000); // past the slow answer: pacing, not a speed assertion
  await expect(box).not.toBeChecked();
  await s.reload();
  await expect(s.getByRole("checkbox", { name: "Shipment updates by email" })).not.toBeChecked();
});
