// An admin reassigns a seeded ASSIGNED load: the driver picker offers only drivers whose vehicle fits, found
// by name, and the reason lands in the shipment's timeline.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { signInAs } from "./support";

test("an admin reassigns a load to a driver found by name, with the reason in the timeline", async ({ page }) => {
  await signInAs(page, "admin@demo.test");

  // The seeded Chicago → St. Louis box-truck load, assigned to Dana Driver.
  await page.goto("/admin/shipments?status=ASSIGNED");
  await page.getByRole("link", { name: /^TT-/ }).first().click();
  await expect(page.getByText("Dana Driver").first()).toBeVisible();

  await page.getByRole("button", { name: "Reassign", exact: true }).click();
  const picker = page.getByLabel("Driver", { exact: true });
  // A semi can carry it; a cargo van cannot, and the current driver is not offered.
  await expect(picker.locator("option", { hasText: "Casey Semi" })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: "Morgan Vance" })).toHaveCount(0);
  await expect(picker.locator("option", { hasText: "Dana Driver" })).toHaveCount(0);

  // The open form (search, picker, reason) meets the same WCAG 2.1 AA rules as every page.
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.getByLabel("Find a driver").fill("nobody-by-this-name");
  await expect(picker.locator("option", { hasText: "No fitting driver matches" })).toHaveCount(1);
  await page.getByLabel("Find a driver").fill("casey");
  const casey = picker.locator("option", { hasText: "Casey Semi" });
  await expect(casey).toHaveCount(1);
  await picker.selectOption((await casey.getAttribute("value")) ?? "");
  await page.getByLabel("Reason", { exact: true }).fill("Dana is off sick today");
  await page.getByRole("button", { name: "Reassign", exact: true }).click();

  await expect(page.getByText("Shipment reassigned to Casey Semi.")).toBeVisible();
  await expect(page.getByText("Dana is off sick today")).toBeVisible();
});
