// An admin reassigns an ASSIGNED load: the driver picker offers only drivers whose vehicle fits, found by name,
// and the reason lands in the shipment's timeline.
import AxeBuilder from "@axe-core/playwright";

import { expect, makeShipment, makeUser, test } from "./fixtures";

test("an admin reassigns a load to a driver found by name, with the reason in the timeline", async ({
  pageAs,
  admin,
  shipper,
}) => {
  // Names carry a tag so the search finds this test's drivers only.
  const tag = Math.random().toString(36).slice(2, 8);
  const current = await makeUser({ role: "DRIVER", name: `Dana Driver ${tag}`, driver: { vehicleType: "BOX_TRUCK" } });
  await makeUser({ role: "DRIVER", name: `Casey Semi ${tag}`, driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
  await makeUser({ role: "DRIVER", name: `Morgan Vance ${tag}`, driver: { vehicleType: "VAN", capacityKg: 1_500 } });
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: current.id,
    status: "ASSIGNED",
    from: "chicago",
    to: "stLouis",
    vehicleType: "BOX_TRUCK",
  });

  const page = await pageAs(admin);
  await page.goto(`/admin/shipments/${shipment.id}`);
  await expect(page.getByText(current.name).first()).toBeVisible();

  await page.getByRole("button", { name: "Reassign", exact: true }).click();
  const picker = page.getByLabel("Driver", { exact: true });
  await page.getByLabel("Find a driver").fill(tag);
  // A semi can carry it; a cargo van cannot, and the current driver is not offered.
  await expect(picker.locator("option", { hasText: `Casey Semi ${tag}` })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: `Morgan Vance ${tag}` })).toHaveCount(0);
  await expect(picker.locator("option", { hasText: current.name })).toHaveCount(0);

  // The open form (search, picker, reason) meets the same WCAG 2.1 AA rules as every page.
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.getByLabel("Find a driver").fill("nobody-by-this-name");
  await expect(picker.locator("option", { hasText: "No fitting driver matches" })).toHaveCount(1);
  await page.getByLabel("Find a driver").fill(`casey semi ${tag}`);
  const casey = picker.locator("option", { hasText: `Casey Semi ${tag}` });
  await expect(casey).toHaveCount(1);
  await picker.selectOption((await casey.getAttribute("value")) ?? "");
  await page.getByLabel("Reason", { exact: true }).fill("Dana is off sick today");
  await page.getByRole("button", { name: "Reassign", exact: true }).click();

  await expect(page.getByText(`Shipment reassigned to Casey Semi ${tag}.`)).toBeVisible();
  await expect(page.getByText("Dana is off sick today")).toBeVisible();
});
