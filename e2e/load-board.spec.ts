// The load board sorts by distance from the phone's position when location is allowed, and from the driver's
// base (Chicago for the demo driver) when it is not.
import { expect, type Page, test } from "@playwright/test";

import { signInAs } from "./support";

/** Each load card's route heading ("Chicago → to Milwaukee", with its screen-reader text), in board order. */
async function boardRoutes(page: Page): Promise<string[]> {
  const cards = page.getByRole("heading", { level: 2 }).filter({ hasText: "→" });
  await expect(cards.first()).toBeVisible();
  return (await cards.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
}

test("with location allowed, the nearest pick-up to the phone comes first", async ({ browser }) => {
  // Standing in Indianapolis: the Indianapolis pick-up beats the Chicago ones.
  const context = await browser.newContext({
    geolocation: { latitude: 39.7684, longitude: -86.1581 },
    permissions: ["geolocation"],
  });
  const page = await context.newPage();
  await signInAs(page, "driver@demo.test");
  await expect(page.getByText("Sorted by distance from where you are now.")).toBeVisible();
  // The note shows as soon as the phone answers; the re-sorted board follows with the next response.
  await expect.poll(async () => (await boardRoutes(page))[0]).toMatch(/^Indianapolis → to Columbus$/);
  await context.close();
});

test("with location refused, the board sorts from the driver's base", async ({ browser }) => {
  const context = await browser.newContext(); // no geolocation permission
  const page = await context.newPage();
  await signInAs(page, "driver@demo.test");
  await expect(page.getByText("Sorted by distance from your base", { exact: true })).toBeVisible();
  const routes = await boardRoutes(page);
  expect(routes[0]).toMatch(/^Chicago → /);
  expect(routes.findIndex((r) => r.startsWith("Indianapolis"))).toBeGreaterThan(0);
  await context.close();
});
