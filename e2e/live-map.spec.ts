// The live map on the public tracking page and the shipper's shipment page, with no map provider configured (as
// here and in CI): the offline base drawn from packaged atlas data, stop markers with accessible names, the
// "waiting" state, and the driver marker from LocationPing rows, greyed with "Last seen N min ago" when old. In
// that mode no request may leave this machine.
import type { Page } from "@playwright/test";

import { db, expect, makeShipment, test } from "./fixtures";

const MINUTE = 60_000;
// The map's chunk (atlas data included) loads after first paint: on a busy two-core machine that can take a while.
const MAP_LOADED = { timeout: 30_000 };

/** Every request (and WebSocket) the page makes to anywhere but 127.0.0.1 / localhost. */
function recordOutsideRequests(page: Page): string[] {
  const outside: string[] = [];
  const check = (url: string) => {
    const u = new URL(url);
    if (u.protocol === "data:" || u.protocol === "blob:") return;
    if (u.hostname !== "127.0.0.1" && u.hostname !== "localhost") outside.push(url);
  };
  page.on("request", (r) => check(r.url()));
  page.on("websocket", (ws) => check(ws.url()));
  return outside;
}

async function addPings(shipmentId: string, driverId: string, minutesAgo: number[]) {
  const now = Date.now();
  // Detroit-bound from Chicago: each fix a little further east along I-94.
  const rows = minutesAgo.map((m, i) => ({
    shipmentId,
    driverId,
    lat: 41.9 + i * 0.05,
    lng: -87.4 + i * 0.25,
    speedKmh: 88,
    headingDeg: 75,
    recordedAt: new Date(now - m * MINUTE),
  }));
  await db.locationPing.createMany({ data: rows });
  const last = rows.at(-1)!;
  await db.shipment.update({
    where: { id: shipmentId },
    data: { lastLat: last.lat, lastLng: last.lng, lastPositionAt: last.recordedAt },
  });
}

test("public tracking page: offline map with stops, waiting, then an old fix greyed as 'Last seen', nothing leaves the machine", async ({
  browser,
  shipper,
  driver,
}) => {
  test.slow();
  const { shipment, trackingToken } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
    from: "chicago",
    to: "detroit",
  });
  const context = await browser.newContext({ timezoneId: "America/Chicago" });
  const page = await context.newPage();
  const outside = recordOutsideRequests(page);

  await page.goto(`/track/${trackingToken}`);
  const map = page.getByTestId("live-map");
  await expect(map.getByRole("img", { name: "Pick-up: Chicago" })).toBeVisible(MAP_LOADED);
  await expect(map.getByRole("img", { name: "Drop-off: Detroit" })).toBeVisible();
  await expect(map.locator('[data-map-provider="offline"]')).toBeVisible();
  await expect(map.getByText("Simplified map (offline)")).toBeVisible();
  await expect(map.getByTestId("map-banner")).toHaveText("Waiting for the driver's first position");
  await expect(map.locator('[data-marker="driver"]')).toHaveCount(0);

  await addPings(shipment.id, driver.id, [14, 12, 10]);
  await page.reload();
  // The clock ticks every 30 s, so a fix 10 min old reads as 9 or 10 minutes.
  const driverMarker = map.getByRole("img", { name: /^Driver, last seen (9|10) min ago$/ });
  await expect(driverMarker).toBeVisible(MAP_LOADED);
  await expect(driverMarker).toHaveAttribute("data-look", "stale");
  await expect(map.getByTestId("map-banner")).toHaveText(/^Last seen (9|10) min ago$/);
  await expect(map.getByTestId("map-trail")).toBeVisible();
  await expect(map.getByTestId("map-summary")).toContainText("mi from the drop-off");
  await expect(map.getByTestId("map-summary")).toContainText(/reported at \d{1,2}:\d{2} [AP]M CST/);

  expect(outside).toEqual([]);
  await context.close();
});

test("shipper's page: the live map shows the stops and a fresh fix as live, with the ETA in the viewer's zone", async ({
  pageAs,
  shipper,
  driver,
}) => {
  test.slow();
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
    from: "chicago",
    to: "detroit",
  });
  await addPings(shipment.id, driver.id, [3, 2, 1]);
  const eta = new Date(Date.now() + 3 * 60 * MINUTE);
  await db.shipment.update({ where: { id: shipment.id }, data: { etaAt: eta } });

  const page = await pageAs(shipper, { timezoneId: "America/Chicago" });
  const outside = recordOutsideRequests(page);
  await page.goto(`/shipper/${shipment.id}`);
  const map = page.getByTestId("live-map");
  await expect(map.getByRole("img", { name: "Pick-up: Chicago" })).toBeVisible(MAP_LOADED);
  await expect(map.getByRole("img", { name: "Drop-off: Detroit" })).toBeVisible();
  const driverMarker = map.locator('[data-marker="driver"]');
  await expect(driverMarker).toHaveAttribute("data-look", "live");
  await expect(driverMarker).toHaveAttribute("aria-label", /^Driver, updated (just now|1 min ago)$/);
  await expect(map.getByTestId("driver-heading")).toBeVisible();
  await expect(map.getByTestId("map-banner")).toHaveCount(0);
  const expected = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/Chicago",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(eta);
  await expect(map.getByTestId("map-eta")).toContainText(expected);
  expect(outside).toEqual([]);
});

test("shipper's page on a phone: the map fits the screen and says when no fix has come yet", async ({
  pageAs,
  shipper,
  driver,
}) => {
  test.slow();
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "ASSIGNED",
    from: "chicago",
    to: "milwaukee",
  });
  const page = await pageAs(shipper, { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
  await page.goto(`/shipper/${shipment.id}`);
  const map = page.getByTestId("live-map");
  await expect(map.getByRole("img", { name: "Drop-off: Milwaukee" })).toBeVisible(MAP_LOADED);
  await expect(map.getByTestId("map-banner")).toHaveText("Waiting for the driver's first position");
  const box = await map.locator('[data-map-provider="offline"]').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(412);
});
