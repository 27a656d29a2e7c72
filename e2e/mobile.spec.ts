// Drivers work from phones: the driver's pages and the public tracking page fit a phone screen without
// sideways scrolling, and the main actions stay reachable.
import type { Page } from "@playwright/test";

import { expect, makeShipment, signInViaApi, test } from "./fixtures";

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

test("the driver's load board and jobs fit a phone", async ({ page, shipper, driver }) => {
  await makeShipment({ shipperId: shipper.id, status: "POSTED", from: "chicago", to: "milwaukee" });
  await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "IN_TRANSIT" });
  await signInViaApi(page, driver);
  await page.goto("/driver");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Accept load" }).first()).toBeVisible();
  await noSidewaysScroll(page);

  await page.goto("/driver/jobs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await noSidewaysScroll(page);
});

test("sign-in and the home page fit a phone", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Create account" })).toBeVisible();
  await noSidewaysScroll(page);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await noSidewaysScroll(page);
});
