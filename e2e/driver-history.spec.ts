// A driver with more deliveries than one page (the seed gives Dana a season of them) reads the first page,
// then loads the rest with "Load more"; the earnings page pages the same way and counts against the total.
import { expect, type Page, test } from "@playwright/test";

import { signInAs } from "./support";

async function pageThroughDeliveries(page: Page) {
  const delivered = page
    .getByRole("region", { name: "Delivered" })
    .or(page.getByRole("region", { name: "Delivered loads" }));
  const rows = delivered.getByRole("listitem");
  await expect(rows).toHaveCount(20);
  await expect(delivered.getByText(/^Showing 20 /)).toBeVisible();

  const loadMore = delivered.getByRole("button", { name: "Load more" });
  while (await loadMore.isVisible()) {
    const before = await rows.count();
    await loadMore.click();
    await expect.poll(() => rows.count()).toBeGreaterThan(before);
  }
  const total = await rows.count();
  expect(total).toBeGreaterThan(20);
  await expect(delivered.getByText(new RegExp(`^Showing ${total} `))).toBeVisible();
  // Nothing listed twice across pages.
  const references = await delivered.getByRole("link").allTextContents();
  expect(new Set(references).size).toBe(references.length);
  return total;
}

test("a driver pages through their delivery history on the jobs and earnings pages", async ({ page }) => {
  await signInAs(page, "driver@demo.test");
  await page.goto("/driver/jobs");
  const total = await pageThroughDeliveries(page);

  await page.goto("/driver/earnings");
  await expect(page.getByText(new RegExp(`^Showing 20 of ${total} `))).toBeVisible();
  expect(await pageThroughDeliveries(page)).toBe(total);
});
