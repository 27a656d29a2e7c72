// The load board sorts by distance from the phone's position when location is allowed, and from the driver's
// base (Chicago for the fixture's driver) when it is not; its filters live in the URL.
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
  await expect(page.getByText("Distances and order are from where you are now.")).toBeVisible();
  // The board may first show the base's order and re-sort once the position arrives.
  await expect.poll(async () => (await boardRoutes(page))[0]).toMatch(/^Indianapolis → to Columbus, OH$/);
});

test("with location refused, the board sorts from the driver's base", async ({ pageAs, driver }) => {
  const page = await pageAs(driver); // no geolocation permission
  await page.goto("/driver");
  await expect(page.getByText("Distances are from your base", { exact: true })).toBeVisible();
  const routes = await boardRoutes(page);
  expect(routes[0]).toMatch(/^Chicago → /);
  expect(routes.findIndex((r) => r.startsWith("Indianapolis"))).toBeGreaterThan(0);
});

test("a destination filter goes into the URL, survives a reload and clears", async ({ pageAs, driver }) => {
  const page = await pageAs(driver);
  await page.goto("/driver");
  await page.getByLabel("Destination").selectOption({ label: "Ohio (OH)" });
  await expect(page).toHaveURL(/[?&]dest=OH\b/);
  const columbus = page.getByRole("article").filter({ hasText: "Indianapolis → to Columbus, OH" });
  await expect(columbus.first()).toBeVisible();
  await expect(columbus.first().getByText("Drop-off window")).toBeVisible();
  await expect(
    columbus
      .first()
      .getByText(/^\d[\d,]* mi$/)
      .first(),
  ).toBeVisible(); // the deadhead, in miles
  for (const heading of await boardRoutes(page)) expect(heading).toMatch(/, OH$/);

  await page.reload();
  await expect(page.getByLabel("Destination")).toHaveValue("OH");
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).not.toHaveURL(/dest=/);
  await expect.poll(async () => (await boardRoutes(page)).some((r) => r.startsWith("Chicago → "))).toBe(true);
});
