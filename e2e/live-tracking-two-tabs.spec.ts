// Two tabs of the same driver on the same job: only one watches the position (a Web Lock), so each move is stored
// once, and the other tab says where the sharing happens. Closing the sharing tab hands over to the other.
import { devices } from "@playwright/test";

import { db, expect as baseExpect, makeShipment, test } from "./fixtures";

const expect = baseExpect.configure({ timeout: 30_000 });
const phone = { viewport: devices["Pixel 7"].viewport, isMobile: true, hasTouch: true };
const route = Array.from({ length: 6 }, (_, i) => ({ latitude: 41.8781 + i * 0.009, longitude: -87.6298 }));

test("two tabs of one driver store each move once, and the second takes over when the first closes", async ({
  pageAs,
  shipper,
  driver,
}) => {
  test.setTimeout(150_000);
  const { shipment: job } = await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "IN_TRANSIT" });
  const first = await pageAs(driver, { ...phone, permissions: ["geolocation"], geolocation: route[0] });
  const context = first.context();
  await first.goto(`/driver/jobs/${job.id}`);
  await expect(first.getByText("Sharing your location", { exact: true })).toBeVisible();
  const count = () => db.locationPing.count({ where: { shipmentId: job.id } });
  // Each move waits for the fix before it to be stored: the phone keeps one fix a second, counted from that fix.
  await expect.poll(count).toBe(1);
  const second = await context.newPage();
  await second.goto(`/driver/jobs/${job.id}`);
  await expect(second.getByText(/^Sharing your location from another tab of this browser/)).toBeVisible();

  for (const point of route.slice(1, 4)) {
    await first.waitForTimeout(1_100); // one fix a second is kept: pacing, not a speed assertion
    await context.setGeolocation(point);
  }
  await expect.poll(count).toBe(4);

  const closedAt = Date.now();
  await first.close();
  await expect(second.getByText("Sharing your location", { exact: true })).toBeVisible();
  // The tab that takes over starts its own watch. Where the phone has not moved, its first fix may be the one the
  // phone already reported (same time: a duplicate, stored once) or a fresh one at the same place; either way the
  // moves that follow are each stored once. The first waits two seconds: the phone keeps one fix a second.
  const stored = (lat: number) => db.locationPing.count({ where: { shipmentId: job.id, lat } });
  let pause = 2_000;
  for (const point of route.slice(4)) {
    await second.waitForTimeout(pause);
    pause = 1_100;
    await context.setGeolocation(point);
    await expect.poll(() => stored(point.latitude)).toBe(1);
  }
  const rows = await db.locationPing.findMany({ where: { shipmentId: job.id }, orderBy: { recordedAt: "asc" } });
  // Every move, in order. A phone standing still may report the same place again a second or more later (Chromium
  // re-reports the emulated position, e.g. when another page of the context opens): that is a fresh fix, stored as
  // one (a parked truck's fixes are what tell operations it is alive), so consecutive fixes at one place count as
  // one stop here. Two watchers are caught below: their fixes of one move are milliseconds apart.
  const places = rows.map((r) => r.lat).filter((lat, i, all) => i === 0 || lat !== all[i - 1]);
  expect(places).toEqual(route.map((p) => p.latitude));
  // While both tabs were open, one watcher: never two fixes within the second the phone keeps one of (two watchers
  // would each store every move a few milliseconds apart). Counted by when the server received them: the tab that
  // takes over may first send the phone's cached fix, whose time (from the device) is before the close.
  const shared = rows.filter((r) => r.receivedAt.getTime() < closedAt);
  expect(shared.length).toBeGreaterThanOrEqual(4);
  const gaps = shared.slice(1).map((r, i) => r.recordedAt.getTime() - shared[i]!.recordedAt.getTime());
  expect(gaps.every((ms) => ms >= 1_000)).toBe(true);
});
