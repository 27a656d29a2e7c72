// The product's promise end to end, in two browser contexts: the driver's phone (emulated geolocation) drives east
// from Chicago, and the shipper's shipment page, opened once and never reloaded, shows the driver's marker move, the
// distance left shrink and the ETA change, through the real ingest route, the Pusher stand-in and the live map.
import { devices } from "@playwright/test";

import { db, expect as baseExpect, makeShipment, test } from "./fixtures";

// A fix travels phone → 5 s batch → ingest → Pusher → map: on a loaded two-core machine allow 30 s per wait. No
// assertion here is about speed.
const expect = baseExpect.configure({ timeout: 30_000 });
const phone = { viewport: devices["Pixel 7"].viewport, isMobile: true, hasTouch: true };

/** East along I-94 from Chicago towards Detroit, about 8 km a step. */
const route = Array.from({ length: 4 }, (_, i) => ({ latitude: 41.88, longitude: -87.5 + i * 0.1 }));

/** The distance in the map's summary "N mi from the drop-off in a straight line." (en-US: the viewer's miles), in km. */
async function kmLeft(summary: string | null): Promise<number> {
  const m = /([\d,]+) mi from the drop-off/.exec(summary ?? "");
  return m ? Number(m[1]!.replace(/,/g, "")) * 1.609344 : NaN;
}

test("the shipper sees the driver's marker move and the ETA change without a reload", async ({
  pageAs,
  shipper,
  driver,
}) => {
  test.setTimeout(180_000);
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
    from: "chicago",
    to: "detroit",
  });

  const shipperPage = await pageAs(shipper, { timezoneId: "America/Chicago" });
  await shipperPage.goto(`/shipper/${shipment.id}`);
  const map = shipperPage.getByTestId("live-map");
  await expect(map.getByTestId("map-banner")).toHaveText("Waiting for the driver's first position");
  await expect(map.getByText("Live", { exact: true })).toBeVisible();
  // A marker on window survives only if the page is never reloaded or navigated.
  await shipperPage.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  const driverPage = await pageAs(driver, { ...phone, permissions: ["geolocation"], geolocation: route[0] });
  await driverPage.goto(`/driver/jobs/${shipment.id}`);
  await expect(driverPage.getByText("Sharing your location", { exact: true })).toBeVisible();

  const marker = map.locator('[data-marker="driver"]');
  await expect(marker).toHaveAttribute("data-look", "live");
  const summary = map.getByTestId("map-summary");
  await expect(summary).toContainText("mi from the drop-off");
  const firstKm = await kmLeft(await summary.textContent());
  const firstEta = await map.getByTestId("map-eta").textContent();
  const firstTransform = await marker.getAttribute("transform");
  // The clock time in the drop-off's zone, with the day when the ETA is not today there (formatClock): a run late in
  // the evening in Chicago shows "ETA Tue, Dec 1, 3:43 AM CST".
  expect(firstEta).toMatch(/^ETA ([A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, )?\d{1,2}:\d{2} [AP]M CST$/);

  // Each move waits for the fix before it to be stored: the phone keeps one fix a second, counted from that fix
  // (moving sooner after a slow first fix could drop the move, and the last one is what the test reads).
  const storedAt = (lng: number) => db.locationPing.count({ where: { shipmentId: shipment.id, lng } });
  await expect.poll(() => storedAt(route[0]!.longitude)).toBe(1);
  for (const point of route.slice(1)) {
    await driverPage.waitForTimeout(1_100); // pacing, not a speed assertion
    await driverPage.context().setGeolocation(point);
    await expect.poll(() => storedAt(point.longitude)).toBe(1);
  }

  // The last fix is ~24 km further east: closer to Detroit, so less distance left and an earlier ETA.
  await expect.poll(async () => kmLeft(await summary.textContent())).toBeLessThanOrEqual(firstKm - 20);
  await expect(map.getByTestId("map-eta")).not.toHaveText(firstEta ?? "");
  // The marker glides to its new place (~1 s): it ends somewhere else than where it started.
  await expect.poll(() => marker.getAttribute("transform")).not.toBe(firstTransform);
  await expect(marker).toHaveAttribute("data-look", "live");

  expect(await shipperPage.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  );
  const stored = await db.locationPing.count({ where: { shipmentId: shipment.id } });
  expect(stored).toBe(route.length);
});
