// Each role's analytics page draws its charts (Recharts SVG) with the figures as a table beside them, on a desktop
// and on a phone, and the shipper downloads their CSV. Loads delivered today count live, before any roll-up.
import { devices, type Page } from "@playwright/test";

import { expect, makeShipment, test } from "./fixtures";

/** The charts on the page: each drawn (an SVG with bars or lines) and each with its table alternative. */
async function expectCharts(page: Page, titles: string[]) {
  for (const title of titles) {
    const card = page.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
    await expect(card.getByTestId("analytics-chart").locator("svg.recharts-surface[role='application']")).toBeVisible();
    // The focusable SVG is named by the chart's title, not read as its ticks.
    await expect(card.getByRole("application", { name: title, exact: true })).toBeVisible();
    await expect(card.locator(".recharts-bar-rectangle, .recharts-line-curve").first()).toBeAttached();
    await card.getByText("Show the figures as a table").click();
    await expect(card.getByRole("table")).toBeVisible();
  }
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

test("shipper, driver and admin each see their charts", async ({ pageAs, shipper, driver, admin }) => {
  await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "DELIVERED",
    from: "chicago",
    to: "detroit",
  });
  await makeShipment({ shipperId: shipper.id, status: "CANCELLED" });

  const s = await pageAs(shipper);
  await s.goto("/shipper");
  await s.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(s.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  await expectCharts(s, ["Spend per week", "Spend per month", "Shipments by status"]);
  await expect(s.getByRole("rowheader", { name: /Chicago.*Detroit/ })).toBeVisible();
  const download = s.waitForEvent("download");
  await s.getByRole("link", { name: "Download all shipments (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^shipments-\d{4}-\d{2}-\d{2}\.csv$/);

  const d = await pageAs(driver);
  await d.goto("/driver/analytics");
  await expectCharts(d, ["Earnings per week", "Loaded and empty miles"]);
  await expect(d.getByRole("heading", { name: "Best lanes" })).toBeVisible();

  const a = await pageAs(admin);
  await a.goto("/admin/analytics");
  await expectCharts(a, ["Loads posted, accepted and delivered per day", "Cancellations by reason"]);
  await expect(a.getByText("Previous period:").first()).toBeVisible();
});

test("a role without access is turned away from another's analytics", async ({ pageAs, driver }) => {
  const d = await pageAs(driver);
  await d.goto("/shipper/analytics");
  await expect(d).toHaveURL(/\/forbidden/);
});

test("a new shipper sees what will appear", async ({ pageAs, shipper }) => {
  const s = await pageAs(shipper);
  await s.goto("/shipper/analytics");
  await expect(s.getByText("No shipments in these dates")).toBeVisible();
});

test("on a phone the driver's charts fit the screen", async ({ pageAs, shipper, driver }) => {
  await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "DELIVERED" });
  const { defaultBrowserType: _, ...pixel } = devices["Pixel 7"];
  const d = await pageAs(driver, pixel);
  await d.goto("/driver/analytics");
  await expectCharts(d, ["Earnings per week", "Loaded and empty miles"]);
  // The lanes table scrolls inside its own region; its money never breaks mid-figure.
  const lanes = d.getByRole("region", { name: "Best lanes (scrolls sideways)" });
  await expect(lanes).toBeVisible();
  for (const cell of await lanes.getByRole("cell").all()) {
    // One line box per figure: the text is never broken over two lines (cells stretch to the row, so their own
    // height says nothing).
    const lines = await cell.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines, await cell.innerText()).toBe(1);
  }
  await noSidewaysScroll(d);
});
