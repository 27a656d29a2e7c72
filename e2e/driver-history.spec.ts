// A driver with more deliveries than one page reads the first page, then loads the rest with "Load more"; the
// earnings page pages the same way and counts against the total.
import type { Page } from "@playwright/test";

import type { TCityKey } from "../prisma/cities";
import { expect, makeShipment, test } from "./fixtures";

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

test("a driver pages through their delivery history on the jobs and earnings pages", async ({
  pageAs,
  shipper,
  driver,
}) => {
  // A season of work: more than one page (20) of completed loads, each on its own day.
  const routes: [TCityKey, TCityKey][] = [
    ["chicago", "milwaukee"],
    ["detroit", "columbus"],
    ["indianapolis", "louisville"],
  ];
  for (let i = 0; i < 24; i++) {
    const [from, to] = routes[i % routes.length]!;
    const createdAt = new Date(Date.now() - (3 + 2 * i) * 24 * 3600_000);
    await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "COMPLETED", from, to, createdAt });
  }
  const page = await pageAs(driver);
  await page.goto("/driver/jobs");
  const total = await pageThroughDeliveries(page);

  await page.goto("/driver/earnings");
  await expect(page.getByText(new RegExp(`^Showing 20 of ${total} `))).toBeVisible();
  expect(await pageThroughDeliveries(page)).toBe(total);
});
