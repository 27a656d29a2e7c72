// Drivers work from phones: the driver's pages and the public tracking page fit a phone screen without
// sideways scrolling, and the main actions stay reachable.
import { expect, type Page, test } from "@playwright/test";

import { signInAs } from "./support";

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

test("the driver's load board and jobs fit a phone", async ({ page }) => {
  await signInAs(page, "driver@demo.test");
  await expect(page).toHaveURL(/\/driver/);
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
