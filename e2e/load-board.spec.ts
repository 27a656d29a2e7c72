// The load board sorts by distance from the phone's position when location is allowed, and from the driver's
// base (Chicago for the fixture's driver) when it is not.
import type { Page } from "@playwright/test";

import { expect, makeShipment, test } from "./fixtures";

/** Each load card's route heading ("Chicago → to Milwaukee", with its screen-reader text), in board order. */
async function boardRoutes(page: Page): Promise<string[]> {
  const cards = page.getByRole("heading", { level: 2 }).filter({ hasText: "→" });
  await expect(cards.first()).toBeVisible();
  return (await cards.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
}

test.beforeEach(async ({ shipper }) => {
  // Open loads of this test's own, near Chicago and near Indianapolis (other tests' loads may sit beside them).
  await makeShipment({ shipperId: shipper.id, status: "POSTED", from: "chicago", to: "milwaukee" });
  await makeShipment({ shipperId: shipper.id, status: "POSTED", from: "indianapolis", to: "columbus" });
});

test("with location allowed, the nearest pick-up to the phone comes first", async ({ pageAs, driver }) => {
  // Standing in Indianapolis: the Indianapolis pick-up beats the Chicago ones.
  const page = await pageAs(driver, {
    geolocation: { latitude: 39.7684, longitude: -86.1581 },
    permissions: ["geolocation"],
  });
  await page.goto("/driver");
  await expect(page.getByText("Sorted by distance from where you are now.")).toBeVisible();
  // The board may first show the base's order and re-sort once the position arrives.
  await expect.poll(async () => (await boardRoutes(page))[0]).toMatch(/^Indianapolis → to Columbus$/);
});

test("with location refused, the board sorts from the driver's base", async ({ pageAs, driver }) => {
  const page = await pageAs(driver); // no geolocation permission
  await page.goto("/driver");
  await expect(page.getByText("Sorted by distance from your base", { exact: true })).toBeVisible();
  const routes = await boardRoutes(page);
  expect(routes[0]).toMatch(/^Chicago → /);
  expect(routes.findIndex((r) => r.startsWith("Indianapolis"))).toBeGreaterThan(0);
});
