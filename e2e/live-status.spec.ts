// Status changes reach every open page live, without a reload: the public tracking page (signed out), the shipper's
// page and the driver's page; and when the Pusher server restarts mid-session, the pages reconnect and catch up on
// what changed while it was down. "No reload" is proven by a marker set on `window` that a navigation would wipe.
import { randomUUID } from "node:crypto";

import type { APIRequestContext, Page } from "@playwright/test";

import { expect, makeShipment, makeUser, test } from "./fixtures";

/** Marks the page's JavaScript realm; `keptMarker` reads it back (undefined after any reload or navigation). */
async function mark(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __liveMarker: "kept" }));
}
const keptMarker = (page: Page) => page.evaluate(() => Reflect.get(window, "__liveMarker") as unknown);

/** The page's connection indicator (ConnectionIndicator); `data-realtime` is its state. */
const indicator = (page: Page) => page.locator("[data-realtime]").first();

/** A tRPC mutation through the HTTP API, as the app's client sends it (same origin, client header). */
async function mutate(request: APIRequestContext, baseURL: string, path: string, input: object) {
  const res = await request.post(`/api/trpc/${path}`, {
    headers: { "content-type": "application/json", "x-trpc-source": "e2e", origin: baseURL },
    data: { json: input },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A driver step through the tRPC HTTP API. */
async function driverStep(
  request: APIRequestContext,
  baseURL: string,
  step: "pickUp" | "depart" | "accept" | "release",
  id: string,
) {
  await mutate(request, baseURL, `driver.${step}`, { id });
}

/** The status shown in a page header (the StatusBadge beside the connection indicator, under the h1). */
const headerStatus = (page: Page) => page.locator("h1 + p");

test("the public tracking page, signed out, follows pick-up and departure live", async ({
  browser,
  baseURL,
  pageAs,
  shipper,
  driver,
}) => {
  test.setTimeout(180_000);
  const { shipment, trackingToken } = await makeShipment({
    shipperId: shipper.id,
    status: "ASSIGNED",
    driverId: driver.id,
  });
  const d = await pageAs(driver);
  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    await visitor.goto(`/track/${trackingToken}`);
    await expect(visitor.getByTestId("tracking-status")).toHaveText("Assigned");
    await expect(indicator(visitor)).toHaveAttribute("data-realtime", "live");
    await mark(visitor);

    await driverStep(d.request, baseURL!, "pickUp", shipment.id);
    await expect(visitor.getByTestId("tracking-status")).toHaveText("Picked up");
    await driverStep(d.request, baseURL!, "depart", shipment.id);
    await expect(visitor.getByTestId("tracking-status")).toHaveText("In transit");
    await expect(visitor.locator('[aria-current="step"]')).toContainText("In transit");

    // The header's ETA follows the driver's positions too, not only status changes (seen stuck at the
    // page-load figures while the map moved).
    await expect(visitor.getByText("Estimated arrival")).toHaveCount(0);
    const ping = await d.request.post("/api/tracking/pings", {
      headers: { "content-type": "application/json", "x-trpc-source": "driver-app", origin: baseURL! },
      data: {
        pings: [
          { shipmentId: shipment.id, lat: 42.45, lng: -87.85, accuracyM: 12, speedKmh: 90, recordedAt: Date.now() },
        ],
      },
    });
    expect(ping.status(), await ping.text()).toBe(200);
    await expect(visitor.getByText("Estimated arrival")).toBeVisible({ timeout: 25_000 });
    expect(await keptMarker(visitor)).toBe("kept");
  } finally {
    await visitorContext.close();
  }
});

test("the shipper's and the driver's pages update live on each other's actions", async ({
  pageAs,
  shipper,
  driver,
}) => {
  // Generous: four page loads, each slow on a busy two-core machine; the live updates themselves take moments.
  test.setTimeout(300_000);
  const first = await makeShipment({ shipperId: shipper.id, status: "ASSIGNED", driverId: driver.id });
  const second = await makeShipment({ shipperId: shipper.id, status: "ASSIGNED", driverId: driver.id });
  const s = await pageAs(shipper);
  const d = await pageAs(driver);

  await test.step("the driver picks up: the shipper's page shows it", async () => {
    await s.goto(`/shipper/${first.shipment.id}`);
    await d.goto(`/driver/jobs/${first.shipment.id}`);
    await expect(headerStatus(s)).toContainText("Assigned");
    await expect(indicator(s)).toHaveAttribute("data-realtime", "live");
    await expect(indicator(d)).toHaveAttribute("data-realtime", "live");
    await mark(s);
    await d.getByRole("button", { name: "Picked up", exact: true }).click();
    await expect(headerStatus(s)).toContainText("Picked up");
    expect(await keptMarker(s)).toBe("kept");
  });

  await test.step("the shipper cancels: the driver's page shows the job cancelled", async () => {
    await s.goto(`/shipper/${second.shipment.id}`);
    await d.goto(`/driver/jobs/${second.shipment.id}`);
    await expect(d.getByRole("button", { name: "Picked up", exact: true })).toBeVisible();
    await expect(indicator(d)).toHaveAttribute("data-realtime", "live");
    await mark(d);
    await s.getByRole("button", { name: "Cancel shipment", exact: true }).click();
    await s.getByLabel("Reason", { exact: true }).fill("The customer moved the order");
    await s.getByRole("button", { name: "Cancel shipment", exact: true }).click();
    await expect(headerStatus(s)).toContainText("Cancelled");

    await expect(d.getByText("This job was cancelled", { exact: true })).toBeVisible();
    await expect(d.getByText("Reason: The customer moved the order")).toBeVisible();
    await expect(d.getByRole("button", { name: "Picked up", exact: true })).toHaveCount(0);
    expect(await keptMarker(d)).toBe("kept");
  });
});

test("the shipper's page follows each assignment's channel: accepted, released, taken by another driver", async ({
  baseURL,
  pageAs,
  shipper,
  driver,
}) => {
  // Each assignment has a channel of its own (a released driver keeps hearing nothing): the open page must move
  // with it, for the status and for the chat.
  test.setTimeout(180_000);
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
  const s = await pageAs(shipper);
  const first = await pageAs(driver);
  const other = await makeUser({ role: "DRIVER" });
  const second = await pageAs(other);
  await s.goto(`/shipper/${shipment.id}`);
  await expect(headerStatus(s)).toContainText("Posted");
  await expect(indicator(s)).toHaveAttribute("data-realtime", "live");
  await mark(s);

  await driverStep(first.request, baseURL!, "accept", shipment.id);
  await expect(headerStatus(s)).toContainText("Assigned");
  await driverStep(first.request, baseURL!, "release", shipment.id);
  await expect(headerStatus(s)).toContainText("Posted");
  await driverStep(second.request, baseURL!, "accept", shipment.id);
  await expect(headerStatus(s)).toContainText("Assigned");
  await driverStep(second.request, baseURL!, "pickUp", shipment.id);
  await expect(headerStatus(s)).toContainText("Picked up");
  await mutate(second.request, baseURL!, "chat.send", {
    shipmentId: shipment.id,
    clientId: randomUUID(),
    body: "Loaded, leaving the dock now",
  });
  await expect(s.getByTestId("shipment-chat").getByText("Loaded, leaving the dock now")).toBeVisible();
  expect(await keptMarker(s)).toBe("kept");
});

test("a load accepted while the shipper's page is still subscribing: the refused channel leads to the new one", async ({
  baseURL,
  pageAs,
  shipper,
  driver,
}) => {
  // The page reads the shipment (posted: the channel without a driver), the driver accepts, and only then does the
  // page ask to subscribe to that channel: the server refuses it (403, it is no longer the shipment's channel). The
  // page must re-read and follow the new assignment's channel instead of staying on "Posted" (seen in CI).
  test.setTimeout(120_000);
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
  const s = await pageAs(shipper);
  const d = await pageAs(driver);
  let releaseAuth: () => void = () => {};
  const accepted = new Promise<void>((resolve) => (releaseAuth = resolve));
  let held = 0;
  await s.route("**/api/pusher/auth", async (route) => {
    if (/private-shipment-/.test(route.request().postData() ?? "")) {
      held += 1;
      await accepted;
    }
    await route.continue();
  });
  await s.goto(`/shipper/${shipment.id}`);
  await expect(headerStatus(s)).toContainText("Posted");
  await expect.poll(() => held, { timeout: 30_000 }).toBeGreaterThan(0);
  await driverStep(d.request, baseURL!, "accept", shipment.id);
  releaseAuth();
  await expect(headerStatus(s)).toContainText("Assigned", { timeout: 30_000 });
});

// Restarting the stand-in drops every page's connection, so this test runs in its own Playwright project after all
// the others (playwright.config.ts: the @pusher-restart tag), never beside a spec that waits for a live event.
test(
  "after the Pusher server restarts, every page reconnects and shows what changed while it was down",
  { tag: "@pusher-restart" },
  async ({ browser, baseURL, pageAs, shipper, driver }) => {
    test.setTimeout(300_000);
    const { PUSHER_HOST: host, PUSHER_PORT: port } = process.env;
    if (!host || !port) throw new Error("PUSHER_HOST/PUSHER_PORT are not set: run through npm run test:e2e");
    const { shipment, trackingToken } = await makeShipment({
      shipperId: shipper.id,
      status: "ASSIGNED",
      driverId: driver.id,
    });
    const s = await pageAs(shipper);
    const d = await pageAs(driver);
    const visitorContext = await browser.newContext();
    try {
      const visitor = await visitorContext.newPage();
      await s.goto(`/shipper/${shipment.id}`);
      await d.goto(`/driver/jobs/${shipment.id}`);
      await visitor.goto(`/track/${trackingToken}`);
      const pages = [s, d, visitor];
      for (const page of pages) {
        await expect(indicator(page)).toHaveAttribute("data-realtime", "live");
        await mark(page);
      }

      // Answered once every socket is closed and nothing listens; back after 8 s.
      const res = await fetch(`http://${host}:${port}/__control/restart?downMs=8000`, { method: "POST" });
      expect(res.status).toBe(200);
      await Promise.all(pages.map((page) => expect(indicator(page)).not.toHaveAttribute("data-realtime", "live")));

      // While it is down: the status changes, and its broadcast is lost (Pusher keeps no history).
      await driverStep(d.request, baseURL!, "pickUp", shipment.id);

      for (const page of pages)
        await expect(indicator(page)).toHaveAttribute("data-realtime", "live", { timeout: 30_000 });
      await expect(headerStatus(s)).toContainText("Picked up");
      await expect(d.getByRole("button", { name: "In transit", exact: true })).toBeVisible();
      await expect(visitor.getByTestId("tracking-status")).toHaveText("Picked up");
      for (const page of pages) expect(await keptMarker(page)).toBe("kept");

      // And live again afterwards: the next change arrives as an event.
      await driverStep(d.request, baseURL!, "depart", shipment.id);
      await expect(headerStatus(s)).toContainText("In transit");
      await expect(visitor.getByTestId("tracking-status")).toHaveText("In transit");
    } finally {
      await visitorContext.close();
    }
  },
);
